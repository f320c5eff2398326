// scripts/aws-capture.sh on the real AWS CLI against moto ([AWS fidelity]):
// moto_server on a free port, the estate of moto_estate.py, a capture made by
// the script (`--types`, `--endpoint-url`) and one made by `vigil collect aws`
// for the same types and region, both scanned with the bundled policies at the
// same time: every finding must agree, policy by policy and resource by
// resource. Skipped, saying why, without moto/boto3, the AWS CLI or jq.
//
// The types: one or more per protocol and per kind of script line (list,
// per-resource call, fan-out, account setting) and the policy families the
// estate exercises; not every type, because each CLI call starts a Python
// process (about 0.7 s of CPU: about 50 calls here).
//
// Where moto and the CLI differ from AWS:
//  - the CLI sends s3control to "<account>.<endpoint host>" (its endpoint rules
//    put the account id in front of the host even with --endpoint-url), which
//    does not resolve for 127.0.0.1: the script's GetPublicAccessBlock file is
//    a connection error, so the test puts the collector's answer in its place
//    (against AWS the host exists);
//  - moto answers accessanalyzer ListAnalyzers with HTTP 500 (both captures
//    record the failure: the analyzer policy is unknown in both).
#include <fmt/format.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>

#include "moto_server.h"
#include "run_command.h"

namespace vigil::aws {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

// The types compared: query (SQS's flattened attribute names, IAM groups with
// their inline policies: a fan-out; RDS), ec2 (instances, one stopped;
// volumes; addresses with moto's empty association fields; snapshots: moto
// lists 1,177 of other owners, which get no per-resource call), json (Secrets
// Manager's epoch timestamps, which CLI v1 prints as numbers unless told
// otherwise), rest-json (Lambda: a public and a "not configured" GetPolicy),
// rest-xml (the account's s3control setting) and the account settings
// (credential report, ...).
constexpr const char* kScriptTypes =
    "aws.sqs.queue,aws.secretsmanager.secret,aws.ec2.security-group,aws.ec2.instance,"
    "aws.ec2.volume,aws.ec2.elastic-ip,aws.ec2.snapshot,aws.rds.db-instance,aws.lambda.function,"
    "aws.iam.group,aws.account";

std::string slurp_file(const fs::path& path) {
  std::ifstream in(path);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

// (policy, asset) -> status of a `vigil scan --format json` report.
std::map<std::pair<std::string, std::string>, std::string> findings_of(const json& report) {
  std::map<std::pair<std::string, std::string>, std::string> out;
  for (const json& f : report["findings"])
    out[{f["policy"]["id"].get<std::string>(), f["asset"]["id"].get<std::string>()}] =
        f["status"].get<std::string>();
  return out;
}

class MotoCaptureScript : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!vigil::testing::MotoServer::available())
      GTEST_SKIP() << "python3 has no moto/boto3 (pip install 'moto[server]'): the moto suite "
                      "does not run";
    if (std::system("command -v aws >/dev/null 2>&1") != 0)
      GTEST_SKIP() << "no AWS CLI (aws) on PATH: scripts/aws-capture.sh is not run against moto";
    if (std::system("command -v jq >/dev/null 2>&1") != 0)
      GTEST_SKIP() << "no jq on PATH: scripts/aws-capture.sh needs it";
    if (std::string why = moto_.start(); !why.empty()) FAIL() << why;
    dir_ = fs::temp_directory_path() / fmt::format("vigil-moto-script-{}", getpid());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override {
    if (!dir_.empty()) fs::remove_all(dir_);
  }

  vigil::testing::MotoServer moto_;
  fs::path dir_;
};

// The folder of the Python that has moto, when it holds the AWS CLI itself:
// put first on PATH, it spares each call a version manager's shim (pyenv's
// costs about 0.4 s per call).
std::string python_bin_dir_with_aws() {
  aws::testing::CommandOutcome r = aws::testing::run_command(
      "python3 -c 'import os, sys; print(os.path.dirname(sys.executable))'");
  std::string dir = r.out.substr(0, r.out.find('\n'));
  return r.status == 0 && !dir.empty() && fs::exists(fs::path(dir) / "aws") ? dir : "";
}

