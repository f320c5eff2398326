// aws_policy_statements(), aws_policy_public(), aws_policy_reach(),
// aws_trust_reach() and aws_policy_decide() (src/policy/vigil_aws_policy.h):
// the resource-policy analysis shared by the access policies. The analysis
// itself is proven by the corpora of tests/iam; these tests pin the CEL face.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "cel/parser.h"
#include "cel/program.h"
#include "policy/policy_compiler.h"

namespace vigil {
namespace {

cel::Value eval(const std::string& expr) {
  auto parsed = cel::parse(expr);
  if (!parsed.ok()) return cel::Value::error("parse: " + parsed.error().message);
  auto program = cel::Program::compile(parsed.value(), policy_detail::policy_env());
  if (!program.ok()) return cel::Value::error("compile: " + program.error().message);
  const std::vector<cel::Value> vars(3);
  return program.value().evaluate(vars);
}

// The statements named by aws_policy_public(<statements>)'s findings, without
// repeats, as "Read,A" (Sids) or "statement 2".
std::string public_sids(const std::string& statements) {
  cel::Value v =
      eval("aws_policy_public({\"Version\": \"2012-10-17\", \"Statement\": " + statements + "})");
  if (v.is_error()) return "error: " + v.error_message();
  std::vector<std::string> out;
  for (size_t i = 0; i < v.list_size(); ++i) {
    cel::Value names = *v.list_at(i).map_find(cel::Value::string("statements"));
    for (size_t j = 0; j < names.list_size(); ++j) {
      std::string name(names.list_at(j).as_string());
      if (name.starts_with("Sid ")) name = name.substr(4);
      if (std::find(out.begin(), out.end(), name) == out.end()) out.push_back(name);
    }
  }
  std::string joined;
  for (const auto& n : out) joined += (joined.empty() ? "" : ",") + n;
  return joined;
}

const std::string kPublicRead =
    R"({"Sid": "Read", "Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"})";

TEST(AwsPolicyStatements, SingleObjectAndScalarsBecomeLists) {
  cel::Value v = eval(R"(aws_policy_statements({"Statement": {"Effect": "Allow", "Action": "s3:*",
      "Resource": "*", "Principal": {"AWS": "arn:aws:iam::1:root"}}}))");
  ASSERT_EQ(v.kind(), cel::Kind::List) << v.debug_string();
  EXPECT_EQ(v.debug_string(),
            R"([{"Effect": "Allow", "Action": ["s3:*"], "Resource": ["*"], "Principal": {"AWS": "arn:aws:iam::1:root"}}])");
  cel::Value list = eval(R"(aws_policy_statements({"Statement": [{"NotAction": ["a", "b"]}, {"NotResource": "x"}]}))");
  EXPECT_EQ(list.debug_string(), R"([{"NotAction": ["a", "b"]}, {"NotResource": ["x"]}])");
}

TEST(AwsPolicyStatements, NotADocumentIsAnError) {
  cel::Value v = eval("aws_policy_statements(\"{}\")");
  ASSERT_TRUE(v.is_error());
  EXPECT_NE(v.error_message().find("policy document"), std::string::npos) << v.error_message();
  cel::Value w = eval("aws_policy_public({\"Version\": \"2012-10-17\"})");
  ASSERT_TRUE(w.is_error());
  EXPECT_NE(w.error_message().find("no Statement"), std::string::npos) << w.error_message();
}

TEST(AwsPolicyPublic, WildcardPrincipalsAreEveryone) {
  EXPECT_EQ(public_sids("[" + kPublicRead + "]"), "Read");
  EXPECT_EQ(public_sids(R"([{"Sid": "A", "Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "sqs:*"}])"), "A");
  EXPECT_EQ(public_sids(R"([{"Sid": "L", "Effect": "Allow", "Principal": {"AWS": ["arn:aws:iam::1:root", "*"]}, "Action": "sns:Publish"}])"), "L");
  EXPECT_EQ(public_sids(R"([{"Sid": "Any", "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::*:root"}, "Action": "kms:Decrypt"}])"), "Any");
  // A single statement object, not a list.
  // Anyone (anonymous) and any AWS account: two findings.
  EXPECT_EQ(eval("size(aws_policy_public({\"Statement\": " + kPublicRead + "}))").as_int(), 2);
}

