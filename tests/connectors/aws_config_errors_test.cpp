// Bad AWS Config input: malformed JSON and corrupt gzip files are errors
// naming the file and the byte offset, the other files still load and the
// read is partial; documents that are not Config output are reported and
// ignored; a missing path or a tree without Config files is a hard error.
#include <gtest/gtest.h>

#include "aws_config_fixture.h"
#include "connectors/aws_config/snapshot_file.h"

namespace vigil::aws_config::testing {
namespace {

json good_volume() {
  return item("AWS::EC2::Volume", "vol-1", {{"volumeId", "vol-1"}, {"encrypted", true}},
              "arn:aws:ec2:us-east-1:111111111111:volume/vol-1");
}

bool has_problem(const AwsConfigSummary& s, const std::string& needle) {
  for (const std::string& p : s.read.problems)
    if (p.find(needle) != std::string::npos) return true;
  return false;
}

TEST(AwsConfigErrors, MalformedJsonNamesFileAndOffsetAndTheRestLoads) {
  aws::testing::CaptureDir dir;
  dir.write("a/good.json", snapshot({good_volume()}).dump());
  // The syntax error (a missing ':'): the '[' at byte 42.
  std::string bad = R"({"fileVersion":"1.0","configurationItems" [ ]})";
  dir.write("b/bad.json", bad);
  AwsConfigResult r = read_ok(dir.path());
  EXPECT_TRUE(r.summary.partial());
  EXPECT_EQ(r.summary.read.malformed_files, 1u);
  EXPECT_TRUE(has_problem(r.summary, dir.path() + "/b/bad.json: invalid JSON at byte 42")) << [&] {
    std::string all;
    for (const std::string& p : r.summary.read.problems) all += p + "\n";
    return all;
  }();
  EXPECT_NE(r.inventory.find("arn:aws:ec2:us-east-1:111111111111:volume/vol-1"), nullptr);
}

TEST(AwsConfigErrors, MalformedJsonInsideGzipAndCorruptGzip) {
  aws::testing::CaptureDir dir;
  dir.write("good.json.gz", gzip(snapshot({good_volume()}).dump()));
  dir.write("bad-json.json.gz", gzip(R"({"configurationItems": [{"resourceType": }]})"));
  std::string truncated = gzip(snapshot({good_volume()}).dump());
  truncated.resize(truncated.size() / 2);
  dir.write("truncated.json.gz", truncated);
  AwsConfigResult r = read_ok(dir.path());
  EXPECT_EQ(r.summary.read.malformed_files, 2u);
  EXPECT_TRUE(has_problem(r.summary, dir.path() + "/bad-json.json.gz: invalid JSON at byte 41"));
  EXPECT_TRUE(has_problem(
      r.summary,
      dir.path() + "/truncated.json.gz: corrupt or truncated gzip data at compressed byte"));
  EXPECT_EQ(r.inventory.size(), 2u);  // the volume and its account
}

// Reproduced on main: a 400 KB .json.gz inflated without limit (1.8 GB resident).
TEST(AwsConfigErrors, DecompressionStopsAtTheFileLimit) {
  aws::testing::CaptureDir dir;
  std::string bomb_text = "{\"configurationItems\": [" + std::string(4u << 20, ' ') + "]}";
  dir.write("bomb.json.gz", gzip(bomb_text));
  dir.write("plain.json", bomb_text);
  for (const char* name : {"bomb.json.gz", "plain.json"}) {
    Result<std::string> r = read_config_file(std::filesystem::path(dir.path()) / name, 1u << 20);
    ASSERT_FALSE(r.ok()) << name;
    EXPECT_NE(r.error().message.find("more than 1048576 bytes"), std::string::npos)
        << r.error().message;
    EXPECT_NE(r.error().message.find(name), std::string::npos) << r.error().message;
  }
  EXPECT_TRUE(read_config_file(std::filesystem::path(dir.path()) / "bomb.json.gz", 8u << 20).ok());
}

// The file limit is a setting (limits.aws_config_file_bytes), not a constant:
// the same snapshot is read under the default and malformed under 1 KiB.
TEST(AwsConfigErrors, TheFileLimitComesFromTheLimits) {
  aws::testing::CaptureDir dir;
  json volume = good_volume();
  volume["tags"] = {{"padding", std::string(2000, 'x')}};
  dir.write("AWSLogs/111111111111/Config/us-east-1/snapshot.json", snapshot({volume}).dump());
  EXPECT_FALSE(read_ok(dir.path()).summary.partial());
  Limits small;
  small.aws_config_file_bytes = 1024;
  AwsConfigOptions options;
  options.limits = small;
  auto r = read_aws_config(dir.path(), options);
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_TRUE(r->summary.partial());
  EXPECT_TRUE(has_problem(r->summary, "more than 1024 bytes"));
  EXPECT_EQ(r->inventory.find("arn:aws:ec2:us-east-1:111111111111:volume/vol-1"), nullptr);
}

// Reproduced on main: a snapshot nested deeper than simdjson's limit crashed
// the reader (the error path recursed once per level).
TEST(AwsConfigErrors, HostileNestingIsAMalformedFileNotACrash) {
  aws::testing::CaptureDir dir;
  dir.write("good.json", snapshot({good_volume()}).dump());
  dir.write("deep.json", "{\"configurationItems\": " + std::string(300000, '['));
  AwsConfigResult r = read_ok(dir.path());
  EXPECT_EQ(r.summary.read.malformed_files, 1u);
  EXPECT_TRUE(has_problem(r.summary, "nested deeper than 1024 levels"))
      << ::testing::PrintToString(r.summary.read.problems);
  EXPECT_EQ(r.inventory.size(), 2u);
}

TEST(AwsConfigErrors, OtherDocumentsAreReportedAndIgnored) {
  aws::testing::CaptureDir dir;
  dir.write("snap.json", snapshot({good_volume()}).dump());
  dir.write("notes.json", R"({"hello": "world"})");
  dir.write("ConfigWritabilityCheckFile", "not json at all");  // Config writes it; not a .json file
  AwsConfigResult r = read_ok(dir.path());
  EXPECT_FALSE(r.summary.partial());
  EXPECT_TRUE(has_problem(r.summary, dir.path() + "/notes.json: not an AWS Config document"));
  EXPECT_EQ(r.summary.read.files, 2u);
}

TEST(AwsConfigErrors, ItemsWithoutIdentityAreReported) {
  aws::testing::CaptureDir dir;
  json no_config = item("AWS::EC2::Volume", "vol-2", nullptr);
  json no_type = good_volume();
  no_type.erase("resourceType");
  dir.write("snap.json", snapshot({no_config, no_type, good_volume()}).dump());
  AwsConfigResult r = read_ok(dir.path());
  EXPECT_TRUE(has_problem(r.summary, "AWS::EC2::Volume vol-2: no configuration object"));
  EXPECT_TRUE(has_problem(r.summary, "without resourceType"));
  EXPECT_NE(r.inventory.find("arn:aws:ec2:us-east-1:111111111111:volume/vol-1"), nullptr);
}

TEST(AwsConfigErrors, HardErrors) {
  Result<AwsConfigResult> missing = read_aws_config("/nonexistent/vigil-aws-config");
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(
      missing.error().message.find("/nonexistent/vigil-aws-config: no such file or directory"),
      std::string::npos);
  aws::testing::CaptureDir empty;
  empty.write("README.txt", "nothing here");
  Result<AwsConfigResult> none = read_aws_config(empty.path());
  ASSERT_FALSE(none.ok());
  EXPECT_NE(none.error().message.find("no .json or .json.gz file"), std::string::npos);
}

TEST(AwsConfigErrors, MalformedDeliveredFileFailsItsScope) {
  aws::testing::CaptureDir dir;
  dir.write(snapshot_path("111111111111", "us-east-1", "ok"), snapshot({good_volume()}).dump());
  dir.write(snapshot_path("111111111111", "eu-west-1", "bad") + ".gz",
            gzip(R"({"configurationItems": [)"));
  AwsConfigResult r = read_ok(dir.path());
  EXPECT_TRUE(r.summary.partial());
  EXPECT_GT(r.summary.read.failed_scopes, 0u);
  const Asset* v =
      r.inventory.find("vigil:collection-failed/111111111111/eu-west-1/aws.ec2.volume");
  ASSERT_NE(v, nullptr);
  EXPECT_EQ(v->type, "aws.ec2.volume");
  EXPECT_NE(json_at(*v, "config").find("MalformedJSON"), std::string::npos);
  EXPECT_NE(r.inventory.find("vigil:collection-failed/111111111111/global/aws.iam.user"), nullptr);
  EXPECT_EQ(r.inventory.find("vigil:collection-failed/111111111111/us-east-1/aws.ec2.volume"),
            nullptr);
  EXPECT_NE(r.inventory.find("arn:aws:ec2:us-east-1:111111111111:volume/vol-1"), nullptr);
}

}  // namespace
}  // namespace vigil::aws_config::testing