TEST_F(MotoCaptureScript, ScriptAndCollectorCapturesGiveTheSameFindings) {
  std::string endpoint = moto_.endpoint();
  aws::testing::CommandOutcome estate = aws::testing::run_command(
      fmt::format("python3 {}/tests/connectors/moto_estate.py {}", VIGIL_SOURCE_DIR, endpoint));
  ASSERT_EQ(estate.status, 0) << estate.out;

  fs::path script_out = dir_ / "script", collect_out = dir_ / "collect";
  std::string bin = python_bin_dir_with_aws();
  // Two attempts per call: moto's HTTP 500 (ListAnalyzers) is not retried four times.
  aws::testing::CommandOutcome script = aws::testing::run_command(
      fmt::format("{}AWS_MAX_ATTEMPTS=2 bash {}/scripts/aws-capture.sh --endpoint-url {} "
                  "--types {} '{}' us-east-1",
                  bin.empty() ? "" : "PATH='" + bin + "':\"$PATH\" ", VIGIL_SOURCE_DIR, endpoint,
                  kScriptTypes, script_out.string()),
      aws::testing::Stderr::Merge);
  // Exit 3: ListAnalyzers and s3control failed (moto, the CLI's s3control host).
  ASSERT_EQ(script.status, 3) << script.out;
  EXPECT_NE(script.out.find("accessanalyzer list-analyzers failed"), std::string::npos)
      << script.out;

  std::string vigil = std::string(VIGIL_BINARY_DIR) + "/bin/vigil";
  aws::testing::CommandOutcome collect = aws::testing::run_command(
      fmt::format("{} collect aws --endpoint-url {} --regions us-east-1 --types {} --out '{}'",
                  vigil, endpoint, kScriptTypes, collect_out.string()),
      aws::testing::Stderr::Merge);
  ASSERT_EQ(collect.status, 3) << collect.out;  // ListAnalyzers: HTTP 500

  const std::string account = "123456789012";
  // CLI v1 prints ISO 8601 timestamps only when told (cli_timestamp_format):
  // the script tells it, so Secrets Manager's epoch numbers are text.
  json secrets =
      json::parse(slurp_file(script_out / account / "us-east-1/secretsmanager/ListSecrets.json"),
                  nullptr, false);
  ASSERT_TRUE(secrets.is_object());
  ASSERT_FALSE(secrets["SecretList"].empty());
  EXPECT_TRUE(secrets["SecretList"][0]["CreatedDate"].is_string())
      << secrets["SecretList"][0].dump();

  // The CLI's s3control host (moto deviation above): the collector's answer in its place.
  fs::path s3control = fs::path(account) / "global/s3control/GetPublicAccessBlock.json";
  std::string cli_answer = slurp_file(script_out / s3control);
  EXPECT_NE(cli_answer.find(account + ".127.0.0.1"), std::string::npos) << cli_answer;
  fs::copy_file(collect_out / s3control, script_out / s3control,
                fs::copy_options::overwrite_existing);

  auto scan = [&](const fs::path& capture) {
    aws::testing::CommandOutcome r = aws::testing::run_command(
        fmt::format("{} scan --capture '{}' --policies {}/policies --now 2026-01-01T00:00:00Z "
                    "--format json",
                    vigil, capture.string(), VIGIL_SOURCE_DIR));
    EXPECT_TRUE(r.status == 0 || r.status == 3) << r.status;
    return findings_of(json::parse(r.out));
  };
  auto by_script = scan(script_out), by_collector = scan(collect_out);
  ASSERT_FALSE(by_collector.empty());
  size_t same = 0;
  std::map<std::string, size_t> statuses;
  for (const auto& [key, status] : by_collector) {
    auto it = by_script.find(key);
    if (it == by_script.end()) {
      ADD_FAILURE() << key.first << " on " << key.second << ": collector " << status
                    << ", no finding from the script's capture";
    } else if (it->second != status) {
      ADD_FAILURE() << key.first << " on " << key.second << ": collector " << status << ", script "
                    << it->second;
    } else {
      ++same;
      ++statuses[status];
    }
  }
  for (const auto& [key, status] : by_script)
    if (!by_collector.count(key))
      ADD_FAILURE() << key.first << " on " << key.second << ": script " << status
                    << ", no finding from the collector's capture";
  // Not everything unknown: the captures hold what the policies read.
  EXPECT_GT(statuses["violation"], 5u);
  EXPECT_GT(statuses["compliant"], 5u);
  std::cout << fmt::format(
      "script vs collector (moto, {}): {} findings alike ({} violation, {} compliant, {} "
      "unknown)\n",
      kScriptTypes, same, statuses["violation"], statuses["compliant"], statuses["unknown"]);
}

}  // namespace
}  // namespace vigil::aws
