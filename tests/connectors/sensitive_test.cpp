// Secrets marked `sensitive` in botocore's models never reach a capture in
// plaintext (connectors/aws/sensitive.h). Reproduced on main: Lambda
// environment variable values were written as collected.
#include "connectors/aws/sensitive.h"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>

#include "aws_client/model/service_model.h"
#include "capture_fixture.h"
#include "connectors/aws/capture_reader.h"
#include "connectors/aws_config/config_reader.h"

namespace vigil::aws {
namespace {

namespace fs = std::filesystem;

const Shape* output_of(ModelRepository& models, const std::string& service,
                       const std::string& operation) {
  auto model = models.service(service);
  if (!model.ok()) return nullptr;
  const OperationDef* op = (*model)->compiled_operation(operation);
  return op ? op->output : nullptr;
}

TEST(Sensitive, LambdaEnvironmentValuesBecomeKeyedMarkers) {
  ModelRepository models;
  if (!fs::exists(models.root()))
    GTEST_SKIP() << "python3-botocore models absent: " << models.root();
  const Shape* output = output_of(models, "lambda", "ListFunctions");
  ASSERT_NE(output, nullptr);
  EXPECT_TRUE(has_sensitive(*output));
  const Shape* volumes = output_of(models, "ec2", "DescribeVolumes");
  ASSERT_NE(volumes, nullptr);
  EXPECT_FALSE(has_sensitive(*volumes));

  SensitiveKey key;
  key.bytes = std::string(32, 'k');
  nlohmann::json out = nlohmann::json::parse(R"({"Functions": [
      {"FunctionName": "f", "Environment": {"Variables": {"DB_PASSWORD": "hunter2", "MODE": "prod"}}},
      {"FunctionName": "g", "Environment": {"Variables": {"DB_PASSWORD": "hunter3"}}}]})");
  size_t replaced = redact_sensitive(*output, out, key);
  EXPECT_EQ(replaced, 6u);  // botocore marks the variables' names sensitive too
  std::string text = out.dump();
  EXPECT_EQ(text.find("hunter2"), std::string::npos) << text;
  EXPECT_EQ(text.find("prod\""), std::string::npos) << text;
  EXPECT_EQ(text.find("DB_PASSWORD"), std::string::npos) << text;
  const nlohmann::json& vars = out["Functions"][0]["Environment"]["Variables"];
  EXPECT_EQ(vars.size(), 2u);  // one entry per variable still
  const std::string name = sensitive_marker(key, "DB_PASSWORD");
  ASSERT_TRUE(vars.contains(name)) << vars.dump();
  const std::string first = vars[name];
  const std::string second = out["Functions"][1]["Environment"]["Variables"][name];
  EXPECT_TRUE(first.starts_with(kSensitiveMarker)) << first;
  EXPECT_EQ(first.size(), kSensitiveMarker.size() + 32);
  EXPECT_NE(first, second);  // a change stays visible
  EXPECT_EQ(out["Functions"][0]["FunctionName"], "f");
  // The same value under the same key gives the same marker; another key does not.
  EXPECT_EQ(sensitive_marker(key, "hunter2"), first);
  SensitiveKey other;
  other.bytes = std::string(32, 'o');
  EXPECT_NE(sensitive_marker(other, "hunter2"), first);
}

