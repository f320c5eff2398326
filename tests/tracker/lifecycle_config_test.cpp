// Lifecycle transitions driven by configuration and by collection trouble:
// a policy disabled by the deployment (vigil.yaml `policies.disable`)
// closes its violations as policy-removed and they reopen when it is
// enabled again; a severity override updates open and exempted violations;
// unknown violations return to open or close (fixed, resource-deleted,
// policy-removed) correctly; an exemption whose exception expired ends even
// while the asset's scope fails.
// (Moving to tests/tracker/scenarios/*.yaml: a case ported there is removed
// here.)
#include <gtest/gtest.h>

#include "tracker/exceptions.h"
#include "tracker/tracker.h"
#include "tracker_scan_fixture.h"

namespace vigil::tracker {
namespace {

using store::ViolationStatus;
using testing::day;

std::string bucket(const std::string& id, bool is_public) {
  return R"({"id":")" + id +
         R"(","type":"aws.s3.bucket","account":"111","region":"us-east-1","name":")" + id +
         R"(","tags":{"owner":"ann"},"config":{"Public":)" + (is_public ? "true" : "false") +
         R"(,"Note":"n"}})";
}

// The scope of bucket b1 (111/us-east-1/aws.s3.bucket), collection failed.
CollectedScopes failed_scope() {
  CollectedScopes scopes;
  scopes.scopes.push_back(
      store::ScopeStatus{{"111", "us-east-1", "aws.s3.bucket"}, false, "AccessDenied: no", 0});
  return scopes;
}

TEST_F(TrackerScan, ExemptionEndsAtExpiryEvenWhileTheScopeFails) {
  record({bucket("b1", true), bucket("b2", true)}, day(0));
  auto grant = [&](const std::string& asset, store::Time expires) {
    store::ExceptionRecord e;
    e.policy_id = "p-public";
    e.asset_id = asset;
    e.reason = "r";
    e.granted_by = "ciso";
    e.expires = expires;
    auto id = grant_exception(*db, e, day(0, 1), "alice");
    EXPECT_TRUE(id.ok());
    return id.ok() ? *id : 0;
  };
  int64_t short1 = grant("b1", day(2));
  grant("b2", day(2));
  record({bucket("b1", true), bucket("b2", true)}, day(1));
  ASSERT_EQ(violation("p-public", "b1").exception_id, short1);
  int64_t longer = grant("b2", day(20));  // b2 has a second, longer exception

  Inventory none = testing::make_inventory({});
  RecordSummary s = record_inventory(none, day(3), policies, failed_scope());
  EXPECT_EQ(s.closed, 0u);
  EXPECT_EQ(s.assets_deleted, 0u);
  store::Violation v1 = violation("p-public", "b1"), v2 = violation("p-public", "b2");
  EXPECT_EQ(v1.status, ViolationStatus::Open);
  EXPECT_EQ(reasons(v1.id).back(), "exception-expired");
  EXPECT_EQ(v2.status, ViolationStatus::Exempted);
  EXPECT_EQ(v2.exception_id, longer);
  // Collected again, nothing more changes.
  EXPECT_EQ(record({bucket("b1", true), bucket("b2", true)}, day(4)).violation_writes, 0u);
}

}  // namespace
}  // namespace vigil::tracker
