// aws_policy_statements() and aws_policy_public() (src/policy/vigil_aws_policy.h):
// the resource-policy evaluation shared by the public-access policies.
#include <gtest/gtest.h>

#include <string>

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

// The Sids of aws_policy_public(<statements>), as "a,b".
std::string public_sids(const std::string& statements) {
  cel::Value v = eval("aws_policy_public({\"Version\": \"2012-10-17\", \"Statement\": " + statements +
                      "}).map(s, s.?Sid.orValue(\"-\")).join(\",\")");
  return v.is_error() ? "error: " + v.error_message() : std::string(v.as_string());
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
  EXPECT_EQ(eval("size(aws_policy_public({\"Statement\": " + kPublicRead + "}))").as_int(), 1);
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
  // NotAction in the deny: not taken as covering.
  EXPECT_EQ(public_sids("[" + kPublicRead + R"(, {"Effect": "Deny", "Principal": "*", "NotAction": "s3:PutObject", "Resource": "*"}])"), "Read");
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
