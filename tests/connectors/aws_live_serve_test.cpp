// `vigil serve --once` as a real process with a `kind: aws` source in
// vigil.yaml: an accounts file of two accounts, the role assumed in each
// through STS on the replay server (tests/aws_client/replay_server.h), the
// small estate (aws_live_estate.h) served to the first. The second
// account's role cannot be assumed: the scan completes partially, records
// the first account's violations, names the failed account in the log and
// in the scan's scope, and leaves no temporary capture folder behind.
#include <gtest/gtest.h>

#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>

#include <array>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <nlohmann/json.hpp>
#include <thread>

#include "aws_live_estate.h"
#include "capture_fixture.h"
#include "run_command.h"

namespace vigil::aws {
namespace {

namespace fs = std::filesystem;

TEST(AwsLiveServe, ServeOnceScansAnAwsSourceAndLeavesAFailedAccountAsItWas) {
  std::string vigil = VIGIL_BINARY_DIR "/bin/vigil";
  if (!fs::exists(vigil)) GTEST_SKIP() << "build the vigil target first: " << vigil << " is absent";
  ModelRepository models;
  if (!fs::exists(models.root()))
    GTEST_SKIP() << "python3-botocore models absent: " << models.root();
  testing::ReplayServer server;
  server.on(
      "sts", "AssumeRole",
      {server.ok(
          "sts",
          testing::query("sts", "AssumeRole", "2011-06-15",
                         "<Credentials><AccessKeyId>ASIA111111111111</AccessKeyId><SecretAccessKey>"
                         "s</SecretAccessKey><SessionToken>t</SessionToken><Expiration>2099-01-01T"
                         "00:00:00Z</Expiration></Credentials>"))},
      [](const testing::ReplayRequest& r) {
        return r.param("RoleArn").find("111111111111") != std::string::npos;
      });
  server.on("sts", "AssumeRole",
            {server.error("sts", 403, "AccessDenied",
                          "User: arn:aws:iam::999999999999:user/vigil is not authorized to "
                          "perform: sts:AssumeRole")},
            [](const testing::ReplayRequest& r) {
              return r.param("RoleArn").find("222222222222") != std::string::npos;
            });
  testing::serve_estate(server, models, "111111111111", "ASIA111111111111");

  testing::CaptureDir dir;
  fs::create_directories(dir.path() + "/tmp");
  dir.write("accounts.yaml",
            "role: vigil-readonly\naccounts:\n  - id: \"111111111111\"\n    name: prod\n  - id: "
            "\"222222222222\"\n"
            "    name: staging\n");
  dir.write("vigil.yaml",
            fmt::format("store: vigil.db\nsources:\n  - name: live\n    kind: aws\n"
                        "    accounts_file: accounts.yaml\n    external_id: ext-7\n"
                        "    regions: [us-east-1]\n    types: [ec2, kms]\n    endpoint_url: {}\n"
                        "    cadence: {{interval: 6h}}\npolicies:\n  paths: [{}]\n",
                        server.url(), VIGIL_SOURCE_DIR "/policies/aws"));
  std::string env =
      "env -i PATH=/usr/bin:/bin HOME=/nonexistent AWS_EC2_METADATA_DISABLED=true "
      "AWS_ACCESS_KEY_ID=AKIDBASE "
      "AWS_SECRET_ACCESS_KEY=base-secret TMPDIR=" +
      dir.path() + "/tmp ";
  testing::CommandOutcome serve = testing::run_command(
      env + vigil + " serve --once --threads 2 --config " + dir.path() + "/vigil.yaml",
      testing::Stderr::Merge);
  EXPECT_EQ(serve.status, 0) << serve.out;
  EXPECT_NE(serve.out.find("scan of live completed: "), std::string::npos) << serve.out;
  EXPECT_NE(serve.out.find("collected 1 account live"), std::string::npos) << serve.out;
  EXPECT_NE(serve.out.find("1 account not collected (left as they were): 222222222222 (staging): "
                           "CredentialsError: "),
            std::string::npos)
      << serve.out;
  EXPECT_NE(serve.out.find("STS AssumeRole failed: AccessDenied"), std::string::npos) << serve.out;
  EXPECT_TRUE(server.problems().empty()) << ::testing::PrintToString(server.problems());
  for (const testing::ReplayRequest& q : server.requests())
    if (q.operation == "AssumeRole") {
      EXPECT_EQ(q.param("ExternalId"), "ext-7");
    }
  EXPECT_TRUE(fs::is_empty(dir.path() + "/tmp")) << "the temporary capture folder was not removed";

  const std::string db = dir.path() + "/vigil.db";
  testing::CommandOutcome scans =
      testing::run_command(vigil + " scans list --format json --db " + db);
  ASSERT_EQ(scans.status, 0) << scans.out;
  nlohmann::json list = nlohmann::json::parse(scans.out, nullptr, false);
  ASSERT_TRUE(list.is_array() && list.size() == 1u) << scans.out;
  const nlohmann::json& scope = list[0]["scope"];
  EXPECT_EQ(scope["sources"], nlohmann::json::array({"live"}));
  EXPECT_EQ(scope["kind"], "aws");
  EXPECT_EQ(scope["accounts"], nlohmann::json::array({"111111111111"}));
  EXPECT_EQ(scope["failed_accounts"], nlohmann::json::array({"222222222222 (staging)"}));
  EXPECT_EQ(scope["regions"], nlohmann::json::array({"us-east-1"}));

  testing::CommandOutcome open =
      testing::run_command(vigil + " violations list --status open --format json --db " + db);
  ASSERT_EQ(open.status, 0) << open.out;
  nlohmann::json violations = nlohmann::json::parse(open.out, nullptr, false);
  ASSERT_TRUE(violations.is_array()) << open.out;
  std::set<std::string> accounts;
  bool group = false, key = false;
  for (const auto& v : violations) {
    accounts.insert(v["asset"]["account"].get<std::string>());
    std::string id = v["asset"]["id"];
    group = group || (v["policy"]["id"] == "aws-ec2-security-group-admin-ports-open-ipv4" &&
                      id == "arn:aws:ec2:us-east-1:111111111111:security-group/sg-0open");
    key = key ||
          (v["policy"]["id"] == "aws-kms-key-rotation-disabled" &&
           id == "arn:aws:kms:us-east-1:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab");
  }
  EXPECT_TRUE(group) << open.out.substr(0, 2000);
  EXPECT_TRUE(key) << open.out.substr(0, 2000);
  EXPECT_EQ(accounts, std::set<std::string>{"111111111111"});
}

constexpr const char* kVigil = VIGIL_BINARY_DIR "/bin/vigil";

// Why the background serve tests cannot run here, or "".
std::string missing_prerequisite(const ModelRepository& models) {
  if (!fs::exists(kVigil))
    return std::string("build the vigil target first: ") + kVigil + " is absent";
  if (!fs::exists(models.root())) return "python3-botocore models absent: " + models.root();
  return "";
}

// `vigil serve` started in the background on a slow estate; returns its pid
// once its live collection is under way (a temporary capture exists).
struct SlowServe {
  testing::ReplayServer server;
  testing::CaptureDir dir;
  pid_t pid = -1;

