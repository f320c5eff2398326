// A closing violation keeps its stored message: the tracker holds only a hash
// of each stored message and reads the text back from the store for the
// updates that repeat it, one by one when few close and in one pass over the
// store's violations when many do (record_scan.cpp, reconcile_load.cpp).
#include <gtest/gtest.h>

#include "tracker/tracker.h"
#include "tracker_scan_fixture.h"

namespace vigil::tracker {
namespace {

using store::ViolationStatus;
using testing::day;

std::string numbered_bucket(int n, bool is_public) {
  std::string id = "b" + std::to_string(n);
  return R"({"id":")" + id + R"(","type":"aws.s3.bucket","account":"111","region":"us-east-1",)" +
         R"("name":")" + id + R"(","tags":{"owner":"ann"},"config":{"Public":)" +
         (is_public ? "true" : "false") + R"(,"Note":"note)" + std::to_string(n) + R"("}})";
}

std::vector<std::string> buckets(int count, int fixed_below) {
  std::vector<std::string> out;
  for (int i = 0; i < count; ++i) out.push_back(numbered_bucket(i, i >= fixed_below));
  return out;
}

class StoredMessage : public TrackerScan {
 protected:
  void expect_closed_with_message(int n, const std::string& reason);
};

void StoredMessage::expect_closed_with_message(int n, const std::string& reason) {
  std::string id = "b" + std::to_string(n);
  store::Violation v = violation("p-public", id);
  EXPECT_EQ(v.status, ViolationStatus::Closed) << id;
  EXPECT_EQ(v.close_reason, reason) << id;
  std::string message = "bucket " + id + " is public (note" + std::to_string(n) + ")";
  EXPECT_EQ(v.message, message) << id;
  std::vector<store::ViolationEvent> history = events(v.id);
  ASSERT_FALSE(history.empty()) << id;
  EXPECT_EQ(history.back().reason, reason) << id;
  EXPECT_EQ(history.back().message, message) << id;
}

TEST_F(StoredMessage, FewClosuresReadTheirStoredMessagesOneByOne) {
  RecordSummary first = record(buckets(40, 0), day(0));
  EXPECT_EQ(first.opened, 40u);
  RecordSummary second = record(buckets(40, 2), day(1));  // 2 of 40 fixed
  EXPECT_EQ(second.closed, 2u);
  EXPECT_EQ(second.still_open, 38u);
  for (int n = 0; n < 2; ++n) expect_closed_with_message(n, "fixed");
}

TEST_F(StoredMessage, ManyClosuresReadTheirStoredMessagesInOnePass) {
  RecordSummary first = record(buckets(40, 0), day(0));
  EXPECT_EQ(first.opened, 40u);
  // 10 fixed, the last 10 gone from their ok scope: 20 of 40 close.
  std::vector<std::string> later = buckets(30, 10);
  RecordSummary second = record(later, day(1));
  EXPECT_EQ(second.closed, 20u);
  EXPECT_EQ(second.still_open, 20u);
  for (int n = 0; n < 10; ++n) expect_closed_with_message(n, "fixed");
  for (int n = 30; n < 40; ++n) expect_closed_with_message(n, "resource-deleted");
  // A message that really changes is still a message-changed update.
  later[20] = numbered_bucket(20, true);
  later[20].replace(later[20].find("note20"), 6, "renamed");
  RecordSummary third = record(later, day(2));
  EXPECT_EQ(third.violation_writes, 1u);
  EXPECT_EQ(violation("p-public", "b20").message, "bucket b20 is public (renamed)");
  EXPECT_EQ(reasons(violation("p-public", "b20").id),
            (std::vector<std::string>{"opened", "message-changed"}));
}

}  // namespace
}  // namespace vigil::tracker
