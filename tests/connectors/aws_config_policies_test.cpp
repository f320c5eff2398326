// The bundled policies (policies/aws) over the same estate read from a
// capture and from AWS Config, through `vigil scan --format json`: policies
// about what Config records give the same verdicts on both sources; those
// reading what Config does not record come out unknown, never compliant.
// Also: a malformed Config file makes the scan exit 3 (partial), as for captures.
#include <gtest/gtest.h>

#include "aws_config_fixture.h"
#include "aws_config_scan.h"

namespace vigil::aws_config::testing {
namespace {

const std::string kPoliciesAcct = "111111111111";
// {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]},
// URL-encoded as IAM and AWS Config hold inline policy documents.
constexpr const char* kEverything =
    "%7B%22Version%22%3A%222012-10-17%22%2C%22Statement%22%3A%5B%7B%22Effect%22%3A%22Allow%22%2C"
    "%22Action%22%3A%22*%22%2C%22Resource%22%3A%22*%22%7D%5D%7D";

void write_policies_capture(const aws::testing::CaptureDir& cap) {
  aws::testing::write_empty_lists(cap, kPoliciesAcct, "us-east-1", "ec2");
  aws::testing::write_empty_lists(cap, kPoliciesAcct, "global", "iam");
  cap.write(kPoliciesAcct + "/us-east-1/ec2/DescribeSecurityGroups.json", R"({"SecurityGroups": [
    {"GroupId": "sg-open", "GroupName": "open", "Description": "ssh", "OwnerId": "111111111111", "VpcId": "vpc-1",
     "IpPermissions": [{"IpProtocol": "tcp", "FromPort": 22, "ToPort": 22, "IpRanges": [{"CidrIp": "0.0.0.0/0"}],
                        "Ipv6Ranges": [], "PrefixListIds": [], "UserIdGroupPairs": []}], "IpPermissionsEgress": []},
    {"GroupId": "sg-closed", "GroupName": "closed", "Description": "https", "OwnerId": "111111111111", "VpcId": "vpc-1",
     "IpPermissions": [{"IpProtocol": "tcp", "FromPort": 443, "ToPort": 443, "IpRanges": [{"CidrIp": "0.0.0.0/0"}],
                        "Ipv6Ranges": [], "PrefixListIds": [], "UserIdGroupPairs": []}], "IpPermissionsEgress": []}]})");
  cap.write(kPoliciesAcct + "/us-east-1/ec2/DescribeVolumes.json", R"({"Volumes": [
    {"VolumeId": "vol-plain", "Size": 8, "Encrypted": false, "Attachments": []},
    {"VolumeId": "vol-enc", "Size": 8, "Encrypted": true, "Attachments": []}]})");
  cap.write(kPoliciesAcct + "/global/s3control/GetPublicAccessBlock.json",
            R"({"Error": {"Code": "NoSuchPublicAccessBlockConfiguration", "Message": "none"}})");
  cap.write(kPoliciesAcct + "/global/s3/ListBuckets.json",
            R"({"Buckets": [{"Name": "acme-public", "CreationDate": "2024-01-01T00:00:00+00:00"},
                                                                   {"Name": "acme-private", "CreationDate": "2024-01-01T00:00:00+00:00"}]})");
  for (const std::string b : {"acme-public", "acme-private"}) {
    auto call = [&](const std::string& op, const std::string& text) {
      cap.write(kPoliciesAcct + "/global/s3/" + op + "/" + b + ".json", text);
    };
    std::string grants =
        R"([{"Grantee": {"ID": "c0ffee", "Type": "CanonicalUser"}, "Permission": "FULL_CONTROL"})";
    if (b == "acme-public")
      grants +=
          R"(, {"Grantee": {"Type": "Group", "URI": "http://acs.amazonaws.com/groups/global/AllUsers"}, "Permission": "READ"})";
    call("GetBucketAcl", R"({"Owner": {"ID": "c0ffee"}, "Grants": )" + grants + "]}");
    call("GetBucketPolicy", R"({"Error": {"Code": "NoSuchBucketPolicy", "Message": "none"}})");
    call("GetBucketPolicyStatus",
         R"({"Error": {"Code": "NoSuchBucketPolicy", "Message": "none"}})");
    if (b == "acme-private")
      call("GetPublicAccessBlock",
           R"({"PublicAccessBlockConfiguration": {"BlockPublicAcls": true, "IgnorePublicAcls": true,
           "BlockPublicPolicy": true, "RestrictPublicBuckets": true}})");
    else
      call("GetPublicAccessBlock",
           R"({"Error": {"Code": "NoSuchPublicAccessBlockConfiguration", "Message": "none"}})");
    call("GetBucketLocation", R"({"LocationConstraint": null})");
    if (b == "acme-public")
      call("GetBucketWebsite", R"({"IndexDocument": {"Suffix": "index.html"}})");
    else
      call("GetBucketWebsite",
           R"({"Error": {"Code": "NoSuchWebsiteConfiguration", "Message": "none"}})");
  }
  cap.write(
      kPoliciesAcct + "/global/iam/ListUsers.json",
      R"({"Users": [{"Path": "/", "UserName": "bob", "UserId": "AIDB", "Arn": "arn:aws:iam::111111111111:user/bob",
                           "CreateDate": "2020-01-01T00:00:00+00:00"}]})");
  cap.write(
      kPoliciesAcct + "/global/iam/ListAccessKeys/bob.json",
      R"({"AccessKeyMetadata": [{"UserName": "bob", "AccessKeyId": "AKIAOLD", "Status": "Active",
                                       "CreateDate": "2020-01-01T00:00:00+00:00"}], "IsTruncated": false})");
  // What AWS Config also records for the user (no policies, no groups), so both sources can answer.
  cap.write(kPoliciesAcct + "/global/iam/ListAttachedUserPolicies/bob.json",
            R"({"AttachedPolicies": [], "IsTruncated": false})");
  cap.write(kPoliciesAcct + "/global/iam/ListUserPolicies/bob.json",
            R"({"PolicyNames": ["everything"], "IsTruncated": false})");
  cap.write(kPoliciesAcct + "/global/iam/GetUserPolicy/bob/everything.json",
            std::string(R"({"UserName": "bob", "PolicyName": "everything", "PolicyDocument": ")") +
                kEverything + "\"}");
  cap.write(kPoliciesAcct + "/global/iam/ListGroupsForUser/bob.json",
            R"({"Groups": [], "IsTruncated": false})");
}

