// Revoking or expiring an exception while another active exception still
// covers the violation: it moves to that exception at once (revoke) or at
// the next scan (expiry), never reopens in between; the event and the audit
// entry say so. Real SQLite store, real policies.
#include <gtest/gtest.h>

#include "tracker/exceptions.h"
#include "tracker/tracker.h"
#include "tracker_scan_fixture.h"

namespace vigil::tracker {
namespace {

using store::ViolationStatus;
using testing::day;

std::string bucket(const std::string& id, const std::string& env) {
  return R"({"id":")" + id +
         R"(","type":"aws.s3.bucket","account":"111","region":"us-east-1","name":")" + id +
         R"(","tags":{"owner":"ann","env":")" + env + R"("},"config":{"Public":true,"Note":"n"}})";
}

store::ExceptionRecord per_resource(const std::string& asset, store::Time expires) {
  store::ExceptionRecord e;
  e.policy_id = "p-public";
  e.asset_id = asset;
  e.reason = "accepted";
  e.granted_by = "ciso";
  e.expires = expires;
  return e;
}

store::ExceptionRecord sticky(store::Time expires) {
  store::ExceptionRecord e;
  e.sticky = true;
  e.severity = "high";
  e.reason = "dev buckets";
  e.granted_by = "ciso";
  e.expires = expires;
  return e;
}

class Revoke : public TrackerScan {
 protected:
  int64_t grant(const store::ExceptionRecord& e, store::Time at) {
    auto id = grant_exception(*db, e, at, "alice");
    EXPECT_TRUE(id.ok()) << id.error().message;
    return id.ok() ? *id : 0;
  }
  store::AuditEntry last_audit(const std::string& action) {
    auto log = db->audit_log(100);
    EXPECT_TRUE(log.ok());
    for (const store::AuditEntry& a : *log)
      if (a.action == action) return a;
    ADD_FAILURE() << "no audit entry " << action;
    return {};
  }
};

TEST_F(Revoke, MovesToAStickyConditionExceptionThatStillCovers) {
  record({bucket("b1", "dev"), bucket("b2", "prod")}, day(0));
  int64_t own = grant(per_resource("b1", day(30)), day(0, 1));
  int64_t own2 = grant(per_resource("b2", day(30)), day(0, 1));
  store::ExceptionRecord s = sticky(day(30));
  s.condition = "resource.tags.env == 'dev'";
  int64_t dev = grant(s, day(0, 2));
  record({bucket("b1", "dev"), bucket("b2", "prod")}, day(1));
  EXPECT_EQ(violation("p-public", "b1").exception_id, own) << "a per-resource one wins";
  EXPECT_EQ(violation("p-public", "b2").exception_id, own2);

  auto r1 = revoke_exception(*db, own, day(2), "bob", "moved");
  ASSERT_TRUE(r1.ok()) << r1.error().message;
  EXPECT_EQ(r1->moved, 1u);
  EXPECT_EQ(r1->reopened, 0u);
  store::Violation v1 = violation("p-public", "b1");
  EXPECT_EQ(v1.status, ViolationStatus::Exempted);
  EXPECT_EQ(v1.exception_id, dev);
  EXPECT_EQ(reasons(v1.id), (std::vector<std::string>{"opened", "exempted", "exempted"}));
  EXPECT_EQ(events(v1.id).back().at, day(2));
  EXPECT_EQ(events(v1.id).back().scan_id, 0);
  store::AuditEntry audit = last_audit("exception.revoke");
  EXPECT_EQ(audit.object, "exception:" + std::to_string(own));
  EXPECT_EQ(audit.actor, "bob");
  EXPECT_EQ(audit.details["moved_to_other_exceptions"], 1);
  EXPECT_EQ(audit.details["reopened"], 0);

  // b2 (prod) is not matched by the condition: back to open.
  auto r2 = revoke_exception(*db, own2, day(2), "bob", "moved");
  ASSERT_TRUE(r2.ok()) << r2.error().message;
  EXPECT_EQ(r2->moved, 0u);
  EXPECT_EQ(r2->reopened, 1u);
  store::Violation v2 = violation("p-public", "b2");
  EXPECT_EQ(v2.status, ViolationStatus::Open);
  EXPECT_FALSE(v2.exception_id.has_value());
  EXPECT_EQ(reasons(v2.id).back(), "exception-revoked");

  // The next scan agrees with what the revoke decided: nothing to write.
  EXPECT_EQ(record({bucket("b1", "dev"), bucket("b2", "prod")}, day(3)).violation_writes, 0u);
}

