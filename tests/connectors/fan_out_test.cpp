// Fan-out calls (catalog.h, "FAN-OUT CALLS"): IAM's Get{User,Group,Role}Policy,
// made once per inline policy name that List*Policies returned, read from
// <Operation>/<key>/<key2>.json into config.<name>, the array of the outputs.
// Absence of names is [], a failure anywhere is the whole member unavailable
// (never "fewer documents"), NoSuchEntity leaves one output out, long keys
// follow the file-name rule of capture_files.h; the catalog, the capture
// script table and the operations table agree.
#include <gtest/gtest.h>

#include "capture_fixture.h"
#include "connectors/aws/capture_doc.h"
#include "connectors/aws/capture_files.h"

namespace vigil::aws {
namespace {

using testing::at_path;
using testing::CaptureDir;
using testing::get;
using testing::read_ok;
using testing::write_empty_lists;

constexpr const char* kFanOutIam = "111111111111/global/iam/";
const std::string kRole = "arn:aws:iam::111111111111:role/deploy";

// URL-encoded
// {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}, as the IAM
// API returns documents.
constexpr const char* kEncodedAdmin =
    "%7B%22Version%22%3A%222012-10-17%22%2C%22Statement%22%3A%5B%7B%22Effect%22%3A%22Allow%22%2C"
    "%22Action%22%3A%22*%22%2C%22Resource%22%3A%22*%22%7D%5D%7D";

// One role, "deploy", its list calls answered; `names` its inline policy names.
void write_role(const CaptureDir& dir, const std::string& names_json) {
  std::string d = kFanOutIam;
  write_empty_lists(dir, "111111111111", "global", "iam");
  dir.write(d + "ListRoles.json",
            R"({"Roles": [{"Path": "/", "RoleName": "deploy", "RoleId": "AROA1",
    "Arn": "arn:aws:iam::111111111111:role/deploy", "CreateDate": "2025-01-01T00:00:00+00:00",
    "AssumeRolePolicyDocument": {"Version": "2012-10-17", "Statement": []}}]})");
  dir.write(d + "ListAttachedRolePolicies/deploy.json", R"({"AttachedPolicies": []})");
  dir.write(d + "ListRoleTags/deploy.json", R"({"Tags": []})");
  dir.write(d + "ListRolePolicies/deploy.json", names_json);
}

std::string policy_file(const std::string& role, const std::string& name) {
  return std::string(kFanOutIam) + "GetRolePolicy/" + resource_folder_name(role) + "/" +
         resource_file_name(name);
}

JsonRef error_of(const Asset& a, const std::string& part) {
  JsonRef errors = at_path(a, "errors");
  for (uint32_t i = 0; errors.valid() && i < errors.size(); ++i)
    if (errors.at(i).find("part").as_string() == part) return errors.at(i);
  return JsonRef();
}

TEST(FanOut, EachNameIsReadFromItsOwnFileIntoAnArrayOfTheOutputsDecoded) {
  CaptureDir dir;
  write_role(dir, R"({"PolicyNames": ["admin", "logs"], "IsTruncated": false})");
  // A raw API output (URL-encoded document) and an AWS CLI output (the document an object).
  dir.write(policy_file("deploy", "admin"),
            std::string(R"({"RoleName": "deploy", "PolicyName": "admin", "PolicyDocument": ")") +
                kEncodedAdmin + "\"}");
  dir.write(policy_file("deploy", "logs"), R"({"RoleName": "deploy", "PolicyName": "logs",
    "PolicyDocument": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "logs:*", "Resource": "*"}]}})");
  CaptureResult r = read_ok(dir);
  const Asset& role = get(r, kRole);
  JsonRef outputs = at_path(role, "config.RolePolicy");
  ASSERT_EQ(outputs.kind(), JsonKind::Array);
  ASSERT_EQ(outputs.size(), 2u);
  EXPECT_EQ(outputs.at(0).find("PolicyName").as_string(), "admin");
  EXPECT_EQ(outputs.at(0).find("RoleName").as_string(), "deploy");
  JsonRef admin = outputs.at(0).find("PolicyDocument").find("Statement").at(0);
  EXPECT_EQ(admin.find("Action").as_string(), "*");
  EXPECT_EQ(outputs.at(1).find("PolicyDocument").find("Statement").at(0).find("Action").as_string(),
            "logs:*");
  EXPECT_FALSE(at_path(role, "errors").valid());
}

