// Per-resource calls: outputs merged under config.<Name>, absence codes vs
// errors (-> unavailable parts + errors entries), missing files, tags from
// tag calls, JSON policy strings decoded, percent-encoded keys.
#include <gtest/gtest.h>

#include "capture_fixture.h"
#include "connectors/aws/capture_files.h"
#include "connectors/aws_live/capture_writer.h"

#include <sys/stat.h>

#include <fstream>
#include <iterator>

namespace vigil::aws {
namespace {

using testing::at_path;
using testing::CaptureDir;
using testing::has_problem;
using testing::read_ok;
using testing::strings_at;

constexpr const char* kLbArn =
    "arn:aws:elasticloadbalancing:eu-west-1:222222222222:loadbalancer/app/web/50dc6c495c0c9188";

void write_elbv2(const CaptureDir& dir, const std::string& listeners_file) {
  std::string base = "222222222222/eu-west-1/elbv2/";
  dir.write(base + "DescribeTargetGroups.json", R"({"TargetGroups": []})");
  dir.write(base + "DescribeLoadBalancers.json", std::string(R"({"LoadBalancers": [{
    "LoadBalancerArn": ")") + kLbArn + R"(", "DNSName": "web-1234.eu-west-1.elb.amazonaws.com",
    "CanonicalHostedZoneId": "Z32O12XQLNTSW2", "CreatedTime": "2026-01-10T10:00:00.000Z", "LoadBalancerName": "web",
    "Scheme": "internet-facing", "VpcId": "vpc-0abc", "State": {"Code": "active"}, "Type": "application",
    "AvailabilityZones": [{"ZoneName": "eu-west-1a", "SubnetId": "subnet-1"}],
    "SecurityGroups": ["sg-0lb00000000000001", "sg-0lb00000000000002"], "IpAddressType": "ipv4"}]})");
  std::string key = percent_encode(kLbArn);
  dir.write(base + "DescribeLoadBalancerAttributes/" + key + ".json", R"({"Attributes": [
    {"Key": "access_logs.s3.enabled", "Value": "false"},
    {"Key": "routing.http.drop_invalid_header_fields.enabled", "Value": "true"}]})");
  if (!listeners_file.empty())
    dir.write(base + "DescribeListeners/" + key + ".json", listeners_file);
  dir.write(base + "DescribeTags/" + key + ".json",
            std::string(R"({"TagDescriptions": [{"ResourceArn": ")") + kLbArn +
                R"(", "Tags": [{"Key": "env", "Value": "prod"}]}]})");
}

TEST(PerResource, OutputsAreMergedUnderConfigWithTagsFromTheTagCall) {
  CaptureDir dir;
  write_elbv2(
      dir,
      R"({"Listeners": [{"ListenerArn": "arn:aws:elasticloadbalancing:eu-west-1:222222222222:listener/app/web/50dc6c495c0c9188/f2f7dc8efc522ab2",
    "LoadBalancerArn": "x", "Port": 80, "Protocol": "HTTP", "DefaultActions": [{"Type": "forward"}]}]})");
  CaptureResult r = read_ok(dir);
  const Asset* lb = r.inventory.find(kLbArn);
  ASSERT_NE(lb, nullptr);
  EXPECT_EQ(lb->type, "aws.elbv2.load-balancer");
  EXPECT_EQ(lb->name, "web");
  EXPECT_EQ(at_path(*lb, "config.Scheme").as_string(),
            "internet-facing");  // the list item, unchanged
  // Each call's output unchanged under config.<Operation minus Describe> (catalog.h).
  EXPECT_EQ(at_path(*lb, "config.Listeners.Listeners").at(0).find("Protocol").as_string(), "HTTP");
  EXPECT_EQ(at_path(*lb, "config.LoadBalancerAttributes.Attributes").at(0).find("Key").as_string(),
            "access_logs.s3.enabled");
  EXPECT_EQ(at_path(*lb, "tags.env").as_string(), "prod");
  EXPECT_EQ(strings_at(*lb, "relationships.security_groups"),
            (std::vector<std::string>{
                "arn:aws:ec2:eu-west-1:222222222222:security-group/sg-0lb00000000000001",
                "arn:aws:ec2:eu-west-1:222222222222:security-group/sg-0lb00000000000002"}));
  EXPECT_FALSE(at_path(*lb, "errors").valid());
}

