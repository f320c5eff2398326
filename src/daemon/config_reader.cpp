// vigil.yaml: the top level, store, sources (with cadence) and server.
#include "daemon/config_reader.h"

#include <fmt/format.h>

#include <filesystem>
#include <set>

#include "connectors/aws_live/accounts.h"
#include "core/suggest.h"
#include "core/time_text.h"
#include "tracker/asset_condition.h"
#include "yaml/load.h"

namespace vigil::daemon::detail {

namespace {

const std::vector<std::string> kTopKeys = {
    "store",   "sources", "policies",      "groups", "exceptions", "scoring", "server",
    "company", "limits",  "notifications", "auth",   "fixes",      "workers"};
const std::vector<std::string> kSourceKeys = {
    "name",    "kind",        "path",         "cadence",       "profile",
    "role",    "external_id", "accounts",     "accounts_file", "org",
    "regions", "types",       "endpoint_url", "botocore_data", "concurrency"};
const std::vector<std::string> kKinds = {"capture", "aws-config", "inventory", "aws"};

}  // namespace

void ConfigReader::read(Config& config) {
  yaml::YamlDocument loaded = yaml::load(text_);
  if (loaded.problem) {
    const yaml::YamlProblem& p = *loaded.problem;
    error(SourcePos{file_, p.line, p.column}, p.message, p.hint, yaml::problem_code(p.kind));
    return;
  }
  const YAML::Node& doc = loaded.root;
  if (doc.IsNull()) return;  // an empty file: every default
  if (!doc.IsMap()) {
    error(at(doc), "vigil.yaml must be a map of sections",
          fmt::format("start with one of: {} (see docs/configuration.md)", join(kTopKeys)));
    return;
  }
  for_keys(doc, nullptr, "vigil.yaml", kTopKeys,
           [&](const YAML::Node& key, const YAML::Node& value) {
             const std::string& name = key.Scalar();
             if (name == "store") read_store(key, value, config);
             if (name == "sources") read_sources(key, value, config);
             if (name == "policies") read_policies(key, value, config);
             if (name == "groups") read_groups(key, value, config);
             if (name == "exceptions") read_exceptions(key, value, config);
             if (name == "scoring") read_scoring(key, value, config);
             if (name == "server") read_server(key, value, config);
             if (name == "company") read_company(key, value, config);
             if (name == "limits") read_limits(key, value, config);
             if (name == "notifications") read_notifications(key, value, config);
             if (name == "auth") read_auth(key, value, config);
             if (name == "fixes") read_fixes(key, value, config);
             if (name == "workers") read_workers(key, value, config);
           });
  check_oidc_groups(config);
}

void ConfigReader::for_keys(const YAML::Node& map, const YAML::Node* owner_key,
                            std::string_view where, const std::vector<std::string>& allowed,
                            const Handler& handle) {
  if (!map.IsMap()) {
    error(at(map.IsNull() && owner_key ? *owner_key : map),
          fmt::format("{} must be a map of keys", where),
          fmt::format("write the keys indented below it; allowed keys are: {}", join(allowed)));
    return;
  }
  std::set<std::string> seen;
  for (auto it = map.begin(); it != map.end(); ++it) {
    const YAML::Node key = it->first;  // copies: `it->` is a temporary proxy
    const YAML::Node value = it->second;
    if (!key.IsScalar()) {
      error(at(key), fmt::format("keys of {} must be plain names", where),
            "see docs/configuration.md");
      continue;
    }
    if (!seen.insert(key.Scalar()).second) {
      error(at(key), fmt::format("duplicate key '{}' in {}", key.Scalar(), where),
            "remove one of the two entries");
      continue;
    }
    if (std::find(allowed.begin(), allowed.end(), key.Scalar()) == allowed.end()) {
      unknown_key(key, where, allowed);
      continue;
    }
    handle(key, value);
  }
}

bool ConfigReader::expect_list(const YAML::Node& key, const YAML::Node& value,
                               std::string_view example) {
  if (value.IsSequence()) return true;
  if (value.IsNull()) return false;  // an empty section
  error(at(value), fmt::format("'{}' must be a list", key.Scalar()),
        fmt::format("write one `- ` entry per item, e.g.\n  {}:\n    - {}", key.Scalar(), example));
  return false;
}

std::string ConfigReader::resolve(const std::string& path) const {
  std::filesystem::path p(path);
  if (p.is_absolute() || base_.empty()) return p.lexically_normal().string();
  return (base_ / p).lexically_normal().string();
}

bool ConfigReader::read_duration(const YAML::Node& key, const YAML::Node& value, Seconds& out) {
  if (!value.IsScalar()) {
    error(at(value.IsNull() ? key : value), fmt::format("'{}' must be a duration", key.Scalar()),
          fmt::format("write e.g. `{}: 6h` (units s, m, h, d, w; sums like 1h30m)", key.Scalar()));
    return false;
  }
  auto d = parse_span(value.Scalar());
  if (!d.ok()) {
    error(at(value), fmt::format("'{}': {}", key.Scalar(), d.error().message),
          fmt::format("write e.g. `{}: 6h` (units s, m, h, d, w; sums like 1h30m)", key.Scalar()));
    return false;
  }
  out = *d;
  return true;
}

bool ConfigReader::read_time(const YAML::Node& key, const YAML::Node& value, Time& out) {
  auto t = value.IsScalar() ? parse_time(value.Scalar()) : Result<Time>(Error{});
  if (!t.ok()) {
    error(
        at(value.IsNull() ? key : value),
        fmt::format("'{}' must be a time{}", key.Scalar(),
                    value.IsScalar() ? ", got '" + value.Scalar() + "'" : ""),
        fmt::format("write RFC 3339 or a date, e.g. `{}: 2027-03-31T00:00:00Z` or `{}: 2027-03-31`",
                    key.Scalar(), key.Scalar()));
    return false;
  }
  out = *t;
  return true;
}

bool ConfigReader::read_name(const YAML::Node& key, const YAML::Node& value, std::string& out,
                             std::string_view what) {
  if (!read_string(key, value, out, false)) return false;
  if (!is_valid_name(out)) {
    error(at(value), fmt::format("invalid {} name '{}'", what, out),
          "use letters, digits and - _ . only, e.g. `prod-estate`");
    return false;
  }
  return true;
}

bool ConfigReader::read_bool(const YAML::Node& key, const YAML::Node& value, bool& out,
                             std::string_view fix) {
  if (value.IsScalar() && (value.Scalar() == "true" || value.Scalar() == "false")) {
    out = value.Scalar() == "true";
    return true;
  }
  error(at(value.IsNull() ? key : value), fmt::format("'{}' must be true or false", key.Scalar()),
        fix.empty() ? fmt::format("write `{}: true`", key.Scalar()) : std::string(fix));
  return false;
}

bool ConfigReader::read_number(const YAML::Node& key, const YAML::Node& value, double& out) {
  try {
    if (value.IsScalar()) {
      out = value.as<double>();
      if (out >= 0) return true;
    }
  } catch (const YAML::Exception&) {
  }
  error(at(value.IsNull() ? key : value), fmt::format("'{}' must be a number >= 0", key.Scalar()),
        fmt::format("write e.g. `{}: 10`", key.Scalar()));
  return false;
}

void ConfigReader::check_condition(const YAML::Node& value, const std::string& text) {
  auto compiled = tracker::AssetCondition::compile(text);
  if (compiled.ok()) return;
  SourceText located = cel_text(value);
  error(located.position_of(compiled.error().offset), compiled.error().message,
        "a condition is CEL over `resource` (docs/policy-language.md), e.g. `resource.tags.env == "
        "\"prod\"`");
}

void ConfigReader::read_store(const YAML::Node& key, const YAML::Node& value, Config& config) {
  std::string location;
  if (!read_string(key, value, location, false)) return;
  if (location.rfind("postgresql://", 0) == 0 || location.rfind("postgres://", 0) == 0) {
    config.store = location;
  } else if (location.rfind("sqlite:", 0) == 0) {
    config.store = "sqlite:" + resolve(location.substr(7));
  } else {
    config.store = resolve(location);
  }
}

void ConfigReader::read_server(const YAML::Node& key, const YAML::Node& value, Config& config) {
  for_keys(value, &key, "'server'", {"listen"}, [&](const YAML::Node& k, const YAML::Node& v) {
    std::string listen;
    if (!read_string(k, v, listen, false)) return;
    size_t colon = listen.rfind(':');
    bool ok = colon != std::string::npos && colon + 1 < listen.size() &&
              listen.find_first_not_of("0123456789", colon + 1) == std::string::npos &&
              std::stoul(listen.substr(colon + 1).substr(0, 6)) <= 65535;
    if (!ok) {
      error(at(v), fmt::format("'listen' must be HOST:PORT, got '{}'", listen),
            "write e.g. `listen: 127.0.0.1:8080` (0.0.0.0:8080 for every interface)");
      return;
    }
    config.server.listen = listen;
  });
}

void ConfigReader::read_company(const YAML::Node& key, const YAML::Node& value, Config& config) {
  for_keys(value, &key, "'company'", {"organization", "accounts"},
           [&](const YAML::Node& k, const YAML::Node& v) {
             if (k.Scalar() == "organization") {
               std::string id;
               if (!read_string(k, v, id, false)) return;
               if (!is_organization_id(id)) {
                 error(at(v),
                       fmt::format("'organization' must be an AWS Organizations id, got '{}'", id),
                       "write e.g. `organization: o-a1b2c3d4e5` (aws organizations "
                       "describe-organization)");
                 return;
               }
               config.company.organization = id;
             } else {
               read_account_ids(k, v, config.company.accounts);
             }
           });
}

bool ConfigReader::read_account_ids(const YAML::Node& key, const YAML::Node& value,
                                    std::vector<std::string>& out) {
  std::vector<std::string> ids;
  if (!read_string_list(key, value, ids)) return false;
  for (const std::string& id : ids)
    if (!aws::is_account_id(id)) {
      error(at(value), fmt::format("'accounts' holds '{}', not a 12-digit account id", id),
            "quote account ids so YAML keeps their leading zeros: [\"012345678901\"]");
      return false;
    }
  out = std::move(ids);
  return true;
}

void ConfigReader::read_limits(const YAML::Node& key, const YAML::Node& value, Config& config) {
  std::vector<std::string> names;
  for (const LimitInfo& info : limit_table()) names.emplace_back(info.name);
  for_keys(value, &key, "'limits'", names, [&](const YAML::Node& k, const YAML::Node& v) {
    std::string text;
    if (!read_string(k, v, text, false)) return;
    if (Status set = set_limit(config.limits, k.Scalar(), text); !set.ok())
      error(at(v), set.error().message,
            "limits are positive whole numbers; sizes may end in KiB, MiB or GiB (docs/limits.md)");
  });
}

void ConfigReader::read_sources(const YAML::Node& key, const YAML::Node& value, Config& config) {
  if (!expect_list(key, value,
                   "name: prod\n      kind: capture\n      path: captures/prod\n      cadence: "
                   "{interval: 6h}"))
    return;
  for (const auto& entry : value) read_source(entry, config);
  warn_overlapping_sources(config);
}

namespace {

// The accounts a source names without reading its data: the account
// folders of a capture, the `accounts:` of an aws source. Empty when that
// cannot be known cheaply (an inventory file, AWS Config, --org).
std::set<std::string> accounts_named(const SourceConfig& source) {
  std::set<std::string> out;
  if (source.kind == SourceKind::Aws) {
    out.insert(source.accounts.begin(), source.accounts.end());
  } else if (source.kind == SourceKind::Capture) {
    std::error_code ec;
    for (const auto& entry : std::filesystem::directory_iterator(source.path, ec)) {
      std::string name = entry.path().filename().string();
      if (entry.is_directory(ec) && name.size() == 12 &&
          name.find_first_not_of("0123456789") == std::string::npos)
        out.insert(name);
    }
  }
  return out;
}

}  // namespace

// Two sources over the same resources: each resource belongs to the first
// that records it and the other's scans leave it alone (docs/store.md), so
// say so where the second one is defined.
void ConfigReader::warn_overlapping_sources(const Config& config) {
  std::vector<std::set<std::string>> accounts;
  for (const SourceConfig& s : config.sources) accounts.push_back(accounts_named(s));
  for (size_t j = 1; j < config.sources.size(); ++j)
    for (size_t i = 0; i < j; ++i) {
      const SourceConfig &a = config.sources[i], &b = config.sources[j];
      std::string shared;
      if (!a.path.empty() && a.path == b.path) {
        shared = "the same path " + a.path;
      } else {
        for (const std::string& id : accounts[j])
          if (accounts[i].count(id)) {
            shared = "account " + id;
            break;
          }
      }
      if (shared.empty()) continue;
      warning(b.pos,
              fmt::format("sources '{}' and '{}' both cover {}: each resource belongs to the "
                          "source that records it first, and the other's scans leave it alone",
                          a.name, b.name, shared),
              "give each account and region to one source (docs/store.md, \"What a scan may "
              "change\")");
      break;
    }
}

void ConfigReader::read_source(const YAML::Node& entry, Config& config) {
  SourceConfig source;
  source.pos = at(entry);
  size_t before = error_count();
  bool has_kind = false, has_cadence = false;
  std::optional<YAML::Node> path_key;  // for kind-specific checks
  AwsKeys aws_keys;
  for_keys(entry, nullptr, "a source", kSourceKeys, [&](const YAML::Node& k, const YAML::Node& v) {
    const std::string& name = k.Scalar();
    if (name == "name") read_name(k, v, source.name, "source");
    if (name == "kind") {
      std::string kind;
      if (!read_string(k, v, kind, false)) return;
      has_kind = true;
      if (kind == "capture")
        source.kind = SourceKind::Capture;
      else if (kind == "aws-config")
        source.kind = SourceKind::AwsConfig;
      else if (kind == "inventory")
        source.kind = SourceKind::Inventory;
      else if (kind == "aws")
        source.kind = SourceKind::Aws;
      else {
        std::string guess = closest(kind, kKinds);
        error(at(v), fmt::format("unknown source kind '{}'", kind),
              guess.empty() ? fmt::format("kinds are: {}", join(kKinds))
                            : fmt::format("did you mean '{}'?", guess));
        has_kind = false;
      }
    }
    if (name == "path") {
      path_key.emplace(k);
      if (read_string(k, v, source.path, false)) source.path = resolve(source.path);
    }
    if (name == "cadence") {
      has_cadence = true;
      read_cadence(k, v, source.cadence);
    }
    if (is_aws_key(name)) read_aws_key(k, v, source, aws_keys);
  });
  if (!entry.IsMap()) return;
  if (source.name.empty() && error_count() == before)
    error(source.pos, "a source needs a name",
          "add `name: <source name>` (used in logs and `vigil scans list`)");
  if (!has_kind && error_count() == before)
    error(source.pos, fmt::format("source '{}' needs a kind", source.name),
          fmt::format("add `kind: ` one of {}", join(kKinds)));
  if (!has_cadence && error_count() == before)
    error(source.pos, fmt::format("source '{}' needs a cadence", source.name),
          "add `cadence: {interval: 6h}` or `cadence: {cron: \"0 */6 * * *\"}`");
  if (has_kind && source.kind != SourceKind::Aws) {
    if (source.path.empty() && error_count() == before)
      error(source.pos,
            fmt::format("source '{}' of kind {} needs a path", source.name, to_string(source.kind)),
            "add `path: <file or folder>` (relative to this file)");
    if (aws_keys.first)
      error(at(*aws_keys.first),
            fmt::format("'{}' only applies to sources of kind aws", aws_keys.first->Scalar()),
            "remove it, or set `kind: aws`");
    if (!source.path.empty() && path_key && !std::filesystem::exists(source.path))
      warning(at(*path_key),
              fmt::format("source '{}': {} does not exist (yet)", source.name, source.path),
              "scans of this source fail until it exists");
  }
  if (has_kind && source.kind == SourceKind::Aws) {
    if (path_key)
      error(at(*path_key), "'path' does not apply to sources of kind aws",
            "an aws source reads the accounts live: give `profile`, `accounts`, `regions`, `role`");
    check_aws_source(source, aws_keys);
  }
  for (const SourceConfig& other : config.sources)
    if (!source.name.empty() && other.name == source.name)
      error(source.pos,
            fmt::format("duplicate source name '{}' (first defined at {}:{}:{})", source.name,
                        other.pos.file, other.pos.line, other.pos.column),
            "source names must be unique: the store keeps each source's schedule under its name");
  config.sources.push_back(std::move(source));
}

void ConfigReader::read_cadence(const YAML::Node& key, const YAML::Node& value, Cadence& cadence) {
  std::optional<YAML::Node> first_key;
  for_keys(value, &key, "'cadence'", {"interval", "cron", "jitter"},
           [&](const YAML::Node& k, const YAML::Node& v) {
             const std::string& name = k.Scalar();
             if (name == "jitter") {
               read_duration(k, v, cadence.jitter);
               return;
             }
             if (first_key) {
               error(at(k), "give either 'interval' or 'cron', not both", "keep one of the two");
               return;
             }
             first_key.emplace(k);
             if (name == "interval") {
               Seconds s{0};
               if (!read_duration(k, v, s)) return;
               if (s.count() <= 0) {
                 error(at(v), "'interval' must be longer than 0s", "write e.g. `interval: 6h`");
                 return;
               }
               cadence.interval = s;
             } else {
               std::string text;
               if (!read_string(k, v, text, false)) return;
               auto cron = CronSchedule::parse(text);
               if (!cron.ok()) {
                 SourceText located = cel_text(v);
                 error(located.position_of(cron.error().offset), "cron: " + cron.error().message,
                       "five fields: minute hour day-of-month month day-of-week, e.g. \"0 */6 * * "
                       "*\" (quote it)");
                 return;
               }
               cadence.cron = std::move(cron.value());
             }
           });
  if (value.IsMap() && !first_key && !cadence.interval && !cadence.cron)
    error(at(key), "'cadence' needs 'interval' or 'cron'",
          "write `cadence: {interval: 6h}` or `cadence: {cron: \"0 */6 * * *\"}`");
}

}  // namespace vigil::daemon::detail
