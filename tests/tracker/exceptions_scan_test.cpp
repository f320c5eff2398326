// Exceptions, groups and scores through record_scan, against a real SQLite
// store: grant -> exempted -> expiry -> reopened (audited once); a sticky
// exception covers an asset created later; revoke re-opens at once; group
// membership is written only when it changes; daily scores.
#include <gtest/gtest.h>

#include "tracker/exceptions.h"
#include "tracker/tracker.h"
#include "tracker_scan_fixture.h"

namespace vigil::tracker {
namespace {

using store::ViolationStatus;
using testing::day;

std::string bucket(const std::string& id, bool is_public, const std::string& env = "prod") {
  return R"({"id":")" + id +
         R"(","type":"aws.s3.bucket","account":"111","region":"us-east-1","name":")" + id +
         R"(","tags":{"owner":"ann","env":")" + env + R"("},"config":{"Public":)" +
         (is_public ? "true" : "false") + R"(,"Note":"n"}})";
}

store::ExceptionRecord base(store::Time expires) {
  store::ExceptionRecord e;
  e.reason = "public website bucket";
  e.requested_by = "web-team";
  e.granted_by = "ciso";
  e.ticket = "SEC-42";
  e.expires = expires;
  return e;
}

size_t audits(store::Store& db, const std::string& action) {
  auto log = db.audit_log(1000);
  EXPECT_TRUE(log.ok());
  size_t n = 0;
  for (const store::AuditEntry& a : *log) n += a.action == action;
  return n;
}

TEST_F(TrackerScan, ExceptionGrantExemptsThenExpiryReopens) {
  record({bucket("b1", true)}, day(0));
  store::ExceptionRecord e = base(day(2));
  e.policy_id = "p-public";
  e.asset_id = "b1";
  auto id = grant_exception(*db, e, day(0, 1), "alice");
  ASSERT_TRUE(id.ok()) << id.error().message;
  EXPECT_EQ(audits(*db, "exception.grant"), 1u);

  RecordSummary s1 = record({bucket("b1", true)}, day(1));
  EXPECT_EQ(s1.exempted, 1u);
  store::Violation v = violation("p-public", "b1");
  EXPECT_EQ(v.status, ViolationStatus::Exempted);
  EXPECT_EQ(v.exception_id, *id);
  auto scan = db->get_scan(s1.scan_id);
  EXPECT_EQ((*scan)->exempted, 1u);
  EXPECT_EQ((*scan)->violations, 0u);
  EXPECT_EQ(record({bucket("b1", true)}, day(1, 6)).violation_writes,
            0u);  // still exempted: no write

  RecordSummary s2 = record({bucket("b1", true)}, day(3));
  EXPECT_EQ(s2.unexempted, 1u);
  v = violation("p-public", "b1");
  EXPECT_EQ(v.status, ViolationStatus::Open);
  EXPECT_EQ(reasons(v.id), (std::vector<std::string>{"opened", "exempted", "exception-expired"}));
  EXPECT_EQ(audits(*db, "exception.expire"), 1u);
  record({bucket("b1", true)}, day(4));
  EXPECT_EQ(audits(*db, "exception.expire"), 1u);  // once
}

TEST_F(TrackerScan, StickyExceptionCoversAssetsCreatedLaterAndRevokeReopens) {
  record({bucket("b1", true)}, day(0));
  store::ExceptionRecord e = base(day(30));
  e.sticky = true;
  e.category = "security";
  e.condition = "resource.tags.env == 'dev'";
  auto id = grant_exception(*db, e, day(0), "alice");
  ASSERT_TRUE(id.ok()) << id.error().message;

  RecordSummary s = record({bucket("b1", true), bucket("b2", true, "dev")}, day(1));  // b2 is new
  EXPECT_EQ(s.opened, 1u);
  EXPECT_EQ(violation("p-public", "b1").status, ViolationStatus::Open);
  store::Violation v2 = violation("p-public", "b2");
  EXPECT_EQ(v2.status, ViolationStatus::Exempted);
  EXPECT_EQ(v2.exception_id, *id);

  auto reopened = revoke_exception(*db, *id, day(2), "bob", "website moved");
  ASSERT_TRUE(reopened.ok()) << reopened.error().message;
  EXPECT_EQ(reopened->reopened, 1u);
  EXPECT_EQ(reopened->moved, 0u);
  EXPECT_EQ(violation("p-public", "b2").status, ViolationStatus::Open);
  EXPECT_EQ(reasons(v2.id).back(), "exception-revoked");
  EXPECT_EQ(audits(*db, "exception.revoke"), 1u);
  EXPECT_FALSE(revoke_exception(*db, *id, day(2), "bob", "again").ok());
  EXPECT_EQ(record({bucket("b1", true), bucket("b2", true, "dev")}, day(3)).violation_writes, 0u);
}

TEST_F(TrackerScan, GrantRefusesMissingOrTooLateExpiry) {
  store::ExceptionRecord e = base(day(400));
  e.policy_id = "p-public";
  e.asset_id = "b1";
  auto refused = grant_exception(*db, e, day(0), "alice");
  ASSERT_FALSE(refused.ok());
  EXPECT_NE(refused.error().message.find("maximum"), std::string::npos);
  EXPECT_EQ(audits(*db, "exception.grant"), 0u);
}

TEST_F(TrackerScan, GroupMembershipAndStickyGroupException) {
  store::AuditEntry audit;
  audit.actor = "alice";
  audit.action = "group.add";
  ASSERT_TRUE(
      db->put_group({"prod", "production", {{"tags", {{"env", "prod"}}}}, "cli"}, audit).ok());
  RecordSummary s1 = record({bucket("b1", true), bucket("b2", true, "dev")}, day(0));
  EXPECT_EQ(s1.groups_changed, 1u);
  EXPECT_EQ(*db->group_members("prod"), std::vector<std::string>{"b1"});
  EXPECT_EQ(record({bucket("b1", true), bucket("b2", true, "dev")}, day(1)).groups_changed, 0u);

  store::ExceptionRecord e = base(day(30));
  e.sticky = true;
  e.policy_ids = {"p-public"};
  e.group = "prod";
  ASSERT_TRUE(grant_exception(*db, e, day(1), "alice").ok());
  RecordSummary s3 =
      record({bucket("b1", true), bucket("b2", true, "dev"), bucket("b3", true)}, day(2));
  EXPECT_EQ(s3.groups_changed, 1u);
  EXPECT_EQ(*db->group_members("prod"), (std::vector<std::string>{"b1", "b3"}));
  EXPECT_EQ(violation("p-public", "b1").status, ViolationStatus::Exempted);
  EXPECT_EQ(violation("p-public", "b3").status, ViolationStatus::Exempted);
  EXPECT_EQ(violation("p-public", "b2").status, ViolationStatus::Open);

  // b1 leaves the group: the exception no longer matches it.
  record({bucket("b1", true, "dev"), bucket("b2", true, "dev"), bucket("b3", true)}, day(3));
  store::Violation v1 = violation("p-public", "b1");
  EXPECT_EQ(v1.status, ViolationStatus::Open);
  EXPECT_EQ(reasons(v1.id).back(), "exception-unmatched");
}

TEST_F(TrackerScan, DailyScoresLatestScanOfTheDayWins) {
  record({bucket("b1", true), bucket("b2", false)}, day(0, 1));
  auto rows = db->scores("overall", "2026-11-26", "2026-11-26");
  ASSERT_TRUE(rows.ok());
  ASSERT_EQ(rows->size(), 1u);
  // p-public (high, security): 1 of 2 compliant; p-untagged (low, tagging): 2 of 2.
  // (50 * 0.5 + 10 * 1.0) / 60 = 58.33
  EXPECT_NEAR((*rows)[0].score, 58.333, 1e-2);
  EXPECT_EQ((*rows)[0].violations, 1u);
  EXPECT_EQ((*rows)[0].compliant, 3u);
  record({bucket("b1", false), bucket("b2", false)}, day(0, 5));
  rows = db->scores("overall", "2026-11-26", "2026-11-26");
  ASSERT_EQ(rows->size(), 1u);
  EXPECT_EQ((*rows)[0].score, 100.0);
  auto policies = db->scores("policy", "2026-11-26", "2026-11-26");
  ASSERT_TRUE(policies.ok());
  EXPECT_EQ(policies->size(), 2u);
  auto accounts = db->scores("account", "2026-11-26", "2026-11-26");
  ASSERT_EQ(accounts->size(), 1u);
  EXPECT_EQ((*accounts)[0].key, "111");
}

}  // namespace
}  // namespace vigil::tracker
