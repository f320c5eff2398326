// Scale-out end to end ([Scale-out]): real processes on one real PostgreSQL
// database (tests/store/postgres_server.h) collecting from moto
// (tests/connectors/moto_server.h): two `vigil serve` (one schedules, the
// other follows) and three `vigil worker`. One worker is killed with
// SIGKILL in the middle of a collection and the scheduling serve right
// after the scan was queued: the scan still completes exactly once, with
// the same violations as a single `vigil scan --aws` of the same estate
// into a SQLite file. Skipped, saying why, without PostgreSQL or moto.
#include "../connectors/boto3_calls.h"
#include "../connectors/moto_server.h"
#include "../store/postgres_server.h"
#include "tracker_cli_fixture.h"

#include <set>
#include <thread>

namespace vigil::testing {
namespace {

using json = nlohmann::json;
using store::testing::PostgresEnvironment;
using store::testing::PostgresServer;

const auto* const kEnvironment = ::testing::AddGlobalTestEnvironment(new PostgresEnvironment);

constexpr const char* kRegions = "us-east-1,eu-west-1";
constexpr const char* kTypes = "aws.ec2.security-group,s3,aws.account";

// (policy, asset, status) of every violation `vigil violations list` shows.
std::set<std::string> violation_keys(const std::string& json_text) {
  std::set<std::string> out;
  json list = json::parse(json_text, nullptr, false);
  EXPECT_TRUE(list.is_array()) << json_text.substr(0, 400);
  if (!list.is_array()) return out;
  for (const json& v : list)
    out.insert(v["policy"]["id"].get<std::string>() + " " + v["asset"]["id"].get<std::string>() +
               " " + v["status"].get<std::string>());
  return out;
}

class Workers : public TrackerCli {
 protected:
  void SetUp() override {
    TrackerCli::SetUp();
    if (IsSkipped()) return;
    if (!MotoServer::available())
      GTEST_SKIP() << "Python lacks moto or boto3 (pip install moto boto3)";
    std::string started = moto_.start();
    ASSERT_TRUE(started.empty()) << started;
    pg_ = PostgresServer::get().fresh_database_url();
    // Two regions, each with a security group open to the world on SSH and
    // one that is not; a public-read bucket and a private one.
    for (const char* region : {"us-east-1", "eu-west-1"}) {
      json made = boto3_calls(
          moto_.endpoint(),
          json::array({{{"service", "ec2"},
                        {"operation", "CreateSecurityGroup"},
                        {"params", {{"GroupName", "open-ssh"}, {"Description", "open"}}}},
                       {{"service", "ec2"},
                        {"operation", "CreateSecurityGroup"},
                        {"params", {{"GroupName", "closed"}, {"Description", "closed"}}}}}),
          region);
      ASSERT_TRUE(made.is_array());
      std::string open_group = made[0]["GroupId"];
      json opened = boto3_calls(
          moto_.endpoint(),
          json::array(
              {{{"service", "ec2"},
                {"operation", "AuthorizeSecurityGroupIngress"},
                {"params",
                 {{"GroupId", open_group},
                  {"IpPermissions",
                   json::array({{{"IpProtocol", "tcp"},
                                 {"FromPort", 22},
                                 {"ToPort", 22},
                                 {"IpRanges", json::array({{{"CidrIp", "0.0.0.0/0"}}})}}})}}}}}),
          region);
      ASSERT_TRUE(opened.is_array());
    }
    json buckets =
        boto3_calls(moto_.endpoint(),
                    json::array({{{"service", "s3"},
                                  {"operation", "CreateBucket"},
                                  {"params", {{"Bucket", "public-one"}}}},
                                 {{"service", "s3"},
                                  {"operation", "PutBucketAcl"},
                                  {"params", {{"Bucket", "public-one"}, {"ACL", "public-read"}}}},
                                 {{"service", "s3"},
                                  {"operation", "CreateBucket"},
                                  {"params", {{"Bucket", "private-one"}}}}}));
    ASSERT_TRUE(buckets.is_array());
  }

  std::string config(const std::string& store) {
    return fmt::format(
        "store: '{}'\n"
        "sources:\n"
        "  - name: moto\n"
        "    kind: aws\n"
        "    endpoint_url: {}\n"
        "    regions: [us-east-1, eu-west-1]\n"
        "    types: [aws.ec2.security-group, s3, aws.account]\n"
        "    cadence: {{interval: 6h}}\n"
        "workers:\n"
        "  enabled: true\n"
        "  lease: 3s\n",
        store, moto_.endpoint());
  }

