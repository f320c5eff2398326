// Fix runs and scheduled fixes (store.h FixRun, ScheduledFix) as JSON, one
// shape for `vigil fix list --format json` and GET /api/v1/fixes
// (docs/autofix.md): times RFC 3339, states by name, a missing run as null.
#pragma once

#include <nlohmann/json.hpp>

#include "store/store.h"

namespace vigil::tracker {

nlohmann::ordered_json fix_run_json(const store::FixRun& run);
nlohmann::ordered_json scheduled_fix_json(const store::ScheduledFix& plan);

}  // namespace vigil::tracker