json sg_item(const std::string& id, int port) {
  return item("AWS::EC2::SecurityGroup", id,
              {{"groupId", id},
               {"groupName", id.substr(3)},
               {"ownerId", kPoliciesAcct},
               {"vpcId", "vpc-1"},
               {"ipPermissions",
                {{{"ipProtocol", "tcp"},
                  {"fromPort", port},
                  {"toPort", port},
                  {"ipv4Ranges", {{{"cidrIp", "0.0.0.0/0"}}}},
                  {"ipRanges", {"0.0.0.0/0"}},
                  {"ipv6Ranges", json::array()},
                  {"prefixListIds", json::array()},
                  {"userIdGroupPairs", json::array()}}}},
               {"ipPermissionsEgress", json::array()}},
              "arn:aws:ec2:us-east-1:111111111111:security-group/" + id);
}

json bucket_item(const std::string& name, bool open) {
  json b =
      item("AWS::S3::Bucket", name, {{"name", name}, {"creationDate", "2024-01-01T00:00:00+00:00"}},
           "arn:aws:s3:::" + name);
  std::string grants =
      R"([{"grantee":{"id":"c0ffee","displayName":null},"permission":"FullControl"})";
  if (open) grants += R"(,{"grantee":"AllUsers","permission":"Read"})";
  b["supplementaryConfiguration"] = {
      {"AccessControlList", R"({"grantList":)" + grants + R"(],"owner":{"id":"c0ffee"}})"},
      {"BucketPolicy", {{"policyText", nullptr}}}};
  if (open)
    b["supplementaryConfiguration"]["BucketWebsiteConfiguration"] = {
        {"indexDocumentSuffix", "index.html"}, {"errorDocument", nullptr}};
  if (!open)
    b["supplementaryConfiguration"]["PublicAccessBlockConfiguration"] = {
        {"blockPublicAcls", true},
        {"ignorePublicAcls", true},
        {"blockPublicPolicy", true},
        {"restrictPublicBuckets", true}};
  return b;
}

void write_policies_config(const aws::testing::CaptureDir& dir) {
  json volumes = json::array();
  for (auto [id, enc] : {std::pair{"vol-plain", false}, std::pair{"vol-enc", true}})
    volumes.push_back(
        item("AWS::EC2::Volume", id,
             {{"volumeId", id}, {"size", 8}, {"encrypted", enc}, {"attachments", json::array()}},
             std::string("arn:aws:ec2:us-east-1:111111111111:volume/") + id));
  json regional = json::array({sg_item("sg-open", 22), sg_item("sg-closed", 443)});
  for (const json& v : volumes) regional.push_back(v);
  dir.write(snapshot_path(kPoliciesAcct, "us-east-1", "r") + ".gz",
            gzip(snapshot(regional).dump()));
  json user =
      item("AWS::IAM::User", "AIDB",
           {{"path", "/"},
            {"userName", "bob"},
            {"userId", "AIDB"},
            {"arn", "arn:aws:iam::111111111111:user/bob"},
            {"createDate", "2020-01-01T00:00:00+00:00"},
            {"userPolicyList", {{{"policyName", "everything"}, {"policyDocument", kEverything}}}},
            {"groupList", json::array()},
            {"attachedManagedPolicies", json::array()}},
           "arn:aws:iam::111111111111:user/bob", "global");
  user["resourceName"] = "bob";
  json account_block = item("AWS::S3::AccountPublicAccessBlock", kPoliciesAcct,
                            {{"blockPublicAcls", false},
                             {"ignorePublicAcls", false},
                             {"blockPublicPolicy", false},
                             {"restrictPublicBuckets", false}});
  dir.write(snapshot_path(kPoliciesAcct, "us-east-1", "g"),
            snapshot({bucket_item("acme-public", true), bucket_item("acme-private", false), user,
                      account_block})
                .dump());
}

