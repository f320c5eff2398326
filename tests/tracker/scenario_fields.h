// The counts a scenario's `expect` block may name, by the names it uses:
// the last scan's RecordSummary (`summary`), its stored row (`scan`), a
// daily score row (`scores`) and the last revoke's RevokeSummary (`revoked`).
//
// Contract: each function returns the count named `name` of its object, or
// nothing when no count has that name; *_names() list them for messages.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "store/store.h"
#include "tracker/exceptions.h"
#include "tracker/tracker.h"

namespace vigil::tracker::scenario {

std::optional<uint64_t> summary_count(const RecordSummary& summary, std::string_view name);
std::string summary_names();

std::optional<uint64_t> scan_count(const store::ScanRecord& scan, std::string_view name);
std::string scan_names();

std::optional<uint64_t> score_count(const store::ScoreRow& row, std::string_view name);
std::string score_names();

std::optional<uint64_t> revoke_count(const RevokeSummary& summary, std::string_view name);
std::string revoke_names();

}  // namespace vigil::tracker::scenario
