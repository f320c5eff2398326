// IAM resource types (catalog.h): users, groups, roles, customer-managed
// policies, server certificates. Global: read from <account>/global/iam.
// Inline policy documents are fan-out calls (catalog.h): Get{User,Group,Role}Policy
// once per name of List{User,Group,Role}Policies.
// Shapes: `aws iam list-*` / `get-*` output (IAM API reference). The AWS CLI
// already prints policy documents as objects; raw API captures hold them
// URL-encoded: both are accepted (json_strings with url_decode).
#include "connectors/aws/catalog.h"
#include "connectors/aws/credential_report.h"

namespace vigil::aws {

namespace {

// GetCredentialReport -> one entry per user, keyed by the row's ARN (the
// root row's arn is the account root, no user has it).
Result<std::vector<std::pair<std::string, JsonTree>>> credential_rows(
    simdjson::dom::element output) {
  std::string_view content;
  if (output["Content"].get_string().get(content))
    return Error::at_offset(
        "no \"Content\" string (expected the output of aws iam get-credential-report)", 0);
  Result<std::vector<CredentialReportRow>> rows = parse_credential_report(content);
  if (!rows.ok()) return rows.error();
  std::vector<std::pair<std::string, JsonTree>> out;
  for (CredentialReportRow& row : *rows) {
    JsonTree* arn = row.row.find("arn");
    if (arn && !arn->text().empty()) out.emplace_back(arn->text(), std::move(row.row));
  }
  return out;
}

PerResourceCall tags_call(std::string_view operation, std::string_view key,
                          std::string_view parameter) {
  return {.operation = operation,
          .key = key,
          .parameter = parameter,
          .absent_codes = {}};
}

// Get{User,Group,Role}Policy: one call per inline policy name of the
// List*Policies output (a fan-out call, catalog.h). NoSuchEntity: the policy
// was deleted between the two calls, so it is not there.
PerResourceCall inline_policies_call(std::string_view operation, std::string_view key,
                                     std::string_view parameter, std::string_view names) {
  return {.operation = operation,
          .key = key,
          .parameter = parameter,
          .absent_codes = {"NoSuchEntity"},
          .each = names,
          .each_parameter = "--policy-name"};
}

}  // namespace

void add_iam_types(std::vector<ResourceType>& out) {
  out.push_back({
      // config.CredentialReport: the user's credential report row (report
      // column names, string values); absent when the report predates the user.
      .type = "aws.iam.user",
      .service = "iam",
      .global = true,
      .list_operation = "ListUsers",
      .items = "Users",
      .arn_field = "Arn",
      .arn_template = "arn:{partition}:iam::{account}:user{Path}{UserName}",
      .name = {"UserName"},
      // config.AccessKeys{AccessKeyMetadata}, .MFADevices{MFADevices},
      // .AttachedUserPolicies{AttachedPolicies}, .UserPolicies{PolicyNames},
      // .GroupsForUser{Groups}, .LoginProfile{LoginProfile}, .UserTags{Tags},
      // .UserPolicy[{UserName, PolicyName, PolicyDocument}] (fan-out: one per inline policy).
      .tags = "UserTags.Tags",
      .calls = {{.operation = "ListAccessKeys",
                 .key = "UserName",
                 .parameter = "--user-name",
                 .absent_codes = {}},
                {.operation = "ListMFADevices",
                 .key = "UserName",
                 .parameter = "--user-name",
                 .absent_codes = {}},
                {.operation = "ListAttachedUserPolicies",
                 .key = "UserName",
                 .parameter = "--user-name",
                 .absent_codes = {}},
                {.operation = "ListUserPolicies",
                 .key = "UserName",
                 .parameter = "--user-name",
                 .absent_codes = {}},
                {.operation = "ListGroupsForUser",
                 .key = "UserName",
                 .parameter = "--user-name",
                 .absent_codes = {}},
                {.operation = "GetLoginProfile",
                 .key = "UserName",
                 .parameter = "--user-name",
                 .absent_codes = {"NoSuchEntity"}},
                tags_call("ListUserTags", "UserName", "--user-name"),
                inline_policies_call("GetUserPolicy", "UserName", "--user-name",
                                     "UserPolicies.PolicyNames[]")},
      .json_strings = {{"UserPolicy[].PolicyDocument", /*url_decode=*/true}},
      .relations = {{"groups", "GroupsForUser.Groups[].Arn", "", false, "aws.iam.group"},
                    {"policies", "AttachedUserPolicies.AttachedPolicies[].PolicyArn", "", false,
                     "aws.iam.policy"}},
      .joins = {{.operation = "GetCredentialReport",
                 .key = "Arn",
                 .config_name = "CredentialReport",  // the rule's name too (Operation minus Get)
                 .index = credential_rows}},
  });
  out.push_back({
      .type = "aws.iam.group",
      .service = "iam",
      .global = true,
      .list_operation = "ListGroups",
      .items = "Groups",
      .arn_field = "Arn",
      .arn_template = "arn:{partition}:iam::{account}:group{Path}{GroupName}",
      .name = {"GroupName"},
      .calls = {{.operation = "GetGroup",
                 .key = "GroupName",
                 .parameter = "--group-name",
                 .absent_codes = {}},
                {.operation = "ListAttachedGroupPolicies",
                 .key = "GroupName",
                 .parameter = "--group-name",
                 .absent_codes = {}},
                {.operation = "ListGroupPolicies",
                 .key = "GroupName",
                 .parameter = "--group-name",
                 .absent_codes = {}},
                inline_policies_call("GetGroupPolicy", "GroupName", "--group-name",
                                     "GroupPolicies.PolicyNames[]")},
      .json_strings = {{"GroupPolicy[].PolicyDocument", /*url_decode=*/true}},
      // config.Group{Group, Users}, .AttachedGroupPolicies{AttachedPolicies},
      // .GroupPolicies{PolicyNames}, .GroupPolicy[{GroupName, PolicyName, PolicyDocument}].
      .relations = {{"users", "Group.Users[].Arn", "", false, "aws.iam.user"},
                    {"policies", "AttachedGroupPolicies.AttachedPolicies[].PolicyArn", "", false,
                     "aws.iam.policy"}},
  });
  out.push_back({
      .type = "aws.iam.role",
      .service = "iam",
      .global = true,
      .list_operation = "ListRoles",
      .items = "Roles",
      .arn_field = "Arn",
      .arn_template = "arn:{partition}:iam::{account}:role{Path}{RoleName}",
      .name = {"RoleName"},
      // config.AttachedRolePolicies{AttachedPolicies}, .RolePolicies{PolicyNames}, .RoleTags{Tags},
      // .RolePolicy[{RoleName, PolicyName, PolicyDocument}].
      .tags = "RoleTags.Tags",
      .calls = {{.operation = "ListAttachedRolePolicies",
                 .key = "RoleName",
                 .parameter = "--role-name",
                 .absent_codes = {}},
                {.operation = "ListRolePolicies",
                 .key = "RoleName",
                 .parameter = "--role-name",
                 .absent_codes = {}},
                tags_call("ListRoleTags", "RoleName", "--role-name"),
                inline_policies_call("GetRolePolicy", "RoleName", "--role-name",
                                     "RolePolicies.PolicyNames[]")},
      .json_strings = {{"AssumeRolePolicyDocument", /*url_decode=*/true},
                       {"RolePolicy[].PolicyDocument", /*url_decode=*/true}},
      .relations = {{"policies", "AttachedRolePolicies.AttachedPolicies[].PolicyArn", "", false,
                     "aws.iam.policy"}},
  });
  out.push_back({
      // Captured with --scope Local (AWS-managed policies are not the account's).
      // config.PolicyVersion: GetPolicyVersion of DefaultVersionId ({PolicyVersion:
      // {Document, VersionId, IsDefaultVersion}}), Document decoded.
      .type = "aws.iam.policy",
      .service = "iam",
      .global = true,
      .list_operation = "ListPolicies",
      .items = "Policies",
      .list_args = "--scope Local",
      .arn_field = "Arn",
      .arn_template = "arn:{partition}:iam::{account}:policy{Path}{PolicyName}",
      .name = {"PolicyName"},
      .tags = "Tags",
      .calls = {{.operation = "GetPolicyVersion",
                 .key = "Arn",
                 .parameter = "--policy-arn",
                 .absent_codes = {},
                 .args = "--version-id {DefaultVersionId}"}},
      .json_strings = {{"PolicyVersion.PolicyVersion.Document", /*url_decode=*/true}},
  });
  out.push_back({
      .type = "aws.iam.server-certificate",
      .service = "iam",
      .global = true,
      .list_operation = "ListServerCertificates",
      .items = "ServerCertificateMetadataList",
      .arn_field = "Arn",
      .arn_template =
          "arn:{partition}:iam::{account}:server-certificate{Path}{ServerCertificateName}",
      .name = {"ServerCertificateName"},
  });
}

}  // namespace vigil::aws
