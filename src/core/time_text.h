// Time as text, one grammar for every reader of Vigil: calendar
// arithmetic, RFC 3339 timestamps, durations (CEL's duration() and the
// human spans of vigil.yaml, policy params and the command line: the same
// parser, days and weeks allowed for people), and the times users write
// ("2026-11-26T10:00:00Z" or a date).
//
// Contract
// - Timestamps are (seconds since the Unix epoch, nanos in [0, 1e9)), UTC,
//   limited to 0001-01-01T00:00:00Z .. 9999-12-31T23:59:59.999999999Z.
// - Durations are limited, as the CEL language definition says, to what one
//   signed 64-bit count of nanoseconds holds (about +-292 years); seconds and
//   nanos carry the same sign.
// - Parsers return an Error whose message says what is wrong with the text;
//   they never throw. Calendar math is proleptic Gregorian.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/result.h"

namespace vigil::timeutil {

inline constexpr int64_t kMinTimestampSeconds = -62135596800;  // 0001-01-01T00:00:00Z
inline constexpr int64_t kMaxTimestampSeconds = 253402300799;  // 9999-12-31T23:59:59Z
inline constexpr int64_t kNanosPerSecond = 1'000'000'000;

struct TimePoint {
  int64_t seconds = 0;
  int32_t nanos = 0;  // [0, 1e9) for timestamps; same sign as seconds for durations
};

// Days since 1970-01-01 of a civil date (month 1..12, day 1..31).
int64_t days_from_civil(int64_t year, int month, int day);

struct CivilDate {
  int64_t year;
  int month;  // 1..12
  int day;    // 1..31
};
CivilDate civil_from_days(int64_t days);

// Broken-down local time of an instant shifted by `offset_seconds` east of UTC.
struct CivilTime {
  int64_t year;
  int month;        // 1..12
  int day;          // 1..31
  int hour;         // 0..23
  int minute;       // 0..59
  int second;       // 0..59
  int32_t nanos;    // 0..999999999
  int day_of_week;  // 0 = Sunday
  int day_of_year;  // 0-based
};
CivilTime to_civil(int64_t unix_seconds, int32_t nanos, int64_t offset_seconds);

// True when whole seconds `seconds` (any nanos) lie in the timestamp range.
bool timestamp_in_range(int64_t seconds);
// True when a total nanosecond count fits the duration range.
bool duration_in_range(__int128 total_nanos);

// Builds a normalized timestamp from a total nanosecond count since the
// epoch; fails with "timestamp out of range" outside the CEL range.
Result<TimePoint> timestamp_from_nanos(__int128 total_nanos);
// Builds a duration (same-sign seconds and nanos); fails with "duration out
// of range" outside the CEL range.
Result<TimePoint> duration_from_nanos(__int128 total_nanos);
__int128 total_nanos(const TimePoint& t);

// RFC 3339: YYYY-MM-DDTHH:MM:SS[.fraction](Z|+HH:MM|-HH:MM), 1..9 fraction
// digits, any offset. 'T' and 'Z' may be lower case.
Result<TimePoint> parse_rfc3339(std::string_view text);
// UTC with "Z"; fraction trimmed to 0, 3, 6 or 9 digits (protobuf JSON form).
std::string format_rfc3339(int64_t seconds, int32_t nanos);

// Which units a duration may use: CEL's duration() takes Go's (h, m, s,
// ms, us, µs, ns); people also write days and weeks ("90d", "2w").
enum class DurationUnits { Go, WithDays };

// Duration text: optional sign, then one or more <decimal><unit>
// ("1h2m3.5s", "-1.5h", "100ms", "7d12h" WithDays), or "0". Errors:
// `invalid duration "TEXT": WHAT (expected e.g. ...)`.
Result<TimePoint> parse_duration(std::string_view text, DurationUnits units = DurationUnits::Go);
// Seconds with the fraction's trailing zeros removed and an "s": "1.5s", "-0.001s", "0s".
std::string format_duration(int64_t seconds, int32_t nanos);

}  // namespace vigil::timeutil

namespace vigil {

// A time as users write it in vigil.yaml and on the command line (UTC):
// RFC 3339 ("2026-11-26T10:00:00Z", any offset, fractions) or a plain date
// ("2026-11-26", midnight UTC). Errors say which forms are accepted.
Result<std::chrono::system_clock::time_point> parse_time(std::string_view text);

// "2026-11-26T10:00:00Z" (milliseconds shown only when not zero).
std::string format_time(std::chrono::system_clock::time_point t);

// A span as people write it ("90s", "30m", "6h", "7d", "2w", "1h30m"):
// parse_duration WithDays, in whole seconds, not negative.
Result<std::chrono::seconds> parse_span(std::string_view text);

// "1d6h", "90s", "0s": the largest units first.
std::string format_span(std::chrono::seconds span);

}  // namespace vigil
