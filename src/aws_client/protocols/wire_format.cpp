#include "aws_client/protocols/wire_format.h"

#include <charconv>
#include <cmath>
#include <ctime>
#include <random>

#include <fmt/format.h>

#include "aws_client/signing/canonical.h"

namespace vigil::aws::wire {

namespace {

constexpr const char* kDays[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
constexpr const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                   "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
int64_t days_from_civil(int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

std::tm to_tm(int64_t seconds) {
  time_t t = static_cast<time_t>(seconds);
  std::tm tm{};
  gmtime_r(&t, &tm);
  return tm;
}

bool digits(std::string_view s, size_t pos, size_t n, int& out) {
  if (pos + n > s.size()) return false;
  int v = 0;
  for (size_t i = pos; i < pos + n; ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
    v = v * 10 + (s[i] - '0');
  }
  out = v;
  return true;
}

// Fractional digits starting at pos (after '.'), as microseconds; advances pos.
int32_t fraction_micros(std::string_view s, size_t& pos) {
  int32_t micros = 0, scale = 100000;
  while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') {
    micros += (s[pos] - '0') * scale;
    scale /= 10;
    ++pos;
  }
  return micros;
}

// Epoch seconds of at most 12 digits (up to year 33658): anything longer is
// not a date, and would overflow int64 or gmtime.
constexpr size_t kMaxEpochDigits = 12;
constexpr double kMaxEpochSeconds = 1e12;

std::optional<Timestamp> parse_epoch(std::string_view s) {
  size_t pos = 0;
  bool negative = false;
  if (pos < s.size() && s[pos] == '-') negative = true, ++pos;
  int64_t secs = 0;
  size_t start = pos;
  while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') {
    if (pos - start == kMaxEpochDigits) return std::nullopt;  // beyond any date; no overflow
    secs = secs * 10 + (s[pos++] - '0');
  }
  if (pos == start) return std::nullopt;
  int32_t micros = 0;
  if (pos < s.size() && s[pos] == '.') {
    ++pos;
    micros = fraction_micros(s, pos);
  }
  if (pos != s.size()) return std::nullopt;
  if (negative) {
    secs = -secs;
    if (micros) secs -= 1, micros = 1000000 - micros;
  }
  return Timestamp{secs, micros};
}

// 2019-12-16T23:48:18Z, 2019-12-16T22:48:18-01:00, 2000-01-02T20:34:56.123Z, 2019-12-16 (date
// only).
std::optional<Timestamp> parse_iso8601(std::string_view s) {
  int y, mo, d, h = 0, mi = 0, se = 0;
  if (!digits(s, 0, 4, y) || s.size() < 10 || s[4] != '-' || !digits(s, 5, 2, mo) || s[7] != '-' ||
      !digits(s, 8, 2, d))
    return std::nullopt;
  size_t pos = 10;
  int32_t micros = 0;
  int offset = 0;
  if (pos < s.size()) {
    if (s[pos] != 'T' && s[pos] != 't' && s[pos] != ' ') return std::nullopt;
    if (!digits(s, pos + 1, 2, h) || pos + 3 >= s.size() || s[pos + 3] != ':' ||
        !digits(s, pos + 4, 2, mi))
      return std::nullopt;
    pos += 6;
    if (pos < s.size() && s[pos] == ':') {
      if (!digits(s, pos + 1, 2, se)) return std::nullopt;
      pos += 3;
    }
    if (pos < s.size() && s[pos] == '.') {
      ++pos;
      micros = fraction_micros(s, pos);
    }
    if (pos < s.size()) {
      char z = s[pos];
      if (z == 'Z' || z == 'z') {
        ++pos;
      } else if (z == '+' || z == '-') {
        int oh, om = 0;
        if (!digits(s, pos + 1, 2, oh)) return std::nullopt;
        pos += 3;
        if (pos < s.size() && s[pos] == ':') ++pos;
        if (pos < s.size() && !digits(s, pos, 2, om)) return std::nullopt;
        if (pos < s.size()) pos += 2;
        offset = (oh * 3600 + om * 60) * (z == '-' ? -1 : 1);
      }
      if (pos != s.size()) return std::nullopt;
    }
  }
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || se > 60) return std::nullopt;
  int64_t secs = days_from_civil(y, static_cast<unsigned>(mo), static_cast<unsigned>(d)) * 86400 +
                 h * 3600 + mi * 60 + se - offset;
  return Timestamp{secs, micros};
}

// Tue, 29 Apr 2014 18:30:38 GMT (also without the weekday).
std::optional<Timestamp> parse_rfc822(std::string_view s) {
  size_t comma = s.find(',');
  if (comma != std::string_view::npos) s.remove_prefix(comma + 1);
  while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
  int d, y, h, mi, se;
  if (!digits(s, 0, 2, d) || s.size() < 20 || s[2] != ' ') return std::nullopt;
  std::string_view mon = s.substr(3, 3);
  int mo = 0;
  for (int i = 0; i < 12; ++i)
    if (mon == kMonths[i]) mo = i + 1;
  if (mo == 0 || s[6] != ' ' || !digits(s, 7, 4, y) || s[11] != ' ' || !digits(s, 12, 2, h) ||
      s[14] != ':' || !digits(s, 15, 2, mi) || s[17] != ':' || !digits(s, 18, 2, se))
    return std::nullopt;
  size_t pos = 20;
  int32_t micros = 0;
  if (pos < s.size() && s[pos] == '.') {
    ++pos;
    micros = fraction_micros(s, pos);
  }
  int64_t secs = days_from_civil(y, static_cast<unsigned>(mo), static_cast<unsigned>(d)) * 86400 +
                 h * 3600 + mi * 60 + se;
  return Timestamp{secs, micros};
}

std::string micros_suffix(int32_t micros) {
  return micros ? fmt::format(".{:06d}", micros) : std::string();
}

}  // namespace

