// parse_policy_text: documents Vigil cannot read exactly are errors, and the
// analysis of what it does read stays bounded and names the right statement.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <string>

#include "iam/reach.h"

namespace vigil::iam {
namespace {

TEST(IamPolicyParse, AMemberWrittenTwiceIsAnError) {
  // nlohmann would keep the last Statement: an empty one, hiding the public Allow.
  auto p = parse_policy_text(
      R"({"Statement": [{"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject"}],
                                 "Statement": []})");
  ASSERT_FALSE(p.ok());
  EXPECT_NE(p.error().message.find("names \"Statement\" twice"), std::string::npos)
      << p.error().message;
  auto q = parse_policy_text(R"({"Statement": {"Effect": "Allow", "Principal": "*", "Action": "*",
      "Condition": {"StringEquals": {"aws:SourceVpce": "vpce-1"}, "StringEquals": {"aws:SourceVpce": "vpce-2"}}}})");
  EXPECT_FALSE(q.ok());
}

TEST(IamPolicyParse, DeepNestingIsRefusedBeforeParsing) {
  std::string deep = "{\"Statement\":" + std::string(100000, '[') + std::string(100000, ']') + "}";
  auto p = parse_policy_text(deep);
  ASSERT_FALSE(p.ok());
  EXPECT_NE(p.error().message.find("deeper than 64 levels"), std::string::npos)
      << p.error().message;
}

TEST(IamPolicyParse, FindingsNameTheirStatementAfterAnIdentityStyleOne) {
  auto p = parse_policy_text(R"({"Version": "2012-10-17", "Statement": [
      {"Effect": "Allow", "Action": "s3:*", "Resource": "*"},
      {"Sid": "Partner", "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::999988887777:root"}, "Action": "s3:GetObject", "Resource": "*"},
      {"Sid": "Public", "Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "*"}]})");
  ASSERT_TRUE(p.ok()) << p.error().message;
  Reach reach = analyze_reach(*p, PolicyKind::Resource, {"111122223333", "", {}});
  ASSERT_FALSE(reach.findings.empty());
  EXPECT_EQ(reach.findings[0].kind, ReachKind::Anonymous);
  EXPECT_EQ(reach.findings[0].statements, std::vector<std::string>{"Sid Public"});
}

// Documents a reviewer built to exhaust the search: each is analysed within
// the budget, reported reachable, and not decided exactly.
TEST(IamPolicyParse, HostileDocumentsAreBoundedAndReadAsReachable) {
  std::string stars = "a" + std::string(19000, '*');
  auto wide = parse_policy_text(fmt::format(
      R"({{"Statement": [{{"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject",
      "Resource": "*", "Condition": {{"StringLike": {{"aws:Referer": "{}"}}}}}}]}})",
      stars));
  ASSERT_TRUE(wide.ok()) << wide.error().message;
  Reach a = analyze_reach(*wide, PolicyKind::Resource, {"111122223333", "o-a1b2c3d4e5", {}});
  ASSERT_TRUE(a.is_public());
  for (const auto& f : a.findings) EXPECT_FALSE(f.exact) << f.why;

  std::string orgs, accounts;
  for (int i = 0; i < 450; ++i) {
    orgs += fmt::format("{}\"o-partner{:05}\"", i ? "," : "", i);
    accounts += fmt::format("{}\"arn:aws:iam::{:012}:root\"", i ? "," : "", 900000000000LL + i);
  }
  auto many = parse_policy_text(fmt::format(R"({{"Statement": [
      {{"Effect": "Allow", "Principal": {{"AWS": [{}]}}, "Action": "s3:GetObject", "Resource": "*"}},
      {{"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "*",
        "Condition": {{"StringEquals": {{"aws:PrincipalOrgID": [{}]}}}}}}]}})",
                                            accounts, orgs));
  ASSERT_TRUE(many.ok()) << many.error().message;
  Reach b = analyze_reach(*many, PolicyKind::Resource, {"111122223333", "o-a1b2c3d4e5", {}});
  EXPECT_TRUE(b.outside_organization());
  EXPECT_GE(b.findings.size(), 450u);
}

}  // namespace
}  // namespace vigil::iam
