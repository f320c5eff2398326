// Helpers shared by the fix action files (actions.h).
#include <fmt/format.h>

#include "fix/actions.h"

namespace vigil::fix {

bool part_failed(const Target& target, std::string_view part) {
  auto errors = target.asset.find("errors");
  if (errors == target.asset.end() || !errors->is_array()) return false;
  for (const auto& e : *errors) {
    std::string failed = e.value("part", "");
    // "config" fails everything; "config.A" fails config.A and config.A.B.
    if (failed == part ||
        (part.starts_with(failed) && part.size() > failed.size() && part[failed.size()] == '.'))
      return true;
    if (failed.starts_with(part) && failed.size() > part.size() && failed[part.size()] == '.')
      return true;
  }
  return false;
}

Result<std::string> config_string(const Target& target, std::string_view key) {
  const auto& config = target.config();
  auto it = config.find(std::string(key));
  if (it == config.end() || !it->is_string() || it->get<std::string>().empty())
    return missing_data(fmt::format("{}: config.{} is not in the collected asset", target.id, key));
  return it->get<std::string>();
}

}  // namespace vigil::fix
