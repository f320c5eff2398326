// IAM types from a capture: users (per-user calls, LoginProfile absence,
// failed calls -> unavailable, the credential report joined by ARN),
// groups, roles (URL-encoded trust policy decoded), customer-managed
// policies (default version document decoded), server certificates; the
// credential report's root row on the account asset.
#include <gtest/gtest.h>

#include "capture_fixture.h"
#include "connectors/aws/capture_doc.h"

namespace vigil::aws {
namespace {

using testing::at_path;
using testing::get;
using testing::CaptureDir;
using testing::read_ok;
using testing::strings_at;

constexpr const char* kIam = "111111111111/global/iam/";

std::string base64(const std::string& in) {
  static const char* digits = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  for (size_t i = 0; i < in.size(); i += 3) {
    uint32_t n = static_cast<uint8_t>(in[i]) << 16;
    if (i + 1 < in.size()) n |= static_cast<uint8_t>(in[i + 1]) << 8;
    if (i + 2 < in.size()) n |= static_cast<uint8_t>(in[i + 2]);
    out += digits[(n >> 18) & 63];
    out += digits[(n >> 12) & 63];
    out += i + 1 < in.size() ? digits[(n >> 6) & 63] : '=';
    out += i + 2 < in.size() ? digits[n & 63] : '=';
  }
  return out;
}

const char* kReportCsv =
    "user,arn,user_creation_time,password_enabled,password_last_used,password_last_changed,"
    "password_next_rotation,"
    "mfa_active,access_key_1_active,access_key_1_last_rotated,access_key_1_last_used_date,"
    "access_key_1_last_used_region,access_key_1_last_used_service,access_key_2_active,access_key_2_"
    "last_rotated,"
    "access_key_2_last_used_date,access_key_2_last_used_region,access_key_2_last_used_service,cert_"
    "1_active,"
    "cert_1_last_rotated,cert_2_active,cert_2_last_rotated\n"
    "<root_account>,arn:aws:iam::111111111111:root,2020-01-01T00:00:00+00:00,not_supported,"
    "2026-10-30T10:00:00+00:00,not_supported,not_supported,true,false,N/A,N/A,N/A,N/A,false,N/A,N/"
    "A,N/A,N/A,false,"
    "N/A,false,N/A\n"
    "alice,arn:aws:iam::111111111111:user/"
    "alice,2024-05-01T09:00:00+00:00,true,2026-11-20T08:00:00+00:00,"
    "2024-05-01T09:00:00+00:00,N/"
    "A,false,true,2024-05-01T09:05:00+00:00,2026-11-19T00:00:00+00:00,us-east-1,s3,"
    "false,N/A,N/A,N/A,N/A,false,N/A,false,N/A\n"
    "deploy-bot,arn:aws:iam::111111111111:user/ci/deploy-bot,2023-02-01T09:00:00+00:00,false,N/A,N/"
    "A,N/A,false,"
    "true,2023-02-01T09:00:00+00:00,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A\n";

void write_users(const CaptureDir& dir, bool with_report = true) {
  std::string d = kIam;
  dir.write(d + "ListUsers.json", R"({"Users": [
    {"Path": "/", "UserName": "alice", "UserId": "AIDAALICE0000000001", "Arn": "arn:aws:iam::111111111111:user/alice",
     "CreateDate": "2024-05-01T09:00:00+00:00", "PasswordLastUsed": "2026-11-20T08:00:00+00:00"},
    {"Path": "/ci/", "UserName": "deploy-bot", "UserId": "AIDADEPLOY000000002",
     "Arn": "arn:aws:iam::111111111111:user/ci/deploy-bot", "CreateDate": "2023-02-01T09:00:00+00:00"},
    {"Path": "/", "UserName": "carol", "UserId": "AIDACAROL0000000003", "Arn": "arn:aws:iam::111111111111:user/carol",
     "CreateDate": "2026-11-25T09:00:00+00:00"}]})");
  if (with_report)
    dir.write(
        d + "GetCredentialReport.json",
        R"({"Content": ")" + base64(kReportCsv) +
            R"(", "ReportFormat": "text/csv", "GeneratedTime": "2026-11-24T00:00:00+00:00"})");
  dir.write(d + "ListAccessKeys/alice.json", R"({"AccessKeyMetadata": [{"UserName": "alice",
    "AccessKeyId": "AKIAALICE00000000001", "Status": "Active", "CreateDate": "2024-05-01T09:05:00+00:00"}]})");
  dir.write(
      d + "ListAccessKeys/deploy-bot.json",
      R"({"Error": {"Code": "AccessDenied", "Message": "not authorized to perform: iam:ListAccessKeys"}})");
  dir.write(d + "ListAccessKeys/carol.json", R"({"AccessKeyMetadata": []})");
  for (std::string user : {"alice", "deploy-bot", "carol"}) {
    dir.write(d + "ListMFADevices/" + user + ".json", R"({"MFADevices": []})");
    dir.write(d + "ListUserPolicies/" + user + ".json",
              user == "alice" ? R"({"PolicyNames": ["inline-admin"]})" : R"({"PolicyNames": []})");
    dir.write(d + "ListGroupsForUser/" + user + ".json",
              user == "alice"
                  ? R"({"Groups": [{"Path": "/", "GroupName": "admins", "GroupId": "AGPA1",
                                  "Arn": "arn:aws:iam::111111111111:group/admins", "CreateDate": "2024-01-01T00:00:00+00:00"}]})"
                  : R"({"Groups": []})");
    dir.write(d + "ListUserTags/" + user + ".json",
              user == "alice" ? R"({"Tags": [{"Key": "team", "Value": "security"}]})"
                              : R"({"Tags": []})");
  }
  dir.write(d + "ListAttachedUserPolicies/alice.json", R"({"AttachedPolicies": [
    {"PolicyName": "AdministratorAccess", "PolicyArn": "arn:aws:iam::aws:policy/AdministratorAccess"}]})");
  dir.write(d + "ListAttachedUserPolicies/deploy-bot.json", R"({"AttachedPolicies": []})");
  dir.write(d + "ListAttachedUserPolicies/carol.json", R"({"AttachedPolicies": []})");
  dir.write(d + "GetLoginProfile/alice.json", R"({"LoginProfile": {"UserName": "alice",
    "CreateDate": "2024-05-01T09:00:00+00:00", "PasswordResetRequired": false}})");
  dir.write(
      d + "GetLoginProfile/deploy-bot.json",
      R"({"Error": {"Code": "NoSuchEntity", "Message": "Login Profile for User deploy-bot cannot be found."}})");
  // carol's GetLoginProfile file is missing: not captured.
  // alice's one inline policy (GetUserPolicy: two keys, user and policy name).
  dir.write(d + "GetUserPolicy/alice/inline-admin.json", R"({"UserName": "alice",
    "PolicyName": "inline-admin", "PolicyDocument": {"Version": "2012-10-17",
    "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}})");
}

