// The tracker's compact streams on SQLite: AssetHead::key and
// for_each_violation_state give the same violations as for_each_violation
// (policy, asset, status, severity, message, exception), in id order; a
// reader handle (open_reader) reads them while the first reads heads.
#include <gtest/gtest.h>

#include <filesystem>
#include <map>
#include <set>
#include <thread>

#include "store/store.h"
#include "store_test_data.h"

namespace vigil::store::testing {
namespace {

namespace fs = std::filesystem;

class ViolationStateTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("vigil-violation-state-" + std::to_string(::getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    auto opened = open_store((dir_ / "vigil.db").string());
    ASSERT_TRUE(opened.ok()) << opened.error().message;
    store_ = std::move(opened).value();
  }
  void TearDown() override {
    store_.reset();
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }
  int64_t scan(int64_t ms, ScanChanges c) {
    ScanRecord r;
    r.source = "cli";
    r.started = at_ms(ms);
    auto id = store_->begin_scan(r);
    EXPECT_TRUE(id.ok());
    c.scan_id = id.ok() ? id.value() : 0;
    c.finished = at_ms(ms + 500);
    Status s = store_->apply_scan(c);
    EXPECT_TRUE(s.ok()) << s.error().message;
    return c.scan_id;
  }

  fs::path dir_;
  std::unique_ptr<Store> store_;
};

TEST_F(ViolationStateTest, SameRowsAsTheFullStream) {
  ScanChanges first;
  first.asset_versions = {asset("a1", 1), asset("a2", 2, "222", "aws.ec2.instance"),
                          asset("a3", 3)};
  first.new_violations = {violation("p1", asset("a1", 1)), violation("p2", asset("a1", 1)),
                          violation("p1", asset("a2", 2, "222", "aws.ec2.instance"), "medium"),
                          violation("p2", asset("a3", 3), "low")};
  scan(kT0, first);
  auto listed = store_->violations({});
  ASSERT_TRUE(listed.ok());
  ASSERT_EQ(listed->size(), 4u);

  AuditEntry audit;
  audit.at = at_ms(kT0);
  audit.actor = "alice";
  audit.action = "exception.grant";
  audit.object = "exception";
  ExceptionRecord e;
  e.policy_id = "p2";
  e.asset_id = "a3";
  e.reason = "accepted";
  e.requested_by = "bob";
  e.granted_by = "alice";
  e.created = at_ms(kT0);
  e.expires = at_ms(kT0 + 86'400'000);
  auto exception = store_->add_exception(e, audit);
  ASSERT_TRUE(exception.ok()) << exception.error().message;

  ScanChanges second;
  second.violation_updates = {{(*listed)[1].id, ViolationStatus::Closed, "fixed", "p2 fails on a1",
                               "high", "fixed", std::nullopt},
                              {(*listed)[2].id, ViolationStatus::Unknown, "unknown",
                               "could not read a2", "medium", "", std::nullopt},
                              {(*listed)[3].id, ViolationStatus::Exempted, "exempted",
                               "p2 fails on a3", "low", "", exception.value()}};
  second.deleted_assets = {"a2"};
  scan(kT0 + 1000, second);

  auto heads = store_->asset_heads();
  ASSERT_TRUE(heads.ok());
  std::map<int64_t, std::string> id_of_key;
  for (const AssetHead& h : *heads) {
    EXPECT_NE(h.key, 0) << h.id;
    EXPECT_TRUE(id_of_key.emplace(h.key, h.id).second) << "duplicate key " << h.key;
  }
  EXPECT_EQ(id_of_key.size(), 3u);  // the deleted a2 included

  auto full = store_->violations({});
  ASSERT_TRUE(full.ok());
  std::vector<Violation> expected = std::move(full).value();
  size_t i = 0;
  Status s = store_->for_each_violation_state([&](const ViolationState& v) {
    EXPECT_LT(i, expected.size());
    if (i >= expected.size()) return false;
    const Violation& want = expected[i++];
    EXPECT_EQ(v.id, want.id);
    EXPECT_EQ(v.policy_id, want.policy_id);
    EXPECT_EQ(id_of_key[v.asset_key], want.asset.id);
    EXPECT_EQ(v.status, want.status) << want.id;
    EXPECT_EQ(v.severity, want.severity);
    EXPECT_EQ(v.message, want.message);
    EXPECT_EQ(v.exception_id, want.exception_id.value_or(0));
    return true;
  });
  ASSERT_TRUE(s.ok()) << s.error().message;
  EXPECT_EQ(i, expected.size());
  // All four statuses came through.
  std::set<ViolationStatus> statuses;
  for (const Violation& v : expected) statuses.insert(v.status);
  EXPECT_EQ(statuses.size(), 4u);

  size_t seen = 0;
  s = store_->for_each_violation_state([&](const ViolationState&) { return ++seen < 2; });
  EXPECT_TRUE(s.ok());
  EXPECT_EQ(seen, 2u);

  // A reader handle streams the same rows, on another thread while this
  // handle reads the heads.
  auto reader = store_->open_reader();
  ASSERT_TRUE(reader.ok()) << reader.error().message;
  std::vector<int64_t> ids;
  Status read_status;
  std::thread other([&] {
    read_status = (*reader)->for_each_violation_state([&](const ViolationState& v) {
      ids.push_back(v.id);
      return true;
    });
  });
  size_t head_count = 0;
  Status heads_status = store_->for_each_asset_head([&](const AssetHead&) {
    ++head_count;
    return true;
  });
  other.join();
  ASSERT_TRUE(read_status.ok()) << read_status.error().message;
  ASSERT_TRUE(heads_status.ok()) << heads_status.error().message;
  EXPECT_EQ(head_count, 3u);
  ASSERT_EQ(ids.size(), expected.size());
  for (size_t k = 0; k < ids.size(); ++k) EXPECT_EQ(ids[k], expected[k].id);
}

}  // namespace
}  // namespace vigil::store::testing
