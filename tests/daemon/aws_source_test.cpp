// A `kind: aws` source scanned by the daemon's pipeline (scan_source), live
// against the replay server (tests/aws_client/replay_server.h) serving the
// small estate of tests/connectors/aws_live_estate.h, recorded in a real
// SQLite store:
//  1. the first scan opens the estate's violations and records the
//     accounts/regions/types in the scan's scope;
//  2. the second scan fails DescribeSecurityGroups (AccessDenied) and lists
//     no KMS key: the security group's violation stays open (its scope is
//     failed), the key's violation closes as resource-deleted;
//  3. a third scan whose only account fails (bad credentials) is an error,
//     recorded as a failed scan, and changes no violation.
// Every scan collects into a temporary folder under TMPDIR, which is empty
// again afterwards. Also: the aws keys of vigil.yaml and their errors.
#include <gtest/gtest.h>
#include <stdlib.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "../connectors/aws_live_estate.h"
#include "core/time_text.h"
#include "daemon/config.h"
#include "daemon/source_scan.h"
#include "store/store.h"

namespace vigil::daemon {
namespace {

namespace fs = std::filesystem;
using aws::testing::ReplayServer;

const std::string kAccount = "111111111111";
const std::string kKey = "AKIDSERVEEXAMPLE";
const std::string kGroup = "arn:aws:ec2:us-east-1:" + kAccount + ":security-group/sg-0open";
const std::string kKmsKey =
    "arn:aws:kms:us-east-1:" + kAccount + ":key/1234abcd-12ab-34cd-56ef-1234567890ab";
const std::string kBucket = "arn:aws:s3:::vigil-logs-" + kAccount;

class AwsSourceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!fs::exists(std::string(aws::kDefaultBotocoreDataDir) + "/ec2"))
      GTEST_SKIP() << "python3-botocore models absent: " << aws::kDefaultBotocoreDataDir;
    dir_ = fs::temp_directory_path() /
           ("vigil-aws-source-test-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_ / "tmp");
    // The standard chain finds these credentials in the environment; nothing else.
    saved_tmpdir_ = std::getenv("TMPDIR") ? std::getenv("TMPDIR") : "";
    ::setenv("TMPDIR", (dir_ / "tmp").c_str(), 1);
    ::setenv("AWS_ACCESS_KEY_ID", kKey.c_str(), 1);
    ::setenv("AWS_SECRET_ACCESS_KEY", "serve-secret", 1);
    ::setenv("AWS_EC2_METADATA_DISABLED", "true", 1);
    ::setenv("AWS_CONFIG_FILE", (dir_ / "no-config").c_str(), 1);
    ::setenv("AWS_SHARED_CREDENTIALS_FILE", (dir_ / "no-credentials").c_str(), 1);
    for (const char* name :
         {"AWS_SESSION_TOKEN", "AWS_PROFILE", "AWS_ENDPOINT_URL", "AWS_WEB_IDENTITY_TOKEN_FILE",
          "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "AWS_CONTAINER_CREDENTIALS_FULL_URI"})
      ::unsetenv(name);
    auto loaded = PolicySet::load({std::string(VIGIL_SOURCE_DIR) + "/policies/aws"});
    ASSERT_TRUE(loaded.ok());
    policies_ = std::move(loaded.set);
    auto opened = store::open_store((dir_ / "vigil.db").string());
    ASSERT_TRUE(opened.ok()) << opened.error().message;
    db_ = std::move(opened.value());
  }
  void TearDown() override {
    db_.reset();
    if (saved_tmpdir_.empty())
      ::unsetenv("TMPDIR");
    else
      ::setenv("TMPDIR", saved_tmpdir_.c_str(), 1);
    std::error_code ec;
    if (!dir_.empty()) fs::remove_all(dir_, ec);
  }

  // A server with the estate; `second`: security groups denied, no KMS key left.
  std::unique_ptr<ReplayServer> serve(bool second) {
    ReplayServer::Options options;
    options.verify_signatures = true;
    options.secrets = {{kKey, "serve-secret"}};
    auto server = std::make_unique<ReplayServer>(options);
    if (second) {
      server->on("kms", "ListKeys", {server->ok("kms", R"({"Keys": [], "Truncated": false})")},
                 aws::testing::key_is(kKey));
      server->fail("ec2", "DescribeSecurityGroups", 1000,
                   server->error("ec2", 403, "UnauthorizedOperation",
                                 "You are not authorized to perform this operation."));
    }
    aws::testing::serve_estate(*server, *aws::replay::shared_models(), kAccount, kKey);
    return server;
  }

  // The source as vigil.yaml declares it, pointed at `server`.
  SourceConfig source(const ReplayServer& server) {
    std::string yaml = fmt::format(
        "sources:\n  - name: live\n    kind: aws\n    regions: [us-east-1]\n    types: [ec2, kms, "
        "s3]\n"
        "    endpoint_url: {}\n    concurrency: 8\n    cadence: {{interval: 6h}}\n",
        server.url());
    ConfigLoad load = load_config_text(yaml, (dir_ / "vigil.yaml").string());
    EXPECT_TRUE(load.ok());
    for (const auto& d : load.diagnostics) ADD_FAILURE() << d.render();
    return load.config.sources.at(0);
  }

  Result<pipeline::RunReport> scan(const SourceConfig& source, const std::string& when) {
    auto now = parse_time(when);
    EXPECT_TRUE(now.ok());
    return scan_source(*db_, source, policies_, config_, *now, 2);
  }

  store::Violation violation(const std::string& policy, const std::string& asset) {
    store::ViolationFilter filter;
    filter.policy_id = policy;
    auto list = db_->violations(filter);
    EXPECT_TRUE(list.ok());
    for (const store::Violation& v : *list)
      if (v.asset.id == asset) return v;
    ADD_FAILURE() << "no violation of " << policy << " on " << asset;
    return {};
  }

  size_t temporary_folders() const {
    size_t n = 0;
    for ([[maybe_unused]] const auto& e : fs::directory_iterator(dir_ / "tmp")) ++n;
    return n;
  }

  fs::path dir_;
  std::string saved_tmpdir_;
  PolicySet policies_;
  Config config_;
  std::unique_ptr<store::Store> db_;
};

TEST_F(AwsSourceTest, FailedListingKeepsViolationsEmptiedListingClosesThem) {
  // 1: every violation of the estate opens.
  auto server = serve(false);
  auto first = scan(source(*server), "2026-11-26T10:00:00Z");
  ASSERT_TRUE(first.ok()) << first.error().message;
  EXPECT_TRUE(server->problems().empty()) << ::testing::PrintToString(server->problems());
  EXPECT_FALSE(first->partial) << first->load_summary;
  EXPECT_EQ(temporary_folders(), 0u);
  EXPECT_NE(first->load_summary.find("collected 1 account live"), std::string::npos)
      << first->load_summary;
  EXPECT_EQ(violation("aws-ec2-security-group-admin-ports-open-ipv4", kGroup).status,
            store::ViolationStatus::Open);
  EXPECT_EQ(violation("aws-kms-key-rotation-disabled", kKmsKey).status,
            store::ViolationStatus::Open);
  EXPECT_EQ(violation("aws-s3-bucket-versioning-disabled", kBucket).status,
            store::ViolationStatus::Open);
  auto recorded = db_->get_scan(first->record.scan_id);
  ASSERT_TRUE(recorded.ok() && recorded->has_value());
  EXPECT_EQ((*recorded)->scope, nlohmann::json::parse(R"({"sources": ["live"], "kind": "aws",
      "accounts": ["111111111111"], "regions": ["us-east-1"], "types": ["ec2", "kms", "s3"]})"));
  EXPECT_EQ((*recorded)->state, store::ScanState::Completed);

  // 2: DescribeSecurityGroups is denied, ListKeys answers no key.
  server = serve(true);
  auto second = scan(source(*server), "2026-11-27T10:00:00Z");
  ASSERT_TRUE(second.ok()) << second.error().message;
  EXPECT_TRUE(server->problems().empty()) << ::testing::PrintToString(server->problems());
  EXPECT_TRUE(second->partial);
  EXPECT_NE(second->load_summary.find("1 failed"), std::string::npos) << second->load_summary;
  EXPECT_EQ(temporary_folders(), 0u);
  store::Violation group = violation("aws-ec2-security-group-admin-ports-open-ipv4", kGroup);
  EXPECT_EQ(group.status, store::ViolationStatus::Open);
  EXPECT_EQ(group.close_reason, "");
  store::Violation key = violation("aws-kms-key-rotation-disabled", kKmsKey);
  EXPECT_EQ(key.status, store::ViolationStatus::Closed);
  EXPECT_EQ(key.close_reason, "resource-deleted");
  EXPECT_EQ(violation("aws-s3-bucket-versioning-disabled", kBucket).status,
            store::ViolationStatus::Open);
  EXPECT_GE(second->record.closed, 1u);
  recorded = db_->get_scan(second->record.scan_id);
  ASSERT_TRUE(recorded.ok() && recorded->has_value());
  bool failed_scope = false, kms_ok = false;
  for (const store::ScopeStatus& s : (*recorded)->scopes) {
    if (s.key.account != kAccount || s.key.region != "us-east-1") continue;
    if (s.key.type == "aws.ec2.security-group") {
      failed_scope = !s.ok;
      EXPECT_NE(s.error.find("UnauthorizedOperation"), std::string::npos) << s.error;
    }
    if (s.key.type == "aws.kms.key") kms_ok = s.ok && s.assets == 0;
  }
  EXPECT_TRUE(failed_scope);
  EXPECT_TRUE(kms_ok);

  // 3: the only account fails (the key is refused): an error, a failed scan, nothing changes.
  server = serve(false);
  ::setenv("AWS_ACCESS_KEY_ID", "AKIDUNKNOWNEXAMPLE", 1);
  server->fail("sts", "GetCallerIdentity", 1000,
               server->error("sts", 403, "InvalidClientTokenId",
                             "The security token included in the request is invalid."));
  auto third = scan(source(*server), "2026-11-28T10:00:00Z");
  ASSERT_FALSE(third.ok());
  EXPECT_NE(third.error().message.find("source 'live': no account could be collected"),
            std::string::npos)
      << third.error().message;
  EXPECT_NE(third.error().message.find("InvalidClientTokenId"), std::string::npos)
      << third.error().message;
  EXPECT_EQ(temporary_folders(), 0u);
  EXPECT_EQ(violation("aws-ec2-security-group-admin-ports-open-ipv4", kGroup).status,
            store::ViolationStatus::Open);
  EXPECT_EQ(violation("aws-s3-bucket-versioning-disabled", kBucket).status,
            store::ViolationStatus::Open);
  EXPECT_EQ(violation("aws-kms-key-rotation-disabled", kKmsKey).close_reason, "resource-deleted");
  auto scans = db_->list_scans({1});
  ASSERT_TRUE(scans.ok() && scans->size() == 1u);
  EXPECT_EQ(scans->front().state, store::ScanState::Failed);
  EXPECT_NE(scans->front().error.find("no account could be collected"), std::string::npos)
      << scans->front().error;
  EXPECT_EQ(scans->front().scope["regions"], nlohmann::json::array({"us-east-1"}));
}

std::string errors_of(const std::string& yaml) {
  ConfigLoad load = load_config_text(yaml, "/etc/vigil/vigil.yaml");
  std::string out;
  for (const auto& d : load.diagnostics)
    if (d.level == Diagnostic::Level::Error) out += d.render() + "\n";
  return out;
}

TEST(AwsSourceConfig, ReadsEveryKeyAndReportsErrorsAtTheirPlace) {
  fs::path dir =
      fs::temp_directory_path() / ("vigil-aws-config-test-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  std::ofstream(dir / "accounts.yaml") << "role: audit\naccounts:\n  - id: \"222222222222\"\n";
  std::ofstream(dir / "bad-accounts.yaml") << "accounts:\n  - id: \"2222\"\n";
  const std::string head = "sources:\n  - name: live\n    kind: aws\n    cadence: {interval: 1h}\n";
  ConfigLoad ok = load_config_text(
      head +
          "    profile: audit\n    accounts_file: accounts.yaml\n    external_id: x-1\n"
          "    regions: [eu-west-1]\n    types: [aws.s3.bucket, iam]\n"
          "    endpoint_url: http://127.0.0.1:4566\n    concurrency: 4\n",
      (dir / "vigil.yaml").string());
  ASSERT_TRUE(ok.ok());
  const SourceConfig& s = ok.config.sources.at(0);
  EXPECT_EQ(s.kind, SourceKind::Aws);
  EXPECT_EQ(s.profile, "audit");
  EXPECT_EQ(s.accounts_file, (dir / "accounts.yaml").string());
  EXPECT_EQ(s.external_id, "x-1");
  EXPECT_EQ(s.types, (std::vector<std::string>{"aws.s3.bucket", "iam"}));
  EXPECT_EQ(s.endpoint_url, "http://127.0.0.1:4566");
  EXPECT_EQ(s.concurrency, 4u);
  EXPECT_FALSE(s.org);

  EXPECT_NE(errors_of(head + "    types: [aws.s3.buckt]\n")
                .find("5:13: error: 'aws.s3.buckt' is not an asset type or "
                      "service"),
            std::string::npos)
      << errors_of(head + "    types: [aws.s3.buckt]\n");
  EXPECT_NE(errors_of(head + "    types: [aws.s3.buckt]\n").find("did you mean 'aws.s3.bucket'?"),
            std::string::npos);
  EXPECT_NE(errors_of(head + "    concurrency: 0\n")
                .find("5:18: error: 'concurrency' must be a whole number from 1 to "
                      "256, got '0'"),
            std::string::npos);
  EXPECT_NE(
      errors_of(head + "    org: yes please\n").find("5:10: error: 'org' must be true or false"),
      std::string::npos);
  EXPECT_NE(errors_of(head + "    endpoint_url: localhost:4566\n")
                .find("5:19: error: 'endpoint_url' must be an http:// or https:// URL, got "
                      "'localhost:4566'"),
            std::string::npos);
  EXPECT_NE(errors_of(head + "    role: r\n    accounts: [\"111111111111\"]\n    org: true\n")
                .find("7:5: error: source 'live': give one of 'accounts', 'accounts_file' and "
                      "'org', not 'accounts' "
                      "and 'org'"),
            std::string::npos);
  EXPECT_NE(
      errors_of(head + "    accounts: [\"111111111111\", \"222222222222\"]\n")
          .find("5:15: error: source 'live': several accounts need a 'role' to assume in each"),
      std::string::npos);
  EXPECT_NE(errors_of(head + "    org: true\n")
                .find("5:10: error: source 'live': 'org: true' needs a 'role'"),
            std::string::npos);
  std::string bad_file =
      errors_of(head + "    accounts_file: " + (dir / "bad-accounts.yaml").string() + "\n");
  EXPECT_NE(bad_file.find("5:20: error: " + (dir / "bad-accounts.yaml").string() +
                          ":2:5: error: account id '2222' is not 12 digits"),
            std::string::npos)
      << bad_file;
  EXPECT_NE(errors_of(head + "    accounts_file: missing.yaml\n")
                .find("5:20: error: accounts file /etc/vigil/missing.yaml "
                      "does not exist"),
            std::string::npos);
  EXPECT_NE(
      errors_of(
          "sources:\n  - name: c\n    kind: capture\n    path: c\n    cadence: {interval: 1h}\n"
          "    types: [s3]\n")
          .find("6:5: error: 'types' only applies to sources of kind aws"),
      std::string::npos);
  std::error_code ec;
  fs::remove_all(dir, ec);
}

}  // namespace
}  // namespace vigil::daemon
