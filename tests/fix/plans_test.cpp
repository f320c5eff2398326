// The plans of every fix action, with their exact parameters, backups and
// undo calls, from hand-written assets in the connectors' shape; and the
// refusals (nothing to fix, data not collected, ambiguous keys).
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "fix/actions.h"
#include "fix/registry.h"

namespace vigil::fix {
namespace {

using nlohmann::json;

Target target(const json& asset) {
  return {asset.value("id", ""), asset.value("type", ""), asset.value("account", ""),
          asset.value("region", ""), asset};
}

PlanInput input(const std::string& policy, json params = json::object(),
                int64_t now = 1'800'000'000) {
  return {policy, std::move(params), now};
}

TEST(FixPlans, S3BlockPublicAccessFromNothing) {
  json bucket = {{"id", "arn:aws:s3:::acme-web"},
                 {"type", "aws.s3.bucket"},
                 {"account", "111111111111"},
                 {"region", "eu-west-1"},
                 {"config", {{"Name", "acme-web"}}}};
  auto plan = plan_fix(s3_block_public_access(), target(bucket),
                       input("aws-s3-bucket-public-access-block"));
  ASSERT_TRUE(plan.ok()) << plan.error().message;
  ASSERT_EQ(plan->calls.size(), 1u);
  EXPECT_EQ(plan->calls[0], (ApiCall{"s3",
                                     "eu-west-1",
                                     "PutPublicAccessBlock",
                                     {{"Bucket", "acme-web"},
                                      {"PublicAccessBlockConfiguration",
                                       {{"BlockPublicAcls", true},
                                        {"IgnorePublicAcls", true},
                                        {"BlockPublicPolicy", true},
                                        {"RestrictPublicBuckets", true}}}}}));
  EXPECT_EQ(plan->backup, (json{{"PublicAccessBlockConfiguration", nullptr}}));
  ASSERT_EQ(plan->undo.size(), 1u);
  EXPECT_EQ(plan->undo[0],
            (ApiCall{"s3", "eu-west-1", "DeletePublicAccessBlock", {{"Bucket", "acme-web"}}}));
  EXPECT_EQ(plan->digest.size(), 64u);
  auto again = plan_fix(s3_block_public_access(), target(bucket),
                        input("aws-s3-bucket-public-access-block"));
  EXPECT_EQ(again->digest, plan->digest);  // deterministic
}

TEST(FixPlans, S3UndoPutsThePartialConfigurationBack) {
  json before = {{"BlockPublicAcls", true},
                 {"IgnorePublicAcls", false},
                 {"BlockPublicPolicy", true},
                 {"RestrictPublicBuckets", false}};
  json bucket = {
      {"id", "arn:aws:s3:::b"},
      {"type", "aws.s3.bucket"},
      {"account", "1"},
      {"region", "us-east-1"},
      {"config",
       {{"Name", "b"}, {"PublicAccessBlock", {{"PublicAccessBlockConfiguration", before}}}}}};
  auto plan = plan_fix(s3_block_public_access(), target(bucket), input("aws-s3-bucket-public"));
  ASSERT_TRUE(plan.ok()) << plan.error().message;
  EXPECT_EQ(plan->undo[0].operation, "PutPublicAccessBlock");
  EXPECT_EQ(plan->undo[0].params["PublicAccessBlockConfiguration"], before);
}

TEST(FixPlans, S3RefusesWhenNothingToDoOrNotCollected) {
  json all = {{"BlockPublicAcls", true},
              {"IgnorePublicAcls", true},
              {"BlockPublicPolicy", true},
              {"RestrictPublicBuckets", true}};
  json fixed = {
      {"id", "arn:aws:s3:::b"},
      {"type", "aws.s3.bucket"},
      {"config",
       {{"Name", "b"}, {"PublicAccessBlock", {{"PublicAccessBlockConfiguration", all}}}}}};
  auto plan = plan_fix(s3_block_public_access(), target(fixed), input("aws-s3-bucket-public"));
  ASSERT_FALSE(plan.ok());
  EXPECT_EQ(plan.error().kind, Error::Kind::Conflict);
  json failed = {{"id", "arn:aws:s3:::b"},
                 {"type", "aws.s3.bucket"},
                 {"config", {{"Name", "b"}}},
                 {"errors", {{{"part", "config.PublicAccessBlock"}, {"code", "AccessDenied"}}}}};
  plan = plan_fix(s3_block_public_access(), target(failed), input("aws-s3-bucket-public"));
  ASSERT_FALSE(plan.ok());  // unknown is never "nothing configured"
  EXPECT_EQ(plan.error().kind, Error::Kind::Unavailable);
}

json security_group() {
  return {{"id", "arn:aws:ec2:us-east-1:111111111111:security-group/sg-1"},
          {"type", "aws.ec2.security-group"},
          {"account", "111111111111"},
          {"region", "us-east-1"},
          {"config",
           {{"GroupId", "sg-1"},
            {"IpPermissions",
             {
                 // SSH from the world and from the office: only the world source goes.
                 {{"IpProtocol", "tcp"},
                  {"FromPort", 22},
                  {"ToPort", 22},
                  {"IpRanges",
                   {{{"CidrIp", "0.0.0.0/0"}, {"Description", "temp"}},
                    {{"CidrIp", "203.0.113.0/24"}}}},
                  {"Ipv6Ranges", {{{"CidrIpv6", "::/0"}}}}},
                 // HTTPS from the world: not an admin port, stays.
                 {{"IpProtocol", "tcp"},
                  {"FromPort", 443},
                  {"ToPort", 443},
                  {"IpRanges", {{{"CidrIp", "0.0.0.0/0"}}}}},
                 // A range covering RDP, from the world.
                 {{"IpProtocol", "tcp"},
                  {"FromPort", 3000},
                  {"ToPort", 4000},
                  {"IpRanges", {{{"CidrIp", "0.0.0.0/0"}}}}},
                 // Admin port from a private range: stays.
                 {{"IpProtocol", "tcp"},
                  {"FromPort", 3389},
                  {"ToPort", 3389},
                  {"IpRanges", {{{"CidrIp", "10.0.0.0/8"}}}}},
             }}}}};
}

TEST(FixPlans, S3AclKeepsEveryGrantButThePublicGroups) {
  json owner = {{"DisplayName", "prod"}, {"ID", "abc"}};
  json mine = {{"Grantee", {{"Type", "CanonicalUser"}, {"ID", "abc"}}},
               {"Permission", "FULL_CONTROL"}};
  json logs = {
      {"Grantee", {{"Type", "Group"}, {"URI", "http://acs.amazonaws.com/groups/s3/LogDelivery"}}},
      {"Permission", "WRITE"}};
  json everyone = {
      {"Grantee", {{"Type", "Group"}, {"URI", "http://acs.amazonaws.com/groups/global/AllUsers"}}},
      {"Permission", "READ"}};
  json any_account = {
      {"Grantee",
       {{"Type", "Group"}, {"URI", "http://acs.amazonaws.com/groups/global/AuthenticatedUsers"}}},
      {"Permission", "WRITE_ACP"}};
  json bucket = {
      {"id", "arn:aws:s3:::b1"},
      {"type", "aws.s3.bucket"},
      {"region", "global"},
      {"config",
       {{"Name", "b1"},
        {"BucketLocation", {{"LocationConstraint", "eu-west-1"}}},
        {"BucketAcl", {{"Owner", owner}, {"Grants", {mine, everyone, logs, any_account}}}}}}};
  auto plan =
      plan_fix(s3_remove_public_acl_grants(), target(bucket), input("aws-s3-bucket-public"));
  ASSERT_TRUE(plan.ok()) << plan.error().message;
  ASSERT_EQ(plan->calls.size(), 1u);
  EXPECT_EQ(plan->calls[0].operation, "PutBucketAcl");
  EXPECT_EQ(plan->calls[0].params,
            (json{{"Bucket", "b1"},
                  {"AccessControlPolicy", {{"Owner", owner}, {"Grants", {mine, logs}}}}}));
  // Undo puts the whole ACL back, public grants included.
  EXPECT_EQ(plan->undo[0].params["AccessControlPolicy"]["Grants"],
            (json{mine, everyone, logs, any_account}));

  bucket["config"]["BucketAcl"]["Grants"] = {mine, logs};
  auto nothing =
      plan_fix(s3_remove_public_acl_grants(), target(bucket), input("aws-s3-bucket-public"));
  ASSERT_FALSE(nothing.ok());
  EXPECT_EQ(nothing.error().kind, Error::Kind::Conflict);
  bucket["config"].erase("BucketAcl");
  auto unread =
      plan_fix(s3_remove_public_acl_grants(), target(bucket), input("aws-s3-bucket-public"));
  ASSERT_FALSE(unread.ok());
  EXPECT_EQ(unread.error().kind, Error::Kind::Unavailable);  // not collected: never "not public"
}

json bucket_with_policy(const json& document) {
  return {{"id", "arn:aws:s3:::acme-site"},
          {"type", "aws.s3.bucket"},
          {"account", "111111111111"},
          {"region", "eu-west-1"},
          {"config", {{"Name", "acme-site"}, {"BucketPolicy", {{"Policy", document}}}}}};
}

TEST(FixPlans, S3PolicyLosesOnlyItsPublicStatements) {
  json open = {{"Sid", "PublicRead"},
               {"Effect", "Allow"},
               {"Principal", "*"},
               {"Action", "s3:GetObject"},
               {"Resource", "arn:aws:s3:::acme-site/*"}};
  // Principal "*" pinned to a VPC endpoint, and a named partner: not public.
  json vpce = {{"Sid", "Internal"},
               {"Effect", "Allow"},
               {"Principal", "*"},
               {"Action", "s3:*"},
               {"Resource", "arn:aws:s3:::acme-site/*"},
               {"Condition", {{"StringEquals", {{"aws:SourceVpce", "vpce-1a2b3c4d"}}}}}};
  json partner = {{"Effect", "Allow"},
                  {"Principal", {{"AWS", "arn:aws:iam::999988887777:root"}}},
                  {"Action", "s3:GetObject"},
                  {"Resource", "arn:aws:s3:::acme-site/*"}};
  // Any AWS account may write, as long as it sends TLS: public all the same.
  json tls_write = {{"Effect", "Allow"},
                    {"Principal", {{"AWS", "*"}}},
                    {"Action", "s3:PutObject"},
                    {"Resource", "arn:aws:s3:::acme-site/*"},
                    {"Condition", {{"Bool", {{"aws:SecureTransport", "true"}}}}}};
  json deny_http = {{"Sid", "DenyHttp"},
                    {"Effect", "Deny"},
                    {"Principal", "*"},
                    {"Action", "s3:*"},
                    {"Resource", "arn:aws:s3:::acme-site/*"},
                    {"Condition", {{"Bool", {{"aws:SecureTransport", "false"}}}}}};
  json document = {{"Version", "2012-10-17"},
                   {"Id", "site"},
                   {"Statement", {open, vpce, partner, tls_write, deny_http}}};
  const FixAction& action = s3_remove_public_policy_statements();
  auto plan = plan_fix(action, target(bucket_with_policy(document)), input("aws-s3-bucket-public"));
  ASSERT_TRUE(plan.ok()) << plan.error().message;
  ASSERT_EQ(plan->calls.size(), 1u);
  EXPECT_EQ(plan->calls[0].service, "s3");
  EXPECT_EQ(plan->calls[0].region, "eu-west-1");
  EXPECT_EQ(plan->calls[0].operation, "PutBucketPolicy");
  EXPECT_EQ(plan->calls[0].params["Bucket"], "acme-site");
  // The new policy, in the call: the rest, in order, Version and Id kept.
  json kept = json::parse(plan->calls[0].params["Policy"].get<std::string>());
  EXPECT_EQ(
      kept,
      (json{{"Version", "2012-10-17"}, {"Id", "site"}, {"Statement", {vpce, partner, deny_http}}}));
  EXPECT_EQ(plan->backup["Policy"], document);
  EXPECT_EQ(plan->backup["RemovedStatements"], (json{"Sid PublicRead", "statement 4"}));
  ASSERT_EQ(plan->undo.size(), 1u);
  EXPECT_EQ(plan->undo[0].operation, "PutBucketPolicy");
  EXPECT_EQ(json::parse(plan->undo[0].params["Policy"].get<std::string>()), document);
  EXPECT_NE(plan_text(*plan, &action).find("vpce-1a2b3c4d"), std::string::npos);

  // Only public statements: the policy is deleted; undo puts it back.
  json lone = {{"Version", "2012-10-17"}, {"Statement", open}};
  auto deleted = plan_fix(action, target(bucket_with_policy(lone)), input("aws-s3-bucket-public"));
  ASSERT_TRUE(deleted.ok()) << deleted.error().message;
  EXPECT_EQ(deleted->calls[0],
            (ApiCall{"s3", "eu-west-1", "DeleteBucketPolicy", {{"Bucket", "acme-site"}}}));
  EXPECT_EQ(json::parse(deleted->undo[0].params["Policy"].get<std::string>()), lone);
}

TEST(FixPlans, S3PolicyRefusesWhatItCannotDecideExactly) {
  const FixAction& action = s3_remove_public_policy_statements();
  auto refused = [&](const json& asset) {
    auto plan = plan_fix(action, target(asset), input("aws-s3-bucket-public"));
    EXPECT_FALSE(plan.ok()) << plan_text(*plan, &action);
    return plan.ok() ? Error("planned") : plan.error();
  };
  json open = {{"Effect", "Allow"},
               {"Principal", "*"},
               {"Action", "s3:GetObject"},
               {"Resource", "arn:aws:s3:::acme-site/*"}};
  // Not public: the Allow is closed by a Deny for everyone outside the organization.
  json org_only = {{"Effect", "Deny"},
                   {"Principal", "*"},
                   {"Action", "s3:*"},
                   {"Resource", "arn:aws:s3:::acme-site/*"},
                   {"Condition", {{"StringNotEquals", {{"aws:PrincipalOrgID", "o-a1b2c3d4e5"}}}}}};
  Error closed = refused(bucket_with_policy({{"Statement", {open, org_only}}}));
  EXPECT_EQ(closed.kind, Error::Kind::Conflict);
  EXPECT_NE(closed.message.find("lets no public caller in"), std::string::npos) << closed.message;

  // A condition value past the search's bounds: the analysis assumes it
  // reachable (exact false). Neither removed on a guess nor kept as fixed.
  json vague = open;
  vague["Sid"] = "Vague";
  vague["Condition"] = {{"StringLike", {{"aws:Referer", std::string(40, '*') + "acme"}}}};
  Error undecided = refused(bucket_with_policy({{"Statement", {vague}}}));
  EXPECT_EQ(undecided.kind, Error::Kind::Conflict);
  EXPECT_NE(undecided.message.find("Sid Vague"), std::string::npos) << undecided.message;
  EXPECT_NE(undecided.message.find("cannot decide it exactly"), std::string::npos)
      << undecided.message;

  // A document the evaluator cannot read exactly (an unknown operator).
  json typo = open;
  typo["Condition"] = {{"StringLikee", {{"aws:Referer", "x"}}}};
  Error unreadable = refused(bucket_with_policy({{"Statement", {typo}}}));
  EXPECT_EQ(unreadable.kind, Error::Kind::Conflict);
  EXPECT_NE(unreadable.message.find("cannot evaluate"), std::string::npos) << unreadable.message;

  json bucket = bucket_with_policy({{"Statement", {open}}});
  bucket["config"].erase("BucketPolicy");
  EXPECT_EQ(refused(bucket).kind, Error::Kind::Conflict);  // no policy: nothing to remove
  bucket["errors"] = {{{"part", "config.BucketPolicy"}, {"code", "AccessDenied"}}};
  EXPECT_EQ(refused(bucket).kind, Error::Kind::Unavailable);  // not collected: never "not public"
}

TEST(FixPlans, VpcFlowLogsGoWhereVigilYamlSays) {
  json vpc = {{"id", "arn:aws:ec2:eu-west-1:111111111111:vpc/vpc-0a1b"},
              {"type", "aws.ec2.vpc"},
              {"account", "111111111111"},
              {"region", "eu-west-1"},
              {"config", {{"VpcId", "vpc-0a1b"}}},
              {"relationships", {{"flow_logs", json::array()}}}};
  const FixAction& action = ec2_vpc_flow_logs();
  PlanInput in = input("aws-ec2-vpc-flow-logs-disabled");
  // No destination configured: refused, saying where to set one.
  auto none = plan_fix(action, target(vpc), in);
  ASSERT_FALSE(none.ok());
  EXPECT_EQ(none.error().kind, Error::Kind::Conflict);
  EXPECT_NE(none.error().message.find("fixes: flow_logs:"), std::string::npos)
      << none.error().message;

  in.settings["flow_logs"] = {{"log_group", "vpc-flow-logs"},
                              {"role_arn", "arn:aws:iam::111111111111:role/flow-logs"},
                              {"traffic_type", "REJECT"}};
  auto logs = plan_fix(action, target(vpc), in);
  ASSERT_TRUE(logs.ok()) << logs.error().message;
  EXPECT_EQ(logs->calls, (std::vector<ApiCall>{{"ec2",
                                                "eu-west-1",
                                                "CreateFlowLogs",
                                                {{"ResourceIds", {"vpc-0a1b"}},
                                                 {"ResourceType", "VPC"},
                                                 {"TrafficType", "REJECT"},
                                                 {"LogDestinationType", "cloud-watch-logs"},
                                                 {"LogGroupName", "vpc-flow-logs"},
                                                 {"DeliverLogsPermissionArn",
                                                  "arn:aws:iam::111111111111:role/flow-logs"}}}}));
  EXPECT_EQ(logs->backup, (json{{"VpcId", "vpc-0a1b"}, {"FlowLogs", json::array()}}));
  // Undo deletes what the call created: its id comes from AWS's answer.
  EXPECT_EQ(
      logs->undo,
      (std::vector<ApiCall>{
          {"ec2", "eu-west-1", "DeleteFlowLogs", {{"FlowLogIds", call_result(0, "FlowLogIds")}}}}));

  in.settings["flow_logs"] = {{"s3_arn", "arn:aws:s3:::acme-flow-logs/vpc/"},
                              {"traffic_type", "ALL"}};
  auto s3 = plan_fix(action, target(vpc), in);
  ASSERT_TRUE(s3.ok()) << s3.error().message;
  EXPECT_EQ(s3->calls[0].params["LogDestinationType"], "s3");
  EXPECT_EQ(s3->calls[0].params["LogDestination"], "arn:aws:s3:::acme-flow-logs/vpc/");
  EXPECT_FALSE(s3->calls[0].params.contains("DeliverLogsPermissionArn"));

  // The delivery role of another account cannot serve this VPC.
  in.settings["flow_logs"] = {{"log_group", "g"},
                              {"role_arn", "arn:aws:iam::222222222222:role/flow-logs"}};
  auto foreign = plan_fix(action, target(vpc), in);
  ASSERT_FALSE(foreign.ok());
  EXPECT_NE(foreign.error().message.find("account 222222222222"), std::string::npos)
      << foreign.error().message;

  // The flow logs were not collected: unknown, never "none".
  in.settings["flow_logs"] = {{"s3_arn", "arn:aws:s3:::acme-flow-logs"}};
  vpc["errors"] = {{{"part", "relationships.flow_logs"}, {"code", "UnauthorizedOperation"}}};
  auto unread = plan_fix(action, target(vpc), in);
  ASSERT_FALSE(unread.ok());
  EXPECT_EQ(unread.error().kind, Error::Kind::Unavailable);
}

TEST(FixPlans, SecurityGroupRevokesOnlyTheWorldSourcesOfOffendingRules) {
  auto plan =
      plan_fix(ec2_revoke_world_ingress(), target(security_group()),
               input("aws-ec2-security-group-admin-ports-open-ipv4", {{"ports", {22, 3389}}}));
  ASSERT_TRUE(plan.ok()) << plan.error().message;
  json revoked = {{{"IpProtocol", "tcp"},
                   {"FromPort", 22},
                   {"ToPort", 22},
                   {"IpRanges", {{{"CidrIp", "0.0.0.0/0"}}}}},
                  {{"IpProtocol", "tcp"},
                   {"FromPort", 3000},
                   {"ToPort", 4000},
                   {"IpRanges", {{{"CidrIp", "0.0.0.0/0"}}}}}};
  ASSERT_EQ(plan->calls.size(), 1u);
  EXPECT_EQ(plan->calls[0], (ApiCall{"ec2",
                                     "us-east-1",
                                     "RevokeSecurityGroupIngress",
                                     {{"GroupId", "sg-1"}, {"IpPermissions", revoked}}}));
  // The backup and the undo keep the rule's description.
  EXPECT_EQ(plan->backup["IpPermissions"][0]["IpRanges"][0]["Description"], "temp");
  EXPECT_EQ(plan->undo[0].operation, "AuthorizeSecurityGroupIngress");
  EXPECT_EQ(plan->undo[0].params["IpPermissions"], plan->backup["IpPermissions"]);
}

TEST(FixPlans, SecurityGroupIpv6AndOpenToInternetFollowTheirPolicies) {
  auto v6 = plan_fix(ec2_revoke_world_ingress(), target(security_group()),
                     input("aws-ec2-security-group-admin-ports-open-ipv6", {{"ports", {22}}}));
  ASSERT_TRUE(v6.ok()) << v6.error().message;
  EXPECT_EQ(v6->calls[0].params["IpPermissions"],
            (json{{{"IpProtocol", "tcp"},
                   {"FromPort", 22},
                   {"ToPort", 22},
                   {"Ipv6Ranges", {{{"CidrIpv6", "::/0"}}}}}}));
  auto open =
      plan_fix(ec2_revoke_world_ingress(), target(security_group()),
               input("aws-ec2-security-group-open-to-internet", {{"allowed_ports", {80, 443}}}));
  ASSERT_TRUE(open.ok()) << open.error().message;
  json perms = open->calls[0].params["IpPermissions"];
  ASSERT_EQ(perms.size(), 2u);  // 22 (both families) and 3000-4000; 443 is allowed
  EXPECT_EQ(perms[0]["IpRanges"], (json{{{"CidrIp", "0.0.0.0/0"}}}));
  EXPECT_EQ(perms[0]["Ipv6Ranges"], (json{{{"CidrIpv6", "::/0"}}}));
  EXPECT_EQ(perms[1]["FromPort"], 3000);
}

TEST(FixPlans, SecurityGroupWithoutOffendingRuleIsNotPlanned) {
  json sg = security_group();
  sg["config"]["IpPermissions"] = {sg["config"]["IpPermissions"][1]};  // only 443
  auto plan =
      plan_fix(ec2_revoke_world_ingress(), target(sg),
               input("aws-ec2-security-group-admin-ports-open-ipv4", {{"ports", {22, 3389}}}));
  ASSERT_FALSE(plan.ok());
  EXPECT_EQ(plan.error().kind, Error::Kind::Conflict);
}

json iam_user(const std::string& last_used) {
  return {{"id", "arn:aws:iam::111111111111:user/ops"},
          {"type", "aws.iam.user"},
          {"account", "111111111111"},
          {"region", "global"},
          {"config",
           {{"UserName", "ops"},
            {"AccessKeys",
             {{"AccessKeyMetadata",
               {{{"AccessKeyId", "AKIAOLD"},
                 {"Status", "Active"},
                 {"CreateDate", "2025-01-01T00:00:00Z"}},
                {{"AccessKeyId", "AKIANEW"},
                 {"Status", "Active"},
                 {"CreateDate", "2026-12-01T00:00:00Z"}}}}}},
            {"CredentialReport",
             {{"access_key_1_active", "true"},
              {"access_key_1_last_used_date", last_used},
              {"access_key_1_last_rotated", "2025-01-01T00:00:00+00:00"},
              {"access_key_2_active", "true"},
              {"access_key_2_last_used_date", "N/A"},
              {"access_key_2_last_rotated", "2026-12-01T00:00:00+00:00"}}}}}};
}

TEST(FixPlans, IamDeactivatesOnlyTheIdleKeyMatchedByCreationDate) {
  // now = 2027-01-01; max_unused 45 days: key 1 (never used since 2025) is idle, key 2 is a month
  // old.
  int64_t now = 1798761600;
  auto plan = plan_fix(
      iam_deactivate_unused_keys(), target(iam_user("N/A")),
      input("aws-iam-user-access-key-unused", {{"max_unused", {{"seconds", 45 * 86400}}}}, now));
  ASSERT_TRUE(plan.ok()) << plan.error().message;
  ASSERT_EQ(plan->calls.size(), 1u);
  EXPECT_EQ(plan->calls[0],
            (ApiCall{"iam",
                     "us-east-1",
                     "UpdateAccessKey",
                     {{"UserName", "ops"}, {"AccessKeyId", "AKIAOLD"}, {"Status", "Inactive"}}}));
  EXPECT_EQ(plan->undo[0].params["Status"], "Active");
  // Used yesterday: nothing to do.
  auto used = plan_fix(
      iam_deactivate_unused_keys(), target(iam_user("2026-12-31T00:00:00+00:00")),
      input("aws-iam-user-access-key-unused", {{"max_unused", {{"seconds", 45 * 86400}}}}, now));
  EXPECT_FALSE(used.ok());
}

TEST(FixPlans, IamRefusesToGuessWhichKeyIsWhich) {
  json user = iam_user("N/A");
  user["config"]["AccessKeys"]["AccessKeyMetadata"][1]["CreateDate"] = "2025-01-01T00:00:00Z";
  auto plan = plan_fix(
      iam_deactivate_unused_keys(), target(user),
      input("aws-iam-user-access-key-unused", {{"max_unused", {{"seconds", 86400}}}}, 1798761600));
  ASSERT_FALSE(plan.ok());
  EXPECT_EQ(plan.error().kind, Error::Kind::Unavailable);
}

TEST(FixPlans, KmsTrailRdsSnapshotAndEbsDefault) {
  json key = {{"id", "arn:aws:kms:eu-west-1:1:key/k1"},
              {"type", "aws.kms.key"},
              {"region", "eu-west-1"},
              {"config",
               {{"Key",
                 {{"KeyMetadata",
                   {{"KeyId", "k1"},
                    {"KeyManager", "CUSTOMER"},
                    {"KeySpec", "SYMMETRIC_DEFAULT"},
                    {"KeyState", "Enabled"}}}}},
                {"KeyRotationStatus", {{"KeyRotationEnabled", false}}}}}};
  auto kms = plan_fix(kms_enable_rotation(), target(key), input("aws-kms-key-rotation-disabled"));
  ASSERT_TRUE(kms.ok()) << kms.error().message;
  EXPECT_EQ(kms->calls[0], (ApiCall{"kms", "eu-west-1", "EnableKeyRotation", {{"KeyId", "k1"}}}));
  EXPECT_EQ(kms->undo[0], (ApiCall{"kms", "eu-west-1", "DisableKeyRotation", {{"KeyId", "k1"}}}));
  key["config"]["Key"]["KeyMetadata"]["KeyManager"] = "AWS";
  EXPECT_FALSE(
      plan_fix(kms_enable_rotation(), target(key), input("aws-kms-key-rotation-disabled")).ok());

  json trail = {{"id", "arn:aws:cloudtrail:us-east-1:1:trail/t"},
                {"type", "aws.cloudtrail.trail"},
                {"region", "us-east-1"},
                {"config",
                 {{"Name", "t"},
                  {"TrailARN", "arn:aws:cloudtrail:us-east-1:1:trail/t"},
                  {"LogFileValidationEnabled", false}}}};
  auto ct = plan_fix(cloudtrail_log_validation(), target(trail),
                     input("aws-cloudtrail-log-file-validation"));
  ASSERT_TRUE(ct.ok()) << ct.error().message;
  EXPECT_EQ(ct->calls[0], (ApiCall{"cloudtrail",
                                   "us-east-1",
                                   "UpdateTrail",
                                   {{"Name", "arn:aws:cloudtrail:us-east-1:1:trail/t"},
                                    {"EnableLogFileValidation", true}}}));
  EXPECT_EQ(ct->undo[0].params["EnableLogFileValidation"], false);

  json db = {{"id", "arn:aws:rds:us-east-1:1:db:d"},
             {"type", "aws.rds.db-instance"},
             {"region", "us-east-1"},
             {"config", {{"DBInstanceIdentifier", "d"}, {"PubliclyAccessible", true}}}};
  auto rds = plan_fix(rds_not_public(), target(db), input("aws-rds-instance-publicly-accessible"));
  ASSERT_TRUE(rds.ok()) << rds.error().message;
  EXPECT_EQ(rds->calls[0].params, (json{{"DBInstanceIdentifier", "d"},
                                        {"PubliclyAccessible", false},
                                        {"ApplyImmediately", true}}));

  json snap = {{"id", "arn:aws:ec2:us-east-1:1:snapshot/snap-1"},
               {"type", "aws.ec2.snapshot"},
               {"region", "us-east-1"},
               {"config",
                {{"SnapshotId", "snap-1"},
                 {"SnapshotAttribute", {{"CreateVolumePermissions", {{{"Group", "all"}}}}}}}}};
  auto sp = plan_fix(ec2_snapshot_private(), target(snap), input("aws-ec2-snapshot-public"));
  ASSERT_TRUE(sp.ok()) << sp.error().message;
  EXPECT_EQ(sp->calls[0].params, (json{{"SnapshotId", "snap-1"},
                                       {"Attribute", "createVolumePermission"},
                                       {"OperationType", "remove"},
                                       {"GroupNames", {"all"}}}));
  EXPECT_EQ(sp->undo[0].params["OperationType"], "add");

  json image = {{"id", "arn:aws:ec2:us-east-1::image/ami-1"},
                {"type", "aws.ec2.image"},
                {"region", "us-east-1"},
                {"config", {{"ImageId", "ami-1"}, {"Public", true}}}};
  auto ip = plan_fix(ec2_image_private(), target(image), input("aws-ec2-image-public"));
  ASSERT_TRUE(ip.ok()) << ip.error().message;
  EXPECT_EQ(ip->calls[0].operation, "ModifyImageAttribute");
  EXPECT_EQ(ip->calls[0].params,
            (json{{"ImageId", "ami-1"}, {"LaunchPermission", {{"Remove", {{{"Group", "all"}}}}}}}));
  EXPECT_EQ(ip->undo[0].params["LaunchPermission"], (json{{"Add", {{{"Group", "all"}}}}}));
  image["config"]["Public"] = false;
  auto private_image = plan_fix(ec2_image_private(), target(image), input("aws-ec2-image-public"));
  ASSERT_FALSE(private_image.ok());
  EXPECT_EQ(private_image.error().kind, Error::Kind::Conflict);  // nothing to do
  image["config"].erase("Public");
  auto unread = plan_fix(ec2_image_private(), target(image), input("aws-ec2-image-public"));
  ASSERT_FALSE(unread.ok());
  EXPECT_EQ(unread.error().kind, Error::Kind::Unavailable);  // never a guess

  json account = {{"id", "arn:aws:iam::1:root"},
                  {"type", "aws.account"},
                  {"region", "global"},
                  {"config",
                   {{"EbsEncryptionByDefault",
                     {{"eu-west-1", {{"EbsEncryptionByDefault", false}}},
                      {"us-east-1", {{"EbsEncryptionByDefault", true}}}}}}}};
  auto ebs = plan_fix(ec2_ebs_encryption_by_default(), target(account),
                      input("aws-ec2-ebs-encryption-by-default-off"));
  ASSERT_TRUE(ebs.ok()) << ebs.error().message;
  ASSERT_EQ(ebs->calls.size(), 1u);
  EXPECT_EQ(ebs->calls[0],
            (ApiCall{"ec2", "eu-west-1", "EnableEbsEncryptionByDefault", json::object()}));
  EXPECT_EQ(ebs->undo[0].operation, "DisableEbsEncryptionByDefault");
}

TEST(FixPlans, PlanJsonRoundTrips) {
  json bucket = {{"id", "arn:aws:s3:::b"}, {"type", "aws.s3.bucket"}, {"config", {{"Name", "b"}}}};
  auto plan = plan_fix(s3_block_public_access(), target(bucket), input("aws-s3-bucket-public"));
  ASSERT_TRUE(plan.ok());
  auto back = plan_from_json(to_json(*plan));
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(to_json(*back), to_json(*plan));
  EXPECT_NE(plan_text(*plan, &s3_block_public_access()).find("PutPublicAccessBlock"),
            std::string::npos);
}

}  // namespace
}  // namespace vigil::fix