TEST(PerResource, AFailedCallMakesThatPartUnavailableAndIsListedInErrors) {
  CaptureDir dir;
  write_elbv2(
      dir,
      R"({"Error": {"Code": "AccessDenied", "Message": "User: arn:aws:sts::222222222222:assumed-role/audit/x is not authorized to perform: elasticloadbalancing:DescribeListeners"}})");
  CaptureResult r = read_ok(dir);
  const Asset* lb = r.inventory.find(kLbArn);
  ASSERT_NE(lb, nullptr);
  JsonRef listeners = at_path(*lb, "config.Listeners");
  ASSERT_TRUE(listeners.valid());
  EXPECT_EQ(listeners.kind(), JsonKind::Unavailable);
  EXPECT_EQ(listeners.as_string().substr(0, 33), "DescribeListeners: AccessDenied: ");
  JsonRef errors = at_path(*lb, "errors");
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors.at(0).find("part").as_string(), "config.Listeners");
  EXPECT_EQ(errors.at(0).find("operation").as_string(), "DescribeListeners");
  EXPECT_EQ(errors.at(0).find("code").as_string(), "AccessDenied");
  // The other parts are unaffected.
  EXPECT_EQ(at_path(*lb, "tags.env").as_string(), "prod");
  EXPECT_EQ(r.summary.errors_by_code.at("AccessDenied"), 1u);
  EXPECT_FALSE(
      r.summary.partial());  // a per-resource error is recorded on the asset, not a failed scope
}

TEST(PerResource, AMissingFileIsNotCapturedNotAbsent) {
  CaptureDir dir;
  write_elbv2(dir, "");  // no DescribeListeners folder at all
  CaptureResult r = read_ok(dir);
  const Asset* lb = r.inventory.find(kLbArn);
  ASSERT_NE(lb, nullptr);
  EXPECT_EQ(at_path(*lb, "config.Listeners").kind(), JsonKind::Unavailable);
  EXPECT_EQ(at_path(*lb, "errors").at(0).find("code").as_string(), "NotCaptured");
}

TEST(PerResource, AFailedTagCallMakesTagsUnavailable) {
  CaptureDir dir;
  write_elbv2(dir, R"({"Listeners": []})");
  dir.write("222222222222/eu-west-1/elbv2/DescribeTags/" + percent_encode(kLbArn) + ".json",
            R"({"Error": {"Code": "Throttling", "Message": "Rate exceeded"}})");
  CaptureResult r = read_ok(dir);
  const Asset* lb = r.inventory.find(kLbArn);
  ASSERT_NE(lb, nullptr);
  EXPECT_EQ(at_path(*lb, "tags").kind(), JsonKind::Unavailable);
  EXPECT_EQ(at_path(*lb, "tags").as_string(), "DescribeTags: Throttling: Rate exceeded");
  std::vector<std::string> parts;
  JsonRef errors = at_path(*lb, "errors");
  for (uint32_t i = 0; i < errors.size(); ++i)
    parts.emplace_back(errors.at(i).find("part").as_string());
  EXPECT_EQ(parts,
            (std::vector<std::string>{"config.Tags", "tags"}));  // DescribeTags -> config.Tags
  EXPECT_EQ(r.summary.errors_by_code.at("Throttling"), 1u);      // one failure, counted once
}

void write_opensearch(const CaptureDir& dir, const std::string& describe) {
  std::string base = "333333333333/us-east-2/opensearch/";
  dir.write(base + "ListDomainNames.json",
            R"({"DomainNames": [{"DomainName": "logs", "EngineType": "OpenSearch"}]})");
  dir.write(base + "DescribeDomain/logs.json", describe);
  dir.write(base + "ListTags/" + percent_encode("arn:aws:es:us-east-2:333333333333:domain/logs") +
                ".json",
            R"({"TagList": [{"Key": "team", "Value": "search"}]})");
}

