// Numbers and dates of condition values: see values.h.
#include "iam/values.h"

#include <charconv>
#include <chrono>
#include <cmath>
#include <string>

namespace vigil::iam {
namespace {

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

std::optional<double> parse_number(std::string_view text) {
  if (text.empty() || text.front() == '+') {
    if (text.size() < 2) return std::nullopt;
    text.remove_prefix(text.front() == '+' ? 1 : 0);
  }
  double value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || !std::isfinite(value))
    return std::nullopt;
  return value;
}

std::optional<double> parse_date(std::string_view s) {
  if (s.size() >= 1 && s.find('-') == std::string_view::npos) {  // epoch seconds
    return parse_number(s);
  }
  int year, month, day = 1;
  if (!digits(s, 0, 4, year) || s.size() < 7 || s[4] != '-' || !digits(s, 5, 2, month))
    return std::nullopt;
  if (s.size() == 7)
    s = std::string_view();  // YYYY-MM (W3C's "year and month")
  else if (s.size() < 10 || s[7] != '-' || !digits(s, 8, 2, day))
    return std::nullopt;
  if (month < 1 || month > 12 || day < 1 || day > 31) return std::nullopt;
  using namespace std::chrono;
  year_month_day ymd{std::chrono::year(year), std::chrono::month(static_cast<unsigned>(month)),
                     std::chrono::day(static_cast<unsigned>(day))};
  if (!ymd.ok()) return std::nullopt;
  double seconds = static_cast<double>(sys_days(ymd).time_since_epoch().count()) * 86400.0;
  if (s.empty()) return seconds;
  size_t pos = 10;
  if (pos == s.size()) return seconds;
  if (s[pos] != 'T' && s[pos] != 't') return std::nullopt;
  int hour, minute, second = 0;
  if (!digits(s, pos + 1, 2, hour) || pos + 3 >= s.size() || s[pos + 3] != ':' ||
      !digits(s, pos + 4, 2, minute))
    return std::nullopt;
  pos += 6;
  double fraction = 0;
  if (pos < s.size() && s[pos] == ':') {
    if (!digits(s, pos + 1, 2, second)) return std::nullopt;
    pos += 3;
    if (pos < s.size() && s[pos] == '.') {
      size_t start = pos;
      ++pos;
      while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') ++pos;
      if (pos == start + 1) return std::nullopt;
      fraction = std::stod("0" + std::string(s.substr(start, pos - start)));
    }
  }
  if (hour > 23 || minute > 59 || second > 60) return std::nullopt;
  seconds += hour * 3600.0 + minute * 60.0 + second + fraction;
  if (pos == s.size()) return seconds;
  if (s[pos] == 'Z' || s[pos] == 'z')
    return pos + 1 == s.size() ? std::optional<double>(seconds) : std::nullopt;
  if (s[pos] != '+' && s[pos] != '-') return std::nullopt;
  int oh, om;
  if (!digits(s, pos + 1, 2, oh) || pos + 6 != s.size() || s[pos + 3] != ':' ||
      !digits(s, pos + 4, 2, om))
    return std::nullopt;
  double offset = oh * 3600.0 + om * 60.0;
  return s[pos] == '+' ? seconds - offset : seconds + offset;
}

}  // namespace vigil::iam
