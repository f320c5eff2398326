// S3 buckets from a capture: per-bucket calls merged under the documented
// names, the bucket policy decoded, "not configured" codes as absence, a
// denied call as unavailable, tags from GetBucketTagging, and the asset
// region from GetBucketLocation (null -> us-east-1, "EU" -> eu-west-1).
#include <gtest/gtest.h>

#include "capture_fixture.h"

namespace vigil::aws {
namespace {

using testing::at_path;
using testing::get;
using testing::CaptureDir;
using testing::read_ok;

constexpr const char* kS3 = "111111111111/global/s3/";

void write_buckets(const CaptureDir& dir) {
  std::string d = kS3;
  dir.write(d + "ListBuckets.json", R"({"Buckets": [
    {"Name": "acme-site", "CreationDate": "2024-03-18T10:12:00+00:00"},
    {"Name": "acme-logs", "CreationDate": "2023-01-01T00:00:00+00:00"},
    {"Name": "acme-legacy", "CreationDate": "2015-06-01T00:00:00+00:00"}],
    "Owner": {"DisplayName": "acme", "ID": "7a1c0ffee0d15ea5e"}})");
  // acme-site: public policy, no public access block, encrypted, tagged, in eu-central-1.
  dir.write(d + "GetBucketAcl/acme-site.json", R"({"Owner": {"ID": "7a1c0ffee0d15ea5e"}, "Grants": [
    {"Grantee": {"Type": "Group", "URI": "http://acs.amazonaws.com/groups/global/AllUsers"}, "Permission": "READ"}]})");
  dir.write(
      d + "GetBucketPolicy/acme-site.json",
      R"({"Policy": "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"PublicRead\",\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":\"s3:GetObject\",\"Resource\":\"arn:aws:s3:::acme-site/*\"}]}"})");
  dir.write(d + "GetBucketPolicyStatus/acme-site.json", R"({"PolicyStatus": {"IsPublic": true}})");
  dir.write(
      d + "GetPublicAccessBlock/acme-site.json",
      R"({"Error": {"Code": "NoSuchPublicAccessBlockConfiguration", "Message": "The public access block configuration was not found"}})");
  dir.write(d + "GetBucketEncryption/acme-site.json",
            R"({"ServerSideEncryptionConfiguration": {"Rules": [
    {"ApplyServerSideEncryptionByDefault": {"SSEAlgorithm": "AES256"}, "BucketKeyEnabled": false}]}})");
  dir.write(d + "GetBucketVersioning/acme-site.json",
            R"({"Status": "Enabled", "MFADelete": "Disabled"})");
  dir.write(d + "GetBucketLogging/acme-site.json",
            R"({"LoggingEnabled": {"TargetBucket": "acme-logs", "TargetPrefix": "site/"}})");
  dir.write(d + "GetBucketLocation/acme-site.json", R"({"LocationConstraint": "eu-central-1"})");
  dir.write(d + "GetBucketTagging/acme-site.json",
            R"({"TagSet": [{"Key": "env", "Value": "prod"}, {"Key": "owner", "Value": "web"}]})");
  dir.write(
      d + "GetBucketLifecycleConfiguration/acme-site.json",
      R"({"Error": {"Code": "NoSuchLifecycleConfiguration", "Message": "The lifecycle configuration does not exist"}})");
  dir.write(d + "GetBucketWebsite/acme-site.json",
            R"({"IndexDocument": {"Suffix": "index.html"}, "ErrorDocument": {"Key": "404.html"}})");
  // acme-logs: no policy, everything blocked, us-east-1 (null), logging denied.
  dir.write(d + "GetBucketAcl/acme-logs.json",
            R"({"Owner": {"ID": "7a1c0ffee0d15ea5e"}, "Grants": []})");
  dir.write(
      d + "GetBucketPolicy/acme-logs.json",
      R"({"Error": {"Code": "NoSuchBucketPolicy", "Message": "The bucket policy does not exist"}})");
  dir.write(
      d + "GetBucketPolicyStatus/acme-logs.json",
      R"({"Error": {"Code": "NoSuchBucketPolicy", "Message": "The bucket policy does not exist"}})");
  dir.write(d + "GetPublicAccessBlock/acme-logs.json",
            R"({"PublicAccessBlockConfiguration": {"BlockPublicAcls": true,
    "IgnorePublicAcls": true, "BlockPublicPolicy": true, "RestrictPublicBuckets": true}})");
  dir.write(
      d + "GetBucketEncryption/acme-logs.json",
      R"({"Error": {"Code": "ServerSideEncryptionConfigurationNotFoundError", "Message": "The server side encryption configuration was not found"}})");
  dir.write(d + "GetBucketVersioning/acme-logs.json", "{}");
  dir.write(d + "GetBucketLogging/acme-logs.json",
            R"({"Error": {"Code": "AccessDenied", "Message": "Access Denied"}})");
  dir.write(d + "GetBucketLocation/acme-logs.json", R"({"LocationConstraint": null})");
  dir.write(d + "GetBucketTagging/acme-logs.json",
            R"({"Error": {"Code": "NoSuchTagSet", "Message": "The TagSet does not exist"}})");
  dir.write(
      d + "GetBucketWebsite/acme-logs.json",
      R"({"Error": {"Code": "NoSuchWebsiteConfiguration", "Message": "The specified bucket does not have a website configuration"}})");
  dir.write(d + "GetBucketLifecycleConfiguration/acme-logs.json",
            R"({"Rules": [{"ID": "expire", "Status": "Enabled",
    "Filter": {"Prefix": ""}, "Expiration": {"Days": 365}}]})");
  // acme-legacy: an "EU" bucket whose tagging call was throttled; other calls not captured.
  dir.write(d + "GetBucketLocation/acme-legacy.json", R"({"LocationConstraint": "EU"})");
  dir.write(d + "GetBucketTagging/acme-legacy.json",
            R"({"Error": {"Code": "Throttling", "Message": "Rate exceeded"}})");
}