TEST(PerResource, EmbeddedPolicyDocumentsAreDecodedAndRelationsReadMergedOutputs) {
  CaptureDir dir;
  write_opensearch(dir, R"({"DomainStatus": {"DomainId": "333333333333/logs", "DomainName": "logs",
    "ARN": "arn:aws:es:us-east-2:333333333333:domain/logs", "Created": true, "Deleted": false,
    "EngineVersion": "OpenSearch_2.11",
    "AccessPolicies": "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"*\"},\"Action\":\"es:*\",\"Resource\":\"arn:aws:es:us-east-2:333333333333:domain/logs/*\"}]}",
    "EncryptionAtRestOptions": {"Enabled": false},
    "NodeToNodeEncryptionOptions": {"Enabled": true},
    "VPCOptions": {"VPCId": "vpc-0search", "SubnetIds": ["subnet-9"], "SecurityGroupIds": ["sg-0search000000001"]}}})");
  CaptureResult r = read_ok(dir);
  const Asset* d = r.inventory.find("arn:aws:es:us-east-2:333333333333:domain/logs");
  ASSERT_NE(d, nullptr);
  EXPECT_EQ(d->type, "aws.opensearch.domain");
  EXPECT_EQ(at_path(*d, "config.EngineType").as_string(), "OpenSearch");
  JsonRef policy = at_path(*d, "config.Domain.DomainStatus.AccessPolicies");
  ASSERT_EQ(policy.kind(), JsonKind::Object);
  EXPECT_EQ(policy.find("Statement").at(0).find("Principal").find("AWS").as_string(), "*");
  EXPECT_FALSE(at_path(*d, "config.Domain.DomainStatus.EncryptionAtRestOptions.Enabled").as_bool());
  EXPECT_EQ(at_path(*d, "tags.team").as_string(),
            "search");  // ListTags keyed by the percent-encoded ARN
  EXPECT_EQ(strings_at(*d, "relationships.security_groups"),
            (std::vector<std::string>{
                "arn:aws:ec2:us-east-2:333333333333:security-group/sg-0search000000001"}));
}

TEST(PerResource, RelationsFromAFailedCallAreUnavailable) {
  CaptureDir dir;
  write_opensearch(
      dir, R"({"Error": {"Code": "AccessDeniedException", "Message": "no es:DescribeDomain"}})");
  CaptureResult r = read_ok(dir);
  const Asset* d = r.inventory.find("arn:aws:es:us-east-2:333333333333:domain/logs");
  ASSERT_NE(d, nullptr);
  EXPECT_EQ(at_path(*d, "config.Domain").kind(), JsonKind::Unavailable);
  EXPECT_EQ(at_path(*d, "relationships.security_groups").kind(), JsonKind::Unavailable);
  EXPECT_EQ(at_path(*d, "tags.team").as_string(), "search");
}

TEST(PerResource, AMalformedPerResourceFileNamesTheByteOffsetAndMakesTheScanPartial) {
  CaptureDir dir;
  write_elbv2(dir, "{\"Listeners\": [ {\"Port\": 80,, } ]}");
  CaptureResult r = read_ok(dir);
  const Asset* lb = r.inventory.find(kLbArn);
  ASSERT_NE(lb, nullptr);
  EXPECT_EQ(at_path(*lb, "config.Listeners").kind(), JsonKind::Unavailable);
  EXPECT_EQ(at_path(*lb, "errors").at(0).find("code").as_string(), "MalformedJSON");
  EXPECT_TRUE(
      has_problem(r.summary, "DescribeListeners/" + percent_encode(kLbArn) + ".json: at byte 28"))
      << r.summary.problems.at(0);
  EXPECT_EQ(r.summary.malformed_files, 1u);
  EXPECT_TRUE(r.summary.partial());
}

TEST(PerResource, PercentEncoding) {
  EXPECT_EQ(percent_encode("my-bucket.logs_1~"), "my-bucket.logs_1~");
  EXPECT_EQ(percent_encode("arn:aws:x/y z"), "arn%3Aaws%3Ax%2Fy%20z");
  EXPECT_EQ(percent_decode("arn%3Aaws%3Ax%2Fy%20z"), "arn:aws:x/y z");
  EXPECT_EQ(percent_decode("%7B%22a%22%3A1%7D"), "{\"a\":1}");
}

