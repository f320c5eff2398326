#include "core/time_text.h"

#include <cstdint>
#include <limits>

#include <fmt/format.h>

namespace vigil::timeutil {
namespace {

int64_t floor_div(int64_t a, int64_t b) {
  int64_t q = a / b;
  if ((a % b != 0) && ((a < 0) != (b < 0))) --q;
  return q;
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// Reads exactly `n` digits at `pos`; false when they are not all digits.
bool read_fixed(std::string_view s, size_t pos, size_t n, int& out) {
  if (pos + n > s.size()) return false;
  int v = 0;
  for (size_t i = 0; i < n; ++i) {
    char c = s[pos + i];
    if (!is_digit(c)) return false;
    v = v * 10 + (c - '0');
  }
  out = v;
  return true;
}

int days_in_month(int64_t year, int month) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  return month == 2 && leap ? 29 : kDays[month - 1];
}

Error time_error(std::string_view text, std::string_view what) {
  return Error(
      fmt::format("invalid timestamp \"{}\": {} (expected RFC 3339, e.g. "
                  "\"2024-01-31T12:00:00Z\")",
                  text, what));
}

Error duration_error(std::string_view text, std::string_view what) {
  return Error(
      fmt::format("invalid duration \"{}\": {} (expected e.g. \"1h30m\", "
                  "\"1.5s\", \"100ms\")",
                  text, what));
}

}  // namespace

int64_t days_from_civil(int64_t year, int month, int day) {
  year -= month <= 2 ? 1 : 0;
  const int64_t era = floor_div(year, 400);
  const int64_t year_of_era = year - era * 400;  // [0, 399]
  const int64_t day_of_year = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1;
  const int64_t day_of_era =
      year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;  // [0, 146096]
  return era * 146097 + day_of_era - 719468;
}

CivilDate civil_from_days(int64_t days) {
  days += 719468;  // shift the epoch to 0000-03-01
  const int64_t era = floor_div(days, 146097);
  const int64_t day_of_era = days - era * 146097;
  const int64_t year_of_era =
      (day_of_era - day_of_era / 1460 + day_of_era / 36524 - day_of_era / 146096) / 365;
  const int64_t day_of_year =
      day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
  const int64_t mp = (5 * day_of_year + 2) / 153;  // March-based month
  const int day = static_cast<int>(day_of_year - (153 * mp + 2) / 5 + 1);
  const int month = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  return CivilDate{year_of_era + era * 400 + (month <= 2 ? 1 : 0), month, day};
}

CivilTime to_civil(int64_t unix_seconds, int32_t nanos, int64_t offset_seconds) {
  const int64_t local = unix_seconds + offset_seconds;
  const int64_t days = floor_div(local, 86400);
  const int64_t second_of_day = local - days * 86400;
  const CivilDate date = civil_from_days(days);
  CivilTime t{};
  t.year = date.year;
  t.month = date.month;
  t.day = date.day;
  t.hour = static_cast<int>(second_of_day / 3600);
  t.minute = static_cast<int>(second_of_day / 60 % 60);
  t.second = static_cast<int>(second_of_day % 60);
  t.nanos = nanos;
  t.day_of_week = static_cast<int>(((days + 4) % 7 + 7) % 7);  // 1970-01-01 was a Thursday
  t.day_of_year = static_cast<int>(days - days_from_civil(date.year, 1, 1));
  return t;
}

bool timestamp_in_range(int64_t seconds) {
  return seconds >= kMinTimestampSeconds && seconds <= kMaxTimestampSeconds;
}

bool duration_in_range(__int128 total) {
  return total >= std::numeric_limits<int64_t>::min() &&
         total <= std::numeric_limits<int64_t>::max();
}

__int128 total_nanos(const TimePoint& t) {
  return static_cast<__int128>(t.seconds) * kNanosPerSecond + t.nanos;
}

Result<TimePoint> timestamp_from_nanos(__int128 total) {
  __int128 seconds = total / kNanosPerSecond;
  __int128 nanos = total % kNanosPerSecond;
  if (nanos < 0) {
    nanos += kNanosPerSecond;
    seconds -= 1;
  }
  if (seconds < kMinTimestampSeconds || seconds > kMaxTimestampSeconds) {
    return Error("timestamp out of range (0001-01-01T00:00:00Z .. 9999-12-31T23:59:59.999999999Z)");
  }
  return TimePoint{static_cast<int64_t>(seconds), static_cast<int32_t>(nanos)};
}

Result<TimePoint> duration_from_nanos(__int128 total) {
  if (!duration_in_range(total)) {
    return Error("duration out of range (about +-292 years, a signed 64-bit count of nanoseconds)");
  }
  // C++ division truncates toward zero, so seconds and nanos share a sign.
  return TimePoint{static_cast<int64_t>(total / kNanosPerSecond),
                   static_cast<int32_t>(total % kNanosPerSecond)};
}

Result<TimePoint> parse_rfc3339(std::string_view s) {
  int year, month, day, hour, minute, second;
  if (!read_fixed(s, 0, 4, year) || s.size() < 5 || s[4] != '-') {
    return time_error(s, "the year must be 4 digits followed by '-'");
  }
  if (!read_fixed(s, 5, 2, month) || s.size() < 8 || s[7] != '-' || !read_fixed(s, 8, 2, day)) {
    return time_error(s, "bad month or day");
  }
  if (s.size() < 11 || (s[10] != 'T' && s[10] != 't')) return time_error(s, "missing 'T'");
  if (!read_fixed(s, 11, 2, hour) || s.size() < 14 || s[13] != ':' ||
      !read_fixed(s, 14, 2, minute) || s.size() < 17 || s[16] != ':' ||
      !read_fixed(s, 17, 2, second)) {
    return time_error(s, "bad time of day, expected HH:MM:SS");
  }
  if (month < 1 || month > 12 || day < 1 || day > days_in_month(year, month)) {
    return time_error(s, "no such date");
  }
  if (hour > 23 || minute > 59 || second > 59) return time_error(s, "time of day out of range");
  size_t pos = 19;
  int64_t nanos = 0;
  if (pos < s.size() && s[pos] == '.') {
    ++pos;
    size_t digits = 0;
    while (pos < s.size() && is_digit(s[pos])) {
      if (digits >= 9) return time_error(s, "more than 9 fraction digits");
      nanos = nanos * 10 + (s[pos] - '0');
      ++digits;
      ++pos;
    }
    if (digits == 0) return time_error(s, "empty fraction of a second");
    for (size_t i = digits; i < 9; ++i) nanos *= 10;
  }
  int64_t offset = 0;
  if (pos < s.size() && (s[pos] == 'Z' || s[pos] == 'z')) {
    ++pos;
  } else if (pos < s.size() && (s[pos] == '+' || s[pos] == '-')) {
    int oh, om;
    if (!read_fixed(s, pos + 1, 2, oh) || pos + 3 >= s.size() || s[pos + 3] != ':' ||
        !read_fixed(s, pos + 4, 2, om) || oh > 23 || om > 59) {
      return time_error(s, "bad UTC offset, expected +HH:MM or -HH:MM");
    }
    offset = (oh * 3600 + om * 60) * (s[pos] == '-' ? -1 : 1);
    pos += 6;
  } else {
    return time_error(s, "missing time zone ('Z' or an offset such as +01:00)");
  }
  if (pos != s.size()) return time_error(s, "unexpected text after the time zone");
  const int64_t seconds =
      days_from_civil(year, month, day) * 86400 + hour * 3600 + minute * 60 + second - offset;
  if (!timestamp_in_range(seconds)) {
    return Error(
        fmt::format("timestamp \"{}\" out of range (0001-01-01T00:00:00Z .. "
                    "9999-12-31T23:59:59.999999999Z)",
                    s));
  }
  return TimePoint{seconds, static_cast<int32_t>(nanos)};
}

namespace {

// `value` as exactly `width` decimal digits at `p` (value >= 0, fits).
void put_fixed_digits(char* p, int64_t value, int width) {
  for (int i = width - 1; i >= 0; --i) {
    p[i] = static_cast<char>('0' + value % 10);
    value /= 10;
  }
}

}  // namespace

// Written digit by digit (the API writes two per finding: fmt was ~10% of
// a page of findings); years outside 0000-9999 go through fmt.
std::string format_rfc3339(int64_t seconds, int32_t nanos) {
  const CivilTime t = to_civil(seconds, 0, 0);
  std::string out;
  if (t.year < 0 || t.year > 9999) {
    out = fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}", t.year, t.month, t.day, t.hour,
                      t.minute, t.second);
  } else {
    char text[19] = {0, 0, 0, 0, '-', 0, 0, '-', 0, 0, 'T', 0, 0, ':', 0, 0, ':', 0, 0};
    put_fixed_digits(text, t.year, 4);
    put_fixed_digits(text + 5, t.month, 2);
    put_fixed_digits(text + 8, t.day, 2);
    put_fixed_digits(text + 11, t.hour, 2);
    put_fixed_digits(text + 14, t.minute, 2);
    put_fixed_digits(text + 17, t.second, 2);
    out.reserve(31);
    out.append(text, sizeof text);
  }
  if (nanos != 0) {
    char fraction[10] = {'.'};
    int width = nanos % 1'000'000 == 0 ? 3 : nanos % 1000 == 0 ? 6 : 9;
    put_fixed_digits(fraction + 1,
                     width == 3   ? nanos / 1'000'000
                     : width == 6 ? nanos / 1000
                                  : nanos,
                     width);
    out.append(fraction, static_cast<size_t>(width) + 1);
  }
  out += 'Z';
  return out;
}