TEST(S3Types, BucketMergesItsCallsAndDecodesThePolicy) {
  CaptureDir dir;
  write_buckets(dir);
  CaptureResult r = read_ok(dir);
  const Asset& site = get(r, "arn:aws:s3:::acme-site");
  EXPECT_EQ(site.type, "aws.s3.bucket");
  EXPECT_EQ(site.name, "acme-site");
  EXPECT_EQ(site.region, "eu-central-1");
  EXPECT_EQ(site.account, "111111111111");
  EXPECT_EQ(at_path(site, "tags.env").as_string(), "prod");
  EXPECT_EQ(at_path(site, "tags.owner").as_string(), "web");
  EXPECT_EQ(at_path(site, "config.CreationDate").as_string(), "2024-03-18T10:12:00+00:00");
  EXPECT_EQ(at_path(site, "config.BucketAcl.Grants").at(0).find("Permission").as_string(), "READ");
  // Each call's output unchanged under config.<Operation minus Get>; the
  // policy document decoded in place of GetBucketPolicy's Policy string.
  JsonRef statement = at_path(site, "config.BucketPolicy.Policy.Statement").at(0);
  EXPECT_EQ(statement.find("Principal").as_string(), "*");
  EXPECT_EQ(statement.find("Sid").as_string(), "PublicRead");
  EXPECT_TRUE(at_path(site, "config.BucketPolicyStatus.PolicyStatus.IsPublic").as_bool());
  EXPECT_FALSE(at_path(site, "config.PublicAccessBlock").valid());  // not configured
  EXPECT_EQ(at_path(site, "config.BucketEncryption.ServerSideEncryptionConfiguration.Rules")
                .at(0)
                .find("ApplyServerSideEncryptionByDefault")
                .find("SSEAlgorithm")
                .as_string(),
            "AES256");
  EXPECT_EQ(at_path(site, "config.BucketVersioning.Status").as_string(), "Enabled");
  EXPECT_EQ(at_path(site, "config.BucketLogging.LoggingEnabled.TargetBucket").as_string(), "acme-logs");
  EXPECT_FALSE(at_path(site, "config.BucketLifecycleConfiguration").valid());
  EXPECT_EQ(at_path(site, "config.BucketWebsite.IndexDocument.Suffix").as_string(), "index.html");
  EXPECT_FALSE(at_path(site, "errors").valid());
}

TEST(S3Types, AbsenceIsNotAnErrorButADeniedCallIsUnknown) {
  CaptureDir dir;
  write_buckets(dir);
  CaptureResult r = read_ok(dir);
  const Asset& logs = get(r, "arn:aws:s3:::acme-logs");
  EXPECT_EQ(logs.region, "us-east-1");
  EXPECT_FALSE(at_path(logs, "config.BucketPolicy").valid());
  EXPECT_FALSE(at_path(logs, "config.BucketPolicyStatus").valid());
  EXPECT_FALSE(at_path(logs, "config.BucketEncryption").valid());
  EXPECT_TRUE(
      at_path(logs, "config.PublicAccessBlock.PublicAccessBlockConfiguration.RestrictPublicBuckets").as_bool());
  EXPECT_EQ(at_path(logs, "config.BucketVersioning").kind(), JsonKind::Object);
  EXPECT_EQ(at_path(logs, "config.BucketLifecycleConfiguration.Rules").at(0).find("ID").as_string(),
            "expire");
  EXPECT_EQ(at_path(logs, "tags").size(), 0u);  // NoSuchTagSet: no tags, known
  EXPECT_FALSE(at_path(logs, "config.BucketWebsite").valid());  // NoSuchWebsiteConfiguration
  JsonRef logging = at_path(logs, "config.BucketLogging");
  ASSERT_EQ(logging.kind(), JsonKind::Unavailable);
  EXPECT_EQ(logging.as_string(), "GetBucketLogging: AccessDenied: Access Denied");
  JsonRef errors = at_path(logs, "errors");
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors.at(0).find("part").as_string(), "config.BucketLogging");
}

TEST(S3Types, EuLocationAndFailedTaggingMakeTagsUnknown) {
  CaptureDir dir;
  write_buckets(dir);
  CaptureResult r = read_ok(dir);
  const Asset& legacy = get(r, "arn:aws:s3:::acme-legacy");
  EXPECT_EQ(legacy.region, "eu-west-1");
  EXPECT_EQ(at_path(legacy, "tags").kind(), JsonKind::Unavailable);
  EXPECT_EQ(at_path(legacy, "config.BucketAcl").kind(), JsonKind::Unavailable);  // not captured
  EXPECT_EQ(r.summary.assets_by_type.at("aws.s3.bucket"), 3u);
}

}  // namespace
}  // namespace vigil::aws
