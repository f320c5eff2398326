// End to end on both backends: the same scans (the sample inventory, an
// unchanged re-scan, a fix, an exception) recorded by `vigil scan --db` into
// a SQLite file and into a real PostgreSQL database (one server for this
// executable, tests/store/postgres_server.h) give the same findings, the
// same violations with the same histories, the same scans and the same
// inventory diff.
#include "../store/postgres_server.h"
#include "tracker_cli_fixture.h"

#include <regex>

namespace vigil::testing {
namespace {

using json = nlohmann::json;
using store::testing::PostgresEnvironment;
using store::testing::PostgresServer;

const auto* const kEnvironment = ::testing::AddGlobalTestEnvironment(new PostgresEnvironment);

const char* kBucket = "arn:aws:s3:::acme-dev-scratch";
const char* kVersioning = "aws-s3-bucket-versioning-disabled";

class BothBackends : public TrackerCli {
 protected:
  void SetUp() override {
    TrackerCli::SetUp();
    if (IsSkipped()) return;
    pg_ = PostgresServer::get().fresh_database_url();
  }
  // `vigil ARGS --db X` on each backend: {sqlite outcome, postgres outcome}.
  std::pair<Outcome, Outcome> both(const std::string& args) {
    return {vigil(args + " " + db()), vigil(args + " --db '" + pg_ + "'")};
  }
  // `--format json` output on each backend, which must be equal but for the
  // wall-clock fields `volatile_keys` (of an object, or of each element of an
  // array); returns it.
  json same_json(const std::string& args, const std::vector<std::string>& volatile_keys = {}) {
    auto [lite, pg] = both(args + " --format json");
    EXPECT_EQ(lite.code, 0) << args << "\n" << lite.err;
    EXPECT_EQ(pg.code, lite.code) << args << "\n" << pg.err;
    json a = json::parse(lite.out, nullptr, false), b = json::parse(pg.out, nullptr, false);
    EXPECT_FALSE(a.is_discarded()) << args << "\n" << lite.out;
    for (json* j : {&a, &b}) {
      if (j->is_object())
        for (const std::string& k : volatile_keys) j->erase(k);
      if (j->is_array())
        for (json& item : *j)
          for (const std::string& k : volatile_keys) item.erase(k);
    }
    EXPECT_EQ(a, b) << args;
    return a;
  }

  std::string pg_;
};

// The sample inventory with the acme-dev-scratch bucket's versioning on.
std::string fixed_samples(const std::string& text) {
  std::string out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    if (line.find(std::string("\"id\":\"") + kBucket + "\"") != std::string::npos) {
      size_t at = line.find("\"BucketVersioning\":{}");
      if (at != std::string::npos)
        line.replace(at, 21, "\"BucketVersioning\":{\"Status\":\"Enabled\"}");
    }
    out += line + "\n";
  }
  return out;
}

TEST_F(BothBackends, TheSameScansGiveTheSameFindingsAndViolations) {
  fs::path fixed = write("fixed.jsonl", fixed_samples(slurp(samples())));
  const std::string scans[] = {
      "scan --inventory '" + samples() + "' --now 2026-11-20T10:00:00Z",
      "scan --inventory '" + samples() + "' --now 2026-11-21T10:00:00Z",
      "scan --inventory '" + fixed.string() + "' --now 2026-11-22T10:00:00Z"};
  for (const std::string& scan : scans) {
    // The findings (stdout) and the summary of what the scan changed.
    auto [lite, pg] = both(scan + " --format json");
    ASSERT_LE(lite.code, 2) << lite.err;
    EXPECT_EQ(pg.code, lite.code) << pg.err;
    json a = json::parse(lite.out, nullptr, false), b = json::parse(pg.out, nullptr, false);
    ASSERT_FALSE(a.is_discarded()) << lite.out;
    ASSERT_TRUE(b.is_object()) << pg.out;
    a["summary"].erase("seconds");  // the evaluation's time
    b["summary"].erase("seconds");
    EXPECT_TRUE(a == b) << scan;
    // "N opened, N reopened, N closed ... assets N created, N changed, N deleted"
    std::smatch ma, mb;
    const std::regex counts(R"(\d+ opened, \d+ reopened, \d+ closed[^\n]*)");
    ASSERT_TRUE(std::regex_search(lite.err, ma, counts)) << lite.err;
    ASSERT_TRUE(std::regex_search(pg.err, mb, counts)) << pg.err;
    EXPECT_EQ(mb.str(), ma.str());
  }
  json all = same_json("violations list");
  ASSERT_GT(all.size(), 1u);
  json closed = same_json("violations list --status closed");
  ASSERT_EQ(closed.size(), 1u) << closed.dump(1);
  EXPECT_EQ(closed[0]["asset"]["id"], kBucket);
  EXPECT_EQ(closed[0]["policy"]["id"], kVersioning);
  same_json("violations show " + std::to_string(closed[0]["id"].get<int64_t>()));
  same_json("inventory diff --from 2026-11-19 --to 2026-11-23");
  same_json("scans show 1", {"started", "finished", "duration_s", "timings"});

  // An exception granted on both (at each command's wall clock) exempts the
  // same violation at the next scan on both.
  const json& open = all[0]["status"] == "open" ? all[0] : all[1];
  auto [granted_lite, granted_pg] = both(
      "exceptions add --policy " + open["policy"]["id"].get<std::string>() + " --asset " +
      open["asset"]["id"].get<std::string>() + " --reason 'kept' --granted-by alice --expires 30d");
  EXPECT_EQ(granted_lite.code, 0) << granted_lite.err;
  EXPECT_EQ(granted_pg.code, 0) << granted_pg.err;
  auto until_expiry = [](const std::string& out) { return out.substr(0, out.find(", expires")); };
  EXPECT_EQ(until_expiry(granted_pg.out), until_expiry(granted_lite.out));
  same_json("exceptions list", {"created", "expires", "state"});
  auto [now_lite, now_pg] = both("scan --inventory '" + fixed.string() + "'");
  ASSERT_LE(now_lite.code, 2) << now_lite.err;
  ASSERT_EQ(now_pg.code, now_lite.code) << now_pg.err;
  json exempted = same_json("violations list --status exempted", {"last_change"});
  ASSERT_EQ(exempted.size(), 1u) << exempted.dump(1);
  EXPECT_EQ(exempted[0]["id"], open["id"]);
}

}  // namespace
}  // namespace vigil::testing
