// Whether an active exception covers a violation now: per-resource and
// sticky exceptions alike (tracker/exceptions.h ExceptionIndex over the
// stored asset and the stored group membership), as a scan would decide.
// Used by the runner before any call and by AutoFix at the due time.
//
// Contract: the covering exception's id, or none; an Error when the store
// cannot be read or the stored asset does not parse (never "not covered").
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "core/result.h"
#include "store/store.h"

namespace vigil::fix {

Result<std::optional<int64_t>> covering_exception(store::Store& store, const store::Violation& v,
                                                  const std::string& asset_content,
                                                  store::Time now);

}  // namespace vigil::fix
