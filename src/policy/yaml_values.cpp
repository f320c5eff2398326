#include "policy/yaml_values.h"

#include <fmt/format.h>

#include <charconv>
#include <cmath>
#include <cstdlib>
#include <limits>

namespace vigil::policy_detail {

namespace {

Error error_at(const YAML::Node& node, std::string message) {
  Error e;
  e.message = std::move(message);
  e.line = node.Mark().line + 1;
  e.column = node.Mark().column + 1;
  return e;
}

bool is_null_word(std::string_view s) {
  return s.empty() || s == "~" || s == "null" || s == "Null" || s == "NULL";
}

std::optional<bool> bool_word(std::string_view s) {
  if (s == "true" || s == "True" || s == "TRUE") return true;
  if (s == "false" || s == "False" || s == "FALSE") return false;
  return std::nullopt;
}

std::optional<int64_t> int_word(std::string_view s) {
  if (s.empty()) return std::nullopt;
  bool negative = false;
  std::string_view digits = s;
  if (digits[0] == '+' || digits[0] == '-') {
    negative = digits[0] == '-';
    digits.remove_prefix(1);
  }
  int base = 10;
  if (digits.size() > 2 && digits[0] == '0' && (digits[1] == 'x' || digits[1] == 'o')) {
    base = digits[1] == 'x' ? 16 : 8;
    digits.remove_prefix(2);
  }
  if (digits.empty()) return std::nullopt;
  uint64_t magnitude = 0;
  auto [ptr, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), magnitude, base);
  if (ec != std::errc() || ptr != digits.data() + digits.size()) return std::nullopt;
  if (negative) {
    if (magnitude > static_cast<uint64_t>(std::numeric_limits<int64_t>::max()) + 1) return std::nullopt;
    return static_cast<int64_t>(0 - magnitude);
  }
  if (magnitude > static_cast<uint64_t>(std::numeric_limits<int64_t>::max())) return std::nullopt;
  return static_cast<int64_t>(magnitude);
}

std::optional<double> float_word(std::string_view s) {
  if (s == ".inf" || s == ".Inf" || s == ".INF" || s == "+.inf") return HUGE_VAL;
  if (s == "-.inf" || s == "-.Inf" || s == "-.INF") return -HUGE_VAL;
  if (s == ".nan" || s == ".NaN" || s == ".NAN") return std::nan("");
  if (s.empty()) return std::nullopt;
  bool digit = false;
  for (char c : s) {
    if (c >= '0' && c <= '9') digit = true;
    else if (c != '.' && c != 'e' && c != 'E' && c != '+' && c != '-') return std::nullopt;
  }
  if (!digit) return std::nullopt;
  std::string copy(s);
  char* end = nullptr;
  double d = std::strtod(copy.c_str(), &end);
  if (end != copy.c_str() + copy.size()) return std::nullopt;
  return d;
}

}  // namespace

bool is_plain(const YAML::Node& node) { return node.Tag() == "?"; }

namespace {

// Aliases share nodes, so a small YAML text can expand to an exponential
// tree ("billion laughs"): conversions stop after this many nodes.
constexpr size_t kMaxNodes = 100000;

Result<nlohmann::json> to_json(const YAML::Node& node, size_t& budget) {
  if (budget == 0) {
    return error_at(node, fmt::format("value too large (more than {} nodes after expanding aliases)",
                                      kMaxNodes));
  }
  --budget;
  switch (node.Type()) {
    case YAML::NodeType::Undefined:
    case YAML::NodeType::Null:
      return nlohmann::json(nullptr);
    case YAML::NodeType::Scalar: {
      const std::string& s = node.Scalar();
      if (!is_plain(node)) return nlohmann::json(s);
      if (is_null_word(s)) return nlohmann::json(nullptr);
      if (auto b = bool_word(s)) return nlohmann::json(*b);
      if (auto i = int_word(s)) return nlohmann::json(*i);
      if (auto d = float_word(s)) {
        if (!std::isfinite(*d)) return error_at(node, fmt::format("'{}' has no JSON form", s));
        return nlohmann::json(*d);
      }
      return nlohmann::json(s);
    }
    case YAML::NodeType::Sequence: {
      nlohmann::json out = nlohmann::json::array();
      for (const auto& item : node) {
        auto v = to_json(item, budget);
        if (!v.ok()) return v.error();
        out.push_back(std::move(v.value()));
      }
      return out;
    }
    case YAML::NodeType::Map: {
      nlohmann::json out = nlohmann::json::object();
      for (auto it = node.begin(); it != node.end(); ++it) {
        if (!it->first.IsScalar()) return error_at(it->first, "object keys must be scalars");
        const std::string& key = it->first.Scalar();
        if (out.contains(key)) return error_at(it->first, fmt::format("duplicate key '{}'", key));
        auto v = to_json(it->second, budget);
        if (!v.ok()) return v.error();
        out[key] = std::move(v.value());
      }
      return out;
    }
  }
  return nlohmann::json(nullptr);
}

}  // namespace

Result<nlohmann::json> yaml_to_json(const YAML::Node& node) {
  size_t budget = kMaxNodes;
  return to_json(node, budget);
}

