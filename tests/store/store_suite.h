// The backend-neutral behaviour suite of the Store (store.h). Every backend
// instantiates it with a factory that returns a fresh, empty store:
//
//   INSTANTIATE_TEST_SUITE_P(Sqlite, StoreSuite, ::testing::Values(StoreFactory{...}));
//
// The suite pins what callers (the tracker, the CLI, the daemon) rely on;
// backend-specific matters (files, migrations, crash safety) are tested next
// to each backend (sqlite_store_test.cpp, sqlite_kill_test.cpp).
#pragma once

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <functional>
#include <map>
#include <memory>
#include <string>

#include "store/store.h"
#include "store_test_data.h"

namespace vigil::store::testing {

using StoreFactory = std::function<std::unique_ptr<Store>()>;

class StoreSuite : public ::testing::TestWithParam<StoreFactory> {
 protected:
  void SetUp() override {
    store_ = GetParam()();
    ASSERT_NE(store_, nullptr);
  }

  // Begins a scan at `ms`; fails the test on error.
  int64_t begin(int64_t ms, const std::string& source = "cli") {
    ScanRecord r;
    r.source = source;
    r.scope = {{"sources", {source}}};
    r.started = at_ms(ms);
    auto id = store_->begin_scan(r);
    EXPECT_TRUE(id.ok()) << (id.ok() ? "" : id.error().message);
    return id.ok() ? id.value() : 0;
  }
  ScanChanges changes(int64_t scan, int64_t ms) {
    ScanChanges c;
    c.scan_id = scan;
    c.finished = at_ms(ms);
    return c;
  }
  // Begins and applies one scan with `c` (scan id and times filled in).
  int64_t scan(int64_t ms, ScanChanges c) {
    int64_t id = begin(ms);
    c.scan_id = id;
    c.finished = at_ms(ms + 500);
    Status s = store_->apply_scan(c);
    EXPECT_TRUE(s.ok()) << s.error().message;
    return id;
  }
  std::vector<Violation> list(ViolationFilter f = {}) {
    auto r = store_->violations(f);
    EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().message);
    return r.ok() ? r.value() : std::vector<Violation>{};
  }
  // Two open violations of policy "p" (buckets a and b), from one scan at kT0.
  std::vector<Violation> two_open_violations() {
    ScanChanges c;
    auto bucket_a = asset("arn:aws:s3:::a", 1), bucket_b = asset("arn:aws:s3:::b", 2);
    c.asset_versions = {bucket_a, bucket_b};
    c.new_violations = {violation("p", bucket_a), violation("p", bucket_b)};
    scan(kT0, c);
    return list();
  }
  std::vector<AssetHead> heads() {
    auto r = store_->asset_heads();
    EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().message);
    return r.ok() ? r.value() : std::vector<AssetHead>{};
  }
  AuditEntry audit(const std::string& action, const std::string& object, int64_t ms = kT0) {
    AuditEntry a;
    a.at = at_ms(ms);
    a.actor = "alice";
    a.action = action;
    a.object = object;
    a.details = {{"why", "test"}};
    return a;
  }

  std::unique_ptr<Store> store_;
};

}  // namespace vigil::store::testing

// The cases, by area.
#include "store_suite_assets.h"
#include "store_suite_browse.h"
#include "store_suite_fix_schedule.h"
#include "store_suite_followups.h"
#include "store_suite_jobs.h"
#include "store_suite_outbox.h"
#include "store_suite_records.h"
#include "store_suite_scans.h"
#include "store_suite_violations.h"
