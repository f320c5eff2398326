// The vigil.yaml reader (private to daemon/): one method per section,
// every problem reported as a Diagnostic through the YAML kit's YamlContext, so
// config errors look exactly like policy errors (file:line:col, caret, hint).
#pragma once

#include <yaml-cpp/yaml.h>

#include <filesystem>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "daemon/config.h"
#include "yaml/context.h"

namespace vigil::daemon::detail {

class ConfigReader : public yaml::YamlContext {
 public:
  ConfigReader(std::string_view text, const std::string& file, std::vector<Diagnostic>& diags)
      : YamlContext(text, file, diags),
        base_(std::filesystem::path(file).parent_path()) {}

  void read(Config& config);

 private:
  using Handler = std::function<void(const YAML::Node& key, const YAML::Node& value)>;
  // Visits the keys of `map` (a map, else an error naming `where`), reporting
  // duplicate and unknown keys; `handle` gets the allowed ones.
  void for_keys(const YAML::Node& map, const YAML::Node* owner_key, std::string_view where,
                const std::vector<std::string>& allowed, const Handler& handle);
  // Each entry of a list section (a list, else an error).
  bool expect_list(const YAML::Node& key, const YAML::Node& value, std::string_view example);

  std::string resolve(const std::string& path) const;
  bool read_duration(const YAML::Node& key, const YAML::Node& value, Seconds& out);
  bool read_time(const YAML::Node& key, const YAML::Node& value, Time& out);
  bool read_name(const YAML::Node& key, const YAML::Node& value, std::string& out, std::string_view what);
  // A list of 12-digit AWS account ids (`accounts:` of company, fixes, autofix).
  bool read_account_ids(const YAML::Node& key, const YAML::Node& value,
                        std::vector<std::string>& out);
  bool read_number(const YAML::Node& key, const YAML::Node& value, double& out);
  // true or false; else an error at the value with `fix` (default "write `KEY: true`").
  bool read_bool(const YAML::Node& key, const YAML::Node& value, bool& out,
                 std::string_view fix = {});
  void check_condition(const YAML::Node& value, const std::string& text);

  // config_reader.cpp
  void read_store(const YAML::Node& key, const YAML::Node& value, Config& config);
  void read_sources(const YAML::Node& key, const YAML::Node& value, Config& config);
  void read_source(const YAML::Node& entry, Config& config);
  void warn_overlapping_sources(const Config& config);
  void read_cadence(const YAML::Node& key, const YAML::Node& value, Cadence& cadence);
  void read_server(const YAML::Node& key, const YAML::Node& value, Config& config);
  void read_company(const YAML::Node& key, const YAML::Node& value, Config& config);
  void read_limits(const YAML::Node& key, const YAML::Node& value, Config& config);
  // config_workers.cpp
  void read_workers(const YAML::Node& key, const YAML::Node& value, Config& config);
  // config_fixes.cpp
  void read_fixes(const YAML::Node& key, const YAML::Node& value, Config& config);
  void read_flow_logs(const YAML::Node& key, const YAML::Node& value, FlowLogsConfig& logs);
  void read_autofix(const YAML::Node& key, const YAML::Node& value, fix::AutofixSettings& out);
  // config_aws_source.cpp: the keys only sources of kind aws take.
  struct AwsKeys {
    std::map<std::string, YAML::Node> keys, values;  // key name -> its key / value node
    std::optional<YAML::Node> first;                 // the first one given
  };
  static bool is_aws_key(const std::string& name);
  void read_aws_key(const YAML::Node& key, const YAML::Node& value, SourceConfig& source, AwsKeys& keys);
  // The cross-key checks of a kind aws source (one account selection, a role for several accounts, ...).
  void check_aws_source(const SourceConfig& source, const AwsKeys& keys);
  // config_sections.cpp
  void read_policies(const YAML::Node& key, const YAML::Node& value, Config& config);
  void read_groups(const YAML::Node& key, const YAML::Node& value, Config& config);
  void read_exceptions(const YAML::Node& key, const YAML::Node& value, Config& config);
  void read_sticky(const YAML::Node& entry, Config& config);
  void read_scoring(const YAML::Node& key, const YAML::Node& value, Config& config);
  void read_weights(const YAML::Node& key, const YAML::Node& value,
                    std::map<std::string, double, std::less<>>& weights, const std::vector<std::string>& names);

  // config_notifications.cpp
  void read_notifications(const YAML::Node& key, const YAML::Node& value, Config& config);
  void read_email(const YAML::Node& key, const YAML::Node& value, notify::Settings& settings);
  void read_webhooks(const YAML::Node& key, const YAML::Node& value, notify::Settings& settings);
  bool read_addresses(const YAML::Node& key, const YAML::Node& value,
                      std::vector<std::string>& out);

  // config_auth.cpp
  void read_auth(const YAML::Node& key, const YAML::Node& value, Config& config);
  void read_oidc(const YAML::Node& key, const YAML::Node& value, Config& config);
  bool read_claim_map(const YAML::Node& key, const YAML::Node& value,
                      std::vector<std::pair<std::string, YAML::Node>>& out);
  // After every section: group_map's groups are defined under `groups:`.
  void check_oidc_groups(const Config& config);

  std::filesystem::path base_;
  std::vector<std::pair<std::string, SourcePos>> oidc_groups_;  // group_map values, where written
};

// A YAML scalar / list / map as JSON (scalars typed: int, float, bool, null, string).
nlohmann::json yaml_to_json(const YAML::Node& node);

}  // namespace vigil::daemon::detail
