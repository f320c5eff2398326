#include "policy/yaml_values.h"

#include "cel/json_value.h"

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
    if (magnitude > static_cast<uint64_t>(std::numeric_limits<int64_t>::max()) + 1)
      return std::nullopt;
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
    if (c >= '0' && c <= '9')
      digit = true;
    else if (c != '.' && c != 'e' && c != 'E' && c != '+' && c != '-')
      return std::nullopt;
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
    return error_at(
        node,
        fmt::format("value too large (more than {} nodes after expanding aliases)", kMaxNodes));
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

Result<std::string> yaml_to_json_text(const YAML::Node& node) {
  auto json = yaml_to_json(node);
  if (!json.ok()) return json.error();
  try {
    return json.value().dump();
  } catch (const nlohmann::json::exception&) {
    return error_at(node, "text that is not valid UTF-8");
  }
}

Result<cel::Value> yaml_to_value(const YAML::Node& node) {
  // NaN/inf are legal CEL doubles but not JSON; handle scalars directly.
  if (node.IsScalar() && is_plain(node)) {
    if (auto d = float_word(node.Scalar()); d && !int_word(node.Scalar()))
      return cel::Value::dbl(*d);
  }
  auto json = yaml_to_json(node);
  if (!json.ok()) return json.error();
  return cel::value_from_json(json.value());
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
    return error_at(node,
                    fmt::format("expected {} for a parameter of type {}", what, to_string(type)));
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
    return Error::at_offset(fmt::format("expected a value of type {}, got {} ({})", to_string(type),
                                        cel::kind_name(k), value.debug_string()),
                            0);
  };
  switch (type) {
    case ParamType::String:
      if (k == Kind::String) return value;
      return mismatch();
    case ParamType::Int:
      if (k == Kind::Int) return value;
      if (k == Kind::Uint &&
          value.as_uint() <= static_cast<uint64_t>(std::numeric_limits<int64_t>::max())) {
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

}  // namespace vigil::policy_detail