TEST(IamTypes, UserMergesPerUserCallsAndItsCredentialReportRow) {
  CaptureDir dir;
  write_users(dir);
  CaptureResult r = read_ok(dir);
  const Asset& alice = get(r, "arn:aws:iam::111111111111:user/alice");
  EXPECT_EQ(alice.type, "aws.iam.user");
  EXPECT_EQ(alice.name, "alice");
  EXPECT_EQ(alice.region, "global");
  EXPECT_EQ(at_path(alice, "tags.team").as_string(), "security");
  // Each call's output unchanged, under config.<Operation minus List/Get>.
  EXPECT_EQ(at_path(alice, "config.AccessKeys.AccessKeyMetadata").at(0).find("AccessKeyId").as_string(),
            "AKIAALICE00000000001");
  EXPECT_EQ(at_path(alice, "config.MFADevices.MFADevices").size(), 0u);
  EXPECT_EQ(at_path(alice, "config.AttachedUserPolicies.AttachedPolicies").at(0).find("PolicyName").as_string(),
            "AdministratorAccess");
  EXPECT_EQ(strings_at(alice, "config.UserPolicies.PolicyNames"), std::vector<std::string>{"inline-admin"});
  EXPECT_EQ(at_path(alice, "config.UserPolicy")
                .at(0)
                .find("PolicyDocument")
                .find("Statement")
                .at(0)
                .find("Action")
                .as_string(),
            "*");
  EXPECT_EQ(at_path(alice, "config.GroupsForUser.Groups").at(0).find("GroupName").as_string(), "admins");
  EXPECT_FALSE(at_path(alice, "config.LoginProfile.LoginProfile.PasswordResetRequired").as_bool());
  EXPECT_EQ(at_path(alice, "config.CredentialReport.password_enabled").as_string(), "true");
  EXPECT_EQ(at_path(alice, "config.CredentialReport.mfa_active").as_string(), "false");
  EXPECT_EQ(at_path(alice, "config.CredentialReport.access_key_1_last_used_service").as_string(),
            "s3");
  EXPECT_EQ(strings_at(alice, "relationships.groups"),
            std::vector<std::string>{"arn:aws:iam::111111111111:group/admins"});
  EXPECT_EQ(strings_at(alice, "relationships.policies"),
            std::vector<std::string>{"arn:aws:iam::aws:policy/AdministratorAccess"});
  EXPECT_FALSE(at_path(alice, "errors").valid());
}

