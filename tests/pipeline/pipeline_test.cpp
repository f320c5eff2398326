// The pipeline every caller shares (pipeline/load.h, pipeline/run.h): one
// load for each kind of source, the observer's stages in order, and a run
// that records its scan, or a failed scan when the source cannot be loaded.
#include <gtest/gtest.h>

#include <filesystem>
#include <mutex>
#include <string>
#include <vector>

#include "../connectors/capture_fixture.h"
#include "pipeline/load.h"
#include "pipeline/run.h"
#include "store/store.h"

namespace vigil::pipeline {
namespace {

namespace fs = std::filesystem;

const std::string kSample = VIGIL_SOURCE_DIR "/samples/inventory.jsonl";

// Records every event, in order.
class Recorder : public Observer {
 public:
  void progress(const Progress& p) override {
    std::lock_guard lock(mutex_);
    progress_.push_back(p);
  }
  void finished(Stage stage, std::string_view text) override {
    std::lock_guard lock(mutex_);
    stages_.push_back(stage);
    texts_.emplace_back(text);
  }
  std::vector<Progress> progress_;
  std::vector<Stage> stages_;
  std::vector<std::string> texts_;

 private:
  std::mutex mutex_;
};

PolicySet aws_policies() {
  auto loaded = PolicySet::load({VIGIL_SOURCE_DIR "/policies/aws"});
  EXPECT_TRUE(loaded.ok());
  return std::move(loaded.set);
}

TEST(PipelineLoad, AnInventoryFileGivesItsAssetsItsScopesAndTheConfiguredScope) {
  Source source{.kind = SourceKind::Inventory, .name = "sample", .path = kSample};
  Recorder seen;
  auto loaded = load_source(source, {}, seen);
  ASSERT_TRUE(loaded.ok()) << loaded.error().message;
  EXPECT_GT(loaded->inventory.size(), 10u);
  EXPECT_FALSE(loaded->scopes.scopes.empty());  // an inventory file covers what it holds
  EXPECT_FALSE(loaded->partial);
  EXPECT_EQ(loaded->scope,
            nlohmann::json({{"sources", {"sample"}}, {"kind", "inventory"}, {"path", kSample}}));
  EXPECT_NE(loaded->summary.find(std::to_string(loaded->inventory.size()) + " assets in "),
            std::string::npos)
      << loaded->summary;
  EXPECT_TRUE(seen.stages_.empty());  // nothing to report while reading one file
}

TEST(PipelineLoad, ACaptureReportsItsReadingProgressAndSummary) {
  aws::testing::CaptureDir dir;
  aws::testing::write_empty_lists(dir, "111111111111", "us-east-1", "ec2");
  Source source{.kind = SourceKind::Capture, .name = "cap", .path = dir.path()};
  Recorder seen;
  auto loaded = load_source(source, {.threads = 2}, seen);
  ASSERT_TRUE(loaded.ok()) << loaded.error().message;
  EXPECT_TRUE(loaded->inventory.of_type("aws.ec2.instance").empty());
  bool instances_listed = false;  // listed, ok and empty: "there are none"
  for (const auto& scope : loaded->scopes.scopes)
    instances_listed = instances_listed || (scope.key.type == "aws.ec2.instance" && scope.ok);
  EXPECT_TRUE(instances_listed);
  ASSERT_FALSE(seen.progress_.empty());
  EXPECT_EQ(seen.progress_.back().stage, Stage::Read);
  EXPECT_EQ(seen.progress_.back().done, seen.progress_.back().total);
  ASSERT_EQ(seen.stages_, std::vector<Stage>{Stage::Read});
  EXPECT_EQ(seen.texts_[0].rfind("read " + dir.path() + ": 1 account, 1 region", 0), 0u)
      << seen.texts_[0];
}

TEST(PipelineLoad, AMissingSourceIsAnErrorNotAnEmptyInventory) {
  for (SourceKind kind : {SourceKind::Capture, SourceKind::AwsConfig, SourceKind::Inventory}) {
    Source source{.kind = kind, .name = "gone", .path = "/nonexistent/vigil-pipeline-source"};
    auto loaded = load_source(source, {});
    ASSERT_FALSE(loaded.ok()) << to_string(kind);
    EXPECT_NE(loaded.error().message.find("/nonexistent/vigil-pipeline-source"), std::string::npos)
        << loaded.error().message;
  }
}

class PipelineRun : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("vigil-pipeline-test-" + std::to_string(::getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    auto opened = store::open_store((dir_ / "vigil.db").string());
    ASSERT_TRUE(opened.ok()) << opened.error().message;
    db_ = std::move(opened.value());
    policies_ = aws_policies();
  }
  void TearDown() override {
    db_.reset();
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }
  RunSettings settings(const std::string& source) {
    RunSettings s;
    s.assess.now = std::chrono::sys_days(std::chrono::year(2026) / 12 / 1);
    s.record.source = source;
    return s;
  }
  fs::path dir_;
  std::unique_ptr<store::Store> db_;
  PolicySet policies_;
};

TEST_F(PipelineRun, LoadsAssessesAndRecordsWithTheStagesInOrder) {
  Source source{.kind = SourceKind::Inventory, .name = "sample", .path = kSample};
  Recorder seen;
  auto report = run_scan(*db_, source, policies_, settings("sample"), seen);
  ASSERT_TRUE(report.ok()) << report.error().message;
  EXPECT_GT(report->assets, 10u);
  EXPECT_GT(report->violations, 0u);
  EXPECT_EQ(report->record.opened + report->record.exempted, report->violations);
  EXPECT_EQ(seen.stages_, (std::vector<Stage>{Stage::Assess, Stage::Record}));
  EXPECT_NE(seen.texts_[1].find("scan " + std::to_string(report->record.scan_id) + ": opened"),
            std::string::npos)
      << seen.texts_[1];

  auto scans = db_->list_scans({10});
  ASSERT_TRUE(scans.ok());
  ASSERT_EQ(scans->size(), 1u);
  EXPECT_EQ(scans->front().source, "sample");
  EXPECT_EQ(scans->front().scope["kind"], "inventory");
  EXPECT_EQ(scans->front().scope["sources"], nlohmann::json({"sample"}));
}

TEST_F(PipelineRun, ASourceThatCannotBeLoadedIsRecordedAsAFailedScan) {
  Source source{.kind = SourceKind::Capture, .name = "gone", .path = "/nonexistent/capture"};
  auto report = run_scan(*db_, source, policies_, settings("gone"));
  ASSERT_FALSE(report.ok());
  auto scans = db_->list_scans({10});
  ASSERT_TRUE(scans.ok());
  ASSERT_EQ(scans->size(), 1u);
  EXPECT_EQ(scans->front().state, store::ScanState::Failed);
  EXPECT_NE(scans->front().error.find("/nonexistent/capture"), std::string::npos)
      << scans->front().error;
  EXPECT_EQ(scans->front().scope,
            nlohmann::json(
                {{"sources", {"gone"}}, {"kind", "capture"}, {"path", "/nonexistent/capture"}}));
}

}  // namespace
}  // namespace vigil::pipeline