namespace vigil::fix {
namespace {

// Every call a plan or its undo makes is among the action's declared
// operations, so the generated IAM policy (iam_permissions.h) covers it.
TEST(FixPlans, EveryPlannedCallIsADeclaredOperation) {
  json bucket = {{"id", "arn:aws:s3:::b"}, {"type", "aws.s3.bucket"}, {"config", {{"Name", "b"}}}};
  std::vector<std::pair<const FixAction*, FixPlan>> plans;
  auto add = [&](const FixAction& a, const json& asset, const PlanInput& in) {
    auto p = plan_fix(a, target(asset), in);
    ASSERT_TRUE(p.ok()) << a.id << ": " << p.error().message;
    plans.emplace_back(&a, std::move(p).value());
  };
  add(s3_block_public_access(), bucket, input("aws-s3-bucket-public"));
  json open = {
      {"Effect", "Allow"}, {"Principal", "*"}, {"Action", "s3:GetObject"}, {"Resource", "*"}};
  add(s3_remove_public_policy_statements(), bucket_with_policy({{"Statement", {open}}}),
      input("aws-s3-bucket-public"));
  add(ec2_revoke_world_ingress(), security_group(),
      input("aws-ec2-security-group-open-to-internet", {{"allowed_ports", {443}}}));
  add(iam_deactivate_unused_keys(), iam_user("N/A"),
      input("aws-iam-user-access-key-unused", {{"max_unused", {{"seconds", 86400}}}}, 1798761600));
  for (const auto& [action, plan] : plans)
    for (const auto* calls : {&plan.calls, &plan.undo})
      for (const ApiCall& c : *calls) {
        bool declared = false;
        for (const Operation& op : action->operations)
          declared = declared || (op.service == c.service && op.operation == c.operation);
        EXPECT_TRUE(declared) << action->id << " " << c.service << " " << c.operation;
      }
}

}  // namespace
}  // namespace vigil::fix
