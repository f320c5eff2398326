// vigil.yaml: the keys of `kind: aws` sources (docs/configuration.md) and
// their checks, which mirror what the live collection would refuse
// (connectors/aws_live/accounts.h, collection.h) so `vigil serve` reports
// them at file:line:col before it starts.
#include <fmt/format.h>

#include <algorithm>
#include <set>

#include "connectors/aws_live/accounts.h"
#include "connectors/aws_live/collection.h"
#include "core/suggest.h"
#include "daemon/config_reader.h"

namespace vigil::daemon::detail {

namespace {

const std::set<std::string> kAwsKeys = {"profile",       "role",          "external_id", "accounts",
                                        "accounts_file", "org",           "regions",     "types",
                                        "endpoint_url",  "botocore_data", "concurrency"};

}  // namespace

bool ConfigReader::is_aws_key(const std::string& name) { return kAwsKeys.count(name) > 0; }

void ConfigReader::read_aws_key(const YAML::Node& k, const YAML::Node& v, SourceConfig& source,
                                AwsKeys& keys) {
  const std::string& name = k.Scalar();
  if (!keys.first) keys.first.emplace(k);
  keys.keys.emplace(name, k);
  keys.values.emplace(name, v);
  if (name == "profile") read_string(k, v, source.profile, false);
  if (name == "role") read_string(k, v, source.role, false);
  if (name == "external_id") read_string(k, v, source.external_id, false);
  if (name == "accounts") read_string_list(k, v, source.accounts);
  if (name == "regions") read_string_list(k, v, source.regions);
  if (name == "types") {
    if (!read_string_list(k, v, source.types)) return;
    std::vector<std::string> known = aws::type_selectors();
    for (size_t i = 0; i < source.types.size(); ++i) {
      const std::string& t = source.types[i];
      if (std::binary_search(known.begin(), known.end(), t)) continue;
      std::string guess = closest(t, known);
      error(at(v.IsSequence() && i < v.size() ? v[i] : v),
            fmt::format("'{}' is not an asset type or service", t),
            guess.empty() ? "write asset types (aws.ec2.instance), services (ec2) or aws.account "
                            "(docs/assets.md)"
                          : fmt::format("did you mean '{}'?", guess));
    }
  }
  if (name == "accounts_file" && read_string(k, v, source.accounts_file, false)) {
    source.accounts_file = resolve(source.accounts_file);
    if (!std::filesystem::exists(source.accounts_file)) {
      error(at(v), fmt::format("accounts file {} does not exist", source.accounts_file),
            "the path is relative to this file; the format is in docs/aws-collection.md");
    } else if (auto file = aws::read_accounts_file(source.accounts_file); !file.ok()) {
      error(at(v), file.error().message, "fix the accounts file (format: docs/aws-collection.md)");
    }
  }
  if (name == "botocore_data" && read_string(k, v, source.botocore_data, false)) {
    source.botocore_data = resolve(source.botocore_data);
    if (!std::filesystem::is_directory(source.botocore_data))
      error(at(v), fmt::format("botocore data folder {} does not exist", source.botocore_data),
            "give the folder holding botocore's service models and endpoints.json, or remove the "
            "key (default: "
            "/usr/lib/python3/dist-packages/botocore/data)");
  }
  if (name == "endpoint_url" && read_string(k, v, source.endpoint_url, false) &&
      !source.endpoint_url.starts_with("http://") && !source.endpoint_url.starts_with("https://"))
    error(at(v),
          fmt::format("'endpoint_url' must be an http:// or https:// URL, got '{}'",
                      source.endpoint_url),
          "write e.g. `endpoint_url: http://127.0.0.1:4566` (every AWS call of this source goes "
          "there)");
  if (name == "org") {
    read_bool(k, v, source.org,
              "write `org: true` to collect every ACTIVE account of the organization");
  }
  if (name == "concurrency") {
    const std::string text = v.IsScalar() ? v.Scalar() : "";
    unsigned long n = 0;
    bool ok = !text.empty() && text.size() <= 3 &&
              text.find_first_not_of("0123456789") == std::string::npos &&
              (n = std::stoul(text)) >= 1 && n <= 256;
    if (ok) {
      source.concurrency = static_cast<unsigned>(n);
    } else {
      error(at(v.IsNull() ? k : v),
            fmt::format("'concurrency' must be a whole number from 1 to 256, got '{}'", text),
            "write e.g. `concurrency: 16` (calls in flight across accounts x regions x services)");
    }
  }
}

void ConfigReader::check_aws_source(const SourceConfig& source, const AwsKeys& keys) {
  auto value_at = [&](const std::string& name) { return at(keys.values.at(name)); };
  if (keys.values.count("accounts")) {
    const YAML::Node& list = keys.values.at("accounts");
    for (size_t i = 0; i < source.accounts.size(); ++i)
      if (!aws::is_account_id(source.accounts[i]))
        error(at(list.IsSequence() && i < list.size() ? list[i] : list),
              fmt::format("source '{}': '{}' is not an AWS account id", source.name,
                          source.accounts[i]),
              "write the 12-digit id as a quoted string, e.g. \"111111111111\"");
  }
  // One way to select accounts: the second one given is the error.
  std::vector<std::string> given;
  for (const char* name : {"accounts", "accounts_file", "org"})
    if (keys.keys.count(name) && (std::string(name) != "org" || source.org)) given.push_back(name);
  if (given.size() > 1) {
    const std::string& second =
        keys.keys.at(given[0]).Mark().pos < keys.keys.at(given[1]).Mark().pos ? given[1] : given[0];
    error(at(keys.keys.at(second)),
          fmt::format(
              "source '{}': give one of 'accounts', 'accounts_file' and 'org', not '{}' and '{}'",
              source.name, given[0], given[1]),
          "keep the one that lists the accounts to collect");
  }
  if (source.role.empty() && source.accounts.size() > 1)
    error(value_at("accounts"),
          fmt::format("source '{}': several accounts need a 'role' to assume in each", source.name),
          "add e.g. `role: vigil-readonly` (the role of deploy/aws/, created in every account)");
  if (source.role.empty() && source.org)
    error(value_at("org"),
          fmt::format("source '{}': 'org: true' needs a 'role' to assume in each account",
                      source.name),
          "add e.g. `role: vigil-readonly` (the role of deploy/aws/, created in every account)");
}

}  // namespace vigil::daemon::detail