std::optional<Timestamp> parse_timestamp(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\n' || text.front() == '\t'))
    text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\n' || text.back() == '\t'))
    text.remove_suffix(1);
  if (text.empty()) return std::nullopt;
  if (auto t = parse_epoch(text)) return t;
  if (auto t = parse_iso8601(text)) return t;
  return parse_rfc822(text);
}

std::optional<Timestamp> timestamp_from_json(const nlohmann::ordered_json& value) {
  if (value.is_number_integer()) {
    constexpr auto kMax = static_cast<int64_t>(kMaxEpochSeconds);
    if (value.is_number_unsigned() ? value.get<uint64_t>() >= static_cast<uint64_t>(kMax)
                                   : value.get<int64_t>() >= kMax || value.get<int64_t>() <= -kMax)
      return std::nullopt;
    return Timestamp{value.get<int64_t>(), 0};
  }
  if (value.is_number()) {
    double v = value.get<double>();
    if (!(std::fabs(v) < kMaxEpochSeconds)) return std::nullopt;  // also NaN, infinities
    double whole = std::floor(v);
    return Timestamp{static_cast<int64_t>(whole),
                     static_cast<int32_t>(std::llround((v - whole) * 1e6) % 1000000)};
  }
  if (value.is_string()) return parse_timestamp(value.get_ref<const std::string&>());
  return std::nullopt;
}

std::string format_iso8601(const Timestamp& t) {
  std::tm tm = to_tm(t.seconds);
  return fmt::format("{:04d}-{:02d}-{:02d}T{:02d}:{:02d}:{:02d}{}Z", tm.tm_year + 1900,
                     tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec,
                     micros_suffix(t.micros));
}

std::string format_cli_iso8601(const Timestamp& t) {
  std::tm tm = to_tm(t.seconds);
  return fmt::format("{:04d}-{:02d}-{:02d}T{:02d}:{:02d}:{:02d}{}+00:00", tm.tm_year + 1900,
                     tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec,
                     micros_suffix(t.micros));
}

