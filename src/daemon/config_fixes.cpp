// vigil.yaml `fixes:` (config.h FixesConfig, docs/autofix.md).
#include <fmt/format.h>

#include "connectors/aws_live/accounts.h"
#include "daemon/config_reader.h"

namespace vigil::daemon::detail {

void ConfigReader::read_fixes(const YAML::Node& key, const YAML::Node& value, Config& config) {
  FixesConfig& f = config.fixes;
  for_keys(value, &key, "'fixes'",
           {"enabled", "mode", "accounts", "profile", "role", "external_id", "endpoint_url",
            "autofix", "flow_logs"},
           [&](const YAML::Node& k, const YAML::Node& v) {
             const std::string& name = k.Scalar();
             if (name == "enabled") {
               read_bool(k, v, f.enabled);
             } else if (name == "mode") {
               std::string mode;
               if (!read_string(k, v, mode, false)) return;
               if (mode != "dry-run" && mode != "apply") {
                 error(at(v), fmt::format("'mode' must be dry-run or apply, got '{}'", mode),
                       "dry-run records plans and sends nothing; apply makes the calls");
                 return;
               }
               f.dry_run = mode == "dry-run";
             } else if (name == "autofix") {
               read_autofix(k, v, f.autofix);
             } else if (name == "flow_logs") {
               read_flow_logs(k, v, f.flow_logs);
             } else if (name == "accounts") {
               read_account_ids(k, v, f.accounts);
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

// `fixes: flow_logs:` (config.h FlowLogsConfig): one destination, whole.
void ConfigReader::read_flow_logs(const YAML::Node& key, const YAML::Node& value,
                                  FlowLogsConfig& logs) {
  for_keys(value, &key, "'flow_logs'", {"log_group", "role_arn", "s3_arn", "traffic_type"},
           [&](const YAML::Node& k, const YAML::Node& v) {
             std::string text;
             if (!read_string(k, v, text, false)) return;
             const std::string& name = k.Scalar();
             if (name == "log_group") logs.log_group = text;
             if (name == "role_arn") {
               if (!text.starts_with("arn:") || text.find(":iam::") == std::string::npos ||
                   text.find(":role/") == std::string::npos) {
                 error(at(v), fmt::format("'role_arn' must be an IAM role ARN, got '{}'", text),
                       "write e.g. `role_arn: arn:aws:iam::123456789012:role/flow-logs`");
                 return;
               }
               logs.role_arn = text;
             }
             if (name == "s3_arn") {
               if (!text.starts_with("arn:") || text.find(":s3:::") == std::string::npos) {
                 error(at(v), fmt::format("'s3_arn' must be an S3 bucket ARN, got '{}'", text),
                       "write e.g. `s3_arn: arn:aws:s3:::acme-flow-logs/vpc/`");
                 return;
               }
               logs.s3_arn = text;
             }
             if (name == "traffic_type") {
               if (text != "ALL" && text != "ACCEPT" && text != "REJECT") {
                 error(at(v),
                       fmt::format("'traffic_type' must be ALL, ACCEPT or REJECT, got '{}'", text),
                       "ALL logs accepted and rejected traffic");
                 return;
               }
               logs.traffic_type = text;
             }
           });
  if (!logs.log_group.empty() && !logs.s3_arn.empty())
    error(at(value), "'flow_logs' names two destinations (log_group and s3_arn)",
          "keep one: a CloudWatch Logs group with role_arn, or an S3 bucket ARN");
  else if (!logs.log_group.empty() && logs.role_arn.empty())
    error(at(value), "'flow_logs' log_group needs role_arn (the role that delivers to it)",
          "write e.g. `role_arn: arn:aws:iam::123456789012:role/flow-logs`");
  else if (logs.log_group.empty() && !logs.role_arn.empty())
    error(at(value), "'flow_logs' role_arn is given without log_group",
          "role_arn is for a CloudWatch Logs destination: add `log_group:`");
}

// `fixes: autofix:` (fix/autofix_settings.h).
void ConfigReader::read_autofix(const YAML::Node& key, const YAML::Node& value,
                                fix::AutofixSettings& a) {
  for_keys(
      value, &key, "'autofix'",
      {"policies", "accounts", "groups", "reminders", "limits", "exception_help", "retry_after"},
      [&](const YAML::Node& k, const YAML::Node& v) {
        const std::string& name = k.Scalar();
        if (name == "policies") {
          read_string_list(k, v, a.policies);
        } else if (name == "groups") {
          read_string_list(k, v, a.groups);
        } else if (name == "accounts") {
          read_account_ids(k, v, a.accounts);
        } else if (name == "reminders") {
          if (!v.IsSequence()) {
            error(at(v.IsNull() ? k : v), "'reminders' must be a list of durations",
                  "write e.g. `reminders: [12h, 1h]` (before the deadline)");
            return;
          }
          a.reminders.clear();
          for (const YAML::Node& item : v) {
            Seconds s{0};
            if (!read_duration(k, item, s)) continue;
            if (s.count() <= 0) {
              error(at(item), "a reminder must be a positive duration", "write e.g. `1h`");
              continue;
            }
            a.reminders.push_back(s);
          }
        } else if (name == "limits") {
          for_keys(v, &k, "'limits'", {"per_run", "per_hour", "per_account_per_hour"},
                   [&](const YAML::Node& lk, const YAML::Node& lv) {
                     double n = 0;
                     if (!read_number(lk, lv, n)) return;
                     if (n != static_cast<double>(static_cast<size_t>(n))) {
                       error(at(lv), fmt::format("'{}' must be a whole number", lk.Scalar()),
                             "write e.g. `per_hour: 20`");
                       return;
                     }
                     size_t count = static_cast<size_t>(n);
                     if (lk.Scalar() == "per_run") a.limits.per_run = count;
                     if (lk.Scalar() == "per_hour") a.limits.per_hour = count;
                     if (lk.Scalar() == "per_account_per_hour")
                       a.limits.per_account_per_hour = count;
                   });
        } else if (name == "exception_help") {
          read_string(k, v, a.exception_help, false);
        } else if (name == "retry_after") {
          Seconds s{0};
          if (read_duration(k, v, s)) {
            if (s.count() <= 0)
              error(at(v), "'retry_after' must be a positive duration", "write e.g. `15m`");
            else
              a.retry_after = s;
          }
        }
      });
}

}  // namespace vigil::daemon::detail