TEST_F(Revoke, MovesToAStickyGroupExceptionByStoredMembership) {
  store::AuditEntry audit;
  audit.actor = "alice";
  audit.action = "group.add";
  ASSERT_TRUE(db->put_group({"dev", "", {{"tags", {{"env", "dev"}}}}, "cli"}, audit).ok());
  record({bucket("b1", "dev"), bucket("b2", "prod")}, day(0));
  store::ExceptionRecord s = sticky(day(30));
  s.group = "dev";
  int64_t group_exc = grant(s, day(0, 1));
  int64_t own = grant(per_resource("b1", day(30)), day(0, 1));
  int64_t own2 = grant(per_resource("b2", day(30)), day(0, 1));
  record({bucket("b1", "dev"), bucket("b2", "prod")}, day(1));
  EXPECT_EQ(violation("p-public", "b1").exception_id, own);

  auto r1 = revoke_exception(*db, own, day(2), "bob", "moved");
  ASSERT_TRUE(r1.ok()) << r1.error().message;
  EXPECT_EQ(r1->moved, 1u);
  EXPECT_EQ(violation("p-public", "b1").exception_id, group_exc);
  auto r2 = revoke_exception(*db, own2, day(2), "bob", "moved");
  ASSERT_TRUE(r2.ok());
  EXPECT_EQ(r2->reopened, 1u);
  EXPECT_EQ(violation("p-public", "b2").status, ViolationStatus::Open);
  EXPECT_EQ(record({bucket("b1", "dev"), bucket("b2", "prod")}, day(3)).violation_writes, 0u);
}

TEST_F(Revoke, RevokingTheStickyOneMovesToAPerResourceOneAndSkipsExpiredOnes) {
  record({bucket("b1", "dev"), bucket("b2", "dev")}, day(0));
  store::ExceptionRecord s = sticky(day(30));
  s.condition = "resource.tags.env == 'dev'";
  int64_t dev = grant(s, day(0));
  record({bucket("b1", "dev"), bucket("b2", "dev")}, day(1));
  EXPECT_EQ(violation("p-public", "b1").exception_id, dev);
  int64_t own = grant(per_resource("b1", day(30)), day(1, 1));
  grant(per_resource("b2", day(1, 12)), day(1, 1));  // expired by day 2

  auto r = revoke_exception(*db, dev, day(2), "bob", "no more dev exemptions");
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->moved, 1u);
  EXPECT_EQ(r->reopened, 1u);
  EXPECT_EQ(violation("p-public", "b1").exception_id, own);
  EXPECT_EQ(violation("p-public", "b2").status, ViolationStatus::Open);
}

TEST_F(Revoke, ExpiryMovesToAnotherActiveExceptionAtTheNextScan) {
  record({bucket("b1", "dev")}, day(0));
  int64_t own = grant(per_resource("b1", day(2)), day(0));
  record({bucket("b1", "dev")}, day(1));
  store::ExceptionRecord s = sticky(day(30));
  s.condition = "resource.tags.env == 'dev'";
  int64_t dev = grant(s, day(1, 1));
  EXPECT_EQ(violation("p-public", "b1").exception_id, own);

  RecordSummary after = record({bucket("b1", "dev")}, day(3));  // own expired at day 2
  EXPECT_EQ(after.unexempted, 0u);
  store::Violation v = violation("p-public", "b1");
  EXPECT_EQ(v.status, ViolationStatus::Exempted);
  EXPECT_EQ(v.exception_id, dev);
  EXPECT_EQ(reasons(v.id), (std::vector<std::string>{"opened", "exempted", "exempted"}));
  store::AuditEntry expired = last_audit("exception.expire");
  EXPECT_EQ(expired.object, "exception:" + std::to_string(own));
  EXPECT_EQ(expired.actor, "vigil");
  EXPECT_EQ(expired.at, day(3));
  EXPECT_EQ(expired.details["what"], "exception for policy p-public on b1");
  EXPECT_EQ(expired.details["reason"], "accepted");

  // The sticky one expires too: reopened with the expiry as the reason.
  record({bucket("b1", "dev")}, day(31));
  v = violation("p-public", "b1");
  EXPECT_EQ(v.status, ViolationStatus::Open);
  EXPECT_EQ(reasons(v.id).back(), "exception-expired");
}

}  // namespace
}  // namespace vigil::tracker
