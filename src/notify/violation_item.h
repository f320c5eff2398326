// A stored violation as an item of a notice (templates.h ViolationItem):
// the one mapping the digests and AutoFix's notices share. The title is the
// policy id; a caller that has the policy pack sets the policy's title.
#pragma once

#include "notify/templates.h"
#include "store/store.h"

namespace vigil::notify {

ViolationItem violation_item(const store::Violation& v);

}  // namespace vigil::notify
