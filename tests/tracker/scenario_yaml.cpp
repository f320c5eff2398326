// See scenario_yaml.h.
#include "scenario_yaml.h"

#include <fmt/format.h>

#include <charconv>
#include <cmath>

#include "core/time_text.h"

namespace vigil::tracker::scenario {
namespace {

bool is_plain(const YAML::Node& node) { return node.Tag() == "?"; }

bool all_digits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s)
    if (c < '0' || c > '9') return false;
  return true;
}

std::optional<int64_t> int_word(std::string_view s) {
  std::string_view digits = s;
  if (!digits.empty() && (digits[0] == '-' || digits[0] == '+')) digits.remove_prefix(1);
  if (!all_digits(digits)) return std::nullopt;
  int64_t value = 0;
  if (s[0] == '+') s.remove_prefix(1);
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
  if (ec != std::errc() || end != s.data() + s.size()) return std::nullopt;
  return value;
}

std::optional<double> float_word(std::string_view s) {
  // [-+]? ( . digits | digits [. digits?] ) ([eE] [-+]? digits)?
  size_t i = 0;
  if (i < s.size() && (s[i] == '-' || s[i] == '+')) ++i;
  size_t mantissa = i;
  while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i;
  bool int_part = i > mantissa;
  bool fraction = false;
  if (i < s.size() && s[i] == '.') {
    size_t f = ++i;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i;
    fraction = i > f;
  }
  if (!int_part && !fraction) return std::nullopt;
  if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    ++i;
    if (i < s.size() && (s[i] == '-' || s[i] == '+')) ++i;
    if (!all_digits(s.substr(i))) return std::nullopt;
    i = s.size();
  }
  if (i != s.size()) return std::nullopt;
  double value = 0;
  std::string_view body = s[0] == '+' ? s.substr(1) : s;
  auto [end, ec] = std::from_chars(body.data(), body.data() + body.size(), value);
  if (ec != std::errc() || end != body.data() + body.size() || !std::isfinite(value))
    return std::nullopt;
  return value;
}

nlohmann::json scalar_json(const YAML::Node& node) {
  const std::string& s = node.Scalar();
  if (!is_plain(node)) return s;
  if (s.empty() || s == "~" || s == "null" || s == "Null" || s == "NULL") return nullptr;
  if (s == "true" || s == "True" || s == "TRUE") return true;
  if (s == "false" || s == "False" || s == "FALSE") return false;
  if (auto i = int_word(s)) return *i;
  if (auto d = float_word(s)) return *d;
  return s;
}

store::Time from_seconds(int64_t seconds, int32_t nanos = 0) {
  return store::Time{} + std::chrono::duration_cast<store::Time::duration>(
                             std::chrono::seconds(seconds) + std::chrono::nanoseconds(nanos));
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
  while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
  return s;
}

}  // namespace

void NodeReader::fail(const YAML::Node& at, const std::string& message) {
  fail_at(line(at), message);
}

void NodeReader::fail_at(int line, const std::string& message) {
  if (error_) return;
  error_ = Error(message, file_, line);
}

int NodeReader::line(const YAML::Node& node) {
  if (!node.IsDefined() || node.Mark().is_null()) return 0;
  return node.Mark().line + 1;
}

bool NodeReader::is_map(const YAML::Node& node, std::string_view what) {
  if (node.IsMap()) return true;
  fail(node, fmt::format("{}: expected a map (key: value lines)", what));
  return false;
}

bool NodeReader::keys(const YAML::Node& node, std::string_view what,
                      std::initializer_list<std::string_view> known) {
  if (!is_map(node, what)) return false;
  for (auto it = node.begin(); it != node.end(); ++it) {
    std::string key = it->first.IsScalar() ? it->first.Scalar() : std::string();
    bool found = false;
    for (std::string_view k : known) found = found || k == key;
    if (!found) {
      std::string list;
      for (std::string_view k : known) list += (list.empty() ? "" : ", ") + std::string(k);
      fail(it->first, fmt::format("{}: unknown key '{}' (known: {})", what, key, list));
      return false;
    }
  }
  return true;
}

std::string NodeReader::text(const YAML::Node& node, std::string_view what) {
  if (node.IsScalar()) return node.Scalar();
  fail(node, fmt::format("{}: expected a single value", what));
  return {};
}

uint64_t NodeReader::count(const YAML::Node& node, std::string_view what) {
  std::string s = text(node, what);
  uint64_t value = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
  if (ok() && (ec != std::errc() || end != s.data() + s.size()))
    fail(node, fmt::format("{}: expected a count (0, 1, 2, ...), not '{}'", what, s));
  return value;
}

double NodeReader::number(const YAML::Node& node, std::string_view what) {
  std::string s = text(node, what);
  std::optional<double> value = float_word(s);
  if (!value && ok()) fail(node, fmt::format("{}: expected a number, not '{}'", what, s));
  return value.value_or(0);
}

bool NodeReader::boolean(const YAML::Node& node, std::string_view what) {
  std::string s = text(node, what);
  if (s == "true") return true;
  if (s != "false" && ok())
    fail(node, fmt::format("{}: expected true or false, not '{}'", what, s));
  return false;
}

std::vector<std::string> NodeReader::texts(const YAML::Node& node, std::string_view what) {
  std::vector<std::string> out;
  if (node.IsScalar()) {
    out.push_back(node.Scalar());
  } else if (node.IsSequence()) {
    for (const YAML::Node& item : node) out.push_back(text(item, what));
  } else {
    fail(node, fmt::format("{}: expected a value or a list of values", what));
  }
  return out;
}

