// End to end: `vigil scan --db` on a real SQLite file, then the store's
// subcommands (violations, exceptions, groups, report, scans, inventory
// diff) as a user runs them.
#include "tracker_cli_fixture.h"

namespace vigil::testing {
namespace {

using json = nlohmann::json;

const char* kTrackerBucket = "arn:aws:s3:::acme-dev-scratch";
const char* kTrackerVersioning = "aws-s3-bucket-versioning-disabled";

// The sample inventory with the acme-dev-scratch bucket's versioning turned on.
std::string fixed_samples(const std::string& samples_path) {
  std::string text = slurp(samples_path), out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    if (line.find(std::string("\"id\":\"") + kTrackerBucket + "\"") != std::string::npos) {
      size_t at = line.find("\"BucketVersioning\":{}");
      EXPECT_NE(at, std::string::npos);
      if (at != std::string::npos)
        line.replace(at, 21, "\"BucketVersioning\":{\"Status\":\"Enabled\"}");
    }
    out += line + "\n";
  }
  return out;
}

const json* find_violation(const json& list, const std::string& policy, const std::string& asset) {
  for (const json& v : list)
    if (v["policy"]["id"] == policy && v["asset"]["id"] == asset) return &v;
  return nullptr;
}

TEST_F(TrackerCli, ScanTwiceFixSomethingAndSeeItClosed) {
  Outcome first = vigil("scan --inventory '" + samples() + "' --now 2026-11-20T10:00:00Z " + db());
  ASSERT_LE(first.code, 2) << first.err;
  EXPECT_NE(first.out.find("recorded as scan 1 in"), std::string::npos) << first.out;
  json open1 = json_of("violations list --status open " + db());
  ASSERT_GT(open1.size(), 0u);
  const json* v = find_violation(open1, kTrackerVersioning, kTrackerBucket);
  ASSERT_NE(v, nullptr) << open1.dump(1);
  int64_t id = (*v)["id"];

  // Unchanged re-scan: nothing opens or closes.
  Outcome second = vigil("scan --inventory '" + samples() + "' --now 2026-11-21T10:00:00Z " + db());
  EXPECT_NE(second.out.find("recorded as scan 2 in"), std::string::npos) << second.out;
  EXPECT_NE(second.out.find(": 0 opened, 0 reopened, 0 closed"), std::string::npos) << second.out;
  EXPECT_NE(second.out.find("assets 0 created, 0 changed, 0 deleted"), std::string::npos) << second.out;
  EXPECT_EQ(json_of("violations list --status open " + db()).size(), open1.size());

  // Fix the bucket: its violation closes as fixed, the others stay open.
  fs::path fixed = write("fixed.jsonl", fixed_samples(samples()));
  Outcome third = vigil("scan --inventory '" + fixed.string() + "' --now 2026-11-22T10:00:00Z --format json " + db());
  EXPECT_NE(third.err.find("recorded as scan 3 in"), std::string::npos) << third.err;  // stdout stays JSON
  EXPECT_FALSE(json::parse(third.out, nullptr, false).is_discarded());
  EXPECT_NE(third.err.find("1 closed"), std::string::npos) << third.err;
  json closed = json_of("violations list --status closed " + db());
  ASSERT_EQ(closed.size(), 1u) << closed.dump(1);
  EXPECT_EQ(closed[0]["id"], id);
  EXPECT_EQ(closed[0]["close_reason"], "fixed");
  EXPECT_EQ(json_of("violations list --status open " + db()).size(), open1.size() - 1);

  // Its history: opened by scan 1, closed (fixed) by scan 3.
  json shown = json_of("violations show " + std::to_string(id) + " " + db());
  ASSERT_EQ(shown["history"].size(), 2u) << shown.dump(1);
  EXPECT_EQ(shown["history"][0]["reason"], "opened");
  EXPECT_EQ(shown["history"][0]["scan"], 1);
  EXPECT_EQ(shown["history"][1]["reason"], "fixed");
  EXPECT_EQ(shown["history"][1]["scan"], 3);
  EXPECT_EQ(shown["history"][1]["from"], "open");
  EXPECT_EQ(shown["history"][1]["to"], "closed");
  Outcome table = vigil("violations show " + std::to_string(id) + " " + db());
  EXPECT_EQ(table.code, 0);
  EXPECT_NE(table.out.find("status     closed (fixed)"), std::string::npos) << table.out;

  // Filters and formats.
  json filtered = json_of("violations list --policy " + std::string(kTrackerVersioning) +
                          " --account 222222222222 " + db());
  for (const json& x : filtered) {
    EXPECT_EQ(x["policy"]["id"], kTrackerVersioning);
    EXPECT_EQ(x["asset"]["account"], "222222222222");
  }
  Outcome csv = vigil("violations list --format csv --status closed " + db());
  EXPECT_EQ(csv.code, 0);
  EXPECT_EQ(csv.out.rfind("id,status,severity,category,policy,", 0), 0u) << csv.out;
  EXPECT_NE(csv.out.find(kTrackerBucket), std::string::npos);

  // Scans and inventory diff.
  json scans = json_of("scans list " + db());
  ASSERT_EQ(scans.size(), 3u);
  EXPECT_EQ(scans[0]["id"], 3);  // newest first
  EXPECT_EQ(scans[0]["state"], "completed");
  json scan1 = json_of("scans show 1 " + db());
  EXPECT_GT(scan1["scopes"].size(), 0u);
  json diff = json_of("inventory diff --from 2026-11-21T12:00:00Z --to 2026-11-23 " + db());
  ASSERT_EQ(diff.size(), 1u) << diff.dump(1);
  EXPECT_EQ(diff[0]["kind"], "changed");
  EXPECT_EQ(diff[0]["id"], kTrackerBucket);
  ASSERT_EQ(diff[0]["changes"].size(), 1u) << diff.dump(1);
  EXPECT_EQ(diff[0]["changes"][0]["path"], "config.BucketVersioning.Status");
  EXPECT_EQ(diff[0]["changes"][0]["after"], "Enabled");
  // Over a window that starts before scan 1 the bucket is new: net of the window, created.
  json net = json_of("inventory diff --from 2026-11-19 --to 2026-11-23 --type aws.s3.bucket " + db());
  EXPECT_EQ(net.size(), 8u);
  for (const json& d : net) EXPECT_EQ(d["kind"], "created");
  Outcome diff_text = vigil("inventory diff --from 2026-11-21 --to 2026-11-23 --type aws.s3.bucket " + db());
  EXPECT_EQ(diff_text.code, 0) << diff_text.err;
  EXPECT_NE(diff_text.out.find("0 created, 0 deleted, 1 changed between"), std::string::npos) << diff_text.out;
  EXPECT_NE(diff_text.out.find("config.BucketVersioning.Status: added \"Enabled\""), std::string::npos)
      << diff_text.out;
}

TEST_F(TrackerCli, ExceptionsAddListRevoke) {
  ASSERT_LE(vigil("scan --inventory '" + samples() + "' " + db()).code, 2);
  json before = json_of("violations list --status open " + db());
  ASSERT_NE(find_violation(before, kTrackerVersioning, kTrackerBucket), nullptr);

  // Bad usage: both kinds, no expiry, beyond the maximum.
  Outcome both = vigil("exceptions add --policy p --asset a --category cost --group g --reason r --granted-by me "
                       "--expires 10d " + db());
  EXPECT_EQ(both.code, 1);
  EXPECT_NE(both.err.find("give either --policy P --asset A"), std::string::npos) << both.err;
  Outcome no_expiry = vigil("exceptions add --policy p --asset a --reason r --granted-by me " + db());
  EXPECT_EQ(no_expiry.code, 1);
  EXPECT_NE(no_expiry.err.find("--expires is required"), std::string::npos) << no_expiry.err;
  Outcome too_long =
      vigil("exceptions add --policy " + std::string(kTrackerVersioning) + " --asset " +
            kTrackerBucket + " --reason r --granted-by me --expires 400d " + db());
  EXPECT_EQ(too_long.code, 1);
  EXPECT_NE(too_long.err.find("maximum of 90 days"), std::string::npos) << too_long.err;

  Outcome added = vigil("exceptions add --policy " + std::string(kTrackerVersioning) + " --asset " +
                        kTrackerBucket +
                        " --reason 'scratch data' --granted-by alice --requested-by bob --ticket "
                        "SEC-1 --expires 30d " +
                        db());
  ASSERT_EQ(added.code, 0) << added.err;
  EXPECT_EQ(
      added.out.rfind(
          "exception 1 granted: " + std::string(kTrackerVersioning) + " on " + kTrackerBucket, 0),
      0u)
      << added.out;
  Outcome sticky = vigil("exceptions add --category cost --condition 'resource.account == \"222222222222\"' "
                         "--reason 'dev costs' --granted-by alice --expires 2026-12-31 " + db());
  // 2026-12-31 may be past or beyond 90 days depending on the day the test runs: accept both outcomes
  // but require a clear message when refused.
  if (sticky.code != 0) {
    EXPECT_NE(sticky.err.find("exception:"), std::string::npos) << sticky.err;
  }

  json list = json_of("exceptions list " + db());
  ASSERT_GE(list.size(), 1u);
  EXPECT_EQ(list[0]["id"], 1);
  EXPECT_EQ(list[0]["state"], "active");
  EXPECT_EQ(list[0]["ticket"], "SEC-1");

  // The next scan exempts the violation.
  ASSERT_LE(vigil("scan --inventory '" + samples() + "' " + db()).code, 2);
  json exempted = json_of("violations list --status exempted " + db());
  const json* ex = find_violation(exempted, kTrackerVersioning, kTrackerBucket);
  ASSERT_NE(ex, nullptr) << exempted.dump(1);
  EXPECT_EQ((*ex)["exception"], 1);

  // Revoke: re-opened at once.
  Outcome revoke_usage = vigil("exceptions revoke 1 " + db());
  EXPECT_EQ(revoke_usage.code, 1);
  EXPECT_NE(revoke_usage.err.find("--reason is required"), std::string::npos) << revoke_usage.err;
  Outcome revoked = vigil("exceptions revoke 1 --reason 'bucket holds real data now' --by carol " + db());
  ASSERT_EQ(revoked.code, 0) << revoked.err;
  EXPECT_EQ(revoked.out, "exception 1 revoked; 1 violation re-opened\n");
  EXPECT_NE(find_violation(json_of("violations list --status open " + db()), kTrackerVersioning,
                           kTrackerBucket),
            nullptr);
  Outcome again = vigil("exceptions revoke 1 --reason twice " + db());
  EXPECT_EQ(again.code, 1);
  EXPECT_NE(again.err.find("already revoked"), std::string::npos) << again.err;
  json all = json_of("exceptions list --all " + db());
  bool found = false;
  for (const json& e : all)
    if (e["id"] == 1) {
      found = true;
      EXPECT_EQ(e["state"], "revoked");
      EXPECT_EQ(e["revoked_by"], "carol");
    }
  EXPECT_TRUE(found) << all.dump(1);
}

TEST_F(TrackerCli, GroupsAndReport) {
  Outcome bad = vigil("groups add broken --condition 'resource.tags ==' " + db());
  EXPECT_EQ(bad.code, 1);
  EXPECT_NE(bad.err.find("vigil groups: "), std::string::npos) << bad.err;
  Outcome added = vigil("groups add dev --accounts 222222222222 --description 'the dev account' " + db());
  ASSERT_EQ(added.code, 0) << added.err;
  ASSERT_EQ(vigil("groups add web --tag owner=web " + db()).code, 0);
  ASSERT_LE(vigil("scan --inventory '" + samples() + "' " + db()).code, 2);

  json groups = json_of("groups list " + db());
  ASSERT_EQ(groups.size(), 2u) << groups.dump(1);
  json dev = json_of("groups show dev " + db());
  ASSERT_GT(dev["members"].size(), 0u);
  auto member = [&](const std::string& id) {
    for (const json& m : dev["members"])
      if (m == id) return true;
    return false;
  };
  EXPECT_TRUE(member(kTrackerBucket)) << dev.dump(1);
  EXPECT_FALSE(member("arn:aws:s3:::acme-prod-backups")) << dev.dump(1);
  Outcome missing = vigil("groups show nope " + db());
  EXPECT_EQ(missing.code, 1);
  EXPECT_NE(missing.err.find("no group named 'nope'"), std::string::npos);

  json in_dev = json_of("violations list --group dev " + db());
  ASSERT_GT(in_dev.size(), 0u);
  for (const json& v : in_dev) EXPECT_EQ(v["asset"]["account"], "222222222222");

  json report = json_of("report summary " + db());
  ASSERT_TRUE(report.contains("overall")) << report.dump(1);
  double score = report["overall"]["score"];
  EXPECT_GE(score, 0.0);
  EXPECT_LE(score, 100.0);
  EXPECT_GT(report["overall"]["violations"].get<int>(), 0);
  EXPECT_GT(report["account"].size(), 1u);
  EXPECT_GT(report["severity"].size(), 0u);
  EXPECT_GT(report["violations"]["open"].get<int>(), 0);
  json dev_report = json_of("report summary --group dev " + db());
  ASSERT_EQ(dev_report["group"].size(), 1u) << dev_report.dump(1);
  EXPECT_EQ(dev_report["group"][0]["key"], "dev");
  for (auto& [account, n] : dev_report["open_by"]["account"].items()) EXPECT_EQ(account, "222222222222");
  Outcome table = vigil("report summary " + db());
  EXPECT_EQ(table.code, 0);
  EXPECT_NE(table.out.find("overall"), std::string::npos) << table.out;
  EXPECT_NE(table.out.find("group dev"), std::string::npos) << table.out;
}

TEST_F(TrackerCli, UsageErrorsAreClear) {
  Outcome no_store = vigil("violations list");
  EXPECT_EQ(no_store.code, 1);
  EXPECT_NE(no_store.err.find(
                "pass --db FILE (a SQLite file), --db postgresql://... or --config vigil.yaml"),
            std::string::npos)
      << no_store.err;
  Outcome absent = vigil("violations list --db '" + (dir_ / "none.db").string() + "'");
  EXPECT_EQ(absent.code, 1);
  EXPECT_NE(absent.err.find("record a scan first"), std::string::npos) << absent.err;
  EXPECT_FALSE(fs::exists(dir_ / "none.db"));  // reading commands never create a store
  Outcome status = vigil("violations list --status opne " + db());
  EXPECT_EQ(status.code, 1);
  ASSERT_LE(vigil("scan --inventory '" + samples() + "' " + db()).code, 2);
  Outcome no_such = vigil("violations show 99999 " + db());
  EXPECT_EQ(no_such.code, 1);
  EXPECT_NE(no_such.err.find("no violation with id 99999"), std::string::npos);
  Outcome backwards = vigil("inventory diff --from 2026-11-22 --to 2026-11-21 " + db());
  EXPECT_EQ(backwards.code, 1);
  EXPECT_NE(backwards.err.find("is before --from"), std::string::npos) << backwards.err;
  Outcome bad_config = vigil("scans list --config '" + write("bad.yaml", "sorces: []\n").string() + "'");
  EXPECT_EQ(bad_config.code, 1);
  EXPECT_NE(bad_config.err.find("bad.yaml:1:1: error: unknown key 'sorces' in vigil.yaml"), std::string::npos)
      << bad_config.err;
  EXPECT_NE(bad_config.err.find("hint: did you mean 'sources'?"), std::string::npos);
}

}  // namespace
}  // namespace vigil::testing