TEST(AwsConfigPolicies, BundledPoliciesWorkOnBothSources) {
  if (!std::filesystem::exists(kVigil))
    GTEST_SKIP() << kVigil << " is not built: build the `vigil` target to run this test";
  aws::testing::CaptureDir cap, cfg;
  write_policies_capture(cap);
  write_policies_config(cfg);
  Scan from_capture = run_scan("--capture", cap.path());
  Scan from_config = run_scan("--aws-config", cfg.path());
  EXPECT_EQ(from_config.exit_code, 0);
  const std::string sg = "arn:aws:ec2:us-east-1:111111111111:security-group/";
  const std::string vol = "arn:aws:ec2:us-east-1:111111111111:volume/";
  const std::vector<std::tuple<std::string, std::string, std::string>> same = {
      {"aws-ec2-security-group-admin-ports-open-ipv4", sg + "sg-open", "violation"},
      {"aws-ec2-security-group-admin-ports-open-ipv4", sg + "sg-closed", "compliant"},
      {"aws-ec2-ebs-volume-unencrypted", vol + "vol-plain", "violation"},
      {"aws-ec2-ebs-volume-unencrypted", vol + "vol-enc", "compliant"},
      {"aws-s3-bucket-public", "arn:aws:s3:::acme-public", "violation"},
      {"aws-s3-bucket-public", "arn:aws:s3:::acme-private", "compliant"},
      {"aws-s3-bucket-public-access-block", "arn:aws:s3:::acme-public", "violation"},
      {"aws-s3-bucket-public-access-block", "arn:aws:s3:::acme-private", "compliant"},
      {"aws-s3-bucket-website", "arn:aws:s3:::acme-public", "violation"},
      {"aws-s3-bucket-website", "arn:aws:s3:::acme-private", "compliant"},
      {"aws-iam-user-inline-full-admin", "arn:aws:iam::111111111111:user/bob", "violation"},
  };
  for (const auto& [policy, asset, expected] : same) {
    EXPECT_EQ(from_capture.status[std::pair(policy, asset)], expected)
        << "capture: " << policy << " on " << asset;
    EXPECT_EQ(from_config.status[std::pair(policy, asset)], expected)
        << "AWS Config: " << policy << " on " << asset;
  }
  // Access keys are not in AWS Config: unknown there, a violation in the capture.
  const std::pair<std::string, std::string> key_age{"aws-iam-access-key-age",
                                                    "arn:aws:iam::111111111111:user/bob"};
  EXPECT_EQ(from_capture.status[key_age], "violation");
  EXPECT_EQ(from_config.status[key_age], "unknown");
  // Whatever Config cannot answer is never reported compliant where the capture says otherwise.
  for (const auto& [key, status] : from_config.status) {
    if (status == "compliant" && from_capture.status.count(key)) {
      EXPECT_EQ(from_capture.status[key], "compliant") << key.first << " on " << key.second;
    }
  }
}

TEST(AwsConfigPolicies, MalformedFileMakesTheScanPartial) {
  if (!std::filesystem::exists(kVigil))
    GTEST_SKIP() << kVigil << " is not built: build the `vigil` target to run this test";
  aws::testing::CaptureDir cfg;
  write_policies_config(cfg);
  cfg.write("AWSLogs/111111111111/Config/eu-west-1/broken.json.gz",
            gzip(R"({"configurationItems": [)"));
  Scan s = run_scan("--aws-config", cfg.path());
  EXPECT_EQ(s.exit_code, 3);
  const std::pair<std::string, std::string> plain{
      "aws-ec2-ebs-volume-unencrypted", "arn:aws:ec2:us-east-1:111111111111:volume/vol-plain"};
  EXPECT_EQ(s.status[plain], "violation");
  // The broken file's scope (account, eu-west-1) is failed: its policies report unknown there.
  const std::pair<std::string, std::string> failed{
      "aws-ec2-ebs-volume-unencrypted",
      "vigil:collection-failed/111111111111/eu-west-1/aws.ec2.volume"};
  EXPECT_EQ(s.status[failed], "unknown");
}

}  // namespace
}  // namespace vigil::aws_config::testing
