// vigil.yaml `fixes:` (config.h FixesConfig, docs/autofix.md).
#include <fmt/format.h>

#include "connectors/aws_live/accounts.h"
#include "daemon/config_reader.h"

namespace vigil::daemon::detail {

void ConfigReader::read_fixes(const YAML::Node& key, const YAML::Node& value, Config& config) {
  FixesConfig& f = config.fixes;
  for_keys(value, &key, "'fixes'",
           {"enabled", "mode", "accounts", "profile", "role", "external_id", "endpoint_url"},
           [&](const YAML::Node& k, const YAML::Node& v) {
             const std::string& name = k.Scalar();
             if (name == "enabled") {
               if (!v.IsScalar() || (v.Scalar() != "true" && v.Scalar() != "false")) {
                 error(at(v), "'enabled' must be true or false", "write `enabled: true`");
                 return;
               }
               f.enabled = v.Scalar() == "true";
             } else if (name == "mode") {
               std::string mode;
               if (!read_string(k, v, mode, false)) return;
               if (mode != "dry-run" && mode != "apply") {
                 error(at(v), fmt::format("'mode' must be dry-run or apply, got '{}'", mode),
                       "dry-run records plans and sends nothing; apply makes the calls");
                 return;
               }
               f.dry_run = mode == "dry-run";
             } else if (name == "accounts") {
               std::vector<std::string> ids;
               if (!read_string_list(k, v, ids)) return;
               for (const std::string& id : ids)
                 if (!aws::is_account_id(id)) {
                   error(at(v), fmt::format("'accounts' holds '{}', not a 12-digit account id", id),
                         "quote account ids so YAML keeps their leading zeros: [\"012345678901\"]");
                   return;
                 }
               f.accounts = ids;
             } else {
               std::string text;
               if (!read_string(k, v, text, false)) return;
               if (name == "profile") f.profile = text;
               if (name == "role") f.role = text;
               if (name == "external_id") f.external_id = text;
               if (name == "endpoint_url") f.endpoint_url = text;
             }
           });
}

}  // namespace vigil::daemon::detail