TEST(Sensitive, TheKeyIsCreatedOncePrivateAndReadBack) {
  fs::path dir = fs::temp_directory_path() / ("vigil-sensitive-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::path file = dir / "vigil" / "sensitive.key";
  mode_t old = ::umask(0);
  SensitiveKey made = SensitiveKey::load(file);
  ::umask(old);
  ASSERT_TRUE(made.persistent) << made.problem;
  EXPECT_EQ(made.bytes.size(), 32u);
  EXPECT_EQ(fs::status(file).permissions() & fs::perms::all,
            fs::perms::owner_read | fs::perms::owner_write);
  EXPECT_EQ(fs::status(file.parent_path()).permissions() & fs::perms::all, fs::perms::owner_all);
  SensitiveKey again = SensitiveKey::load(file);
  EXPECT_EQ(again.bytes, made.bytes);
  fs::remove_all(dir);

  SensitiveKey nowhere = SensitiveKey::load(fs::path("/proc/vigil-cannot-write/sensitive.key"));
  EXPECT_FALSE(nowhere.persistent);
  EXPECT_EQ(nowhere.bytes.size(), 32u);
  EXPECT_FALSE(nowhere.problem.empty());
}

// Captures written by other tools (the AWS CLI script) hold the secrets in
// plaintext: the reader hides them before they become assets (and reach the
// store), with the same markers the collector writes.
TEST(Sensitive, TheCaptureReaderHidesSecretsOfOtherToolsCaptures) {
  ModelRepository models;
  if (!fs::exists(models.root()))
    GTEST_SKIP() << "python3-botocore models absent: " << models.root();
  testing::CaptureDir dir;
  testing::write_empty_lists(dir, "111111111111", "us-east-1", "lambda");
  dir.write("111111111111/us-east-1/lambda/ListFunctions.json",
            R"({"Functions": [{"FunctionName": "f",
      "FunctionArn": "arn:aws:lambda:us-east-1:111111111111:function:f",
      "Environment": {"Variables": {"DB_PASSWORD": "hunter2"}}}]})");
  CaptureOptions options;
  options.threads = 1;
  options.sensitive_key_file = fs::path(dir.path()) / "key";
  auto read = read_capture(dir.path(), options);
  ASSERT_TRUE(read.ok()) << read.error().message;
  const Asset* f = read->inventory.find("arn:aws:lambda:us-east-1:111111111111:function:f");
  ASSERT_NE(f, nullptr);
  std::string json = f->doc.root().to_json();
  EXPECT_EQ(json.find("hunter2"), std::string::npos) << json;
  SensitiveKey used = SensitiveKey::load(options.sensitive_key_file);
  std::string marker(
      testing::at_path(*f, "config.Environment.Variables." + sensitive_marker(used, "DB_PASSWORD"))
          .as_string());
  EXPECT_EQ(marker, sensitive_marker(used, "hunter2"));
}

// Reproduced on main: a Lambda function read from AWS Config kept its
// environment variables in plaintext (the capture reader hid them).
TEST(Sensitive, TheAwsConfigReaderHidesSecretsAsTheCollectorDoes) {
  ModelRepository models;
  if (!fs::exists(models.root()))
    GTEST_SKIP() << "python3-botocore models absent: " << models.root();
  testing::CaptureDir dir;
  nlohmann::json item = {{"configurationItemCaptureTime", "2026-11-25T10:00:00.000Z"},
                         {"awsAccountId", "111111111111"},
                         {"configurationItemStatus", "OK"},
                         {"resourceType", "AWS::Lambda::Function"},
                         {"resourceId", "f"},
                         {"resourceName", "f"},
                         {"awsRegion", "us-east-1"},
                         {"ARN", "arn:aws:lambda:us-east-1:111111111111:function:f"},
                         {"configuration",
                          {{"functionName", "f"},
                           {"functionArn", "arn:aws:lambda:us-east-1:111111111111:function:f"},
                           {"environment", {{"variables", {{"DB_PASSWORD", "hunter2"}}}}}}},
                         {"supplementaryConfiguration", nlohmann::json::object()}};
  dir.write("items.json", nlohmann::json({{"configurationItems", {item}}}).dump());
  aws_config::AwsConfigOptions options;
  options.sensitive_key_file = fs::path(dir.path()) / "key";
  auto read = aws_config::read_aws_config(dir.path() + "/items.json", options);
  ASSERT_TRUE(read.ok()) << read.error().message;
  const Asset* f = read->inventory.find("arn:aws:lambda:us-east-1:111111111111:function:f");
  ASSERT_NE(f, nullptr);
  std::string json = f->doc.root().to_json();
  EXPECT_EQ(json.find("hunter2"), std::string::npos) << json;
  EXPECT_EQ(json.find("DB_PASSWORD"), std::string::npos) << json;
  SensitiveKey used = SensitiveKey::load(options.sensitive_key_file);
  std::string marker(
      testing::at_path(*f, "config.Environment.Variables." + sensitive_marker(used, "DB_PASSWORD"))
          .as_string());
  EXPECT_EQ(marker, sensitive_marker(used, "hunter2"));
}

}  // namespace
}  // namespace vigil::aws
