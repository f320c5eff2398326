// IAM policies generated from the catalog (iam_policy.h).
#include "connectors/aws_live/iam_policy.h"

#include <fmt/format.h>

#include <algorithm>
#include <nlohmann/json.hpp>
#include <set>
#include <utility>

#include "connectors/aws/catalog.h"

namespace vigil::aws {

namespace {

// Capture folder (botocore service name) -> IAM action prefix, from the
// Service Authorization Reference.
constexpr std::pair<std::string_view, std::string_view> kPrefixes[] = {
    {"accessanalyzer", "access-analyzer"},
    {"acm", "acm"},
    {"cloudfront", "cloudfront"},
    {"cloudtrail", "cloudtrail"},
    {"cloudwatch", "cloudwatch"},
    {"config", "config"},
    {"dynamodb", "dynamodb"},
    {"ec2", "ec2"},
    {"ecr", "ecr"},
    {"efs", "elasticfilesystem"},
    {"elb", "elasticloadbalancing"},
    {"elbv2", "elasticloadbalancing"},
    {"guardduty", "guardduty"},
    {"iam", "iam"},
    {"kms", "kms"},
    {"lambda", "lambda"},
    {"logs", "logs"},
    {"opensearch", "es"},
    {"organizations", "organizations"},
    {"rds", "rds"},
    {"redshift", "redshift"},
    {"s3", "s3"},
    {"s3control", "s3"},
    {"secretsmanager", "secretsmanager"},
    {"securityhub", "securityhub"},
    {"sns", "sns"},
    {"sqs", "sqs"},
    {"sts", "sts"},
};

// The API operations whose IAM action has another name.
struct Renamed {
  std::string_view service, operation, action;
};
constexpr Renamed kRenamed[] = {
    {"s3", "ListBuckets", "s3:ListAllMyBuckets"},
    {"s3", "GetBucketEncryption", "s3:GetEncryptionConfiguration"},
    {"s3", "GetBucketLifecycleConfiguration", "s3:GetLifecycleConfiguration"},
    {"s3", "GetPublicAccessBlock", "s3:GetBucketPublicAccessBlock"},
    {"s3control", "GetPublicAccessBlock", "s3:GetAccountPublicAccessBlock"},
};

}  // namespace

Result<std::string> iam_action(std::string_view service, std::string_view operation) {
  for (const Renamed& r : kRenamed)
    if (r.service == service && r.operation == operation) return std::string(r.action);
  for (const auto& [name, prefix] : kPrefixes)
    if (name == service) return fmt::format("{}:{}", prefix, operation);
  Error e;
  e.message = fmt::format(
      "no IAM action prefix for service '{}' ({}): add it to kPrefixes in src/connectors/aws_live/iam_policy.cpp",
      service, operation);
  return e;
}

Result<std::vector<std::string>> collector_iam_actions() {
  std::vector<std::pair<std::string_view, std::string_view>> calls;
  for (const ResourceType& t : resource_catalog()) {
    calls.emplace_back(t.service, t.list_operation);
    for (const PerResourceCall& c : t.calls) calls.emplace_back(t.service, c.operation);
    for (const FolderJoin& j : t.joins) calls.emplace_back(t.service, j.operation);
  }
  for (const AccountSetting& s : account_settings()) calls.emplace_back(s.service, s.operation);
  // The collector asks IAM to (re)generate the credential report before reading it.
  calls.emplace_back("iam", "GenerateCredentialReport");
  std::set<std::string> actions;
  for (const auto& [service, operation] : calls) {
    Result<std::string> action = iam_action(service, operation);
    if (!action.ok()) return action.error();
    actions.insert(std::move(action).value());
  }
  return std::vector<std::string>(actions.begin(), actions.end());
}

std::string allow_policy_json(std::string_view sid, const std::vector<std::string>& actions) {
  nlohmann::ordered_json statement;
  statement["Sid"] = sid;
  statement["Effect"] = "Allow";
  statement["Action"] = actions;
  statement["Resource"] = "*";
  nlohmann::ordered_json policy;
  policy["Version"] = "2012-10-17";
  policy["Statement"] = nlohmann::ordered_json::array({statement});
  return policy.dump(2) + "\n";
}

Result<std::string> readonly_policy_json() {
  Result<std::vector<std::string>> actions = collector_iam_actions();
  if (!actions.ok()) return actions.error();
  return allow_policy_json("VigilReadOnlyCollection", *actions);
}

std::string trust_policy_json(std::string_view collector_account, std::string_view external_id) {
  std::string account = collector_account.empty() ? "<COLLECTOR_ACCOUNT_ID>" : std::string(collector_account);
  nlohmann::ordered_json statement;
  statement["Sid"] = "VigilCollectorAssumeRole";
  statement["Effect"] = "Allow";
  statement["Principal"] = {{"AWS", fmt::format("arn:aws:iam::{}:root", account)}};
  statement["Action"] = "sts:AssumeRole";
  statement["Condition"] = {
      {"StringEquals", {{"sts:ExternalId", external_id.empty() ? "<EXTERNAL_ID>" : std::string(external_id)}}}};
  nlohmann::ordered_json policy;
  policy["Version"] = "2012-10-17";
  policy["Statement"] = nlohmann::ordered_json::array({statement});
  return policy.dump(2) + "\n";
}

}  // namespace vigil::aws