  // Polls the jobs table until `pick` returns a non-empty answer (safeguard
  // bound, not a timing).
  std::string poll_jobs(const std::string& sql) {
    store::postgres::Connection db(pg_);
    for (int i = 0; i < 3000; ++i) {
      store::postgres::Rows r = db.exec(sql);
      if (!r.empty() && !r.is_null(0, 0)) return r.str(0, 0);
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return "";
  }

  MotoServer moto_;
  std::string pg_;
};

TEST_F(Workers, AScanSurvivesAKilledWorkerAndAKilledLeaderAndIsRecordedOnce) {
  fs::path cfg = write("vigil.yaml", config(pg_));
  pid_t leader =
      start({"serve", "--config", cfg.string(), "--listen", "off", "--threads", "1"}, "serve-a");
  // The leader queues the first scan at start: 3 collect jobs (global and
  // each region) and a reconcile job.
  ASSERT_EQ(poll_jobs("SELECT count(*)::text FROM jobs HAVING count(*) = 4"), "4")
      << log("serve-a");
  pid_t follower =
      start({"serve", "--config", cfg.string(), "--listen", "off", "--threads", "1"}, "serve-b");
  // The second serve follows (safeguard bound, not a timing).
  for (int i = 0;
       i < 600 && log("serve-b").find("another vigil serve schedules") == std::string::npos; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  ASSERT_NE(log("serve-b").find("another vigil serve schedules the scans"), std::string::npos)
      << log("serve-b");
  std::vector<pid_t> workers;
  for (const char* name : {"w1", "w2", "w3"})
    workers.push_back(
        start({"worker", "--config", cfg.string(), "--name", name, "--threads", "1"}, name));

  // A worker in the middle of a collection is killed.
  std::string victim =
      poll_jobs("SELECT worker FROM jobs WHERE state = 'running' AND kind = 'collect' LIMIT 1");
  ASSERT_FALSE(victim.empty()) << log("w1") << log("w2") << log("w3");
  size_t index = static_cast<size_t>(victim[1] - '1');
  ASSERT_LT(index, workers.size());
  ::kill(workers[index], SIGKILL);
  EXPECT_EQ(wait(workers[index]), 128 + SIGKILL);
  // And the scheduling serve, while it waits for the scan.
  ::kill(leader, SIGKILL);
  EXPECT_EQ(wait(leader), 128 + SIGKILL);

  // The scan completes: the reconcile job is done.
  ASSERT_EQ(poll_jobs("SELECT state FROM jobs WHERE kind = 'reconcile' AND state IN ('done', "
                      "'failed')"),
            "done")
      << log("w1") << log("w2") << log("w3");
  // The victim's job was taken over after its lease and finished by another.
  store::postgres::Connection jobs_db(pg_);
  store::postgres::Rows lost = jobs_db.exec(
      "SELECT state, attempts, worker FROM jobs WHERE kind = 'collect' AND attempts > 1");
  ASSERT_EQ(lost.size(), 1) << "the killed worker's job was not taken over";
  EXPECT_EQ(lost.str(0, 0), "done");
  EXPECT_NE(lost.str(0, 2), victim);
  EXPECT_EQ(jobs_db.exec("SELECT 1 FROM jobs WHERE state <> 'done'").size(), 0);

  // The follower becomes the scheduler; the slot's scan is not run again.
  for (int i = 0; i < 300 && log("serve-b").find("now scheduling") == std::string::npos; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  EXPECT_NE(log("serve-b").find("now scheduling the scans (leader)"), std::string::npos)
      << log("serve-b");
  std::this_thread::sleep_for(std::chrono::seconds(2));  // a second scan would be queued by now
  EXPECT_EQ(jobs_db.exec("SELECT 1 FROM jobs WHERE kind = 'reconcile'").size(), 1)
      << log("serve-b");

  Outcome scans = vigil("scans list --format json --db '" + pg_ + "'");
  ASSERT_EQ(scans.code, 0) << scans.err;
  json list = json::parse(scans.out);
  ASSERT_EQ(list.size(), 1u) << scans.out;
  EXPECT_EQ(list[0]["state"], "completed");

  // The same violations as one process scanning the same estate.
  Outcome single = vigil(fmt::format("scan --aws --endpoint-url {} --regions {} --types {} {}",
                                     moto_.endpoint(), kRegions, kTypes, db()));
  // (exit 3: moto's answers leave parts unknown, as in the workers' scan)
  ASSERT_NE((single.out + single.err).find("recorded as scan 1"), std::string::npos)
      << single.code << "\n"
      << single.err.substr(single.err.size() > 3000 ? single.err.size() - 3000 : 0);
  std::set<std::string> expected =
      violation_keys(vigil("violations list --format json " + db()).out);
  std::set<std::string> got =
      violation_keys(vigil("violations list --format json --db '" + pg_ + "'").out);
  EXPECT_FALSE(expected.empty());
  EXPECT_EQ(got, expected);
  EXPECT_TRUE(expected.count("aws-s3-bucket-public-read arn:aws:s3:::public-one open") ||
              std::any_of(expected.begin(), expected.end(),
                          [](const std::string& k) {
                            return k.find("arn:aws:s3:::public-one open") != std::string::npos;
                          }))
      << "the public bucket is not a violation";

  for (pid_t pid : workers)
    if (pid != workers[index]) {
      ::kill(pid, SIGTERM);
      EXPECT_EQ(wait(pid), 0);
    }
  ::kill(follower, SIGTERM);
  EXPECT_EQ(wait(follower), 0) << log("serve-b");
}

}  // namespace
}  // namespace vigil::testing
