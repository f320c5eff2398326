#include "aws_client/credentials/credentials_json.h"

#include <charconv>
#include <climits>
#include <ctime>

namespace vigil::aws {
namespace {

bool read_int(std::string_view text, size_t pos, size_t digits, int& out) {
  if (pos + digits > text.size()) return false;
  for (size_t i = pos; i < pos + digits; ++i)
    if (text[i] < '0' || text[i] > '9') return false;  // from_chars would take a '-'
  auto [end, ec] = std::from_chars(text.data() + pos, text.data() + pos + digits, out);
  return ec == std::errc() && end == text.data() + pos + digits;
}

// system_clock counts nanoseconds in 64 bits (years 1677..2262). Seconds
// beyond that are clamped to its ends instead of overflowing: an
// expiration of 9999-12-31 means "not in this process's lifetime".
std::chrono::system_clock::time_point from_seconds(long long seconds) {
  using Clock = std::chrono::system_clock;
  constexpr long long kMax =
      std::chrono::duration_cast<std::chrono::seconds>(Clock::duration::max()).count() - 1;
  if (seconds >= kMax) return Clock::time_point(std::chrono::seconds(kMax));
  if (seconds <= -kMax) return Clock::time_point(std::chrono::seconds(-kMax));
  return Clock::time_point(std::chrono::seconds(seconds));
}

}  // namespace

Result<std::chrono::system_clock::time_point> parse_aws_timestamp(std::string_view text) {
  auto bad = [&] {
    return Error("'" + std::string(text) +
                 "' is not an ISO 8601 timestamp (expected 2024-01-02T03:04:05Z)");
  };
  if (!text.empty() && text.find_first_not_of("0123456789.") == std::string_view::npos &&
      text.find('.') == text.rfind('.')) {  // seconds[.fraction]
    long long seconds = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), seconds);
    if (ec == std::errc::result_out_of_range) return from_seconds(LLONG_MAX);
    if (ec != std::errc() || end == text.data() ||
        (end != text.data() + text.size() && *end != '.')) {
      return bad();
    }
    return from_seconds(seconds);
  }
  std::tm tm{};
  int year, month, day, hour, minute, second;
  if (!read_int(text, 0, 4, year) || text.size() < 19 || text[4] != '-' ||
      !read_int(text, 5, 2, month) || text[7] != '-' || !read_int(text, 8, 2, day) ||
      (text[10] != 'T' && text[10] != 't' && text[10] != ' ') || !read_int(text, 11, 2, hour) ||
      text[13] != ':' || !read_int(text, 14, 2, minute) || text[16] != ':' ||
      !read_int(text, 17, 2, second)) {
    return bad();
  }
  size_t pos = 19;
  if (pos < text.size() && text[pos] == '.') {
    ++pos;
    while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') ++pos;
  }
  int offset_minutes = 0;
  if (pos < text.size() && (text[pos] == 'Z' || text[pos] == 'z')) {
    ++pos;
  } else if (pos < text.size() && (text[pos] == '+' || text[pos] == '-')) {
    int oh, om;
    if (!read_int(text, pos + 1, 2, oh) || pos + 3 >= text.size() || text[pos + 3] != ':' ||
        !read_int(text, pos + 4, 2, om)) {
      return bad();
    }
    offset_minutes = (oh * 60 + om) * (text[pos] == '-' ? -1 : 1);
    pos += 6;
  } else if (pos != text.size()) {
    return bad();
  }
  if (pos != text.size()) return bad();
  tm.tm_year = year - 1900;
  tm.tm_mon = month - 1;
  tm.tm_mday = day;
  tm.tm_hour = hour;
  tm.tm_min = minute;
  tm.tm_sec = second;
  std::time_t utc = timegm(&tm);
  return from_seconds(static_cast<long long>(utc) - offset_minutes * 60LL);
}

std::string format_utc(std::chrono::system_clock::time_point time) {
  std::time_t seconds = std::chrono::system_clock::to_time_t(time);
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  char buffer[32];
  std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%SZ", &utc);
  return buffer;
}

Result<Credentials> credentials_from_json(const nlohmann::json& document,
                                          std::string_view token_key, const std::string& source) {
  if (!document.is_object())
    return Error(source + " returned " + std::string(document.type_name()) +
                 ", not a credentials object");
  auto text = [&](const char* key) -> std::string {
    auto it = document.find(key);
    return it != document.end() && it->is_string() ? it->get<std::string>() : std::string();
  };
  Credentials credentials;
  credentials.access_key_id = text("AccessKeyId");
  credentials.secret_access_key = text("SecretAccessKey");
  credentials.session_token = text(std::string(token_key).c_str());
  credentials.source = source;
  if (credentials.access_key_id.empty() || credentials.secret_access_key.empty()) {
    return Error(source + " returned no AccessKeyId/SecretAccessKey");
  }
  if (auto it = document.find("Expiration"); it != document.end() && !it->is_null()) {
    std::string value = it->is_string() ? it->get<std::string>() : it->dump();
    Result<std::chrono::system_clock::time_point> expiration = parse_aws_timestamp(value);
    if (!expiration.ok()) return Error(source + ": Expiration " + expiration.error().message);
    credentials.expiration = *expiration;
  }
  return credentials;
}

std::string account_of_arn(std::string_view arn) {
  // arn:partition:service:region:account:resource
  if (arn.rfind("arn:", 0) != 0) return "";
  size_t pos = 0;
  for (int field = 0; field < 4; ++field) {
    pos = arn.find(':', pos);
    if (pos == std::string_view::npos) return "";
    ++pos;
  }
  size_t end = arn.find(':', pos);
  return end == std::string_view::npos ? "" : std::string(arn.substr(pos, end - pos));
}

}  // namespace vigil::aws
