// Asset groups (criteria, tags, CEL) and which exception covers a finding
// (per resource, sticky by policy/category/severity x group/condition,
// expiry, revocation, validation).
#include <gtest/gtest.h>

#include "tracker/exceptions.h"
#include "tracker/groups.h"
#include "tracker_fixture.h"

namespace vigil::tracker {
namespace {

using testing::day;
using testing::load_policies;
using testing::make_inventory;

const char* kPolicies = R"yaml(
id: p-public
title: Public bucket
resource: aws.s3.bucket
severity: high
category: security
condition: resource.config.Public == true
---
id: p-untagged
title: Untagged bucket
resource: aws.s3.bucket
severity: low
category: tagging
condition: "!has(resource.tags.owner)"
)yaml";

Inventory estate() {
  return make_inventory({
      R"({"id":"b1","type":"aws.s3.bucket","account":"111","region":"us-east-1","tags":{"env":"prod","owner":"ann"},"config":{"Public":true}})",
      R"({"id":"b2","type":"aws.s3.bucket","account":"111","region":"eu-west-1","tags":{"env":"dev"},"config":{"Public":false}})",
      R"({"id":"b3","type":"aws.s3.bucket","account":"222","region":"us-east-1","tags":{"env":"prod"},"config":{"Public":true}})",
      R"({"id":"vigil:collection-failed/333/us-east-1/aws.s3.bucket","type":"aws.s3.bucket","account":"333","region":"us-east-1"})",
  });
}

std::vector<std::string> members(const nlohmann::json& criteria, const Inventory& inv) {
  auto m = GroupMatcher::compile(store::GroupRecord{"g", "", criteria, "cli"});
  EXPECT_TRUE(m.ok()) << (m.ok() ? "" : m.error().message);
  return group_members(*m, inv);
}

TEST(Groups, CriteriaCombine) {
  Inventory inv = estate();
  using V = std::vector<std::string>;
  EXPECT_EQ(members(nlohmann::json::object(), inv),
            (V{"b1", "b2", "b3"}));  // never the placeholder
  EXPECT_EQ(members({{"accounts", {"111"}}}, inv), (V{"b1", "b2"}));
  EXPECT_EQ(members({{"accounts", {"111", "222"}}, {"regions", {"us-east-1"}}}, inv),
            (V{"b1", "b3"}));
  EXPECT_EQ(members({{"types", {"aws.ec2.instance"}}}, inv), V{});
  EXPECT_EQ(members({{"tags", {{"env", "prod"}}}}, inv), (V{"b1", "b3"}));
  EXPECT_EQ(members({{"tags", {{"owner", "*"}}}}, inv), (V{"b1"}));
  EXPECT_EQ(members({{"condition", "resource.config.Public && resource.account == '222'"}}, inv),
            (V{"b3"}));
  EXPECT_EQ(members({{"condition", "resource.config.Missing == 1"}}, inv), V{});  // error: no match
}

TEST(Groups, BadCriteriaAreErrorsNamingTheGroupAndKey) {
  auto bad = [](const nlohmann::json& c) {
    auto r = parse_group_criteria("prod", c);
    EXPECT_FALSE(r.ok()) << c.dump();
    return r.ok() ? std::string() : r.error().message;
  };
  EXPECT_NE(bad({{"acounts", {"1"}}}).find("unknown criterion \"acounts\""), std::string::npos);
  EXPECT_NE(bad({{"accounts", "1"}}).find("criteria.accounts"), std::string::npos);
  EXPECT_NE(bad({{"tags", {{"k", 1}}}}).find("criteria.tags.k"), std::string::npos);
  EXPECT_NE(bad({{"condition", "resource.("}}).find("group \"prod\": condition"),
            std::string::npos);
  auto good = parse_group_criteria(
      "g", {{"accounts", {"1"}}, {"tags", {{"a", "b"}}}, {"condition", "true"}});
  ASSERT_TRUE(good.ok());
  EXPECT_EQ(to_json(*good),
            (nlohmann::json{{"accounts", {"1"}}, {"tags", {{"a", "b"}}}, {"condition", "true"}}));
}

store::ExceptionRecord per_resource(int64_t id, std::string policy, std::string asset,
                                    store::Time expires) {
  store::ExceptionRecord e;
  e.id = id;
  e.policy_id = std::move(policy);
  e.asset_id = std::move(asset);
  e.reason = "accepted";
  e.granted_by = "ciso";
  e.expires = expires;
  return e;
}

store::ExceptionRecord sticky(int64_t id, store::Time expires) {
  store::ExceptionRecord e;
  e.id = id;
  e.sticky = true;
  e.reason = "accepted";
  e.granted_by = "ciso";
  e.expires = expires;
  return e;
}

class ExceptionsTest : public ::testing::Test {
 protected:
  PolicySet policies = load_policies(kPolicies);
  Inventory inv = estate();
  const CompiledPolicy& pub = *policies.find("p-public");
  const CompiledPolicy& untagged = *policies.find("p-untagged");
  const Asset& b1 = *inv.find("b1");
  const Asset& b2 = *inv.find("b2");
  const Asset& b3 = *inv.find("b3");
};

TEST_F(ExceptionsTest, PerResourceCoversExactlyItsPairWhileActive) {
  std::vector<store::ExceptionRecord> all = {per_resource(1, "p-public", "b1", day(10))};
  ExceptionIndex idx = ExceptionIndex::build(all, day(0), nullptr);
  EXPECT_EQ(idx.covering(pub, b1, &inv, std::nullopt), 1);
  EXPECT_EQ(idx.covering(untagged, b1, &inv, std::nullopt), std::nullopt);
  EXPECT_EQ(idx.covering(pub, b3, &inv, std::nullopt), std::nullopt);
  ExceptionIndex later =
      ExceptionIndex::build(all, day(10), nullptr);  // expiry instant: no longer active
  EXPECT_EQ(later.covering(pub, b1, &inv, std::nullopt), std::nullopt);
  EXPECT_EQ(later.ended_reason(1), "exception-expired");
  ASSERT_EQ(later.expired_since(day(9)).size(), 1u);
  EXPECT_TRUE(later.expired_since(day(10)).empty());  // already seen by the scan at day 10
  all[0].revoked = day(1);
  ExceptionIndex revoked = ExceptionIndex::build(all, day(2), nullptr);
  EXPECT_EQ(revoked.covering(pub, b1, &inv, std::nullopt), std::nullopt);
  EXPECT_EQ(revoked.ended_reason(1), "exception-revoked");
  EXPECT_TRUE(revoked.expired_since(std::nullopt).empty());
}

TEST_F(ExceptionsTest, StickyByCategoryAndGroup) {
  store::ExceptionRecord e = sticky(7, day(30));
  e.category = "security";
  e.group = "prod";
  GroupMembership groups;
  groups["prod"] = {"b1", "b3"};
  ExceptionIndex idx = ExceptionIndex::build({e}, day(0), &groups);
  EXPECT_EQ(idx.covering(pub, b1, &inv, std::nullopt), 7);
  EXPECT_EQ(idx.covering(pub, b3, &inv, std::nullopt), 7);
  EXPECT_EQ(idx.covering(pub, b2, &inv, std::nullopt), std::nullopt);       // not in the group
  EXPECT_EQ(idx.covering(untagged, b1, &inv, std::nullopt), std::nullopt);  // tagging, not security
  EXPECT_EQ(idx.ended_reason(7), "exception-unmatched");
  ExceptionIndex no_group = ExceptionIndex::build({e}, day(0), nullptr);
  EXPECT_EQ(no_group.covering(pub, b1, &inv, std::nullopt), std::nullopt);
  ASSERT_EQ(no_group.warnings().size(), 1u);
  EXPECT_NE(no_group.warnings()[0].find("\"prod\" is not defined"), std::string::npos);
}

TEST_F(ExceptionsTest, StickyByPolicyIdsSeverityAndCondition) {
  store::ExceptionRecord e = sticky(3, day(30));
  e.policy_ids = {"p-untagged"};
  e.severity = "low";
  e.condition = "resource.tags.env == 'dev'";
  ExceptionIndex idx = ExceptionIndex::build({e}, day(0), nullptr);
  EXPECT_EQ(idx.covering(untagged, b2, &inv, std::nullopt), 3);
  EXPECT_EQ(idx.covering(untagged, b3, &inv, std::nullopt), std::nullopt);
  EXPECT_EQ(idx.covering(pub, b2, &inv, std::nullopt), std::nullopt);
}

TEST_F(ExceptionsTest, PreferenceKeepsTheCurrentOneThenPerResourceThenLowestId) {
  store::ExceptionRecord s5 = sticky(5, day(30));
  s5.policy_ids = {"p-public"};
  s5.condition = "true";
  store::ExceptionRecord s2 = s5;
  s2.id = 2;
  std::vector<store::ExceptionRecord> all = {s5, per_resource(9, "p-public", "b1", day(30)), s2};
  ExceptionIndex idx = ExceptionIndex::build(all, day(0), nullptr);
  EXPECT_EQ(idx.covering(pub, b1, &inv, std::nullopt), 9);
  EXPECT_EQ(idx.covering(pub, b3, &inv, std::nullopt), 2);
  EXPECT_EQ(idx.covering(pub, b1, &inv, 5), 5);
  EXPECT_EQ(idx.covering(pub, b3, &inv, 5), 5);
  EXPECT_EQ(idx.covering(pub, b3, &inv, 42), 2);  // 42 no longer covers
  EXPECT_EQ(idx.active(), 3u);
}

TEST(ExceptionValidation, ExpiryRequiredAndBounded) {
  ExceptionOptions opt;
  opt.max_duration = std::chrono::hours(24 * 90);
  store::ExceptionRecord e = per_resource(0, "p", "a", day(30));
  EXPECT_TRUE(validate_exception(e, day(0), opt).ok());
  e.expires = store::Time{};
  EXPECT_NE(
      validate_exception(e, day(0), opt).error().message.find("expires must be in the future"),
      std::string::npos);
  e.expires = day(91);
  EXPECT_NE(validate_exception(e, day(0), opt).error().message.find("maximum of 90 days"),
            std::string::npos);
  e.expires = day(30);
  e.reason.clear();
  EXPECT_FALSE(validate_exception(e, day(0), opt).ok());
  store::ExceptionRecord s = sticky(0, day(30));
  EXPECT_NE(validate_exception(s, day(0), opt).error().message.find("select policies"),
            std::string::npos);
  s.category = "security";
  EXPECT_NE(validate_exception(s, day(0), opt).error().message.find("select assets"),
            std::string::npos);
  s.condition = "resource.(";
  EXPECT_FALSE(validate_exception(s, day(0), opt).ok());
  s.condition = "resource.tags.env == 'dev'";
  EXPECT_TRUE(validate_exception(s, day(0), opt).ok());
  s.severity = "urgent";
  EXPECT_NE(validate_exception(s, day(0), opt).error().message.find("unknown severity"),
            std::string::npos);
}

}  // namespace
}  // namespace vigil::tracker
