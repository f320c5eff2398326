// The jobs of a scan done by workers (daemon/jobs.h, capture_part.h,
// worker.h): how a source is planned, collected parts through the jobs
// table and back (hostile paths refused), and a worker recording a run at
// most once, on a real SQLite store with the sample inventory.
#include "daemon/jobs.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "daemon/capture_part.h"
#include "daemon/worker.h"

namespace vigil::daemon {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

const store::Time kNow = store::Time(std::chrono::milliseconds(1'796'000'000'000));

SourceConfig aws_source(std::vector<std::string> accounts, std::vector<std::string> regions) {
  SourceConfig s;
  s.name = "prod";
  s.kind = SourceKind::Aws;
  s.accounts = std::move(accounts);
  s.regions = std::move(regions);
  return s;
}

std::vector<std::string> shapes(const std::vector<store::JobRecord>& jobs) {
  std::vector<std::string> out;
  for (const store::JobRecord& j : jobs) {
    json p = j.payload;
    EXPECT_EQ(p["now_ms"], 1'796'000'000'000);
    EXPECT_EQ(j.run, "run-1");
    EXPECT_EQ(j.source, "prod");
    p.erase("now_ms");
    out.push_back(j.kind + (p.empty() ? "" : " " + p.dump()));
  }
  return out;
}

TEST(JobPlan, ALiveSourceIsSplitIntoWholeAccountsOrFoldersAndOtherSourcesAreOneJob) {
  WorkersConfig workers;
  workers.attempts = 5;
  workers.job_folders = 6;  // two accounts of three folders each
  auto split = plan_run(
      aws_source({"111111111111", "222222222222", "333333333333"}, {"us-east-1", "eu-west-1"}),
      workers, "run-1", kNow);
  EXPECT_EQ(shapes(split),
            (std::vector<std::string>{R"(collect {"accounts":["111111111111","222222222222"]})",
                                      R"(collect {"accounts":["333333333333"]})", "reconcile"}));
  EXPECT_EQ(split.front().max_attempts, 5);
  // Fewer folders per job than an account has: one account per job.
  workers.job_folders = 2;
  EXPECT_EQ(
      shapes(plan_run(aws_source({"111111111111", "222222222222"}, {"us-east-1", "eu-west-1"}),
                      workers, "run-1", kNow)),
      (std::vector<std::string>{R"(collect {"accounts":["111111111111"]})",
                                R"(collect {"accounts":["222222222222"]})", "reconcile"}));
  // No region listed: every enabled region (17 counted) and global per account.
  workers.job_folders = 36;
  EXPECT_EQ(shapes(plan_run(aws_source({"111111111111", "222222222222", "333333333333"}, {}),
                            workers, "run-1", kNow)),
            (std::vector<std::string>{R"(collect {"accounts":["111111111111","222222222222"]})",
                                      R"(collect {"accounts":["333333333333"]})", "reconcile"}));
  // One account with regions listed: one job per folder.
  EXPECT_EQ(shapes(plan_run(aws_source({}, {"us-east-1", "eu-west-1"}), workers, "run-1", kNow)),
            (std::vector<std::string>{R"(collect {"folders":["global"]})",
                                      R"(collect {"folders":["us-east-1"]})",
                                      R"(collect {"folders":["eu-west-1"]})", "reconcile"}));
  // Nothing to split, and every other kind: one scan job.
  EXPECT_EQ(shapes(plan_run(aws_source({"111111111111"}, {}), workers, "run-1", kNow)),
            std::vector<std::string>{"scan"});
  SourceConfig capture;
  capture.name = "prod";
  capture.kind = SourceKind::Capture;
  EXPECT_EQ(shapes(plan_run(capture, workers, "run-1", kNow)), std::vector<std::string>{"scan"});
}

class JobsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("vigil-jobs-test-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override {
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }
  void write(const fs::path& file, const std::string& text) {
    fs::create_directories(file.parent_path());
    std::ofstream(file) << text;
  }
  fs::path dir_;
};