TEST(FanOut, NoNamesIsAnEmptyArrayWithoutAnyFolder) {
  CaptureDir dir;
  write_role(dir, R"({"PolicyNames": []})");  // and no GetRolePolicy folder at all
  CaptureResult r = read_ok(dir);
  JsonRef outputs = at_path(get(r, kRole), "config.RolePolicy");
  ASSERT_EQ(outputs.kind(), JsonKind::Array);
  EXPECT_EQ(outputs.size(), 0u);
}

TEST(FanOut, NamesWithoutTheCallsFolderAreNotCaptured) {
  CaptureDir dir;
  write_role(dir, R"({"PolicyNames": ["admin"]})");  // an older capture: no GetRolePolicy folder
  CaptureResult r = read_ok(dir);
  const Asset& role = get(r, kRole);
  EXPECT_EQ(at_path(role, "config.RolePolicy").kind(), JsonKind::Unavailable);
  EXPECT_EQ(error_of(role, "config.RolePolicy").find("code").as_string(), "NotCaptured");
  EXPECT_EQ(error_of(role, "config.RolePolicy").find("operation").as_string(), "GetRolePolicy");
}

TEST(FanOut, OneMissingOrFailedFileMakesTheWholeMemberUnavailable) {
  for (const char* second : {"", R"({"Error": {"Code": "AccessDenied", "Message": "denied"}})",
                             R"({"RoleName": "deploy", "PolicyName": )"}) {
    SCOPED_TRACE(second);
    CaptureDir dir;
    write_role(dir, R"({"PolicyNames": ["admin", "logs"]})");
    dir.write(policy_file("deploy", "admin"),
              std::string(R"({"RoleName": "deploy", "PolicyName": "admin", "PolicyDocument": ")") +
                  kEncodedAdmin + "\"}");
    if (*second) dir.write(policy_file("deploy", "logs"), second);
    CaptureOptions options;
    Result<CaptureResult> r = read_capture(dir.path(), options);
    ASSERT_TRUE(r.ok());
    const Asset& role = get(*r, kRole);
    EXPECT_EQ(at_path(role, "config.RolePolicy").kind(), JsonKind::Unavailable);
    std::string code(error_of(role, "config.RolePolicy").find("code").as_string());
    std::string want = *second == 0                                             ? "NotCaptured"
                       : std::string(second).find("Error") != std::string::npos ? "AccessDenied"
                                                                                : "MalformedJSON";
    EXPECT_EQ(code, want);
  }
}

TEST(FanOut, NoSuchEntityLeavesThatOutputOut) {
  CaptureDir dir;
  write_role(dir, R"({"PolicyNames": ["admin", "deleted-meanwhile"]})");
  dir.write(policy_file("deploy", "admin"),
            std::string(R"({"RoleName": "deploy", "PolicyName": "admin", "PolicyDocument": ")") +
                kEncodedAdmin + "\"}");
  dir.write(
      policy_file("deploy", "deleted-meanwhile"),
      R"({"Error": {"Code": "NoSuchEntity", "Message": "The role policy with name deleted-meanwhile cannot be found."}})");
  CaptureResult r = read_ok(dir);
  const Asset& role = get(r, kRole);
  JsonRef outputs = at_path(role, "config.RolePolicy");
  ASSERT_EQ(outputs.kind(), JsonKind::Array);
  ASSERT_EQ(outputs.size(), 1u);
  EXPECT_EQ(outputs.at(0).find("PolicyName").as_string(), "admin");
  EXPECT_FALSE(at_path(role, "errors").valid());
}

TEST(FanOut, AFailedListOfNamesMakesTheDocumentsUnavailableWithItsReason) {
  CaptureDir dir;
  write_role(
      dir,
      R"({"Error": {"Code": "AccessDenied", "Message": "not authorized: iam:ListRolePolicies"}})");
  CaptureResult r = read_ok(dir);
  const Asset& role = get(r, kRole);
  JsonRef docs = at_path(role, "config.RolePolicy");
  ASSERT_EQ(docs.kind(), JsonKind::Unavailable);
  EXPECT_NE(docs.as_string().find("ListRolePolicies: AccessDenied"), std::string::npos)
      << docs.as_string();
  EXPECT_EQ(error_of(role, "config.RolePolicy").find("operation").as_string(), "ListRolePolicies");
}

