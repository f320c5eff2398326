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
