// Cron expressions (the five-field crontab form) and the next run time.
//
//   ┌ minute        0-59
//   │ ┌ hour        0-23
//   │ │ ┌ day       1-31
//   │ │ │ ┌ month   1-12 or JAN-DEC
//   │ │ │ │ ┌ weekday 0-7 or SUN-SAT (0 and 7 are Sunday)
//   * * * * *
//
// Each field is a comma-separated list of `*`, `N`, `A-B`, each optionally
// followed by `/STEP` (`*/15`, `10-50/20`; `N/STEP` means N to the field's
// maximum). Names are case-insensitive. As in Vixie cron, when both day and
// weekday are restricted (neither starts with `*`), a time matches if
// either matches. Shorthands: @yearly (@annually), @monthly, @weekly,
// @daily (@midnight), @hourly.
//
// All times are UTC. Errors carry the byte offset of the offending
// character in the expression (Error::offset), so a config reader can
// point at it.
#pragma once

#include <bitset>
#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include "core/result.h"

namespace vigil::daemon {

using Time = std::chrono::system_clock::time_point;

class CronSchedule {
 public:
  static Result<CronSchedule> parse(std::string_view expression);

  // The first minute strictly after `after` that matches, or nullopt when
  // none exists in the next eight years (e.g. "0 0 30 2 *").
  std::optional<Time> next_after(Time after) const;

  bool matches(Time t) const;  // at minute resolution
  const std::string& text() const { return text_; }

 private:
  std::string text_;
  std::bitset<60> minutes_;
  std::bitset<24> hours_;
  std::bitset<32> days_;      // 1..31
  std::bitset<13> months_;    // 1..12
  std::bitset<7> weekdays_;   // 0..6, Sunday = 0
  bool day_restricted_ = false, weekday_restricted_ = false;

  bool day_matches(int day_of_month, unsigned weekday) const;
};

}  // namespace vigil::daemon