TEST_F(JobsTest, CollectedPartsTravelAsTextAndComeBackAsOneCapture) {
  write(dir_ / "a" / "111111111111/global/s3/ListBuckets.json", R"({"Buckets": []})");
  write(dir_ / "b" / "111111111111/us-east-1/ec2/DescribeVpcs.json", R"({"Vpcs": []})");
  aws::CollectionRun global, regional;
  global.summary.client.calls = 3;
  global.summary.account_failures.push_back({"222222222222", "role", "AccessDenied", "no"});
  regional.summary.client.calls = 4;
  regional.summary.failures.push_back(
      {"111111111111", "us-east-1", "ec2", "DescribeVpcs", "", "Throttling", "slow down"});
  regional.summary.account_failures.push_back({"222222222222", "role", "AccessDenied", "no"});
  auto a = pack_capture_part(global, dir_ / "a");
  auto b = pack_capture_part(regional, dir_ / "b");
  ASSERT_TRUE(a.ok() && b.ok());

  auto run = unpack_capture_parts({*a, *b}, dir_ / "whole", {"us-east-1"}, {"s3"});
  ASSERT_TRUE(run.ok()) << run.error().message;
  EXPECT_EQ(run->summary.accounts, 1u);
  EXPECT_EQ(run->summary.regions, 2u);  // global and us-east-1 of one account
  EXPECT_EQ(run->summary.files, 2u);
  EXPECT_EQ(run->summary.client.calls, 7u);
  ASSERT_EQ(run->summary.failures.size(), 1u);
  EXPECT_EQ(run->summary.failures[0].code, "Throttling");
  ASSERT_EQ(run->summary.account_failures.size(), 1u);  // once, though both parts name it
  EXPECT_EQ(run->regions, std::vector<std::string>{"us-east-1"});
  std::ifstream vpcs(dir_ / "whole" / "111111111111/us-east-1/ec2/DescribeVpcs.json");
  std::string text((std::istreambuf_iterator<char>(vpcs)), std::istreambuf_iterator<char>());
  EXPECT_EQ(text, R"({"Vpcs": []})");
  // Modification times (the resources' collect times) travel too, to the millisecond.
  auto ms = [](const fs::path& p) {
    return std::chrono::floor<std::chrono::milliseconds>(fs::last_write_time(p));
  };
  EXPECT_EQ(ms(dir_ / "whole" / "111111111111/global/s3/ListBuckets.json"),
            ms(dir_ / "a" / "111111111111/global/s3/ListBuckets.json"));
}

TEST_F(JobsTest, APartThatClimbsOutOfItsFolderOrIsNotAPartIsRefused) {
  for (const char* path : {"../escape.json", "/etc/vigil.json", "a/../../b.json", ""}) {
    json part = {{"summary", json::parse(R"({"not_configured":0,"failures":[],
        "account_failures":[],"calls":0,"retries":0,"throttles":0,"errors":0,"seconds":0})")},
                 {"files", {{{"path", path}, {"mtime_ms", 0}, {"text", "{}"}}}}};
    auto run = unpack_capture_parts({part.dump()}, dir_ / "whole", {}, {});
    ASSERT_FALSE(run.ok()) << path;
    EXPECT_EQ(run.error().kind, Error::Kind::Corrupt) << path;
  }
  EXPECT_FALSE(fs::exists(dir_ / "escape.json"));
  auto garbage = unpack_capture_parts({"not json"}, dir_ / "whole", {}, {});
  ASSERT_FALSE(garbage.ok());
  EXPECT_NE(garbage.error().message.find("part 1 of 1 is malformed"), std::string::npos)
      << garbage.error().message;
}

