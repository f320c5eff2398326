// Text forms of time in policies as CEL values (declared in yaml_values.h),
// read with the core's one grammar (core/time_text.h).
#include "core/time_text.h"
#include "policy/yaml_values.h"

namespace vigil::policy_detail {

std::optional<cel::Value> parse_duration(std::string_view text) {
  auto parsed = timeutil::parse_duration(text, timeutil::DurationUnits::WithDays);
  if (!parsed.ok()) return std::nullopt;
  return cel::Value::duration(parsed->seconds, parsed->nanos);
}

std::optional<cel::Value> parse_rfc3339(std::string_view text) {
  auto parsed = timeutil::parse_rfc3339(text);
  if (!parsed.ok()) return std::nullopt;
  return cel::Value::timestamp(parsed->seconds, parsed->nanos);
}

}  // namespace vigil::policy_detail
