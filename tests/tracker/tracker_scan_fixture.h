// A TrackerScan test: a real SQLite store in a temp dir, policies over S3
// buckets, and record() = scan() + record_scan() at a given time.
#pragma once

#include <gtest/gtest.h>

#include <memory>

#include "tracker/tracker.h"
#include "tracker_fixture.h"

namespace vigil::tracker {

inline const char* kBucketPolicies = R"yaml(
id: p-public
title: Public bucket
resource: aws.s3.bucket
severity: high
category: security
condition: resource.config.Public == true
message: "bucket {{ resource.name }} is public ({{ resource.config.Note }})"
---
id: p-untagged
title: Untagged bucket
resource: aws.s3.bucket
severity: low
category: tagging
condition: "!has(resource.tags.owner)"
)yaml";

inline const char* kUntaggedOnly = R"yaml(
id: p-untagged
title: Untagged bucket
resource: aws.s3.bucket
severity: low
category: tagging
condition: "!has(resource.tags.owner)"
)yaml";

class TrackerScan : public ::testing::Test {
 protected:
  void SetUp() override {
    auto opened = store::open_store(dir.file("vigil.db"));
    ASSERT_TRUE(opened.ok()) << opened.error().message;
    db = std::move(opened).value();
  }

  std::string source = "test";  // the source of the scans record_inventory() begins

  RecordSummary record_inventory(const Inventory& inv, store::Time now, const PolicySet& set,
                                 const CollectedScopes& scopes, RecordOptions options = {}) {
    ScanOptions so;
    so.threads = 1;
    so.now = cel::Value::timestamp(
        std::chrono::duration_cast<std::chrono::seconds>(now.time_since_epoch()).count(), 0);
    ScanResult result = vigil::scan(inv, set, so);
    store::ScanRecord rec;
    rec.source = source;
    rec.started = now;
    auto id = db->begin_scan(rec);
    EXPECT_TRUE(id.ok()) << id.error().message;
    options.now = now;
    auto summary = record_scan(*db, *id, inv, set, result, scopes, options);
    EXPECT_TRUE(summary.ok()) << summary.error().message;
    return summary.ok() ? *summary : RecordSummary{};
  }

  RecordSummary record(const std::vector<std::string>& assets, store::Time now,
                       const PolicySet* set = nullptr) {
    Inventory inv = testing::make_inventory(assets);
    return record_inventory(inv, now, set ? *set : policies, scopes_of(inv));
  }

  store::Violation violation(const std::string& policy, const std::string& asset) {
    store::ViolationFilter f;
    f.policy_id = policy;
    auto all = db->violations(f);
    EXPECT_TRUE(all.ok());
    for (const store::Violation& v : *all)
      if (v.asset.id == asset) return v;
    ADD_FAILURE() << "no violation of " << policy << " on " << asset;
    return {};
  }

  std::vector<store::ViolationEvent> events(int64_t id) {
    auto e = db->violation_events(id);
    EXPECT_TRUE(e.ok());
    return e.ok() ? *e : std::vector<store::ViolationEvent>{};
  }

  std::vector<std::string> reasons(int64_t id) {
    std::vector<std::string> out;
    for (const auto& e : events(id)) out.push_back(e.reason);
    return out;
  }

  testing::TempDir dir;
  std::unique_ptr<store::Store> db;
  PolicySet policies = testing::load_policies(kBucketPolicies);
};

}  // namespace vigil::tracker