// Reproduced on main: a key whose encoding is longer than a file name allows
// could not be written by `vigil collect`, so the resource's policies turned
// unknown: whoever names a resource could blind its checks.
TEST(PerResource, LongKeysRoundTripThroughHashedFileNames) {
  std::string long_arn =
      std::string(kLbArn) + "/" + std::string(120, 'x') + "/" + std::string(100, 'y');
  std::string name = resource_file_name(long_arn);
  EXPECT_LE(name.size(), 228u);
  EXPECT_NE(name.find("%%sha256-"), std::string::npos);
  EXPECT_EQ(name, resource_file_name(long_arn));  // deterministic
  EXPECT_NE(name, resource_file_name(long_arn + "z"));
  // Short keys keep the documented name; no escape is cut in two.
  EXPECT_EQ(resource_file_name(kLbArn), percent_encode(kLbArn) + ".json");
  std::string escapes(200, ':');
  std::string hashed = resource_file_name(escapes);
  EXPECT_EQ(hashed.substr(0, hashed.find("%%")).size() % 3, 0u) << hashed;

  CaptureDir dir;
  std::string base = "222222222222/eu-west-1/elbv2/";
  dir.write(base + "DescribeTargetGroups.json", R"({"TargetGroups": []})");
  dir.write(base + "DescribeLoadBalancers.json", R"({"LoadBalancers": [{"LoadBalancerArn": ")" +
                                                     long_arn + R"(", "LoadBalancerName": "web",
                "Type": "application", "Scheme": "internal", "VpcId": "vpc-1"}]})");
  std::filesystem::path folder = folder_path(dir.path(), "222222222222", "eu-west-1", "elbv2");
  for (const char* op : {"DescribeLoadBalancerAttributes", "DescribeListeners", "DescribeTags"}) {
    std::string text = std::string(op) == "DescribeTags"
                           ? R"({"TagDescriptions": [{"ResourceArn": ")" + long_arn +
                                 R"(", "Tags": [{"Key": "env", "Value": "prod"}]}]})"
                       : std::string(op) == "DescribeListeners" ? R"({"Listeners": []})"
                                                                : R"({"Attributes": []})";
    Status written = write_capture_file(resource_path(folder, op, long_arn), text);
    ASSERT_TRUE(written.ok()) << written.error().message;
  }
  CaptureResult r = read_ok(dir);
  const Asset* lb = r.inventory.find(long_arn);
  ASSERT_NE(lb, nullptr);
  EXPECT_EQ(at_path(*lb, "tags.env").as_string(), "prod");
  EXPECT_EQ(at_path(*lb, "config.Listeners.Listeners").kind(), JsonKind::Array);
}

// Reproduced on main: `{"Reservations":` and 300,000 '[' killed `vigil scan`
// with SIGSEGV (the error path recursed once per level).
TEST(PerResource, HostileNestingIsAMalformedFileNotACrash) {
  CaptureDir dir;
  dir.write("111111111111/us-east-1/ec2/DescribeInstances.json",
            "{\"Reservations\":" + std::string(300000, '['));
  CaptureResult r = read_ok(dir);
  EXPECT_TRUE(has_problem(r.summary, "nested deeper than 1024 levels"))
      << ::testing::PrintToString(r.summary.problems);
  EXPECT_TRUE(r.summary.partial());
}

// Captures hold a company's inventory: private whatever the umask, and a
// symlink planted at a file's name is replaced, never written through.
TEST(PerResource, CaptureFilesArePrivateAndNeverFollowSymlinks) {
  CaptureDir dir;
  mode_t old = ::umask(0);
  std::filesystem::path file =
      std::filesystem::path(dir.path()) / "111111111111/us-east-1/ec2/DescribeVolumes.json";
  Status written = write_capture_file(file, "{}\n");
  ::umask(old);
  ASSERT_TRUE(written.ok()) << written.error().message;
  namespace fs = std::filesystem;
  EXPECT_EQ(fs::status(file).permissions() & fs::perms::all,
            fs::perms::owner_read | fs::perms::owner_write);
  EXPECT_EQ(fs::status(file.parent_path()).permissions() & fs::perms::all, fs::perms::owner_all);
  EXPECT_EQ(
      fs::status(file.parent_path().parent_path().parent_path()).permissions() & fs::perms::all,
      fs::perms::owner_all);

  std::filesystem::path target = std::filesystem::path(dir.path()) / "victim";
  std::ofstream(target) << "keep";
  std::filesystem::path link = file.parent_path() / "DescribeSnapshots.json";
  fs::create_symlink(target, link);
  ASSERT_TRUE(write_capture_file(link, "{}\n").ok());
  std::ifstream in(target);
  std::string kept((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_EQ(kept, "keep");
  EXPECT_FALSE(fs::is_symlink(link));
}

}  // namespace
}  // namespace vigil::aws
