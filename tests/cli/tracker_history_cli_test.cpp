// `vigil scans list/show` report a scan's real start, finish and duration
// apart from its observation time (--now); `vigil inventory diff` streams
// its deltas with the same output as before (JSON exactly as print_json
// prints the whole array); `vigil exceptions revoke` moves a violation to
// another exception that still covers it.
#include <chrono>
#include <map>
#include <sstream>

#include "tracker_cli_fixture.h"

namespace vigil::testing {
namespace {

using json = nlohmann::json;

const char* kPolicy = R"yaml(
id: p-public
title: Public bucket
resource: aws.s3.bucket
severity: high
category: security
condition: resource.config.Public == true
)yaml";

std::string bucket(const std::string& id, bool is_public, const std::string& env = "prod") {
  return R"({"id":")" + id +
         R"(","type":"aws.s3.bucket","account":"111","region":"us-east-1","name":")" + id +
         R"(","tags":{"env":")" + env + R"("},"config":{"Public":)" +
         (is_public ? "true" : "false") + "}}\n";
}

int64_t now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

class TrackerHistoryCli : public TrackerCli {
 protected:
  Outcome scan(const std::string& inventory, const std::string& now) {
    fs::path policy = write("policies/p.yaml", kPolicy);
    return vigil("scan --inventory '" + write("inv-" + now + ".jsonl", inventory).string() +
                 "' --policies '" + policy.string() + "' --now " + now + " " + db());
  }
};

TEST_F(TrackerHistoryCli, ScansShowTheRealStartFinishAndStepsApartFromTheObservationTime) {
  int64_t before = now_ms();
  Outcome first = scan(bucket("b1", true), "2026-01-02T03:04:05Z");
  ASSERT_EQ(first.code, 0) << first.err;
  int64_t after = now_ms();

  json s = json_of("scans show 1 " + db());
  EXPECT_EQ(s["observed"], "2026-01-02T03:04:05Z");
  const json& t = s["timings"];
  int64_t started = t["run_started_ms"].get<int64_t>();
  EXPECT_GE(started, before);
  EXPECT_LE(started, after);
  EXPECT_NE(s["started"], s["observed"]);
  for (const char* step : {"collect_s", "assess_s", "reconcile_s", "write_s", "total_s"}) {
    ASSERT_TRUE(t.contains(step) && t[step].is_number()) << step << " in " << t.dump();
    EXPECT_GE(t[step].get<double>(), 0.0) << step;
  }
  // The duration is finish - real start (no longer finish - --now, nor 0 by construction).
  EXPECT_NEAR(s["duration_s"].get<double>(), t["total_s"].get<double>(), 0.002);
  EXPECT_GE(s["duration_s"].get<double>(),
            t["collect_s"].get<double>() + t["assess_s"].get<double>() - 0.002);
  EXPECT_LE(s["duration_s"].get<double>(), (after - before) / 1000.0 + 0.002);

  Outcome text = vigil("scans show 1 " + db());
  ASSERT_EQ(text.code, 0) << text.err;
  EXPECT_NE(text.out.find("  observed 2026-01-02T03:04:05Z (the time policies saw as now)\n"),
            std::string::npos)
      << text.out;
  EXPECT_NE(text.out.find("  timings  collect "), std::string::npos) << text.out;
  EXPECT_NE(text.out.find(", write "), std::string::npos) << text.out;
  EXPECT_NE(text.out.find("s, total "), std::string::npos) << text.out;
  // "  timings  collect 0.12s, assess 0.01s, ..., other 0.20s, total 0.40s": the parts add up.
  size_t line_at = text.out.find("  timings  ");
  ASSERT_NE(line_at, std::string::npos);
  std::string line = text.out.substr(line_at + 11, text.out.find('\n', line_at) - line_at - 11);
  std::map<std::string, double> parts;
  std::stringstream in(line);
  std::string name, value;
  while (in >> name >> value) parts[name] = std::stod(value.substr(0, value.find('s')));
  for (const char* step : {"collect", "assess", "reconcile", "write", "total"})
    EXPECT_TRUE(parts.count(step)) << line;
  double sum =
      parts["collect"] + parts["assess"] + parts["reconcile"] + parts["write"] + parts["other"];
  EXPECT_NEAR(sum, parts["total"], 0.03) << line;
  EXPECT_NEAR(parts["total"], t["total_s"].get<double>(), 0.006) << line;
  json list = json_of("scans list " + db());
  ASSERT_EQ(list.size(), 1u);
  EXPECT_EQ(list[0]["started"], s["started"]);
  EXPECT_EQ(list[0]["duration_s"], s["duration_s"]);

  // Versions and events keep the observation time.
  json v = json_of("violations list " + db());
  ASSERT_EQ(v.size(), 1u);
  EXPECT_EQ(v[0]["first_seen"], "2026-01-02T03:04:05Z") << v.dump(1);
}

