// Runs one scenario (scenario.h) against a store, through the tracker's own
// entry points, and reports what does not hold.
//
// Contract
// - `store` is new and empty (a fresh SQLite file). Steps run in order, each
//   at its clock time: a scan is assessed (vigil::scan, one thread, `now` =
//   the clock) and recorded with tracker::record_assessment; grants and
//   revokes go through tracker::grant_exception / revoke_exception, groups
//   through Store::put_group as `vigil groups add` does.
// - Expectations are checked by check() (scenario_checks.h); each failure is
//   reported with its line and checking goes on.
// - A step that cannot be done (policies that do not load, a scan not
//   recorded, a grant or revoke refused without `fails_with`, or done
//   although `fails_with` says it must be refused) is reported at its line
//   and ends the run: later steps would start from a state the scenario
//   does not describe.
#pragma once

#include "scenario.h"
#include "scenario_checks.h"
#include "store/store.h"

namespace vigil::tracker::scenario {

void run_scenario(const Scenario& scenario, store::Store& store, const Report& report);

}  // namespace vigil::tracker::scenario