nlohmann::json NodeReader::json(const YAML::Node& node, std::string_view what) {
  Result<nlohmann::json> converted = to_json(node);
  if (converted.ok()) return *converted;
  fail_at(converted.error().line, fmt::format("{}: {}", what, converted.error().message));
  return nullptr;
}

store::Time NodeReader::when(const YAML::Node& node, store::Time start, std::string_view what) {
  std::string s = text(node, what);
  std::optional<store::Time> t = parse_when(s, start);
  if (!t && ok())
    fail(node, fmt::format("{}: '{}' is not a time: write day N, day N +6h, an RFC 3339 time "
                           "(2026-11-26T06:00:00Z) or a date (2026-11-26)",
                           what, s));
  return t.value_or(start);
}

store::ViolationStatus NodeReader::status(const YAML::Node& node, std::string_view what) {
  std::string s = text(node, what);
  std::optional<store::ViolationStatus> status = store::violation_status_from(s);
  if (!status && ok())
    fail(node, fmt::format("{}: '{}' is not a state (open, exempted, closed, unknown)", what, s));
  return status.value_or(store::ViolationStatus::Open);
}

Result<nlohmann::json> to_json(const YAML::Node& node) {
  if (!node.IsDefined() || node.IsNull()) return nlohmann::json(nullptr);
  if (node.IsScalar()) return scalar_json(node);
  if (node.IsSequence()) {
    nlohmann::json out = nlohmann::json::array();
    for (const YAML::Node& item : node) {
      Result<nlohmann::json> value = to_json(item);
      if (!value.ok()) return value;
      out.push_back(std::move(*value));
    }
    return out;
  }
  nlohmann::json out = nlohmann::json::object();
  for (auto it = node.begin(); it != node.end(); ++it) {
    if (!it->first.IsScalar())
      return Error("a key must be a single value", "", NodeReader::line(it->first));
    Result<nlohmann::json> value = to_json(it->second);
    if (!value.ok()) return value;
    out[it->first.Scalar()] = std::move(*value);
  }
  return out;
}

std::optional<std::chrono::seconds> parse_span(std::string_view text) {
  Result<std::chrono::seconds> span = vigil::parse_span(trim(text));  // core/time_text.h
  if (!span.ok()) return std::nullopt;
  return *span;
}

std::optional<store::Time> parse_when(std::string_view text, store::Time start) {
  text = trim(text);
  if (text.starts_with("day ")) {
    std::string_view rest = trim(text.substr(4));
    size_t digits = 0;
    while (digits < rest.size() && rest[digits] >= '0' && rest[digits] <= '9') ++digits;
    if (digits == 0) return std::nullopt;
    int64_t days = 0;
    std::from_chars(rest.data(), rest.data() + digits, days);
    store::Time t = start + std::chrono::hours(24 * days);
    rest = trim(rest.substr(digits));
    if (rest.empty()) return t;
    if (rest[0] != '+') return std::nullopt;
    std::optional<std::chrono::seconds> span = parse_span(rest.substr(1));
    if (!span) return std::nullopt;
    return t + *span;
  }
  if (text.size() == 10 && text[4] == '-' && text[7] == '-') {
    int year = 0, month = 0, day = 0;
    auto field = [&](size_t at, size_t n, int& out) {
      auto [end, ec] = std::from_chars(text.data() + at, text.data() + at + n, out);
      return ec == std::errc() && end == text.data() + at + n;
    };
    if (!field(0, 4, year) || !field(5, 2, month) || !field(8, 2, day)) return std::nullopt;
    if (month < 1 || month > 12 || day < 1 || day > 31) return std::nullopt;
    return from_seconds(timeutil::days_from_civil(year, month, day) * 86400);
  }
  Result<timeutil::TimePoint> t = timeutil::parse_rfc3339(text);
  if (!t.ok()) return std::nullopt;
  return from_seconds(t->seconds, t->nanos);
}

std::string format_when(store::Time t, store::Time start) {
  int64_t ms = std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count();
  int64_t seconds = ms >= 0 ? ms / 1000 : (ms - 999) / 1000;
  std::string absolute =
      timeutil::format_rfc3339(seconds, static_cast<int32_t>((ms - seconds * 1000) * 1'000'000));
  if (t < start) return absolute;
  int64_t offset = std::chrono::duration_cast<std::chrono::seconds>(t - start).count();
  std::string out = fmt::format("day {}", offset / 86400);
  int64_t rest = offset % 86400;
  if (rest != 0) {
    out += " +";
    if (rest / 3600) out += fmt::format("{}h", rest / 3600);
    if (rest % 3600 / 60) out += fmt::format("{}m", rest % 3600 / 60);
    if (rest % 60) out += fmt::format("{}s", rest % 60);
  }
  return out + " (" + absolute + ")";
}

std::string day_of(store::Time t) {
  int64_t seconds = std::chrono::duration_cast<std::chrono::seconds>(t.time_since_epoch()).count();
  int64_t days = seconds >= 0 ? seconds / 86400 : (seconds - 86399) / 86400;
  timeutil::CivilDate date = timeutil::civil_from_days(days);
  return fmt::format("{:04}-{:02}-{:02}", date.year, date.month, date.day);
}

}  // namespace vigil::tracker::scenario