TEST(AwsPolicyPublic, NamedPrincipalsServicesAndDenyAreNotPublic) {
  EXPECT_EQ(public_sids(R"([{"Sid": "Acct", "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::222222222222:root"}, "Action": "s3:GetObject"}])"), "");
  EXPECT_EQ(public_sids(R"([{"Sid": "Svc", "Effect": "Allow", "Principal": {"Service": "cloudtrail.amazonaws.com"}, "Action": "s3:PutObject"}])"), "");
  EXPECT_EQ(public_sids(R"([{"Sid": "D", "Effect": "Deny", "Principal": "*", "Action": "s3:*"}])"), "");
  EXPECT_EQ(public_sids(R"([{"Sid": "NoPrincipal", "Effect": "Allow", "Action": "*", "Resource": "*"}])"), "");
}

TEST(AwsPolicyPublic, NotPrincipalInAnAllowIsEveryoneElse) {
  EXPECT_EQ(public_sids(R"([{"Sid": "NP", "Effect": "Allow", "NotPrincipal": {"AWS": "arn:aws:iam::1:user/x"}, "Action": "sqs:SendMessage"}])"), "NP");
}

TEST(AwsPolicyPublic, RestrictingConditionsMakeItPrivate) {
  for (const char* condition : {
           R"({"StringEquals": {"aws:SourceVpce": "vpce-1a2b3c4d"}})",
           R"({"StringEquals": {"aws:PrincipalOrgID": "o-abc123"}})",
           R"({"StringEquals": {"AWS:SourceAccount": "111111111111"}})",
           R"({"ArnLike": {"aws:SourceArn": "arn:aws:s3:::acme-logs"}})",
           R"({"IpAddress": {"aws:SourceIp": ["203.0.113.0/24"]}})",
           R"({"ForAnyValue:StringLike": {"aws:PrincipalOrgPaths": "o-a/r-b/*"}})",
           R"({"StringEquals": {"kms:CallerAccount": "111111111111", "kms:ViaService": "s3.us-east-1.amazonaws.com"}})",
       }) {
    std::string s = std::string(R"([{"Sid": "C", "Effect": "Allow", "Principal": "*", "Action": "*", "Condition": )") +
                    condition + "}]";
    EXPECT_EQ(public_sids(s), "") << condition;
  }
}

TEST(AwsPolicyPublic, ConditionsThatDoNotRestrictStayPublic) {
  for (const char* condition : {
           R"({"Bool": {"aws:SecureTransport": "true"}})",
           R"({"StringNotEquals": {"aws:SourceVpce": "vpce-1"}})",
           R"({"StringEqualsIfExists": {"aws:SourceVpce": "vpce-1"}})",
           R"({"IpAddress": {"aws:SourceIp": "0.0.0.0/0"}})",
           R"({"IpAddress": {"aws:SourceIp": ["10.0.0.0/8", "::/0"]}})",
           R"({"StringLike": {"aws:SourceAccount": "*"}})",
           R"({"ForAllValues:StringEquals": {"aws:PrincipalOrgID": "o-abc"}})",
           R"({"Null": {"aws:SourceVpce": "false"}})",
       }) {
    std::string s = std::string(R"([{"Sid": "C", "Effect": "Allow", "Principal": "*", "Action": "*", "Condition": )") +
                    condition + "}]";
    EXPECT_EQ(public_sids(s), "C") << condition;
  }
}

TEST(AwsPolicyPublic, DenyForEveryoneOutsideTheVpcOverridesTheAllow) {
  EXPECT_EQ(public_sids("[" + kPublicRead + R"(, {"Sid": "OnlyVpce", "Effect": "Deny", "Principal": "*", "Action": "s3:*",
      "Resource": ["arn:aws:s3:::b", "arn:aws:s3:::b/*"], "Condition": {"StringNotEquals": {"aws:SourceVpce": "vpce-1"}}}])"),
            "");
  // Without condition: everything is denied.
  EXPECT_EQ(public_sids("[" + kPublicRead + R"(, {"Effect": "Deny", "Principal": {"AWS": "*"}, "Action": "*", "Resource": "*"}])"), "");
  // NotPrincipal deny: everyone but the named account is denied.
  EXPECT_EQ(public_sids("[" + kPublicRead + R"(, {"Effect": "Deny", "NotPrincipal": {"AWS": "arn:aws:iam::1:root"}, "Action": "s3:*", "Resource": "*"}])"), "");
}

TEST(AwsPolicyPublic, PartialDeniesDoNotOverride) {
  // Only HTTP is denied.
  EXPECT_EQ(public_sids("[" + kPublicRead + R"(, {"Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": "*",
      "Condition": {"Bool": {"aws:SecureTransport": "false"}}}])"), "Read");
  // Another action.
  EXPECT_EQ(public_sids("[" + kPublicRead + R"(, {"Effect": "Deny", "Principal": "*", "Action": "s3:PutObject", "Resource": "*"}])"), "Read");
  // Another resource.
  EXPECT_EQ(public_sids("[" + kPublicRead + R"(, {"Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": "arn:aws:s3:::b/private/*"}])"), "Read");
  // Only one named principal denied.
  EXPECT_EQ(public_sids("[" + kPublicRead + R"(, {"Effect": "Deny", "Principal": {"AWS": "arn:aws:iam::9:root"}, "Action": "*", "Resource": "*"}])"), "Read");
  // NotAction in the deny: it denies every action but PutObject, GetObject included.
  EXPECT_EQ(
      public_sids(
          "[" + kPublicRead +
          R"(, {"Effect": "Deny", "Principal": "*", "NotAction": "s3:PutObject", "Resource": "*"}])"),
      "");
  // ... and denying every action but GetObject leaves GetObject public.
  EXPECT_EQ(
      public_sids(
          "[" + kPublicRead +
          R"(, {"Effect": "Deny", "Principal": "*", "NotAction": "s3:GetObject", "Resource": "*"}])"),
      "Read");
}

TEST(AwsPolicyPublic, ConditionsThatOnlyLookRestrictiveStayPublic) {
  for (const char* condition : {
           R"({"StringLike": {"aws:PrincipalOrgID": "o-*"}})",
           R"({"ArnLike": {"aws:PrincipalArn": "arn:aws:iam::*:*"}})",
           R"({"StringLike": {"aws:PrincipalAccount": "?*"}})",
           R"({"StringEquals": {"aws:PrincipalAccount": "${aws:PrincipalAccount}"}})",
           R"({"IpAddress": {"aws:SourceIp": ["0.0.0.0/1", "128.0.0.0/1"]}})",
           R"({"StringEquals": {"aws:userid": "anonymous"}})",
       }) {
    std::string s =
        std::string(
            R"([{"Sid": "C", "Effect": "Allow", "Principal": "*", "Action": "*", "Condition": )") +
        condition + "}]";
    EXPECT_EQ(public_sids(s), "C") << condition;
  }
}

TEST(AwsPolicyReach, NamesOutsideAccountsAndWhy) {
  cel::Value v = eval(
      R"(aws_policy_reach({"Version": "2012-10-17", "Statement": [{"Sid": "Partner", "Effect": "Allow",
      "Principal": {"AWS": "arn:aws:iam::999988887777:root"}, "Action": "sqs:SendMessage", "Resource": "*"}]},
      {"organization": "o-a1b2c3d4e5", "accounts": ["111122223333"]}))");
  ASSERT_EQ(v.kind(), cel::Kind::List) << v.debug_string();
  ASSERT_EQ(v.list_size(), 1u) << v.debug_string();
  cel::Value f = v.list_at(0);
  EXPECT_EQ(f.map_find(cel::Value::string("kind"))->as_string(), "account");
  EXPECT_EQ(f.map_find(cel::Value::string("principal"))->as_string(), "999988887777");
  std::string why(f.map_find(cel::Value::string("why"))->as_string());
  EXPECT_NE(why.find("Sid Partner lets account 999988887777 in"), std::string::npos) << why;
  // The same account listed as the company's is not outside.
  cel::Value own =
      eval(R"(aws_policy_reach({"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
      "Principal": {"AWS": "arn:aws:iam::999988887777:root"}, "Action": "sqs:SendMessage", "Resource": "*"}]},
      {"accounts": ["999988887777"]}))");
  EXPECT_EQ(own.debug_string(), "[]");
}

TEST(AwsPolicyReach, AnUnreadableDocumentIsAnErrorNeverPrivate) {
  cel::Value v =
      eval(R"(aws_policy_public({"Statement": [{"Effect": "Allow", "Principal": "*", "Action": "*",
      "Condition": {"StringEqualz": {"aws:SourceVpce": "vpce-1"}}}]}))");
  ASSERT_TRUE(v.is_error()) << v.debug_string();
  EXPECT_NE(
      v.error_message().find("Statement[0].Condition.StringEqualz: unknown condition operator"),
      std::string::npos)
      << v.error_message();
}

TEST(AwsTrustReach, GitHubActionsWithoutASubjectIsPublic) {
  cel::Value v = eval(R"(aws_trust_reach({"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
      "Principal": {"Federated": "arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com"},
      "Action": "sts:AssumeRoleWithWebIdentity",
      "Condition": {"StringEquals": {"token.actions.githubusercontent.com:aud": "sts.amazonaws.com"}}}]}))");
  ASSERT_EQ(v.kind(), cel::Kind::List) << v.debug_string();
  ASSERT_EQ(v.list_size(), 1u) << v.debug_string();
  EXPECT_EQ(v.list_at(0).map_find(cel::Value::string("kind"))->as_string(), "web-identity");
}

TEST(AwsPolicyDecide, EvaluatesOneRequest) {
  const std::string doc = R"({"Version": "2012-10-17", "Statement": [
      {"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"},
      {"Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": "arn:aws:s3:::b/*",
       "Condition": {"Bool": {"aws:SecureTransport": "false"}}}]})";
  EXPECT_EQ(eval("aws_policy_decide(" + doc +
                 R"(, {"caller": {"kind": "anonymous"}, "action": "s3:GetObject",
      "resource": "arn:aws:s3:::b/k", "context": {"aws:SecureTransport": true}}))")
                .as_string(),
            "allow");
  EXPECT_EQ(eval("aws_policy_decide(" + doc +
                 R"(, {"caller": {"kind": "anonymous"}, "action": "s3:GetObject",
      "resource": "arn:aws:s3:::b/k", "context": {"aws:SecureTransport": false}}))")
                .as_string(),
            "explicit-deny");
  EXPECT_EQ(eval("aws_policy_decide(" + doc +
                 R"(, {"caller": {"kind": "anonymous"}, "action": "s3:PutObject",
      "resource": "arn:aws:s3:::b/k", "context": {"aws:SecureTransport": true}}))")
                .as_string(),
            "implicit-deny");
}

TEST(AwsPolicyPublic, ActionWildcardsCoverCaseInsensitively) {
  EXPECT_EQ(public_sids(R"([{"Sid": "A", "Effect": "Allow", "Principal": "*", "Action": ["SQS:SendMessage", "sqs:ReceiveMessage"], "Resource": "*"},
      {"Effect": "Deny", "Principal": "*", "Action": "sqs:*", "Resource": "*"}])"), "");
  EXPECT_EQ(public_sids(R"([{"Sid": "A", "Effect": "Allow", "Principal": "*", "Action": "sqs:*", "Resource": "*"},
      {"Effect": "Deny", "Principal": "*", "Action": "sqs:Send*", "Resource": "*"}])"), "A");
  EXPECT_EQ(public_sids(R"([{"Sid": "N", "Effect": "Allow", "Principal": "*", "NotAction": "sqs:DeleteQueue", "Resource": "*"},
      {"Effect": "Deny", "Principal": "*", "Action": "*", "Resource": "*"}])"), "");
}

}  // namespace
}  // namespace vigil