TEST_F(JobsTest, AWorkerRecordsARunOnceEvenWhenItsJobIsTakenAgain) {
  auto loaded = PolicySet::load({std::string(VIGIL_SOURCE_DIR) + "/policies"});
  ASSERT_TRUE(loaded.ok());
  Config config;
  config.store = (dir_ / "vigil.db").string();
  SourceConfig source;
  source.name = "prod";
  source.kind = SourceKind::Inventory;
  source.path = std::string(VIGIL_SOURCE_DIR) + "/samples/inventory.jsonl";
  config.sources.push_back(source);
  config.workers.enabled = true;
  auto store = store::open_store(config.store);
  auto heartbeats = store::open_store(config.store);
  ASSERT_TRUE(store.ok() && heartbeats.ok());

  ASSERT_TRUE((*store)->enqueue_jobs(plan_run(source, config.workers, "run-1", kNow)).ok());
  WorkerOptions options;
  options.name = "w1";
  options.threads = 1;
  options.until_idle = true;
  Worker worker(config, loaded.set, **store, **heartbeats, options);
  auto done = worker.run();
  ASSERT_TRUE(done.ok()) << done.error().message;
  EXPECT_EQ(*done, 1u);
  auto jobs = (*store)->jobs({.run = "run-1", .unfinished_only = false, .with_results = true});
  ASSERT_EQ(jobs->size(), 1u);
  ASSERT_EQ(jobs->at(0).state, "done") << jobs->at(0).error;
  RunOutcome first = run_outcome_from(json::parse(jobs->at(0).result));
  EXPECT_TRUE(first.completed) << first.status;
  EXPECT_EQ(first.status, "completed");
  EXPECT_NE(first.log.find("opened"), std::string::npos) << first.log;
  auto scans = (*store)->list_scans({});
  ASSERT_EQ(scans->size(), 1u);
  EXPECT_EQ(scans->at(0).scope["job_run"], "run-1");
  EXPECT_EQ(scans->at(0).started, kNow);  // what the policies saw: the time the run was planned

  // The same run's job again (as when a worker died after recording and
  // before finishing its job, and another took it over): not recorded twice.
  ASSERT_TRUE((*store)->enqueue_jobs(plan_run(source, config.workers, "run-1", kNow)).ok());
  Worker second(config, loaded.set, **store, **heartbeats, options);
  ASSERT_EQ(*second.run(), 1u);
  EXPECT_EQ((*store)->list_scans({})->size(), 1u);
  jobs = (*store)->jobs({.run = "run-1", .unfinished_only = false, .with_results = true});
  ASSERT_EQ(jobs->size(), 2u);
  RunOutcome again = run_outcome_from(json::parse(jobs->at(1).result));
  EXPECT_EQ(again.scan_id, first.scan_id);
  EXPECT_TRUE(again.completed);
  EXPECT_NE(again.log.find("already recorded"), std::string::npos) << again.log;
}

TEST_F(JobsTest, AJobForASourceTheWorkerDoesNotKnowFailsSayingSo) {
  auto loaded = PolicySet::load({std::string(VIGIL_SOURCE_DIR) + "/policies"});
  ASSERT_TRUE(loaded.ok());
  Config config;
  config.file = "worker.yaml";
  config.store = (dir_ / "vigil.db").string();
  auto store = store::open_store(config.store);
  auto heartbeats = store::open_store(config.store);
  ASSERT_TRUE(store.ok() && heartbeats.ok());
  SourceConfig other;
  other.name = "elsewhere";
  other.kind = SourceKind::Capture;
  ASSERT_TRUE((*store)->enqueue_jobs(plan_run(other, config.workers, "run-9", kNow)).ok());
  WorkerOptions options;
  options.until_idle = true;
  Worker worker(config, loaded.set, **store, **heartbeats, options);
  ASSERT_TRUE(worker.run().ok());
  auto jobs = (*store)->jobs({.run = "run-9", .unfinished_only = false, .with_results = false});
  ASSERT_EQ(jobs->size(), 1u);
  EXPECT_EQ(jobs->at(0).state, "failed");
  EXPECT_NE(jobs->at(0).error.find("source 'elsewhere', which this worker's worker.yaml does not "
                                   "declare"),
            std::string::npos)
      << jobs->at(0).error;
}

}  // namespace
}  // namespace vigil::daemon