Result<cel::Value> json_to_value(const nlohmann::json& json) {
  switch (json.type()) {
    case nlohmann::json::value_t::null: return cel::Value::null();
    case nlohmann::json::value_t::boolean: return cel::Value::boolean(json.get<bool>());
    case nlohmann::json::value_t::number_integer: return cel::Value::integer(json.get<int64_t>());
    case nlohmann::json::value_t::number_unsigned: {
      uint64_t u = json.get<uint64_t>();
      if (u <= static_cast<uint64_t>(std::numeric_limits<int64_t>::max())) {
        return cel::Value::integer(static_cast<int64_t>(u));
      }
      return cel::Value::uinteger(u);
    }
    case nlohmann::json::value_t::number_float: return cel::Value::dbl(json.get<double>());
    case nlohmann::json::value_t::string: return cel::Value::string(json.get<std::string>());
    case nlohmann::json::value_t::array: {
      cel::ValueList items;
      for (const auto& item : json) {
        auto v = json_to_value(item);
        if (!v.ok()) return v.error();
        items.push_back(std::move(v.value()));
      }
      return cel::Value::list(std::move(items));
    }
    case nlohmann::json::value_t::object: {
      std::vector<cel::MapEntry> entries;
      for (auto it = json.begin(); it != json.end(); ++it) {
        auto v = json_to_value(it.value());
        if (!v.ok()) return v.error();
        entries.emplace_back(cel::Value::string(it.key()), std::move(v.value()));
      }
      return cel::Value::map(std::move(entries));
    }
    default: return Error::at_offset("value has no CEL form", 0);
  }
}

Result<cel::Value> yaml_to_value(const YAML::Node& node) {
  // NaN/inf are legal CEL doubles but not JSON; handle scalars directly.
  if (node.IsScalar() && is_plain(node)) {
    if (auto d = float_word(node.Scalar()); d && !int_word(node.Scalar())) return cel::Value::dbl(*d);
  }
  auto json = yaml_to_json(node);
  if (!json.ok()) return json.error();
  return json_to_value(json.value());
}

std::optional<ParamType> parse_param_type(std::string_view s) {
  for (ParamType t : {ParamType::String, ParamType::Int, ParamType::Double, ParamType::Bool,
                      ParamType::List, ParamType::Map, ParamType::Duration}) {
    if (to_string(t) == s) return t;
  }
  return std::nullopt;
}

Result<cel::Value> typed_value(const YAML::Node& node, ParamType type) {
  auto expected = [&](std::string_view what) {
    return error_at(node, fmt::format("expected {} for a parameter of type {}", what, to_string(type)));
  };
  switch (type) {
    case ParamType::String:
      if (!node.IsScalar()) return expected("a string");
      return cel::Value::string(node.Scalar());
    case ParamType::Int: {
      if (!node.IsScalar() || !is_plain(node)) return expected("an integer");
      auto i = int_word(node.Scalar());
      if (!i) return expected("an integer");
      return cel::Value::integer(*i);
    }
    case ParamType::Double: {
      if (!node.IsScalar() || !is_plain(node)) return expected("a number");
      if (auto i = int_word(node.Scalar())) return cel::Value::dbl(static_cast<double>(*i));
      auto d = float_word(node.Scalar());
      if (!d) return expected("a number");
      return cel::Value::dbl(*d);
    }
    case ParamType::Bool: {
      if (!node.IsScalar() || !is_plain(node)) return expected("true or false");
      auto b = bool_word(node.Scalar());
      if (!b) return expected("true or false");
      return cel::Value::boolean(*b);
    }
    case ParamType::List:
      if (!node.IsSequence()) return expected("a list");
      return yaml_to_value(node);
    case ParamType::Map:
      if (!node.IsMap()) return expected("a map");
      return yaml_to_value(node);
    case ParamType::Duration: {
      if (!node.IsScalar()) return expected("a duration such as \"90d\", \"12h\" or \"30m\"");
      auto d = parse_duration(node.Scalar());
      if (!d) return expected("a duration such as \"90d\", \"12h\" or \"30m\"");
      return *d;
    }
  }
  return expected("a value");
}

Result<cel::Value> coerce(const cel::Value& value, ParamType type) {
  using cel::Kind;
  Kind k = value.kind();
  auto mismatch = [&] {
    return Error::at_offset(fmt::format("expected a value of type {}, got {} ({})",
                                        to_string(type), cel::kind_name(k), value.debug_string()),
                            0);
  };
  switch (type) {
    case ParamType::String:
      if (k == Kind::String) return value;
      return mismatch();
    case ParamType::Int:
      if (k == Kind::Int) return value;
      if (k == Kind::Uint && value.as_uint() <= static_cast<uint64_t>(std::numeric_limits<int64_t>::max())) {
        return cel::Value::integer(static_cast<int64_t>(value.as_uint()));
      }
      if (k == Kind::Double && std::trunc(value.as_double()) == value.as_double() &&
          std::fabs(value.as_double()) < 9.2e18) {
        return cel::Value::integer(static_cast<int64_t>(value.as_double()));
      }
      return mismatch();
    case ParamType::Double:
      if (k == Kind::Double) return value;
      if (k == Kind::Int) return cel::Value::dbl(static_cast<double>(value.as_int()));
      if (k == Kind::Uint) return cel::Value::dbl(static_cast<double>(value.as_uint()));
      return mismatch();
    case ParamType::Bool:
      if (k == Kind::Bool) return value;
      return mismatch();
    case ParamType::List:
      if (k == Kind::List) return value;
      return mismatch();
    case ParamType::Map:
      if (k == Kind::Map) return value;
      return mismatch();
    case ParamType::Duration:
      if (k == Kind::Duration) return value;
      if (k == Kind::String) {
        if (auto d = parse_duration(value.as_string())) return *d;
      }
      return mismatch();
  }
  return mismatch();
}

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
  auto nanos = static_cast<int32_t>(std::llround(total_ns - static_cast<long double>(whole) * 1e9L));
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
  int64_t seconds = days_from_civil(year, month, day) * 86400 + hour * 3600 + minute * 60 + second -
                    offset;
  return cel::Value::timestamp(seconds, nanos);
}

}  // namespace vigil::policy_detail
