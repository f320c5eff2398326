// A recorded scan keeps two clocks apart: the observation time (`now`,
// stamped on versions and events, ScanRecord::started) and the run's real
// start and finish (wall clock), with the step timings in between.
#include <gtest/gtest.h>

#include "tracker/tracker.h"
#include "tracker_scan_fixture.h"

namespace vigil::tracker {
namespace {

using testing::day;

const char* kBucket =
    R"({"id":"b1","type":"aws.s3.bucket","account":"111","region":"us-east-1","name":"b1",)"
    R"("tags":{},"config":{"Public":true,"Note":"n"}})";

int64_t ms_of(store::Time t) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count();
}

TEST_F(TrackerScan, RecordsTheRealStartFinishAndStepTimingsApartFromTheObservationTime) {
  Inventory inv = testing::make_inventory({kBucket});
  RecordOptions options;
  options.timings = {{"collect_s", 2.5}, {"assess_s", 0.5}};
  // The run began 3 s before now (wall clock); the state observed is day 0.
  store::Time begun = std::chrono::time_point_cast<std::chrono::milliseconds>(
      std::chrono::system_clock::now() - std::chrono::seconds(3));
  options.run_started = begun;
  RecordSummary sum = record_inventory(inv, day(0), policies, scopes_of(inv), options);
  ASSERT_GT(sum.scan_id, 0);
  EXPECT_TRUE(sum.warnings.empty());

  auto scan = db->get_scan(sum.scan_id);
  ASSERT_TRUE(scan.ok() && scan->has_value());
  const store::ScanRecord& s = **scan;
  EXPECT_EQ(s.state, store::ScanState::Completed);
  EXPECT_EQ(s.started, day(0)) << "the observation time";
  ASSERT_TRUE(s.finished.has_value());
  EXPECT_GE(*s.finished, begun + std::chrono::seconds(3)) << "finished is the wall clock";
  const nlohmann::json& t = s.timings;
  EXPECT_EQ(t["run_started_ms"], ms_of(begun));
  EXPECT_EQ(t["collect_s"], 2.5);
  EXPECT_EQ(t["assess_s"], 0.5);
  for (const char* step : {"reconcile_s", "write_s", "total_s"}) {
    ASSERT_TRUE(t.contains(step) && t[step].is_number()) << step << " in " << t.dump();
    EXPECT_GE(t[step].get<double>(), 0.0) << step;
  }
  EXPECT_GE(t["total_s"].get<double>(), 3.0);
  EXPECT_NEAR(t["total_s"].get<double>(),
              std::chrono::duration<double>(*s.finished - begun).count(), 0.002)
      << "total is finish - real start";
  EXPECT_EQ(t["write_s"].get<double>(), sum.write_seconds);

  // Versions and events are stamped with the observation time.
  auto history = db->asset_history("b1");
  ASSERT_TRUE(history.ok());
  ASSERT_EQ(history->size(), 1u);
  EXPECT_EQ((*history)[0].valid_from, day(0));
  store::Violation v = violation("p-public", "b1");
  EXPECT_EQ(v.first_seen, day(0));
}

TEST_F(TrackerScan, WithoutARunStartTheStepsGivenDateIt) {
  Inventory inv = testing::make_inventory({kBucket});
  RecordOptions options;
  options.timings = {{"collect_s", 60.0}, {"assess_s", 30.0}};
  store::Time before = std::chrono::system_clock::now();
  RecordSummary sum = record_inventory(inv, day(0), policies, scopes_of(inv), options);
  store::Time after = std::chrono::system_clock::now();
  auto scan = db->get_scan(sum.scan_id);
  ASSERT_TRUE(scan.ok() && scan->has_value());
  int64_t started = (**scan).timings["run_started_ms"].get<int64_t>();
  // 90 s of collection and assessment before record_scan was called.
  EXPECT_GE(started, ms_of(before) - 90000);
  EXPECT_LE(started, ms_of(after) - 90000);
  EXPECT_GE((**scan).timings["total_s"].get<double>(), 90.0);
}

TEST_F(TrackerScan, FinishTimingIsRefusedForARunningScan) {
  store::ScanRecord rec;
  rec.source = "test";
  rec.started = day(0);
  auto id = db->begin_scan(rec);
  ASSERT_TRUE(id.ok());
  Status s = db->finish_scan_timing(*id, day(0, 1), {{"total_s", 1.0}});
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.error().message.find("still running"), std::string::npos) << s.error().message;
  EXPECT_FALSE(db->finish_scan_timing(*id + 100, day(0, 1), {}).ok());
  ASSERT_TRUE(db->fail_scan(*id, day(0, 2), "collection failed").ok());
  ASSERT_TRUE(db->finish_scan_timing(*id, day(0, 3), {{"total_s", 1.0}}).ok());
  auto scan = db->get_scan(*id);
  EXPECT_EQ((**scan).finished, day(0, 3));
  EXPECT_EQ((**scan).state, store::ScanState::Failed);
  EXPECT_EQ((**scan).timings["total_s"], 1.0);
}

}  // namespace
}  // namespace vigil::tracker
