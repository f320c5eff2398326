// sync_config and sticky exceptions over time: an exception granted from
// vigil.yaml and then removed or edited there is revoked (its violation moves
// to the edited one, or reopens); exceptions granted with the CLI are left
// alone. Real SQLite store.
#include "daemon/config_sync.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>

#include "tracker/exceptions.h"

namespace vigil::daemon {
namespace {

namespace fs = std::filesystem;
using store::ViolationStatus;

Time at_day(int day) {
  return Time{} + std::chrono::seconds(1795651200) + std::chrono::hours(24 * day);
}

class ConfigSync : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("vigil-config-sync-" + std::to_string(::getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    auto opened = store::open_store((dir_ / "vigil.db").string());
    ASSERT_TRUE(opened.ok()) << opened.error().message;
    db_ = std::move(opened).value();
    config_.file = "vigil.yaml";
    GroupConfig g;
    g.name = "prod";
    g.criteria = {{"accounts", {"111"}}};
    config_.groups.push_back(g);
    config_.exceptions.push_back(sticky(at_day(30)));
  }
  void TearDown() override {
    db_.reset();
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }

  static StickyExceptionConfig sticky(Time expires) {
    StickyExceptionConfig e;
    e.policies = {"p-public"};
    e.group = "prod";
    e.reason = "accepted";
    e.granted_by = "lead";
    e.expires = expires;
    return e;
  }

  // One scan: bucket b1 in group prod, its p-public violation exempted by `exception`.
  void scan_exempted(int64_t exception) {
    store::ScanRecord r;
    r.source = "test";
    r.started = at_day(1);
    auto id = db_->begin_scan(r);
    ASSERT_TRUE(id.ok());
    store::ScanChanges c;
    c.scan_id = *id;
    c.finished = at_day(1);
    store::AssetVersionWrite b1;
    b1.identity = {"b1", "aws.s3.bucket", "111", "us-east-1", "b1"};
    b1.content_hash = 1;
    b1.content =
        R"({"id":"b1","type":"aws.s3.bucket","account":"111","region":"us-east-1","name":"b1"})";
    c.asset_versions = {b1};
    store::Violation v;
    v.policy_id = "p-public";
    v.asset = b1.identity;
    v.status = ViolationStatus::Exempted;
    v.severity = "high";
    v.category = "security";
    v.message = "public";
    v.exception_id = exception;
    c.new_violations = {v};
    c.group_members = {{"prod", {"b1"}}};
    Status s = db_->apply_scan(c);
    ASSERT_TRUE(s.ok()) << s.error().message;
  }

  store::Violation the_violation() {
    auto all = db_->violations({});
    EXPECT_TRUE(all.ok() && all->size() == 1u);
    return all.ok() && !all->empty() ? all->front() : store::Violation{};
  }

  fs::path dir_;
  Config config_;
  std::unique_ptr<store::Store> db_;
};

TEST_F(ConfigSync, AnEditedExceptionReplacesTheOldOneAndARemovedOneIsRevoked) {
  auto first = sync_config(*db_, config_, at_day(0));
  ASSERT_TRUE(first.ok()) << first.error().message;
  ASSERT_EQ(first->exceptions_granted, 1u);
  scan_exempted(1);
  // A sticky exception granted with the CLI, covering the same violation.
  store::ExceptionRecord cli;
  cli.sticky = true;
  cli.severity = "critical";  // covers nothing here: p-public is high
  cli.condition = "true";
  cli.reason = "cli";
  cli.granted_by = "alice";
  cli.expires = at_day(40);
  auto cli_id = tracker::grant_exception(*db_, cli, at_day(1), "alice");
  ASSERT_TRUE(cli_id.ok()) << cli_id.error().message;

  // The entry's expiry is edited: granted anew, the old one revoked, the
  // violation moves to the new one at once.
  config_.exceptions[0] = sticky(at_day(60));
  auto edited = sync_config(*db_, config_, at_day(2));
  ASSERT_TRUE(edited.ok()) << edited.error().message;
  EXPECT_EQ(edited->exceptions_granted, 1u);
  EXPECT_EQ(edited->exceptions_revoked, 1u);
  auto old = db_->exception(1);
  ASSERT_TRUE(old.ok() && old->has_value());
  ASSERT_TRUE((*old)->revoked.has_value());
  EXPECT_EQ((*old)->revoked_by, "vigil.yaml");
  EXPECT_EQ((*old)->revoke_reason, "no longer in vigil.yaml");
  store::Violation v = the_violation();
  EXPECT_EQ(v.status, ViolationStatus::Exempted);
  EXPECT_EQ(v.exception_id, 3);  // 2 is the CLI's

  // Unchanged file: nothing is granted or revoked.
  auto again = sync_config(*db_, config_, at_day(3));
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->exceptions_granted, 0u);
  EXPECT_EQ(again->exceptions_revoked, 0u);

  // Removed from the file: revoked, the violation reopens; the CLI's stays.
  config_.exceptions.clear();
  auto removed = sync_config(*db_, config_, at_day(4));
  ASSERT_TRUE(removed.ok());
  EXPECT_EQ(removed->exceptions_revoked, 1u);
  v = the_violation();
  EXPECT_EQ(v.status, ViolationStatus::Open);
  auto events = db_->violation_events(v.id);
  ASSERT_TRUE(events.ok());
  EXPECT_EQ(events->back().reason, "exception-revoked");
  auto cli_now = db_->exception(*cli_id);
  EXPECT_FALSE((*cli_now)->revoked.has_value());
}

}  // namespace
}  // namespace vigil::daemon
