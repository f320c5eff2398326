// What a scan recorded with --db may change ([Trustworthy state]): only the
// policies it evaluated, only forward in time.
#include "tracker_cli_fixture.h"

namespace vigil::testing {
namespace {

using json = nlohmann::json;

size_t count_with(const json& list, const std::string& key, const std::string& value) {
  size_t n = 0;
  for (const json& v : list)
    if (v.value(key, "") == value) ++n;
  return n;
}

// Reproduced on main: a scan with --policies closed 477 violations of the
// other policies as policy-removed and moved the score from 70 to 85.
TEST_F(TrackerCli, APolicySubsetScanLeavesTheOtherPoliciesViolations) {
  const std::string estate = " --capture examples/estate --now 2026-12-01T00:00:00Z ";
  Outcome first = vigil("scan" + estate + db());
  ASSERT_EQ(first.code, 3) << first.err;  // the estate's one failed scope
  json before = json_of("violations list " + db());
  ASSERT_GT(before.size(), 100u);
  json score_before = json_of("report summary " + db());

  Outcome subset =
      vigil("scan" + estate + "--policies policies/aws/s3_bucket_versioning.yaml " + db());
  ASSERT_EQ(subset.code, 3) << subset.err;
  EXPECT_NE(subset.out.find(" 0 closed"), std::string::npos) << subset.out;
  json after = json_of("violations list " + db());
  EXPECT_EQ(count_with(after, "close_reason", "policy-removed"), 0u);
  EXPECT_EQ(count_with(after, "status", "open"), count_with(before, "status", "open"));
  json score_after = json_of("report summary " + db());
  EXPECT_EQ(score_after.at("overall").at("score"), score_before.at("overall").at("score"));

  json scans = json_of("scans list " + db());
  ASSERT_FALSE(scans.empty());
  EXPECT_EQ(scans[0]["scope"]["policies"], json::array({"policies/aws/s3_bucket_versioning.yaml"}))
      << scans[0].dump();
}

}  // namespace
}  // namespace vigil::testing

namespace vigil::testing {
namespace {

// Reproduced on main: a scan at 2027 then one at 2026 with the same store
// recorded first-seen times in the future and let exceptions lapse early.
TEST_F(TrackerCli, AScanOlderThanTheStoresLatestIsRefused) {
  Outcome later = vigil("scan --inventory '" + samples() + "' --now 2027-01-01T00:00:00Z " + db());
  ASSERT_EQ(later.code, 0) << later.err;
  Outcome earlier =
      vigil("scan --inventory '" + samples() + "' --now 2026-06-01T00:00:00Z " + db());
  EXPECT_EQ(earlier.code, 1);
  EXPECT_NE(earlier.err.find("moves forward only"), std::string::npos) << earlier.err;
  EXPECT_NE(earlier.err.find("2027-01-01T00:00:00Z"), std::string::npos) << earlier.err;
  // Nothing moved: the violations keep their first-seen time.
  json list = json_of("violations list " + db());
  ASSERT_FALSE(list.empty());
  for (const json& v : list) EXPECT_EQ(v["first_seen"], "2027-01-01T00:00:00Z") << v.dump();
  // The same time again is fine (a re-run), and later too.
  EXPECT_EQ(vigil("scan --inventory '" + samples() + "' --now 2027-01-01T00:00:00Z " + db()).code,
            0);
  EXPECT_EQ(vigil("scan --inventory '" + samples() + "' --now 2027-01-02T00:00:00Z " + db()).code,
            0);
}

}  // namespace
}  // namespace vigil::testing

#include <sys/file.h>

namespace vigil::testing {
namespace {

// Reproduced on main: the --db file was opened only after the whole scan
// and report, so a bad path failed at the very end.
TEST_F(TrackerCli, ABadStorePathFailsBeforeAnyWork) {
  Outcome r = vigil("scan --inventory '" + samples() + "' --db '" +
                    (dir_ / "no/such/dir/v.db").string() + "'");
  EXPECT_EQ(r.code, 1);
  EXPECT_TRUE(r.out.empty()) << r.out.substr(0, 300);  // no report: nothing was scanned
  EXPECT_NE(r.err.find("cannot open the store"), std::string::npos) << r.err;
}

// Another process recording a scan holds the store's writer lock; a second
// writer waits --wait seconds, then refuses with a clear message.
TEST_F(TrackerCli, ABusyStoreIsRefusedAfterTheWait) {
  ASSERT_EQ(vigil("scan --inventory '" + samples() + "' --now 2026-12-01T00:00:00Z " + db()).code,
            0);
  int fd = ::open((db_ + ".lock").c_str(), O_RDWR);
  ASSERT_GE(fd, 0) << "the first scan left no lock file beside the store";
  ASSERT_EQ(::flock(fd, LOCK_EX | LOCK_NB), 0);
  Outcome r =
      vigil("scan --inventory '" + samples() + "' --now 2026-12-02T00:00:00Z --wait 0 " + db());
  ::close(fd);
  EXPECT_EQ(r.code, 1);
  EXPECT_TRUE(r.out.empty()) << r.out.substr(0, 300);
  EXPECT_NE(r.err.find("holds its writer lock"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("one at a time"), std::string::npos) << r.err;
  EXPECT_EQ(
      vigil("scan --inventory '" + samples() + "' --now 2026-12-02T00:00:00Z --wait 0 " + db())
          .code,
      0);
}

}  // namespace
}  // namespace vigil::testing

namespace vigil::testing {
namespace {

// Reproduced on main: --now took only RFC 3339 while --expires takes a date.
TEST_F(TrackerCli, NowAcceptsADateLikeExpires) {
  Outcome r = vigil("scan --inventory '" + samples() + "' --now 2026-12-01 " + db());
  ASSERT_EQ(r.code, 0) << r.err;
  json list = json_of("violations list " + db());
  ASSERT_FALSE(list.empty());
  EXPECT_EQ(list[0]["first_seen"], "2026-12-01T00:00:00Z");
  Outcome bad = vigil("scan --inventory '" + samples() + "' --now 2026-13-01");
  EXPECT_EQ(bad.code, 1);
  EXPECT_NE(bad.err.find("--now '2026-13-01' is not a time"), std::string::npos) << bad.err;
}

}  // namespace
}  // namespace vigil::testing

namespace vigil::testing {
namespace {

// `vigil scan --db --source NAME`: an ad-hoc scan records for a named
// source, and two sources over the same resources leave each other's state.
TEST_F(TrackerCli, ScansOfTwoNamedSourcesLeaveEachOthersAssets) {
  const std::string estate = " --capture examples/estate --now 2026-12-01T00:00:00Z ";
  ASSERT_EQ(vigil("scan" + estate + "--source estate " + db()).code, 3);
  Outcome other =
      vigil("scan --inventory '" + samples() + "' --now 2026-12-01T01:00:00Z --source samples " + db());
  ASSERT_EQ(other.code, 0) << other.err;
  EXPECT_NE(other.out.find(" 0 closed"), std::string::npos) << other.out;
  EXPECT_NE(other.out.find(" 0 deleted"), std::string::npos) << other.out;
  EXPECT_NE(other.err.find("belong to source 'estate'"), std::string::npos) << other.err;
  Outcome bad = vigil("scan --inventory '" + samples() + "' --source 'a b' " + db());
  EXPECT_EQ(bad.code, 1);
  EXPECT_NE(bad.err.find("--source 'a b'"), std::string::npos) << bad.err;
}

}  // namespace
}  // namespace vigil::testing
