// The violation lifecycle over several scans, against a real SQLite store:
// open -> still open (no writes) -> fixed -> reopened (history kept) ->
// resource-deleted; message-changed; policy-removed; a failed scope keeps
// its violations; unknown findings; deleted assets only in ok scopes.
// (Moving to tests/tracker/scenarios/*.yaml: a case ported there is removed
// here.)
#include <gtest/gtest.h>

#include "tracker/tracker.h"
#include "tracker_scan_fixture.h"

namespace vigil::tracker {
namespace {

using store::ViolationStatus;
using testing::day;

std::string bucket(const std::string& id, bool is_public, const std::string& note = "n",
                   const std::string& account = "111") {
  return R"({"id":")" + id + R"(","type":"aws.s3.bucket","account":")" + account +
         R"(","region":"us-east-1","name":")" + id +
         R"(","collected_at":"2026-11-26T00:00:00Z","tags":{"owner":"ann"},"config":{"Public":)" +
         (is_public ? "true" : "false") + R"(,"Note":")" + note + R"("}})";
}

// Reproduced on main: `vigil scan --policies mine/ --db` closed every other
// policy's violations as policy-removed (477 in the estate) and replaced the
// day's score with the subset's.
TEST_F(TrackerScan, AnAdHocPolicySubsetTouchesOnlyItsOwnPolicies) {
  record({bucket("b1", true)}, day(0));
  auto before = db->scores("overall", "2026-11-26", "2026-11-26");
  ASSERT_TRUE(before.ok() && before->size() == 1u);
  PolicySet subset = testing::load_policies(kUntaggedOnly);
  Inventory inv = testing::make_inventory({bucket("b1", true)});
  RecordOptions options;
  options.whole_policy_set = false;
  RecordSummary s = record_inventory(inv, day(0, 2), subset, scopes_of(inv), options);
  EXPECT_EQ(s.closed, 0u);
  EXPECT_EQ(violation("p-public", "b1").status, ViolationStatus::Open);
  auto after = db->scores("overall", "2026-11-26", "2026-11-26");
  ASSERT_TRUE(after.ok() && after->size() == 1u);
  EXPECT_EQ(after->at(0).score, before->at(0).score);
  EXPECT_EQ(after->at(0).violations, before->at(0).violations);
  // The whole set again, without the policy: now it is removed.
  RecordSummary whole = record({bucket("b1", true)}, day(1), &subset);
  EXPECT_EQ(whole.closed, 1u);
  EXPECT_EQ(violation("p-public", "b1").close_reason, "policy-removed");
}

// Reproduced on main: two sources holding the same accounts closed each
// other's violations and deleted each other's assets, and scanning them in
// turn flipped the state back and forth.
TEST_F(TrackerScan, ASourceChangesOnlyTheAssetsItOwns) {
  source = "estate";
  record({bucket("b1", true), bucket("b2", true)}, day(0));
  // "samples" lists S3 in the same account and region: b2 compliant there,
  // b1 absent, b3 its own.
  source = "samples";
  RecordSummary s = record({bucket("b2", false), bucket("b3", true)}, day(0, 1));
  EXPECT_EQ(s.closed, 0u);
  EXPECT_EQ(s.assets_deleted, 0u);
  EXPECT_EQ(s.opened, 1u);  // b3's
  EXPECT_EQ(s.assets_created, 1u);
  ASSERT_EQ(s.warnings.size(), 1u);
  EXPECT_NE(s.warnings[0].find("1 asset this scan saw belongs to source 'estate' (e.g. b2)"),
            std::string::npos)
      << s.warnings[0];
  EXPECT_EQ(violation("p-public", "b1").status, ViolationStatus::Open);
  EXPECT_EQ(violation("p-public", "b2").status, ViolationStatus::Open);
  // In turn again: nothing flips.
  source = "estate";
  RecordSummary again = record({bucket("b1", true), bucket("b2", true)}, day(0, 2));
  EXPECT_EQ(again.closed, 0u);
  EXPECT_EQ(again.assets_deleted, 0u);
  EXPECT_EQ(violation("p-public", "b3").status, ViolationStatus::Open);
  ASSERT_EQ(again.warnings.size(), 0u);
  // The owner deletes b2; then the other source takes it over.
  RecordSummary gone = record({bucket("b1", true)}, day(0, 3));
  EXPECT_EQ(gone.assets_deleted, 1u);
  EXPECT_EQ(violation("p-public", "b2").close_reason, "resource-deleted");
  source = "samples";
  RecordSummary taken = record({bucket("b2", true), bucket("b3", true)}, day(0, 4));
  EXPECT_EQ(taken.reopened, 1u);
  EXPECT_EQ(taken.assets_created, 1u);
  auto heads = db->asset_heads();
  ASSERT_TRUE(heads.ok());
  for (const store::AssetHead& h : *heads)
    EXPECT_EQ(h.source, h.id == "b1" ? "estate" : "samples") << h.id;
}

// Found in review: assets first recorded by `vigil scan --db` (source cli)
// or by a source since removed from vigil.yaml would be foreign to every
// source forever, their new failures never opened.
TEST_F(TrackerScan, AnOwnerThatIsNoLongerASourceHandsItsAssetsOver) {
  source = "cli";
  record({bucket("b1", false)}, day(0));
  source = "estate";
  RecordOptions options;
  options.sources = {"estate", "samples"};
  Inventory inv = testing::make_inventory({bucket("b1", true)});
  RecordSummary s = record_inventory(inv, day(1), policies, scopes_of(inv), options);
  EXPECT_EQ(s.opened, 1u);
  EXPECT_TRUE(s.warnings.empty());
  auto heads = db->asset_heads();
  ASSERT_TRUE(heads.ok() && heads->size() == 1u);
  EXPECT_EQ(heads->at(0).source, "estate");
}

// Found in review: an ad-hoc subset that deletes an asset left the other
// policies' violations on it open.
TEST_F(TrackerScan, AnAdHocSubsetThatDeletesAnAssetClosesAllItsViolations) {
  record({bucket("b1", true), bucket("b2", false)}, day(0));
  PolicySet subset = testing::load_policies(kUntaggedOnly);
  Inventory inv = testing::make_inventory({bucket("b2", false)});
  RecordOptions options;
  options.whole_policy_set = false;
  RecordSummary s = record_inventory(inv, day(1), subset, scopes_of(inv), options);
  EXPECT_EQ(s.assets_deleted, 1u);
  EXPECT_EQ(violation("p-public", "b1").close_reason, "resource-deleted");
}

TEST_F(TrackerScan, PolicyRemovedClosesItsViolations) {
  record({bucket("b1", true)}, day(0));
  PolicySet without = testing::load_policies(kUntaggedOnly);
  RecordSummary s = record({bucket("b1", true)}, day(1), &without);
  EXPECT_EQ(s.closed, 1u);
  store::Violation v = violation("p-public", "b1");
  EXPECT_EQ(v.status, ViolationStatus::Closed);
  EXPECT_EQ(v.close_reason, "policy-removed");
}

TEST_F(TrackerScan, FailedScopeKeepsViolationsAndAssets) {
  record({bucket("b1", true), bucket("b9", true, "n", "222")}, day(0));
  const std::string failed =
      R"({"id":"vigil:collection-failed/111/us-east-1/aws.s3.bucket","type":"aws.s3.bucket","account":"111","region":"us-east-1","errors":[{"part":"config","operation":"ListBuckets","code":"AccessDenied","message":"no s3:ListAllMyBuckets"},{"part":"tags","operation":"ListBuckets","code":"AccessDenied","message":"no s3:ListAllMyBuckets"}]})";
  Inventory inv = testing::make_inventory({failed, bucket("b9", true, "n", "222")});
  CollectedScopes scopes = scopes_of(inv);
  ASSERT_EQ(scopes.scopes.size(), 2u);
  EXPECT_FALSE(scopes.scopes[0].ok);
  EXPECT_EQ(scopes.scopes[0].error, "AccessDenied: no s3:ListAllMyBuckets");
  EXPECT_TRUE(scopes.scopes[1].ok);
  RecordSummary s = record_inventory(inv, day(1), policies, scopes);
  EXPECT_EQ(s.closed, 0u);
  EXPECT_EQ(s.assets_deleted, 0u);
  EXPECT_EQ(violation("p-public", "b1").status, ViolationStatus::Open);
  auto scan = db->get_scan(s.scan_id);
  ASSERT_TRUE(scan.ok() && scan->has_value());
  EXPECT_EQ((*scan)->unknown, 2u);  // both policies on the placeholder
  EXPECT_EQ((*scan)->violations, 1u);

  // The next successful listing of the scope, empty: now b1 is deleted.
  CollectedScopes empty;
  empty.scopes.push_back(store::ScopeStatus{{"111", "us-east-1", "aws.s3.bucket"}, true, "", 0});
  Inventory none = testing::make_inventory({});
  RecordSummary s2 = record_inventory(none, day(2), policies, empty);
  EXPECT_EQ(s2.assets_deleted, 1u);
  EXPECT_EQ(violation("p-public", "b1").close_reason, "resource-deleted");
  EXPECT_EQ(violation("p-public", "b9").status,
            ViolationStatus::Open);  // scope not listed: untouched
}

TEST_F(TrackerScan, UnknownFindingsAreNeitherOpenNorClosed) {
  record({bucket("b1", true)}, day(0));
  std::string unreadable =
      R"({"id":"b1","type":"aws.s3.bucket","account":"111","region":"us-east-1","name":"b1","tags":{"owner":"ann"},"config":{"Note":"n"},"errors":[{"part":"config.Public","operation":"GetPublicAccessBlock","code":"AccessDenied","message":"denied"}]})";
  RecordSummary s = record({unreadable}, day(1));
  EXPECT_EQ(s.unknown, 1u);
  store::Violation v = violation("p-public", "b1");
  EXPECT_EQ(v.status, ViolationStatus::Unknown);
  EXPECT_NE(v.message.find("AccessDenied"), std::string::npos);
  RecordSummary s2 = record({bucket("b1", true)}, day(2));
  EXPECT_EQ(s2.violation_writes, 1u);
  EXPECT_EQ(violation("p-public", "b1").status, ViolationStatus::Open);
  EXPECT_EQ(reasons(v.id), (std::vector<std::string>{"opened", "unknown", "reassessed"}));
  // Unknown on a closed violation leaves it closed.
  record({bucket("b1", false)}, day(3));
  RecordSummary s3 = record({unreadable}, day(4));
  EXPECT_EQ(s3.violation_writes, 0u);
  EXPECT_EQ(violation("p-public", "b1").status, ViolationStatus::Closed);
}

// Reproduced on main: unknown findings never reached the store on a first
// scan, so "what could we not check?" had no answer.
TEST_F(TrackerScan, UnknownFindingsAreStoredFromTheFirstScan) {
  std::string unreadable = [](const std::string& id) {
    return R"({"id":")" + id +
           R"(","type":"aws.s3.bucket","account":"111","region":"us-east-1","name":")" + id +
           R"(","tags":{"owner":"ann"},"config":{"Note":"n"},"errors":[{"part":"config.Public","operation":"GetPublicAccessBlock","code":"AccessDenied","message":"denied"}]})";
  }("b1");
  RecordSummary s = record({unreadable}, day(0));
  EXPECT_EQ(s.unknown, 1u);
  EXPECT_EQ(s.opened, 0u);
  store::Violation v = violation("p-public", "b1");
  EXPECT_EQ(v.status, ViolationStatus::Unknown);
  EXPECT_NE(v.message.find("AccessDenied"), std::string::npos) << v.message;
  store::ViolationFilter unknown;
  unknown.statuses = {ViolationStatus::Unknown};
  auto listed = db->violations(unknown);
  ASSERT_TRUE(listed.ok());
  EXPECT_EQ(listed->size(), 1u);
  // Unchanged on a second scan: nothing written.
  EXPECT_EQ(record({unreadable}, day(1)).violation_writes, 0u);
  // Checked and compliant: closed, but not as "fixed" (it never failed).
  RecordSummary ok = record({bucket("b1", false)}, day(2));
  EXPECT_EQ(ok.closed, 0u);  // it was never a violation
  EXPECT_EQ(ok.violation_writes, 1u);
  EXPECT_EQ(violation("p-public", "b1").close_reason, "reassessed");
  EXPECT_EQ(reasons(v.id), (std::vector<std::string>{"unknown", "reassessed"}));
  // A second pair, unknown then failing: that is its opening.
  std::string other = unreadable;
  other.replace(other.find("\"b1\""), 4, "\"b2\"");
  other.replace(other.find("\"b1\""), 4, "\"b2\"");
  record({bucket("b1", false), other}, day(3));
  RecordSummary failing = record({bucket("b1", false), bucket("b2", true)}, day(4));
  EXPECT_EQ(failing.opened, 1u);
  store::Violation b2 = violation("p-public", "b2");
  EXPECT_EQ(b2.status, ViolationStatus::Open);
  EXPECT_EQ(reasons(b2.id), (std::vector<std::string>{"unknown", "opened"}));
  EXPECT_EQ(b2.first_seen, day(4));  // first found failing then, not when first unknown
  // Fixed later: now it is "fixed".
  record({bucket("b1", false), bucket("b2", false)}, day(5));
  EXPECT_EQ(violation("p-public", "b2").close_reason, "fixed");
  // b1 was only ever unknown, then closed: unknown again is listed again,
  // and failing then is its opening, not a reopening.
  RecordSummary again = record({unreadable, bucket("b2", false)}, day(6));
  EXPECT_EQ(violation("p-public", "b1").status, ViolationStatus::Unknown);
  RecordSummary fails = record({bucket("b1", true), bucket("b2", false)}, day(7));
  EXPECT_EQ(fails.opened, 1u);
  EXPECT_EQ(fails.reopened, 0u);
  EXPECT_EQ(reasons(v.id),
            (std::vector<std::string>{"unknown", "reassessed", "unknown", "opened"}));
  (void)again;
}

}  // namespace
}  // namespace vigil::tracker

namespace vigil::tracker {
namespace {

// A capture that lists S3 successfully with no bucket: the scope is ok and
// empty, so the bucket's violation closes as resource-deleted.
TEST_F(TrackerScan, CaptureScopeListedEmptyClosesViolations) {
  record({bucket("b1", true)}, day(0));
  std::vector<ListedScope> read = {
      {"111", "us-east-1", "aws.s3.bucket", true, "", 0},
      {"111", "us-east-1", "aws.ec2.volume", false, "AccessDenied: no", 0}};
  Inventory none = testing::make_inventory({});
  none.set_coverage(Coverage(read));
  CollectedScopes scopes = scopes_of(none);
  ASSERT_EQ(scopes.scopes.size(), 2u);
  EXPECT_FALSE(scopes.scopes[1].ok);
  EXPECT_EQ(scopes.scopes[1].error, "AccessDenied: no");
  RecordSummary s = record_inventory(none, day(1), policies, scopes);
  EXPECT_EQ(s.closed, 1u);
  EXPECT_EQ(violation("p-public", "b1").close_reason, "resource-deleted");
}

}  // namespace
}  // namespace vigil::tracker