TEST_F(TrackerHistoryCli, InventoryDiffStreamsTheSameOutput) {
  ASSERT_EQ(
      scan(bucket("b1", true) + bucket("b2", false) + bucket("b3", false), "2026-01-01T00:00:00Z")
          .code,
      0);
  ASSERT_EQ(scan(bucket("b1", false) + bucket("b3", false) + bucket("b4", false, "dev"),
                 "2026-01-02T00:00:00Z")
                .code,
            0);

  Outcome raw = vigil(
      "inventory diff --from 2026-01-01T12:00:00Z --to 2026-01-02T12:00:00Z --format json " + db());
  ASSERT_EQ(raw.code, 0) << raw.err;
  nlohmann::ordered_json diff = nlohmann::ordered_json::parse(raw.out);
  // Printed element by element, byte for byte what dumping the whole array prints.
  EXPECT_EQ(raw.out, diff.dump(2) + "\n");
  ASSERT_EQ(diff.size(), 3u) << raw.out;
  EXPECT_EQ(diff[0]["kind"], "changed");
  EXPECT_EQ(diff[0]["id"], "b1");
  EXPECT_EQ(diff[0]["before_version"], 1);
  EXPECT_EQ(diff[0]["after_version"], 2);
  ASSERT_EQ(diff[0]["changes"].size(), 1u);
  EXPECT_EQ(diff[0]["changes"][0]["path"], "config.Public");
  EXPECT_EQ(diff[0]["changes"][0]["before"], true);
  EXPECT_EQ(diff[0]["changes"][0]["after"], false);
  EXPECT_EQ(diff[1]["kind"], "deleted");
  EXPECT_EQ(diff[1]["id"], "b2");
  EXPECT_EQ(diff[1]["before_version"], 1);
  EXPECT_FALSE(diff[1].contains("after_version"));
  EXPECT_EQ(diff[2]["kind"], "created");
  EXPECT_EQ(diff[2]["id"], "b4");

  Outcome empty = vigil("inventory diff --from 2026-01-03 --to 2026-01-04 --format json " + db());
  ASSERT_EQ(empty.code, 0) << empty.err;
  EXPECT_EQ(empty.out, "[]\n");

  Outcome text =
      vigil("inventory diff --from 2026-01-01T12:00:00Z --to 2026-01-02T12:00:00Z " + db());
  ASSERT_EQ(text.code, 0) << text.err;
  EXPECT_EQ(
      text.out,
      "changed  b1  (aws.s3.bucket, 111/us-east-1)\n"
      "           config.Public: true -> false\n"
      "deleted  b2  (aws.s3.bucket, 111/us-east-1)\n"
      "created  b4  (aws.s3.bucket, 111/us-east-1)\n"
      "1 created, 1 deleted, 1 changed between 2026-01-01T12:00:00Z and 2026-01-02T12:00:00Z\n");
}

TEST_F(TrackerHistoryCli, RevokeMovesToAnotherExceptionThatStillCovers) {
  ASSERT_EQ(scan(bucket("b1", true, "dev"), "2026-01-01T00:00:00Z").code, 0);
  Outcome own = vigil(
      "exceptions add --policy p-public --asset b1 --reason website --granted-by ciso --expires "
      "30d " +
      db());
  ASSERT_EQ(own.code, 0) << own.err;
  Outcome sticky = vigil(
      "exceptions add --category security --condition \"resource.tags.env == 'dev'\" --reason dev "
      "--granted-by ciso "
      "--expires 30d " +
      db());
  ASSERT_EQ(sticky.code, 0) << sticky.err;
  ASSERT_EQ(scan(bucket("b1", true, "dev"), "2026-01-02T00:00:00Z").code, 0);
  json v = json_of("violations list --status exempted " + db());
  ASSERT_EQ(v.size(), 1u);
  EXPECT_EQ(v[0]["exception"], 1);

  Outcome revoked = vigil("exceptions revoke 1 --reason 'no longer a website' --by carol " + db());
  ASSERT_EQ(revoked.code, 0) << revoked.err;
  EXPECT_EQ(revoked.out,
            "exception 1 revoked; 0 violations re-opened, 1 still exempted by another exception\n");
  v = json_of("violations list --status exempted " + db());
  ASSERT_EQ(v.size(), 1u);
  EXPECT_EQ(v[0]["exception"], 2);
  EXPECT_TRUE(json_of("violations list --status open " + db()).empty());
}

}  // namespace
}  // namespace vigil::testing