TEST(IamTypes, AbsenceErrorsAndUsersMissingFromTheReport) {
  CaptureDir dir;
  write_users(dir);
  CaptureResult r = read_ok(dir);
  // A path in the ARN; NoSuchEntity for the login profile is absence; a denied call is unavailable.
  const Asset& bot = get(r, "arn:aws:iam::111111111111:user/ci/deploy-bot");
  EXPECT_FALSE(at_path(bot, "config.LoginProfile").valid());
  EXPECT_EQ(at_path(bot, "config.AccessKeys").kind(), JsonKind::Unavailable);
  EXPECT_EQ(at_path(bot, "errors").at(0).find("code").as_string(), "AccessDenied");
  EXPECT_EQ(strings_at(bot, "relationships.groups").size(), 0u);
  EXPECT_EQ(at_path(bot, "config.CredentialReport.user").as_string(), "deploy-bot");
  // carol was created after the report: no row is absence; her login profile was not captured.
  const Asset& carol = get(r, "arn:aws:iam::111111111111:user/carol");
  EXPECT_FALSE(at_path(carol, "config.CredentialReport").valid());
  EXPECT_EQ(at_path(carol, "config.LoginProfile").kind(), JsonKind::Unavailable);
  JsonRef carol_error = at_path(carol, "errors").at(0);
  EXPECT_EQ(carol_error.find("part").as_string(), "config.LoginProfile");
  EXPECT_EQ(carol_error.find("code").as_string(), "NotCaptured");
  // The root row goes to the account asset.
  const Asset& account = get(r, "arn:aws:iam::111111111111:root");
  EXPECT_EQ(at_path(account, "config.CredentialReport.mfa_active").as_string(), "true");
}

TEST(IamTypes, MissingCredentialReportIsUnknownForEveryUser) {
  CaptureDir dir;
  write_users(dir, /*with_report=*/false);
  CaptureResult r = read_ok(dir);
  const Asset& alice = get(r, "arn:aws:iam::111111111111:user/alice");
  JsonRef report = at_path(alice, "config.CredentialReport");
  ASSERT_EQ(report.kind(), JsonKind::Unavailable);
  EXPECT_NE(report.as_string().find("GetCredentialReport: NotCaptured"), std::string::npos)
      << report.as_string();
  bool listed = false;
  JsonRef errors = at_path(alice, "errors");
  for (uint32_t i = 0; errors.valid() && i < errors.size(); ++i)
    listed |= errors.at(i).find("part").as_string() == "config.CredentialReport";
  EXPECT_TRUE(listed);
}

