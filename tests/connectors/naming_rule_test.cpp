// The naming rule of catalog.h, checked over the whole catalog: every
// per-resource call and account setting is config.<Operation minus its
// Describe/Get/List prefix>, holding the call's output unchanged; names do
// not collide within one asset; a call output replaces a same-named member
// of the list item.
#include <gtest/gtest.h>

#include <set>
#include <string>

#include "capture_fixture.h"
#include "connectors/aws/catalog.h"

namespace vigil::aws::testing {
namespace {

TEST(NamingRule, OperationMinusItsPrefix) {
  EXPECT_EQ(config_name_of("GetBucketAcl"), "BucketAcl");
  EXPECT_EQ(config_name_of("GetPublicAccessBlock"), "PublicAccessBlock");
  EXPECT_EQ(config_name_of("ListAccessKeys"), "AccessKeys");
  EXPECT_EQ(config_name_of("DescribeKey"), "Key");
  EXPECT_EQ(config_name_of("GetAccountPasswordPolicy"), "AccountPasswordPolicy");
  EXPECT_EQ(config_name_of("Get"), "Get");  // nothing after the prefix: the operation itself
}

TEST(NamingRule, NoTwoPartsOfOneAssetShareAName) {
  for (const ResourceType& t : resource_catalog()) {
    std::set<std::string> names;
    for (const PerResourceCall& c : t.calls)
      EXPECT_TRUE(names.insert(config_name_of(c)).second) << t.type << ": " << c.operation;
    for (const FolderJoin& j : t.joins) {
      EXPECT_EQ(std::string(j.config_name), config_name_of(j.operation)) << t.type << ": the rule holds for joins";
      EXPECT_TRUE(names.insert(std::string(j.config_name)).second) << t.type << ": " << j.operation;
    }
  }
  std::set<std::string> settings;
  for (const AccountSetting& s : account_settings())
    EXPECT_TRUE(settings.insert(config_name_of(s)).second) << s.service << " " << s.operation;
}

TEST(NamingRule, AccountSettingsKeepTheirOutputUnchanged) {
  CaptureDir dir;
  std::string g = "111111111111/global/";
  dir.write(g + "iam/GetAccountPasswordPolicy.json",
            R"({"PasswordPolicy": {"MinimumPasswordLength": 14, "RequireSymbols": true}})");
  dir.write(g + "iam/GetAccountSummary.json", R"({"SummaryMap": {"AccountMFAEnabled": 1}})");
  dir.write(g + "s3control/GetPublicAccessBlock.json",
            R"({"PublicAccessBlockConfiguration": {"BlockPublicAcls": true}})");
  dir.write("111111111111/us-east-1/guardduty/ListDetectors.json", R"({"DetectorIds": ["d1"]})");
  CaptureResult r = read_ok(dir);
  const Asset* account = r.inventory.account_asset("111111111111");
  ASSERT_NE(account, nullptr);
  EXPECT_EQ(at_path(*account, "config.AccountPasswordPolicy.PasswordPolicy.MinimumPasswordLength").as_int(), 14);
  EXPECT_EQ(at_path(*account, "config.AccountSummary.SummaryMap.AccountMFAEnabled").as_int(), 1);
  EXPECT_TRUE(at_path(*account, "config.PublicAccessBlock.PublicAccessBlockConfiguration.BlockPublicAcls").as_bool());
  EXPECT_EQ(strings_at(*account, "config.Detectors.us-east-1.DetectorIds"), std::vector<std::string>{"d1"});
}

TEST(NamingRule, ACallOutputReplacesASameNamedItemMember) {
  // Lambda's GetPolicy -> config.Policy. Should a list item ever carry a
  // member "Policy", the call output wins (catalog.h, "Collisions").
  CaptureDir dir;
  std::string d = "111111111111/us-east-1/lambda/";
  dir.write(d + "ListFunctions.json", R"({"Functions": [{"FunctionName": "f",
    "FunctionArn": "arn:aws:lambda:us-east-1:111111111111:function:f", "Policy": "from the list item"}]})");
  dir.write(d + "GetPolicy/f.json", R"({"Policy": "{\"Statement\": [{\"Effect\": \"Allow\"}]}", "RevisionId": "r1"})");
  dir.write(d + "ListTags/arn%3Aaws%3Alambda%3Aus-east-1%3A111111111111%3Afunction%3Af.json", R"({"Tags": {"a": "b"}})");
  CaptureResult r = read_ok(dir);
  const Asset* f = r.inventory.find("arn:aws:lambda:us-east-1:111111111111:function:f");
  ASSERT_NE(f, nullptr);
  EXPECT_EQ(at_path(*f, "config.Policy.RevisionId").as_string(), "r1");
  EXPECT_EQ(at_path(*f, "config.Policy.Policy.Statement").at(0).find("Effect").as_string(), "Allow");
  EXPECT_EQ(at_path(*f, "config.Tags.Tags.a").as_string(), "b");
  EXPECT_EQ(at_path(*f, "tags.a").as_string(), "b");
}

}  // namespace
}  // namespace vigil::aws::testing
