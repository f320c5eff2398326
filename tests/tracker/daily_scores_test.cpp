// Daily scores through record_scan, against a real SQLite store: the
// latest scan of the day wins, with rows per policy and account.
#include <gtest/gtest.h>

#include "tracker/tracker.h"
#include "tracker_scan_fixture.h"

namespace vigil::tracker {
namespace {

using testing::day;

std::string bucket(const std::string& id, bool is_public) {
  return R"({"id":")" + id +
         R"(","type":"aws.s3.bucket","account":"111","region":"us-east-1","name":")" + id +
         R"(","tags":{"owner":"ann","env":"prod"},"config":{"Public":)" +
         (is_public ? "true" : "false") + R"(,"Note":"n"}})";
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
