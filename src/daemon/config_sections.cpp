// vigil.yaml: policies, groups, exceptions and scoring.
#include <fmt/format.h>

#include "core/time_text.h"

#include "core/suggest.h"
#include "daemon/config_reader.h"

namespace vigil::daemon::detail {

namespace {

const std::vector<std::string> kSeverities = {"critical", "high", "medium", "low", "info"};
const std::vector<std::string> kCategories = {"security", "governance", "cost", "tagging", "operations"};

}  // namespace

nlohmann::json yaml_to_json(const YAML::Node& node) {
  if (node.IsSequence()) {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& item : node) out.push_back(yaml_to_json(item));
    return out;
  }
  if (node.IsMap()) {
    nlohmann::json out = nlohmann::json::object();
    for (auto it = node.begin(); it != node.end(); ++it) {
      const YAML::Node k = it->first, v = it->second;
      out[k.IsScalar() ? k.Scalar() : "?"] = yaml_to_json(v);
    }
    return out;
  }
  if (!node.IsScalar()) return nullptr;
  const std::string& s = node.Scalar();
  if (node.Tag() == "!") return s;  // quoted: always a string
  if (s == "true" || s == "false") return s == "true";
  if (s == "null" || s == "~") return nullptr;
  try {
    size_t used = 0;
    long long i = std::stoll(s, &used);
    if (used == s.size()) return i;
    double d = std::stod(s, &used);
    if (used == s.size()) return d;
  } catch (const std::exception&) {
  }
  return s;
}

void ConfigReader::read_policies(const YAML::Node& key, const YAML::Node& value, Config& config) {
  PoliciesConfig& p = config.policies;
  for_keys(value, &key, "'policies'", {"paths", "params", "disable", "enable", "severity"},
           [&](const YAML::Node& k, const YAML::Node& v) {
             const std::string& name = k.Scalar();
             if (name == "paths") {
               std::vector<std::string> paths;
               if (!read_string_list(k, v, paths)) return;
               for (std::string& path : paths) {
                 path = resolve(path);
                 if (!std::filesystem::exists(path))
                   error(at(v), fmt::format("policy path {} does not exist", path),
                         "paths are relative to this file; list policy files or folders (*.yaml)");
               }
               p.paths = std::move(paths);
             }
             if (name == "disable" || name == "enable") {
               std::vector<std::string> ids;
               if (!read_string_list(k, v, ids)) return;
               (name == "disable" ? p.disable : p.enable).insert(ids.begin(), ids.end());
               auto& places = name == "disable" ? p.places.disable : p.places.enable;
               if (v.IsSequence())
                 for (const auto& item : v)
                   if (item.IsScalar()) places.emplace(item.Scalar(), at(item));
             }
             if (name == "params") {
               if (!v.IsMap()) {
                 error(at(v.IsNull() ? k : v), "'params' must be a map of POLICY_ID.PARAM: value",
                       "write e.g.\n  params:\n    aws-iam-access-key-age.max_age_days: 60");
                 return;
               }
               for (auto it = v.begin(); it != v.end(); ++it) {
                 const YAML::Node pk = it->first, pv = it->second;
                 std::string dotted = pk.IsScalar() ? pk.Scalar() : "";
                 size_t dot = dotted.rfind('.');
                 if (dot == std::string::npos || dot == 0 || dot + 1 == dotted.size()) {
                   error(at(pk), fmt::format("parameter override '{}' must be POLICY_ID.PARAM", dotted),
                         "write e.g. `aws-iam-access-key-age.max_age_days: 60`");
                   continue;
                 }
                 p.params[dotted.substr(0, dot)][dotted.substr(dot + 1)] = yaml_to_json(pv);
                 p.places.params[dotted.substr(0, dot)][dotted.substr(dot + 1)] = at(pk);
               }
             }
             if (name == "severity") {
               if (!v.IsMap()) {
                 error(at(v.IsNull() ? k : v), "'severity' must be a map of POLICY_ID: severity",
                       "write e.g.\n  severity:\n    aws-s3-bucket-versioning: low");
                 return;
               }
               for (auto it = v.begin(); it != v.end(); ++it) {
                 const YAML::Node pk = it->first, pv = it->second;
                 std::string level = pv.IsScalar() ? pv.Scalar() : "";
                 auto severity = parse_severity(level);
                 if (!severity) {
                   std::string guess = closest(level, kSeverities);
                   error(at(pv.IsNull() ? pk : pv), fmt::format("'{}' is not a severity", level),
                         guess.empty() ? fmt::format("severities are: {}", join(kSeverities))
                                       : fmt::format("did you mean '{}'?", guess));
                   continue;
                 }
                 p.severity[pk.Scalar()] = *severity;
                 p.places.severity.emplace(pk.Scalar(), at(pk));
               }
             }
           });
}

