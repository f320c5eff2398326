// The store's views at the terminal, on a real SQLite file recorded by
// `vigil scan --db`: violations of one asset, a violation with its policy's
// title, rationale and remediation, the audit log, and the score trend.
#include "store/store.h"
#include "tracker_cli_fixture.h"

namespace vigil::testing {
namespace {

using json = nlohmann::json;

const char* kBucket = "arn:aws:s3:::acme-dev-scratch";
const char* kVersioning = "aws-s3-bucket-versioning-disabled";

class StoreViews : public TrackerCli {
 protected:
  void scan_at(const std::string& now) {
    Outcome r = vigil("scan --inventory '" + samples() + "' --now " + now + " " + db());
    ASSERT_LE(r.code, 2) << r.err;
  }
  int64_t versioning_violation() {
    json list = json_of("violations list --policy " + std::string(kVersioning) + " --asset " +
                        kBucket + " " + db());
    EXPECT_EQ(list.size(), 1u) << list.dump(1);
    return list.empty() ? 0 : list[0]["id"].get<int64_t>();
  }
};

TEST_F(StoreViews, ViolationsOfOneAsset) {
  scan_at("2026-11-20T10:00:00Z");
  json all = json_of("violations list " + db());
  size_t expected = 0;
  for (const json& v : all) expected += v["asset"]["id"] == kBucket;
  ASSERT_GT(expected, 1u) << "the sample bucket has several violations";
  ASSERT_LT(expected, all.size());
  json one = json_of("violations list --asset " + std::string(kBucket) + " " + db());
  EXPECT_EQ(one.size(), expected);
  for (const json& v : one) EXPECT_EQ(v["asset"]["id"], kBucket);
  Outcome none = vigil("violations list --asset arn:aws:s3:::no-such-bucket " + db());
  EXPECT_EQ(none.code, 0) << none.err;
  EXPECT_NE(none.out.find("\n0 violations\n"), std::string::npos) << none.out;
}

TEST_F(StoreViews, ViolationsSortedBySeverityMostSevereFirst) {
  scan_at("2026-11-20T10:00:00Z");
  json sorted = json_of("violations list --sort severity --desc " + db());
  json all = json_of("violations list " + db());
  ASSERT_EQ(sorted.size(), all.size());
  ASSERT_GT(sorted.size(), 10u);
  int previous = 5;
  for (const json& v : sorted) {
    int rank = store::severity_rank(v["policy"]["severity"].get<std::string>());
    EXPECT_LE(rank, previous) << v.dump();
    previous = rank;
  }
  EXPECT_EQ(store::severity_rank(sorted[0]["policy"]["severity"].get<std::string>()), 4);
  Outcome bad = vigil("violations list --sort name " + db());
  EXPECT_NE(bad.code, 0);
  EXPECT_NE(bad.err.find("--sort"), std::string::npos) << bad.err;
}

TEST_F(StoreViews, ShowGivesThePolicysTitleRationaleAndRemediation) {
  scan_at("2026-11-20T10:00:00Z");
  std::string id = std::to_string(versioning_violation());
  Outcome r = vigil("violations show " + id + " " + db());
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.out.find("\n  policy     S3 bucket does not have versioning enabled\n"),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("\nrationale:\n  Without versioning, an overwrite or delete"),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("\nremediation:\n  Enable versioning (add a lifecycle rule"),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("\n    aws s3api put-bucket-versioning --bucket BUCKET"), std::string::npos)
      << "the remediation's lines keep their indentation\n"
      << r.out;
  EXPECT_LT(r.out.find("remediation:"), r.out.find("history:"));
  json shown = json_of("violations show " + id + " " + db());
  EXPECT_EQ(shown["policy"]["title"], "S3 bucket does not have versioning enabled");
  EXPECT_EQ(shown["policy"]["rationale"].get<std::string>().rfind("Without versioning", 0), 0u);
  EXPECT_EQ(shown["policy"]["remediation"].get<std::string>().rfind("Enable versioning", 0), 0u);
}

TEST_F(StoreViews, ShowSaysWhenThePolicyLeftThePack) {
  scan_at("2026-11-20T10:00:00Z");
  std::string id = std::to_string(versioning_violation());
  fs::path pack = write("pack/other.yaml", R"(id: some-other-policy
title: Another policy
resource: aws.s3.bucket
severity: low
category: security
condition: "false"
)");
  std::string with_pack = " --policies '" + pack.parent_path().string() + "' " + db();
  Outcome r = vigil("violations show " + id + with_pack);
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.out.find("  policy     (not in the policy pack any more"), std::string::npos)
      << r.out;
  EXPECT_EQ(r.out.find("remediation:"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("history:"), std::string::npos) << r.out;
  json shown = json_of("violations show " + id + with_pack);
  EXPECT_EQ(shown["policy"]["id"], kVersioning);
  EXPECT_FALSE(shown["policy"].contains("title")) << shown.dump(1);
  EXPECT_FALSE(shown["policy"].contains("rationale")) << shown.dump(1);
}

TEST_F(StoreViews, AuditListNewestFirstWithFilters) {
  scan_at("2026-11-20T10:00:00Z");
  ASSERT_EQ(vigil("groups add dev --accounts 222222222222 --by dora " + db()).code, 0);
  Outcome granted =
      vigil("exceptions add --policy " + std::string(kVersioning) + " --asset " + kBucket +
            " --reason 'scratch data' --granted-by alice --expires 30d " + db());
  ASSERT_EQ(granted.code, 0) << granted.err;
  Outcome revoked = vigil("exceptions revoke 1 --reason 'real data now' --by carol " + db());
  ASSERT_EQ(revoked.code, 0) << revoked.err;

  json log = json_of("audit list " + db());
  ASSERT_EQ(log.size(), 3u) << log.dump(1);
  EXPECT_EQ(log[0]["action"], "exception.revoke");
  EXPECT_EQ(log[0]["actor"], "carol");
  EXPECT_EQ(log[0]["object"], "exception:1");
  EXPECT_EQ(log[1]["action"], "exception.grant");
  EXPECT_EQ(log[1]["actor"], "alice");
  EXPECT_EQ(log[2]["action"], "group.add");
  EXPECT_EQ(log[2]["actor"], "dora");
  EXPECT_GT(log[0]["id"].get<int64_t>(), log[1]["id"].get<int64_t>());
  EXPECT_TRUE(log[1]["details"].is_object()) << log.dump(1);

  json by_alice = json_of("audit list --actor alice " + db());
  ASSERT_EQ(by_alice.size(), 1u);
  EXPECT_EQ(by_alice[0]["action"], "exception.grant");
  EXPECT_EQ(json_of("audit list --action exception " + db()).size(), 2u);  // the family
  EXPECT_EQ(json_of("audit list --action exception.grant " + db()).size(), 1u);
  EXPECT_EQ(json_of("audit list --action except " + db()).size(), 0u);  // not a prefix match
  json limited = json_of("audit list --limit 1 --action exception " + db());
  ASSERT_EQ(limited.size(), 1u);
  EXPECT_EQ(limited[0]["action"], "exception.revoke");

  Outcome table = vigil("audit list " + db());
  ASSERT_EQ(table.code, 0) << table.err;
  EXPECT_EQ(table.out.rfind("ID  AT ", 0), 0u) << table.out;
  EXPECT_NE(table.out.find("exception.grant"), std::string::npos) << table.out;
  EXPECT_NE(table.out.find("3 entries (newest first)\n"), std::string::npos) << table.out;

  Outcome missing = vigil("audit list --db '" + (dir_ / "none.db").string() + "'");
  EXPECT_EQ(missing.code, 1);
}

TEST_F(StoreViews, TrendOfDailyScores) {
  scan_at("2026-11-20T10:00:00Z");
  scan_at("2026-11-21T10:00:00Z");
  scan_at("2026-11-23T10:00:00Z");  // nothing recorded on the 22nd

  json week = json_of("report summary --trend 7d " + db());
  EXPECT_EQ(week["from"], "2026-11-17");
  EXPECT_EQ(week["to"], "2026-11-23");
  EXPECT_EQ(week["dimension"], "overall");
  EXPECT_EQ(week["days_with_snapshot"], 3);
  ASSERT_EQ(week["days"].size(), 3u) << week.dump(1);
  EXPECT_EQ(week["days"][0]["day"], "2026-11-20");
  EXPECT_EQ(week["days"][2]["day"], "2026-11-23");
  json day = json_of("report summary " + db());
  EXPECT_EQ(week["days"][2]["score"], day["overall"]["score"]);
  EXPECT_EQ(week["days"][2]["violations"], day["overall"]["violations"]);
  EXPECT_GT(week["days"][2]["evaluated"].get<int>(), 0);

  json two = json_of("report summary --trend 2d " + db());
  ASSERT_EQ(two["days"].size(), 1u) << two.dump(1);  // the 22nd has no snapshot
  json until = json_of("report summary --trend 2d --day 2026-11-21 " + db());
  EXPECT_EQ(until["days"].size(), 2u) << until.dump(1);

  Outcome table = vigil("report summary --trend 1w " + db());
  ASSERT_EQ(table.code, 0) << table.err;
  EXPECT_EQ(table.out.rfind("Compliance from 2026-11-17 to 2026-11-23 (7 days)\n", 0), 0u)
      << table.out;
  EXPECT_NE(table.out.find("\n2026-11-21  "), std::string::npos) << table.out;
  EXPECT_EQ(table.out.find("\n2026-11-22"), std::string::npos) << table.out;
  // One mark a day: three days before the first scan and the 22nd are gaps.
  size_t spark = table.out.find("\nscore ");
  ASSERT_NE(spark, std::string::npos) << table.out;
  std::string marks = table.out.substr(spark + 7, table.out.find("  (", spark) - spark - 7);
  EXPECT_EQ(marks.rfind("\u00b7\u00b7\u00b7", 0), 0u) << marks;
  EXPECT_EQ(marks.size(), 4 * 2 + 3 * 3u) << marks;  // "·" is 2 bytes, a bar 3
  EXPECT_NE(table.out.find("3 of 7 days with a snapshot"), std::string::npos) << table.out;

  Outcome hours = vigil("report summary --trend 36h " + db());
  EXPECT_EQ(hours.code, 1);
  EXPECT_NE(hours.err.find("--trend '36h': give whole days"), std::string::npos) << hours.err;
  Outcome words = vigil("report summary --trend month " + db());
  EXPECT_EQ(words.code, 1);
  EXPECT_NE(words.err.find("--trend 'month'"), std::string::npos) << words.err;
}

}  // namespace
}  // namespace vigil::testing