Result<TimePoint> parse_duration(std::string_view s, DurationUnits units) {
  const std::string_view original = s;
  bool negative = false;
  if (!s.empty() && (s[0] == '-' || s[0] == '+')) {
    negative = s[0] == '-';
    s.remove_prefix(1);
  }
  if (s == "0") return TimePoint{0, 0};
  if (s.empty()) return duration_error(original, "empty");
  constexpr __int128 kLimit = static_cast<__int128>(1) << 100;
  __int128 total = 0;
  while (!s.empty()) {
    __int128 whole = 0;
    __int128 frac = 0;
    __int128 frac_scale = 1;
    size_t i = 0;
    bool any_digit = false;
    while (i < s.size() && is_digit(s[i])) {
      whole = whole * 10 + (s[i] - '0');
      if (whole > kLimit) return duration_error(original, "out of range");
      any_digit = true;
      ++i;
    }
    if (i < s.size() && s[i] == '.') {
      ++i;
      while (i < s.size() && is_digit(s[i])) {
        if (frac_scale < static_cast<__int128>(1'000'000'000'000'000'000LL)) {
          frac = frac * 10 + (s[i] - '0');
          frac_scale *= 10;
        }
        any_digit = true;
        ++i;
      }
    }
    if (!any_digit) return duration_error(original, "expected a number");
    s.remove_prefix(i);
    int64_t unit = 0;
    size_t unit_len = 0;
    if (s.starts_with("ns")) {
      unit = 1, unit_len = 2;
    } else if (s.starts_with("us")) {
      unit = 1000, unit_len = 2;
    } else if (s.starts_with("\xC2\xB5s") || s.starts_with("\xCE\xBCs")) {  // µs, μs
      unit = 1000, unit_len = 3;
    } else if (s.starts_with("ms")) {
      unit = 1'000'000, unit_len = 2;
    } else if (s.starts_with("s")) {
      unit = kNanosPerSecond, unit_len = 1;
    } else if (s.starts_with("m")) {
      unit = 60 * kNanosPerSecond, unit_len = 1;
    } else if (s.starts_with("h")) {
      unit = 3600 * kNanosPerSecond, unit_len = 1;
    } else if (units == DurationUnits::WithDays && s.starts_with("d")) {
      unit = 86400 * kNanosPerSecond, unit_len = 1;
    } else if (units == DurationUnits::WithDays && s.starts_with("w")) {
      unit = 7 * 86400 * kNanosPerSecond, unit_len = 1;
    } else {
      return duration_error(original, units == DurationUnits::WithDays
                                          ? "missing or unknown unit (w, d, h, m, s, ms, us, ns)"
                                          : "missing or unknown unit (h, m, s, ms, us, ns)");
    }
    s.remove_prefix(unit_len);
    total += whole * unit + frac * unit / frac_scale;
    if (total > kLimit) return duration_error(original, "out of range");
  }
  if (negative) total = -total;
  auto d = duration_from_nanos(total);
  if (!d.ok()) return duration_error(original, d.error().message);
  return d;
}

