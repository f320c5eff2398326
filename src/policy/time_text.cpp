// Text forms of time in policies: durations ("90d", "1h30m") and RFC 3339
// timestamps (declared in yaml_values.h).
#include <cmath>
#include <cstdlib>
#include <string>

#include "policy/yaml_values.h"

namespace vigil::policy_detail {

std::optional<cel::Value> parse_duration(std::string_view text) {
  std::string_view s = text;
  bool negative = false;
  if (!s.empty() && (s[0] == '-' || s[0] == '+')) {
    negative = s[0] == '-';
    s.remove_prefix(1);
  }
  if (s.empty()) return std::nullopt;
  if (s == "0") return cel::Value::duration(0, 0);
  // Accumulate in nanoseconds as long double to keep fractions exact enough.
  long double total_ns = 0;
  while (!s.empty()) {
    size_t i = 0;
    while (i < s.size() && ((s[i] >= '0' && s[i] <= '9') || s[i] == '.')) ++i;
    if (i == 0) return std::nullopt;
    std::string number(s.substr(0, i));
    s.remove_prefix(i);
    char* end = nullptr;
    long double amount = std::strtold(number.c_str(), &end);
    if (end != number.c_str() + number.size()) return std::nullopt;
    long double unit = 0;
    auto take = [&](std::string_view u, long double ns) {
      if (s.substr(0, u.size()) == u) {
        unit = ns;
        s.remove_prefix(u.size());
        return true;
      }
      return false;
    };
    if (!(take("ms", 1e6L) || take("us", 1e3L) || take("µs", 1e3L) || take("ns", 1) ||
          take("h", 3600e9L) || take("m", 60e9L) || take("s", 1e9L) || take("d", 86400e9L))) {
      return std::nullopt;
    }
    total_ns += amount * unit;
  }
  if (total_ns > 315576000000e9L) return std::nullopt;
  auto whole = static_cast<int64_t>(total_ns / 1e9L);
  auto nanos =
      static_cast<int32_t>(std::llround(total_ns - static_cast<long double>(whole) * 1e9L));
  if (nanos >= 1000000000) {
    whole += 1;
    nanos -= 1000000000;
  }
  if (negative) return cel::Value::duration(-whole, -nanos);
  return cel::Value::duration(whole, nanos);
}

namespace {

// Days since 1970-01-01 of a proleptic Gregorian date.
int64_t days_from_civil(int64_t y, unsigned m, unsigned d) {
  y -= m <= 2 ? 1 : 0;
  int64_t era = (y >= 0 ? y : y - 399) / 400;
  auto yoe = static_cast<unsigned>(y - era * 400);
  unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

bool digits(std::string_view s, size_t pos, size_t n, int& out) {
  if (pos + n > s.size()) return false;
  out = 0;
  for (size_t i = pos; i < pos + n; ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
    out = out * 10 + (s[i] - '0');
  }
  return true;
}

}  // namespace

std::optional<cel::Value> parse_rfc3339(std::string_view s) {
  int year, month, day, hour, minute, second;
  if (!digits(s, 0, 4, year) || s.size() < 20 || s[4] != '-' || !digits(s, 5, 2, month) ||
      s[7] != '-' || !digits(s, 8, 2, day) || (s[10] != 'T' && s[10] != 't' && s[10] != ' ') ||
      !digits(s, 11, 2, hour) || s[13] != ':' || !digits(s, 14, 2, minute) || s[16] != ':' ||
      !digits(s, 17, 2, second)) {
    return std::nullopt;
  }
  static const int kDays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (year < 1 || month < 1 || month > 12 || day < 1 || day > kDays[month - 1] || hour > 23 ||
      minute > 59 || second > 60) {
    return std::nullopt;
  }
  bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  if (month == 2 && day == 29 && !leap) return std::nullopt;
  if (second == 60) second = 59;  // leap seconds are smeared
  size_t pos = 19;
  int32_t nanos = 0;
  if (pos < s.size() && s[pos] == '.') {
    ++pos;
    size_t begin = pos;
    int32_t scale = 100000000;
    while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') {
      nanos += (s[pos] - '0') * scale;
      scale /= 10;
      ++pos;
    }
    if (pos == begin) return std::nullopt;
  }
  int64_t offset = 0;
  if (pos < s.size() && (s[pos] == 'Z' || s[pos] == 'z')) {
    ++pos;
  } else if (pos < s.size() && (s[pos] == '+' || s[pos] == '-')) {
    int oh, om;
    if (!digits(s, pos + 1, 2, oh) || pos + 3 >= s.size() || s[pos + 3] != ':' ||
        !digits(s, pos + 4, 2, om) || oh > 23 || om > 59) {
      return std::nullopt;
    }
    offset = (oh * 3600 + om * 60) * (s[pos] == '-' ? -1 : 1);
    pos += 6;
  } else {
    return std::nullopt;
  }
  if (pos != s.size()) return std::nullopt;
  int64_t seconds =
      days_from_civil(year, month, day) * 86400 + hour * 3600 + minute * 60 + second - offset;
  return cel::Value::timestamp(seconds, nanos);
}

}  // namespace vigil::policy_detail