void ConfigReader::read_groups(const YAML::Node& key, const YAML::Node& value, Config& config) {
  if (!expect_list(key, value, "name: prod\n      accounts: [\"111111111111\"]")) return;
  for (const auto& entry : value) {
    GroupConfig group;
    group.pos = at(entry);
    group.criteria = nlohmann::json::object();
    size_t before = error_count();
    for_keys(entry, nullptr, "a group",
             {"name", "description", "accounts", "regions", "types", "tags", "condition"},
             [&](const YAML::Node& k, const YAML::Node& v) {
               const std::string& name = k.Scalar();
               if (name == "name") read_name(k, v, group.name, "group");
               if (name == "description") read_string(k, v, group.description);
               if (name == "accounts" || name == "regions" || name == "types") {
                 std::vector<std::string> items;
                 if (read_string_list(k, v, items)) group.criteria[name] = items;
               }
               if (name == "tags") {
                 if (!v.IsMap()) {
                   error(at(v.IsNull() ? k : v), "'tags' must be a map of tag key: value",
                         "write e.g. `tags: {env: prod}`; use \"*\" to require only the key");
                   return;
                 }
                 nlohmann::json tags = nlohmann::json::object();
                 for (auto it = v.begin(); it != v.end(); ++it) {
                   const YAML::Node tk = it->first, tv = it->second;
                   if (!tk.IsScalar() || !tv.IsScalar()) {
                     error(at(tk), "tag keys and values must be strings", "write e.g. `tags: {env: prod}`");
                     continue;
                   }
                   tags[tk.Scalar()] = tv.Scalar();
                 }
                 group.criteria["tags"] = tags;
               }
               if (name == "condition") {
                 std::string text;
                 if (!read_string(k, v, text, false)) return;
                 check_condition(v, text);
                 group.criteria["condition"] = text;
               }
             });
    if (!entry.IsMap()) continue;
    if (group.name.empty() && error_count() == before) {
      error(group.pos, "a group needs a name", "add `name: <group name>`");
      continue;
    }
    for (const GroupConfig& other : config.groups)
      if (other.name == group.name)
        error(group.pos,
              fmt::format("duplicate group name '{}' (first defined at {}:{}:{})", group.name, other.pos.file,
                          other.pos.line, other.pos.column),
              "group names must be unique");
    config.groups.push_back(std::move(group));
  }
}

void ConfigReader::read_exceptions(const YAML::Node& key, const YAML::Node& value, Config& config) {
  for_keys(value, &key, "'exceptions'", {"max_duration", "sticky"}, [&](const YAML::Node& k, const YAML::Node& v) {
    if (k.Scalar() == "max_duration") {
      Seconds s{0};
      if (!read_duration(k, v, s)) return;
      if (s.count() <= 0) {
        error(at(v), "'max_duration' must be longer than 0s", "write e.g. `max_duration: 90d`");
        return;
      }
      config.exception_max_duration = s;
      return;
    }
    if (!expect_list(k, v, "policies: [aws-s3-bucket-versioning]\n      group: sandbox\n      ...")) return;
    for (const auto& entry : v) read_sticky(entry, config);
  });
  // An exception may not last longer than max_duration from when it is
  // granted (at the next `vigil serve`): one that already does is an
  // error here, at its line, not a refusal in the log later.
  const auto now = std::chrono::system_clock::now();
  for (const StickyExceptionConfig& e : config.exceptions)
    if (e.expires > now + config.exception_max_duration)
      error(e.expires_pos,
            fmt::format("this exception expires more than exceptions.max_duration ({}) from now",
                        format_span(config.exception_max_duration)),
            "expire it sooner, or raise `exceptions: max_duration:`");
}