std::string format_duration(int64_t seconds, int32_t nanos) {
  std::string out;
  if (seconds < 0 || nanos < 0) out += '-';
  const uint64_t abs_seconds =
      seconds < 0 ? static_cast<uint64_t>(-(seconds + 1)) + 1 : static_cast<uint64_t>(seconds);
  out += std::to_string(abs_seconds);
  if (nanos != 0) {
    std::string frac = fmt::format("{:09}", nanos < 0 ? -nanos : nanos);
    while (!frac.empty() && frac.back() == '0') frac.pop_back();
    out += '.';
    out += frac;
  }
  out += 's';
  return out;
}

}  // namespace vigil::timeutil

namespace vigil {

Result<std::chrono::system_clock::time_point> parse_time(std::string_view text) {
  std::string full(text);
  if (full.size() == 10 && full[4] == '-' && full[7] == '-') full += "T00:00:00Z";
  auto parsed = timeutil::parse_rfc3339(full);
  if (!parsed.ok())
    return Error::at_offset(
               fmt::format("'{}' is not a time: {}; write RFC 3339 (2026-11-26T10:00:00Z) or a "
                           "date (2026-11-26)",
                           text, parsed.error().message),
               0)
        .with_kind(Error::Kind::InvalidInput);
  using Clock = std::chrono::system_clock;
  return Clock::time_point(std::chrono::duration_cast<Clock::duration>(
      std::chrono::seconds(parsed->seconds) + std::chrono::nanoseconds(parsed->nanos)));
}

std::string format_time(std::chrono::system_clock::time_point t) {
  auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count();
  int64_t seconds = ms >= 0 ? ms / 1000 : -((-ms + 999) / 1000);
  int32_t nanos = static_cast<int32_t>((ms - seconds * 1000) * 1000000);
  return timeutil::format_rfc3339(seconds, nanos);
}

Result<std::chrono::seconds> parse_span(std::string_view text) {
  auto fail = [&](std::string why) {
    return Error::at_offset(fmt::format("'{}' is not a duration: {}", text, why), 0)
        .with_kind(Error::Kind::InvalidInput);
  };
  if (text.empty()) return fail("it is empty");
  if (text.front() == '-') return fail("it is negative");
  auto parsed = timeutil::parse_duration(text, timeutil::DurationUnits::WithDays);
  if (!parsed.ok())
    return fail(
        "write a number and a unit, e.g. 90s, 30m, 6h, 7d, 2w or 1h30m (units w, d, h, "
        "m, s)");
  if (parsed->nanos != 0) return fail("it must be whole seconds");
  return std::chrono::seconds(parsed->seconds);
}

std::string format_span(std::chrono::seconds span) {
  int64_t v = span.count();
  if (v == 0) return "0s";
  std::string out;
  if (v < 0) {
    out += '-';
    v = -v;
  }
  const std::pair<int64_t, char> units[] = {{86400, 'd'}, {3600, 'h'}, {60, 'm'}, {1, 's'}};
  for (auto [size, name] : units) {
    if (v >= size) {
      out += fmt::format("{}{}", v / size, name);
      v %= size;
    }
  }
  return out;
}

}  // namespace vigil