std::string format_rfc822(const Timestamp& t) {
  std::tm tm = to_tm(t.seconds);
  return fmt::format("{}, {:02d} {} {:04d} {:02d}:{:02d}:{:02d} GMT", kDays[tm.tm_wday], tm.tm_mday,
                     kMonths[tm.tm_mon], tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec);
}

std::string format_epoch(const Timestamp& t) {
  if (!t.micros) return std::to_string(t.seconds);
  std::string frac = fmt::format("{:06d}", t.micros);
  while (frac.back() == '0') frac.pop_back();
  return fmt::format("{}.{}", t.seconds, frac);
}

nlohmann::json epoch_json(const Timestamp& t) {
  if (!t.micros) return t.seconds;
  return std::strtod(format_epoch(t).c_str(), nullptr);  // nearest double to the decimal text
}

std::string format_timestamp(const Timestamp& t, std::string_view format) {
  if (format == "rfc822") return format_rfc822(t);
  if (format == "unixTimestamp") return format_epoch(t);
  return format_iso8601(t);
}

std::string base64_encode(std::string_view bytes) {
  static constexpr char kAlphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  out.reserve((bytes.size() + 2) / 3 * 4);
  size_t i = 0;
  for (; i + 2 < bytes.size(); i += 3) {
    uint32_t n = (uint8_t(bytes[i]) << 16) | (uint8_t(bytes[i + 1]) << 8) | uint8_t(bytes[i + 2]);
    out += kAlphabet[n >> 18];
    out += kAlphabet[(n >> 12) & 63];
    out += kAlphabet[(n >> 6) & 63];
    out += kAlphabet[n & 63];
  }
  if (i + 1 == bytes.size()) {
    uint32_t n = uint8_t(bytes[i]) << 16;
    out += kAlphabet[n >> 18];
    out += kAlphabet[(n >> 12) & 63];
    out += "==";
  } else if (i + 2 == bytes.size()) {
    uint32_t n = (uint8_t(bytes[i]) << 16) | (uint8_t(bytes[i + 1]) << 8);
    out += kAlphabet[n >> 18];
    out += kAlphabet[(n >> 12) & 63];
    out += kAlphabet[(n >> 6) & 63];
    out += '=';
  }
  return out;
}

std::optional<std::string> base64_decode(std::string_view text) {
  std::string out;
  uint32_t acc = 0;
  int bits = 0;
  for (char c : text) {
    int v;
    if (c >= 'A' && c <= 'Z')
      v = c - 'A';
    else if (c >= 'a' && c <= 'z')
      v = c - 'a' + 26;
    else if (c >= '0' && c <= '9')
      v = c - '0' + 52;
    else if (c == '+' || c == '-')
      v = 62;
    else if (c == '/' || c == '_')
      v = 63;
    else if (c == '=' || c == '\n' || c == '\r' || c == ' ')
      continue;
    else
      return std::nullopt;
    acc = (acc << 6) | static_cast<uint32_t>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += static_cast<char>((acc >> bits) & 0xFF);
    }
  }
  return out;
}

std::string format_double(double value) {
  if (std::isnan(value)) return "NaN";
  if (std::isinf(value)) return value > 0 ? "Infinity" : "-Infinity";
  char buf[64];
  auto res = std::to_chars(buf, buf + sizeof buf, value);
  return std::string(buf, res.ptr);
}

std::string random_uuid() {
  thread_local std::mt19937_64 rng{std::random_device{}()};
  uint64_t hi = rng(), lo = rng();
  hi = (hi & 0xFFFFFFFFFFFF0FFFULL) | 0x0000000000004000ULL;  // version 4
  lo = (lo & 0x3FFFFFFFFFFFFFFFULL) | 0x8000000000000000ULL;  // variant 10
  return fmt::format("{:08x}-{:04x}-{:04x}-{:04x}-{:012x}", hi >> 32, (hi >> 16) & 0xFFFF,
                     hi & 0xFFFF, lo >> 48, lo & 0xFFFFFFFFFFFFULL);
}

}  // namespace vigil::aws::wire
