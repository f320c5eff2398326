// `vigil report summary --trend 30d`: the daily score snapshots of the last
// N days up to a day, as a table with a text sparkline or as JSON.
//
// Contract
// - A day without a snapshot (no scan recorded) is a gap: shown as "·" in
//   the sparkline and left out of the rows, never filled from a
//   neighbouring day.
// - Overall, or one group's scores when `group` is given.
#pragma once

#include <chrono>
#include <ostream>
#include <string>

#include "core/result.h"
#include "store/store.h"

namespace vigil::cli {

struct TrendRequest {
  std::string last_day;  // "2026-12-06": the trend ends on this day (included)
  int days = 30;         // how many days, last_day included
  std::string group;     // empty: overall
  bool json = false;
};

// "30d", "2w": a whole number of days, 1 to 3660; errors say what to write.
Result<int> parse_trend_days(const std::string& text);

Status print_trend(std::ostream& out, store::Store& db, const TrendRequest& request);

}  // namespace vigil::cli
