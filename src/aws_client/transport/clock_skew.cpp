// See clock_skew.h.
#include "aws_client/transport/clock_skew.h"

#include <array>
#include <cstdio>
#include <ctime>

namespace vigil::aws {
namespace {

constexpr std::array<std::string_view, 12> kMonths = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                      "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
constexpr std::array<std::string_view, 7> kDays = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};

bool digits(std::string_view text, size_t pos, size_t count, int& out) {
  if (pos + count > text.size()) return false;
  out = 0;
  for (size_t i = pos; i < pos + count; ++i) {
    if (text[i] < '0' || text[i] > '9') return false;
    out = out * 10 + (text[i] - '0');
  }
  return true;
}

}  // namespace

bool is_clock_skew_error(const AwsCallError& error) {
  const std::string& code = error.code;
  if (code == "RequestTimeTooSkewed" || code == "RequestExpired" || code == "RequestInTheFuture")
    return true;
  if (code == "SignatureDoesNotMatch" || code == "InvalidSignatureException" ||
      code == "AuthFailure") {
    return error.message.find("Signature expired") != std::string::npos ||
           error.message.find("not yet current") != std::string::npos;
  }
  return false;
}

std::optional<std::chrono::system_clock::time_point> parse_http_date(std::string_view text) {
  // "Sun, 06 Nov 1994 08:49:37 GMT"
  //  0123456789012345678901234567890
  if (text.size() != 29 || text[3] != ',' || text[4] != ' ' || text[7] != ' ' || text[11] != ' ' ||
      text[16] != ' ' || text[19] != ':' || text[22] != ':' || text.substr(25) != " GMT") {
    return std::nullopt;
  }
  bool day_name = false;
  for (std::string_view d : kDays) day_name = day_name || text.substr(0, 3) == d;
  int month = -1;
  for (size_t m = 0; m < kMonths.size(); ++m)
    if (text.substr(8, 3) == kMonths[m]) month = static_cast<int>(m);
  std::tm tm{};
  int day, year, hour, minute, second;
  if (!day_name || month < 0 || !digits(text, 5, 2, day) || !digits(text, 12, 4, year) ||
      !digits(text, 17, 2, hour) || !digits(text, 20, 2, minute) || !digits(text, 23, 2, second) ||
      day < 1 || day > 31 || hour > 23 || minute > 59 || second > 60) {
    return std::nullopt;
  }
  tm.tm_year = year - 1900;
  tm.tm_mon = month;
  tm.tm_mday = day;
  tm.tm_hour = hour;
  tm.tm_min = minute;
  tm.tm_sec = second;
  return std::chrono::system_clock::from_time_t(timegm(&tm));
}

std::string format_http_date(std::chrono::system_clock::time_point time) {
  std::time_t seconds = std::chrono::system_clock::to_time_t(time);
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  char buffer[40];
  std::snprintf(buffer, sizeof buffer, "%s, %02d %s %04d %02d:%02d:%02d GMT",
                std::string(kDays[utc.tm_wday]).c_str(), utc.tm_mday,
                std::string(kMonths[utc.tm_mon]).c_str(), utc.tm_year + 1900, utc.tm_hour,
                utc.tm_min, utc.tm_sec);
  return buffer;
}

ClockSkew::ClockSkew(WallClock wall) : wall_(std::move(wall)) {}

std::chrono::system_clock::time_point ClockSkew::wall() const {
  return wall_ ? wall_() : std::chrono::system_clock::now();
}

std::chrono::system_clock::time_point ClockSkew::now() const { return wall() + offset(); }

std::chrono::milliseconds ClockSkew::offset() const {
  return std::chrono::milliseconds(offset_ms_.load(std::memory_order_relaxed));
}

bool ClockSkew::correct(const AwsCallError& error, const HttpHeaders& headers,
                        std::chrono::system_clock::time_point signed_at) {
  if (!is_clock_skew_error(error)) return false;
  std::optional<std::chrono::system_clock::time_point> server =
      parse_http_date(header_value(headers, "Date"));
  if (!server) return false;
  auto off_by = *server > signed_at ? *server - signed_at : signed_at - *server;
  if (off_by <= kThreshold) return false;
  auto offset = std::chrono::duration_cast<std::chrono::milliseconds>(*server - wall());
  if (std::chrono::abs(offset) > kMaxOffset) return false;
  offset_ms_.store(offset.count(), std::memory_order_relaxed);
  return true;
}

}  // namespace vigil::aws