TEST(IamTypes, MalformedCredentialReportIsAnErrorNotAbsence) {
  CaptureDir dir;
  write_users(dir, false);
  dir.write(std::string(kIam) + "GetCredentialReport.json",
            R"({"Content": "bm90LWEtcmVwb3J0", "ReportFormat": "text/csv"})");
  CaptureResult r = read_ok(dir);
  JsonRef report =
      at_path(get(r, "arn:aws:iam::111111111111:user/alice"), "config.CredentialReport");
  EXPECT_EQ(report.kind(), JsonKind::Unavailable);
}

TEST(IamTypes, GroupsRolesPoliciesAndServerCertificates) {
  CaptureDir dir;
  std::string d = kIam;
  dir.write(d + "ListGroups.json",
            R"({"Groups": [{"Path": "/", "GroupName": "admins", "GroupId": "AGPA1",
    "Arn": "arn:aws:iam::111111111111:group/admins", "CreateDate": "2024-01-01T00:00:00+00:00"}]})");
  dir.write(d + "GetGroup/admins.json", R"({"Group": {"GroupName": "admins"}, "Users": [
    {"UserName": "alice", "Arn": "arn:aws:iam::111111111111:user/alice", "Path": "/", "UserId": "AIDAALICE0000000001"}]})");
  dir.write(d + "ListAttachedGroupPolicies/admins.json", R"({"AttachedPolicies": [
    {"PolicyName": "AdministratorAccess", "PolicyArn": "arn:aws:iam::aws:policy/AdministratorAccess"}]})");
  dir.write(d + "ListGroupPolicies/admins.json", R"({"PolicyNames": []})");
  // A raw-API capture: the trust policy URL-encoded, as IAM returns it.
  dir.write(d + "ListRoles.json", R"({"Roles": [
    {"Path": "/", "RoleName": "ci-deploy", "RoleId": "AROA1", "Arn": "arn:aws:iam::111111111111:role/ci-deploy",
     "CreateDate": "2025-01-01T00:00:00+00:00", "MaxSessionDuration": 3600,
     "AssumeRolePolicyDocument": "%7B%22Version%22%3A%222012-10-17%22%2C%22Statement%22%3A%5B%7B%22Effect%22%3A%22Allow%22%2C%22Principal%22%3A%7B%22AWS%22%3A%22arn%3Aaws%3Aiam%3A%3A222222222222%3Aroot%22%7D%2C%22Action%22%3A%22sts%3AAssumeRole%22%7D%5D%7D"},
    {"Path": "/service-role/", "RoleName": "lambda-exec", "RoleId": "AROA2",
     "Arn": "arn:aws:iam::111111111111:role/service-role/lambda-exec", "CreateDate": "2025-01-01T00:00:00+00:00",
     "AssumeRolePolicyDocument": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
       "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"}]}}]})");
  for (std::string role : {"ci-deploy", "lambda-exec"}) {
    dir.write(d + "ListAttachedRolePolicies/" + role + ".json",
              R"({"AttachedPolicies": [{"PolicyName": "deploy",
      "PolicyArn": "arn:aws:iam::111111111111:policy/deploy"}]})");
    dir.write(d + "ListRolePolicies/" + role + ".json", R"({"PolicyNames": []})");
    dir.write(d + "ListRoleTags/" + role + ".json",
              R"({"Tags": [{"Key": "owner", "Value": "platform"}]})");
  }
  dir.write(d + "ListPolicies.json", R"({"Policies": [{"PolicyName": "deploy", "PolicyId": "ANPA1",
    "Arn": "arn:aws:iam::111111111111:policy/deploy", "Path": "/", "DefaultVersionId": "v3", "AttachmentCount": 2,
    "PermissionsBoundaryUsageCount": 0, "IsAttachable": true, "CreateDate": "2025-01-01T00:00:00+00:00",
    "UpdateDate": "2026-01-01T00:00:00+00:00"}]})");
  dir.write(
      d + "GetPolicyVersion/arn%3Aaws%3Aiam%3A%3A111111111111%3Apolicy%2Fdeploy.json",
      R"({"PolicyVersion": {"VersionId": "v3", "IsDefaultVersion": true, "CreateDate": "2026-01-01T00:00:00+00:00",
    "Document": "%7B%22Version%22%3A%222012-10-17%22%2C%22Statement%22%3A%5B%7B%22Effect%22%3A%22Allow%22%2C%22Action%22%3A%22%2A%22%2C%22Resource%22%3A%22%2A%22%7D%5D%7D"}})");
  dir.write(d + "ListServerCertificates.json",
            R"({"ServerCertificateMetadataList": [{"Path": "/cloudfront/",
    "ServerCertificateName": "legacy-site", "ServerCertificateId": "ASCA1",
    "Arn": "arn:aws:iam::111111111111:server-certificate/cloudfront/legacy-site",
    "UploadDate": "2020-01-01T00:00:00+00:00", "Expiration": "2021-01-01T00:00:00+00:00"}]})");
  CaptureResult r = read_ok(dir);

  const Asset& group = get(r, "arn:aws:iam::111111111111:group/admins");
  EXPECT_EQ(strings_at(group, "relationships.users"),
            std::vector<std::string>{"arn:aws:iam::111111111111:user/alice"});
  EXPECT_EQ(strings_at(group, "relationships.policies"),
            std::vector<std::string>{"arn:aws:iam::aws:policy/AdministratorAccess"});

  const Asset& ci = get(r, "arn:aws:iam::111111111111:role/ci-deploy");
  EXPECT_EQ(ci.name, "ci-deploy");
  EXPECT_EQ(at_path(ci, "tags.owner").as_string(), "platform");
  JsonRef trust = at_path(ci, "config.AssumeRolePolicyDocument.Statement");
  ASSERT_EQ(trust.kind(), JsonKind::Array);
  EXPECT_EQ(trust.at(0).find("Principal").find("AWS").as_string(),
            "arn:aws:iam::222222222222:root");
  // The AWS CLI prints the document already decoded: kept as it is.
  const Asset& exec = get(r, "arn:aws:iam::111111111111:role/service-role/lambda-exec");
  EXPECT_EQ(at_path(exec, "config.AssumeRolePolicyDocument.Statement")
                .at(0)
                .find("Principal")
                .find("Service")
                .as_string(),
            "lambda.amazonaws.com");

  const Asset& policy = get(r, "arn:aws:iam::111111111111:policy/deploy");
  EXPECT_EQ(policy.type, "aws.iam.policy");
  EXPECT_EQ(at_path(policy, "config.PolicyVersion.PolicyVersion.VersionId").as_string(), "v3");
  EXPECT_EQ(
      at_path(policy, "config.PolicyVersion.PolicyVersion.Document.Statement").at(0).find("Action").as_string(),
      "*");

  const Asset& cert = get(r, "arn:aws:iam::111111111111:server-certificate/cloudfront/legacy-site");
  EXPECT_EQ(cert.name, "legacy-site");
  EXPECT_EQ(at_path(cert, "config.Expiration").as_string(), "2021-01-01T00:00:00+00:00");
}

TEST(IamTypes, CaptureScriptComputesTheDefaultVersionArgumentPerPolicy) {
  // The jq filter prints "<policy arn>\t--version-id <DefaultVersionId>"; the option column is left
  // empty.
  std::string table = script_table();
  EXPECT_NE(table.find("call\taws.iam.policy\tiam\tglobal\tListPolicies\tGetPolicyVersion\tget-"
                       "policy-version\t-\t"
                       ".Policies[] | (.Arn) + \"\\t\" + \"--version-id "
                       "\\(.DefaultVersionId)\"\t--policy-arn\t\n"),
            std::string::npos)
      << table;
}

}  // namespace
}  // namespace vigil::aws