void ConfigReader::read_sticky(const YAML::Node& entry, Config& config) {
  StickyExceptionConfig e;
  e.pos = at(entry);
  size_t before = error_count();
  bool has_expires = false;
  for_keys(entry, nullptr, "a sticky exception",
           {"policies", "category", "severity", "group", "condition", "reason", "requested_by", "granted_by",
            "ticket", "expires"},
           [&](const YAML::Node& k, const YAML::Node& v) {
             const std::string& name = k.Scalar();
             if (name == "policies") read_string_list(k, v, e.policies);
             if (name == "category" && read_string(k, v, e.category, false) && !parse_category(e.category)) {
               std::string guess = closest(e.category, kCategories);
               error(at(v), fmt::format("'{}' is not a category", e.category),
                     guess.empty() ? fmt::format("categories are: {}", join(kCategories))
                                   : fmt::format("did you mean '{}'?", guess));
             }
             if (name == "severity" && read_string(k, v, e.severity, false) && !parse_severity(e.severity)) {
               std::string guess = closest(e.severity, kSeverities);
               error(at(v), fmt::format("'{}' is not a severity", e.severity),
                     guess.empty() ? fmt::format("severities are: {}", join(kSeverities))
                                   : fmt::format("did you mean '{}'?", guess));
             }
             if (name == "group") read_string(k, v, e.group, false);
             if (name == "condition" && read_string(k, v, e.condition, false)) check_condition(v, e.condition);
             if (name == "reason") read_string(k, v, e.reason, false);
             if (name == "requested_by") read_string(k, v, e.requested_by, false);
             if (name == "granted_by") read_string(k, v, e.granted_by, false);
             if (name == "ticket") read_string(k, v, e.ticket, false);
             if (name == "expires") {
               has_expires = read_time(k, v, e.expires);
               e.expires_pos = at(v);
             }
           });
  if (!entry.IsMap() || error_count() != before) return;
  if (e.policies.empty() && e.category.empty() && e.severity.empty())
    error(e.pos, "a sticky exception needs a policy selector",
          "add `policies: [ids]`, `category: <category>` or `severity: <severity>`");
  if (e.group.empty() && e.condition.empty())
    error(e.pos, "a sticky exception needs an asset matcher",
          "add `group: <group name>` or `condition: <CEL over resource>`");
  if (e.reason.empty() || e.granted_by.empty())
    error(e.pos, "a sticky exception needs a reason and who granted it",
          "add `reason: <why the risk is accepted>` and `granted_by: <who>`");
  if (!has_expires)
    error(e.pos, "a sticky exception needs an expiry", "add `expires: 2027-03-31` (within exceptions.max_duration)");
  if (!e.group.empty()) {
    bool known = false;
    for (const GroupConfig& g : config.groups) known |= g.name == e.group;
    if (!known)  // it may be defined with `vigil groups add`
      warning(e.pos, fmt::format("group '{}' is not defined in this file", e.group),
              "define it under `groups:` or with `vigil groups add`; until it exists the exception exempts nothing");
  }
  config.exceptions.push_back(std::move(e));
}

void ConfigReader::read_weights(const YAML::Node& key, const YAML::Node& value,
                                std::map<std::string, double, std::less<>>& weights,
                                const std::vector<std::string>& names) {
  for_keys(value, &key, fmt::format("'scoring.{}'", key.Scalar()), names,
           [&](const YAML::Node& k, const YAML::Node& v) {
             double w = 0;
             if (read_number(k, v, w)) weights[k.Scalar()] = w;
           });
}

void ConfigReader::read_scoring(const YAML::Node& key, const YAML::Node& value, Config& config) {
  for_keys(value, &key, "'scoring'", {"severity", "category"}, [&](const YAML::Node& k, const YAML::Node& v) {
    if (k.Scalar() == "severity") read_weights(k, v, config.scoring.severity, kSeverities);
    if (k.Scalar() == "category") read_weights(k, v, config.scoring.category, kCategories);
  });
}

}  // namespace vigil::daemon::detail