  bool start(const std::string& vigil, ModelRepository& models) {
    server.set_latency(std::chrono::milliseconds(150));
    testing::serve_estate(server, models, "111111111111", "AKIDBASE");
    fs::create_directories(dir.path() + "/tmp");
    dir.write("vigil.yaml",
              fmt::format("store: vigil.db\nsources:\n  - name: live\n    kind: aws\n"
                          "    accounts: [\"111111111111\"]\n    regions: [us-east-1, eu-west-1]\n"
                          "    endpoint_url: {}\n    cadence: {{interval: 6h}}\npolicies:\n"
                          "  paths: [{}]\n",
                          server.url(), VIGIL_SOURCE_DIR "/policies/aws"));
    std::string command =
        "exec env -i PATH=/usr/bin:/bin HOME=/nonexistent AWS_EC2_METADATA_DISABLED=true "
        "AWS_ACCESS_KEY_ID=AKIDBASE AWS_SECRET_ACCESS_KEY=base-secret TMPDIR=" +
        dir.path() + "/tmp " + vigil + " serve --threads 2 --listen 127.0.0.1:0 --config " +
        dir.path() + "/vigil.yaml >" + dir.path() + "/serve.log 2>&1";
    const char* argv[] = {"/bin/sh", "-c", command.c_str(), nullptr};
    if (posix_spawn(&pid, "/bin/sh", nullptr, nullptr, const_cast<char* const*>(argv), environ) !=
        0)
      return false;
    for (int i = 0; i < 400; ++i) {  // up to 20 s for the collection to start
      if (!fs::is_empty(dir.path() + "/tmp") && server.total() > 3) return true;
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    return false;
  }
  // The exit status, or -1 when the process is still running after `seconds`.
  int wait(int seconds) {
    for (int i = 0; i < seconds * 20; ++i) {
      int status = 0;
      if (waitpid(pid, &status, WNOHANG) == pid) {
        pid = -1;
        return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    return -1;
  }
  std::string log() const {
    std::ifstream in(dir.path() + "/serve.log");
    return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  }
  ~SlowServe() {
    if (pid > 0) {
      kill(pid, SIGKILL);
      waitpid(pid, nullptr, 0);
    }
  }
};

// Reproduced on main: SIGTERM let a live collection run to its end, and a
// second SIGTERM exited without removing the temporary capture.
TEST(AwsLiveServe, SigtermStopsALiveCollectionPromptlyAndLeavesNoCapture) {
  ModelRepository models;
  if (std::string why = missing_prerequisite(models); !why.empty()) GTEST_SKIP() << why;
  SlowServe serve;
  ASSERT_TRUE(serve.start(kVigil, models)) << serve.log();
  size_t before = serve.server.total();
  kill(serve.pid, SIGTERM);
  int status = serve.wait(15);
  ASSERT_EQ(status, 0) << serve.log();
  EXPECT_LT(serve.server.total(), before + 40) << "calls went on being sent after SIGTERM";
  // What was collected before the signal is complete per scope and recorded
  // as such; every scope not finished is failed (Cancelled), so untouched.
  EXPECT_NE(serve.log().find("Cancelled: the collection was stopped"), std::string::npos)
      << serve.log();
  EXPECT_NE(serve.log().find("vigil serve: stopped"), std::string::npos) << serve.log();
  EXPECT_TRUE(fs::is_empty(serve.dir.path() + "/tmp"))
      << "the temporary capture folder was not removed";
}

TEST(AwsLiveServe, ASecondSigtermExitsAtOnceAndRemovesTheTemporaryCapture) {
  ModelRepository models;
  if (std::string why = missing_prerequisite(models); !why.empty()) GTEST_SKIP() << why;
  SlowServe serve;
  ASSERT_TRUE(serve.start(kVigil, models)) << serve.log();
  kill(serve.pid, SIGTERM);
  kill(serve.pid, SIGTERM);
  int status = serve.wait(15);
  EXPECT_TRUE(status == 130 || status == 0) << status << "\n" << serve.log();
  EXPECT_TRUE(fs::is_empty(serve.dir.path() + "/tmp"))
      << "the temporary capture folder was not removed";
}

}  // namespace
}  // namespace vigil::aws
