// Conversions from YAML nodes to JSON and CEL values, typed parameter
// values, and the text formats policies use for time (private to policy/).
//
// Plain scalars are resolved with the YAML 1.2 core schema (null, true/false,
// ints incl. 0x/0o, floats incl. .inf/.nan); quoted scalars are strings.
#pragma once

#include <yaml-cpp/yaml.h>

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "cel/value.h"
#include "core/result.h"
#include "policy/policy.h"

namespace vigil::policy_detail {

// Errors carry the YAML mark (0-based) in line/column of the offending node,
// converted to 1-based.
Result<nlohmann::json> yaml_to_json(const YAML::Node& node);
Result<cel::Value> yaml_to_value(const YAML::Node& node);
// yaml_to_json as compact JSON text; strings must be valid UTF-8.
Result<std::string> yaml_to_json_text(const YAML::Node& node);

// A parameter value of `type` from YAML (defaults, test overrides).
Result<cel::Value> typed_value(const YAML::Node& node, ParamType type);
// A deployment override converted to `type`; error says what was expected.
Result<cel::Value> coerce(const cel::Value& value, ParamType type);
std::optional<ParamType> parse_param_type(std::string_view s);

// Duration text ("1h30m", "2.5s", "-90m", "90d", "2w": core/time_text.h
// parse_duration WithDays) as a CEL duration.
std::optional<cel::Value> parse_duration(std::string_view text);
// RFC 3339 (core/time_text.h parse_rfc3339) as a CEL timestamp.
std::optional<cel::Value> parse_rfc3339(std::string_view text);

// True when the scalar was written plain (unquoted, untagged).
bool is_plain(const YAML::Node& node);

}  // namespace vigil::policy_detail
