// The catalog registry: every ResourceType and AccountSetting (catalog.h).
#include "connectors/aws/catalog.h"

#include <algorithm>
#include <set>
#include <utility>

namespace vigil::aws {

std::vector<std::string> asset_types() {
  std::vector<std::string> out = {"aws.account"};
  for (const ResourceType& t : resource_catalog()) out.emplace_back(t.type);
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

const std::vector<ResourceType>& resource_catalog() {
  static const std::vector<ResourceType> types = [] {
    std::vector<ResourceType> out;
    // One call per catalog_<service>.cpp file; keep this list sorted.
    add_acm_types(out);
    add_cloudfront_types(out);
    add_cloudtrail_types(out);
    add_database_types(out);
    add_ec2_types(out);
    add_elb_types(out);
    add_iam_types(out);
    add_kms_types(out);
    add_lambda_types(out);
    add_messaging_types(out);
    add_registry_types(out);
    add_monitoring_types(out);
    add_s3_types(out);
    add_storage_types(out);
    return out;
  }();
  return types;
}

const ResourceType* find_resource_type(std::string_view type) {
  for (const ResourceType& t : resource_catalog())
    if (t.type == type) return &t;
  return nullptr;
}

const std::vector<AccountSetting>& account_settings() {
  // Names follow the rule (catalog.h): config.<Operation minus Get/Describe/List>,
  // the output unchanged (config.AccountPasswordPolicy.PasswordPolicy, ...).
  static const std::vector<AccountSetting> settings = {
      {.service = "iam", .operation = "GetAccountSummary", .scope = SettingScope::Global},
      // CIS 1.6: a virtual MFA device assigned to the root user means its MFA is not hardware.
      {.service = "iam",
       .operation = "ListVirtualMFADevices",
       .scope = SettingScope::Global,
       .args = "--assignment-status Assigned"},
      {.service = "iam",
       .operation = "GetAccountPasswordPolicy",
       .scope = SettingScope::Global,
       .absent_codes = {"NoSuchEntity"}},
      {.service = "iam",
       .operation = "GetCredentialReport",
       .scope = SettingScope::Global,
       .decode = SettingDecode::CredentialReportRoot},
      {.service = "s3control",
       .operation = "GetPublicAccessBlock",
       .scope = SettingScope::Global,
       .absent_codes = {"NoSuchPublicAccessBlockConfiguration"},
       .args = "--account-id {account}"},
      {.service = "ec2",
       .operation = "DescribeRegions",
       .scope = SettingScope::AnyRegion,
       .args = "--all-regions"},
      {.service = "ec2",
       .operation = "GetEbsEncryptionByDefault",
       .scope = SettingScope::PerRegion},
      {.service = "guardduty", .operation = "ListDetectors", .scope = SettingScope::PerRegion},
      {.service = "config",
       .operation = "DescribeConfigurationRecorders",
       .scope = SettingScope::PerRegion},
      {.service = "config",
       .operation = "DescribeConfigurationRecorderStatus",
       .scope = SettingScope::PerRegion},
      {.service = "securityhub",
       .operation = "DescribeHub",
       .scope = SettingScope::PerRegion,
       .absent_codes = {"InvalidAccessException"}},
      {.service = "accessanalyzer", .operation = "ListAnalyzers", .scope = SettingScope::PerRegion},
  };
  return settings;
}

bool is_known_operation(std::string_view service, std::string_view operation) {
  static const std::set<std::pair<std::string, std::string>, std::less<>> known = [] {
    std::set<std::pair<std::string, std::string>, std::less<>> k;
    for (const ResourceType& t : resource_catalog()) {
      k.emplace(t.service, t.list_operation);
      for (const PerResourceCall& c : t.calls) k.emplace(t.service, c.operation);
      for (const FolderJoin& j : t.joins) k.emplace(t.service, j.operation);
    }
    for (const AccountSetting& s : account_settings()) k.emplace(s.service, s.operation);
    return k;
  }();
  return known.count(std::pair<std::string, std::string>(service, operation)) > 0;
}

bool is_known_service(std::string_view service) {
  for (const ResourceType& t : resource_catalog())
    if (t.service == service) return true;
  for (const AccountSetting& s : account_settings())
    if (s.service == service) return true;
  return false;
}

std::string config_name_of(std::string_view operation) {
  for (std::string_view prefix : {"Describe", "Get", "List"})
    if (operation.starts_with(prefix) && operation.size() > prefix.size())
      return std::string(operation.substr(prefix.size()));
  return std::string(operation);
}

std::string config_name_of(const PerResourceCall& call) { return config_name_of(call.operation); }
std::string config_name_of(const AccountSetting& setting) {
  return config_name_of(setting.operation);
}

}  // namespace vigil::aws