TEST(FanOut, LongKeysFollowTheFileNameRuleInBothLevels) {
  // IAM allows 64-character role names and 128-character policy names of [\w+=,.@-]:
  // percent-encoded, a name of '+' and '=' is three times as long, past 255 bytes.
  std::string role(64, 'r');
  std::string name = std::string(60, '+') + std::string(68, '=');
  ASSERT_GT(percent_encode(name).size(), 255u);
  EXPECT_EQ(resource_folder_name(role) + ".json", resource_file_name(role));
  EXPECT_NE(resource_file_name(name).find("%%sha256-"), std::string::npos);
  CaptureDir dir;
  std::string d = kFanOutIam;
  write_empty_lists(dir, "111111111111", "global", "iam");
  dir.write(d + "ListRoles.json",
            R"({"Roles": [{"Path": "/", "RoleName": ")" + role +
                R"(", "RoleId": "AROA1", "Arn": "arn:aws:iam::111111111111:role/)" + role +
                R"(", "CreateDate": "2025-01-01T00:00:00+00:00"}]})");
  dir.write(d + "ListAttachedRolePolicies/" + role + ".json", R"({"AttachedPolicies": []})");
  dir.write(d + "ListRoleTags/" + role + ".json", R"({"Tags": []})");
  dir.write(d + "ListRolePolicies/" + role + ".json", R"({"PolicyNames": [")" + name + "\"]}");
  dir.write(policy_file(role, name), R"({"RoleName": ")" + role + R"(", "PolicyName": ")" + name +
                                         R"(", "PolicyDocument": {"Statement": []}})");
  CaptureResult r = read_ok(dir);
  JsonRef outputs = at_path(get(r, "arn:aws:iam::111111111111:role/" + role), "config.RolePolicy");
  ASSERT_EQ(outputs.kind(), JsonKind::Array);
  ASSERT_EQ(outputs.size(), 1u);
  EXPECT_EQ(outputs.at(0).find("PolicyName").as_string(), name);
}

TEST(FanOut, UsersAndGroupsHaveTheirInlineDocumentsToo) {
  CaptureDir dir;
  std::string d = kFanOutIam;
  write_empty_lists(dir, "111111111111", "global", "iam");
  dir.write(d + "ListGroups.json",
            R"({"Groups": [{"Path": "/", "GroupName": "ops", "GroupId": "AGPA1",
    "Arn": "arn:aws:iam::111111111111:group/ops", "CreateDate": "2024-01-01T00:00:00+00:00"}]})");
  dir.write(d + "GetGroup/ops.json", R"({"Group": {"GroupName": "ops"}, "Users": []})");
  dir.write(d + "ListAttachedGroupPolicies/ops.json", R"({"AttachedPolicies": []})");
  dir.write(d + "ListGroupPolicies/ops.json", R"({"PolicyNames": ["all"]})");
  dir.write(d + "GetGroupPolicy/ops/all.json",
            std::string(R"({"GroupName": "ops", "PolicyName": "all", "PolicyDocument": ")") +
                kEncodedAdmin + "\"}");
  CaptureResult r = read_ok(dir);
  JsonRef docs = at_path(get(r, "arn:aws:iam::111111111111:group/ops"), "config.GroupPolicy");
  ASSERT_EQ(docs.kind(), JsonKind::Array);
  ASSERT_EQ(docs.size(), 1u);
  EXPECT_EQ(docs.at(0).find("PolicyDocument").find("Statement").at(0).find("Resource").as_string(),
            "*");
}

TEST(FanOut, EveryFanOutCallReadsItsNamesFromAnEarlierCallOfItsType) {
  size_t fan_outs = 0;
  for (const ResourceType& t : resource_catalog())
    for (size_t i = 0; i < t.calls.size(); ++i) {
      const PerResourceCall& c = t.calls[i];
      if (!c.fans_out()) continue;
      ++fan_outs;
      SCOPED_TRACE(std::string(c.operation));
      EXPECT_TRUE(c.each_parameter.starts_with("--"));
      std::string_view source = c.each.substr(0, c.each.find('.'));
      bool earlier = false;
      for (size_t j = 0; j < i; ++j)
        earlier |= !t.calls[j].fans_out() && config_name_of(t.calls[j]) == source;
      EXPECT_TRUE(earlier) << c.each << " must start with the config name of an earlier call";
    }
  EXPECT_EQ(fan_outs, 3u);  // Get{User,Group,Role}Policy
}

TEST(FanOut, TheCaptureScriptTableAndTheDocumentationNameTheTwoKeys) {
  std::string table = script_table();
  EXPECT_NE(table.find(
                "fanout\taws.iam.role\tiam\tglobal\tListRoles\tListRolePolicies\tGetRolePolicy\t"
                "get-role-policy\tNoSuchEntity\t.Roles[] | .RoleName\t--role-name\t.PolicyNames[]\t"
                "--policy-name\n"),
            std::string::npos)
      << table;
  EXPECT_NE(operations_markdown().find("`GetUserPolicy` ← `UserName` × each "
                                       "`UserPolicies.PolicyNames[]`"),
            std::string::npos);
}

}  // namespace
}  // namespace vigil::aws
