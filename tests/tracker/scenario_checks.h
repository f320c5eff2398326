// Checks one `expect` block (scenario.h) against the store and what the
// scenario's steps returned so far.
//
// Contract
// - Every expected value that does not hold is reported once, with the line
//   it was written on and what was found (the whole violation, its events,
//   the summary line...), so the file alone explains the failure. Checking
//   goes on after a failure; failures are reported in line order.
// - A store read that fails is reported at the block's line.
// - Reads only: the store is not changed.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "scenario.h"
#include "store/store.h"
#include "tracker/exceptions.h"
#include "tracker/tracker.h"

namespace vigil::tracker::scenario {

// Reports one failed expectation: its line in the scenario file, and why.
using Report = std::function<void(int line, const std::string& message)>;

// What the steps before an `expect` block left behind.
struct RunState {
  store::Time start{};                        // day 0, for messages
  std::map<std::string, int64_t> exceptions;  // granted: name -> id
  std::vector<int64_t> scan_ids;              // scan step n (1-based) -> store scan id
  std::optional<RecordSummary> last_summary;  // of the last scan step
  std::optional<RevokeSummary> last_revoke;   // of the last revoke step
};

void check(const Expect& expect, int line, store::Store& store, const RunState& state,
           const Report& report);

}  // namespace vigil::tracker::scenario
