// AutoFix from vigil.yaml (fix/autofix.h): the runner's settings from
// `fixes:`, and one tick with the deployment's policies, store and
// notification settings. `vigil serve` runs it after every round of scans
// and at least every Notifier::kEvery; `vigil fix due` runs it once.
//
// Contract: autofix_configured() is false when `fixes: autofix: policies:`
// is empty (the tick would do nothing). run_autofix() returns the tick's
// report, or its error (the store busy: Unavailable); time is `now`.
#pragma once

#include <functional>
#include <string>

#include "core/result.h"
#include "daemon/config.h"
#include "fix/autofix.h"
#include "policy/policy_set.h"
#include "store/store.h"

namespace vigil::daemon {

fix::Settings fix_settings(const FixesConfig& fixes);
bool autofix_configured(const Config& config);
Result<fix::AutofixReport> run_autofix(const Config& config, const PolicySet& policies,
                                       store::Store& store, std::function<store::Time()> now,
                                       const std::string& actor);

}  // namespace vigil::daemon
