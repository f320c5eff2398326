// The same security group and bucket from a capture (AWS CLI output) and
// from AWS Config (snapshot item, and API-form item): the members policies
// read are identical.
#include <gtest/gtest.h>

#include "aws_config_fixture.h"

namespace vigil::aws_config::testing {
namespace {

const std::string kAcct = "111111111111";

void write_capture(const aws::testing::CaptureDir& cap) {
  aws::testing::write_empty_lists(cap, kAcct, "eu-west-1", "ec2");
  cap.write(kAcct + "/eu-west-1/ec2/DescribeSecurityGroups.json", R"({"SecurityGroups": [{
    "Description": "admin access", "GroupName": "admin",
    "IpPermissions": [
      {"FromPort": 3389, "IpProtocol": "tcp", "IpRanges": [{"CidrIp": "0.0.0.0/0", "Description": "rdp"}],
       "Ipv6Ranges": [{"CidrIpv6": "::/0"}], "PrefixListIds": [], "ToPort": 3389, "UserIdGroupPairs": []},
      {"IpProtocol": "-1", "IpRanges": [], "Ipv6Ranges": [], "PrefixListIds": [],
       "UserIdGroupPairs": [{"GroupId": "sg-0peer", "UserId": "111111111111"}]}],
    "OwnerId": "111111111111", "GroupId": "sg-0adm",
    "IpPermissionsEgress": [{"IpProtocol": "-1", "IpRanges": [{"CidrIp": "0.0.0.0/0"}], "Ipv6Ranges": [],
                             "PrefixListIds": [], "UserIdGroupPairs": []}],
    "Tags": [{"Key": "Name", "Value": "admin-sg"}], "VpcId": "vpc-0aa"}]})");
  cap.write(kAcct + "/global/s3/ListBuckets.json",
            R"({"Buckets": [{"Name": "acme-web", "CreationDate": "2024-01-01T00:00:00+00:00"}],
                "Owner": {"DisplayName": "acme", "ID": "c0ffee"}})");
  auto call = [&](const std::string& op, const std::string& text) {
    cap.write(kAcct + "/global/s3/" + op + "/acme-web.json", text);
  };
  call("GetBucketAcl", R"({"Owner": {"ID": "c0ffee"}, "Grants": [
      {"Grantee": {"ID": "c0ffee", "Type": "CanonicalUser"}, "Permission": "FULL_CONTROL"},
      {"Grantee": {"Type": "Group", "URI": "http://acs.amazonaws.com/groups/global/AllUsers"}, "Permission": "READ"}]})");
  call(
      "GetBucketPolicy",
      R"({"Policy": "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"Public\",\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":\"s3:GetObject\",\"Resource\":\"arn:aws:s3:::acme-web/*\"}]}"})");
  call("GetBucketPolicyStatus", R"({"PolicyStatus": {"IsPublic": true}})");
  call("GetPublicAccessBlock",
       R"({"PublicAccessBlockConfiguration": {"BlockPublicAcls": false, "IgnorePublicAcls": false,
      "BlockPublicPolicy": false, "RestrictPublicBuckets": false}})");
  call("GetBucketEncryption", R"({"ServerSideEncryptionConfiguration": {"Rules": [
      {"ApplyServerSideEncryptionByDefault": {"SSEAlgorithm": "AES256"}, "BucketKeyEnabled": false}]}})");
  call("GetBucketVersioning", R"({"Status": "Suspended", "MFADelete": "Disabled"})");
  call("GetBucketLogging", R"({})");
  call("GetBucketLocation", R"({"LocationConstraint": "eu-west-1"})");
  call("GetBucketTagging", R"({"TagSet": [{"Key": "env", "Value": "prod"}]})");
  call("GetBucketLifecycleConfiguration",
       R"({"Error": {"Code": "NoSuchLifecycleConfiguration", "Message": "none"}})");
}

json config_sg() {
  json sg = item("AWS::EC2::SecurityGroup", "sg-0adm",
                 {{"description", "admin access"},
                  {"groupName", "admin"},
                  {"ipPermissions",
                   {{{"fromPort", 3389},
                     {"ipProtocol", "tcp"},
                     {"ipv6Ranges", {{{"cidrIpv6", "::/0"}}}},
                     {"prefixListIds", json::array()},
                     {"toPort", 3389},
                     {"userIdGroupPairs", json::array()},
                     {"ipv4Ranges", {{{"cidrIp", "0.0.0.0/0"}, {"description", "rdp"}}}},
                     {"ipRanges", {"0.0.0.0/0"}}},
                    {{"ipProtocol", "-1"},
                     {"ipv6Ranges", json::array()},
                     {"prefixListIds", json::array()},
                     {"userIdGroupPairs", {{{"groupId", "sg-0peer"}, {"userId", "111111111111"}}}},
                     {"ipv4Ranges", json::array()},
                     {"ipRanges", json::array()}}}},
                  {"ownerId", "111111111111"},
                  {"groupId", "sg-0adm"},
                  {"ipPermissionsEgress",
                   {{{"ipProtocol", "-1"},
                     {"ipv6Ranges", json::array()},
                     {"prefixListIds", json::array()},
                     {"userIdGroupPairs", json::array()},
                     {"ipv4Ranges", {{{"cidrIp", "0.0.0.0/0"}}}},
                     {"ipRanges", {"0.0.0.0/0"}}}}},
                  {"tags", {{{"key", "Name"}, {"value", "admin-sg"}}}},
                  {"vpcId", "vpc-0aa"}},
                 "arn:aws:ec2:eu-west-1:111111111111:security-group/sg-0adm", "eu-west-1");
  sg["tags"] = {{"Name", "admin-sg"}};
  return sg;
}

json config_bucket() {
  json b = item("AWS::S3::Bucket", "acme-web",
                {{"name", "acme-web"},
                 {"owner", {{"displayName", "acme"}, {"id", "c0ffee"}}},
                 {"creationDate", "2024-01-01T00:00:00+00:00"}},
                "arn:aws:s3:::acme-web", "eu-west-1");
  b["tags"] = {{"env", "prod"}};
  b["supplementaryConfiguration"] = {
      {"AccessControlList",
       R"({"grantSet":null,"grantList":[{"grantee":{"id":"c0ffee","displayName":null},"permission":"FullControl"},{"grantee":"AllUsers","permission":"Read"}],"owner":{"displayName":null,"id":"c0ffee"},"isRequesterCharged":false})"},
      {"BucketPolicy",
       {{"policyText",
         R"({"Version":"2012-10-17","Statement":[{"Sid":"Public","Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::acme-web/*"}]})"}}},
      {"PublicAccessBlockConfiguration",
       {{"blockPublicAcls", false},
        {"ignorePublicAcls", false},
        {"blockPublicPolicy", false},
        {"restrictPublicBuckets", false}}},
      {"ServerSideEncryptionConfiguration",
       {{"rules",
         {{{"applyServerSideEncryptionByDefault",
            {{"sseAlgorithm", "AES256"}, {"kmsMasterKeyID", nullptr}}},
           {"bucketKeyEnabled", false}}}}}},
      {"BucketVersioningConfiguration", {{"status", "Suspended"}, {"isMfaDeleteEnabled", false}}},
      {"BucketLoggingConfiguration",
       {{"destinationBucketName", nullptr}, {"logFilePrefix", nullptr}}}};
  return b;
}

void expect_same(const Asset& capture, const Asset& config,
                 const std::vector<std::string>& members) {
  EXPECT_EQ(capture.type, config.type);
  EXPECT_EQ(capture.account, config.account);
  EXPECT_EQ(capture.region, config.region);
  EXPECT_EQ(capture.name, config.name);
  for (const std::string& m : members) {
    std::string a = json_at(capture, m), b = json_at(config, m);
    EXPECT_FALSE(a.empty()) << m << " missing from the capture asset";
    // JSON objects are unordered: compare values (member order follows each source).
    EXPECT_EQ(nlohmann::json::parse(a, nullptr, false), nlohmann::json::parse(b, nullptr, false))
        << m << "\n"
        << a << "\n"
        << b;
  }
}

TEST(AwsConfigParity, SecurityGroupAndBucketMatchTheCapture) {
  aws::testing::CaptureDir cap, snap, api;
  write_capture(cap);
  aws::CaptureResult from_capture = aws::testing::read_ok(cap);
  snap.write(snapshot_path(kAcct, "eu-west-1", "p") + ".gz",
             gzip(snapshot({config_sg(), config_bucket()}).dump()));
  api.write("items.json", json::array({api_item(config_sg()), api_item(config_bucket())}).dump());
  for (const aws::testing::CaptureDir* dir : {&snap, &api}) {
    AwsConfigResult from_config = read_ok(dir->path());
    const std::string sg_id = "arn:aws:ec2:eu-west-1:111111111111:security-group/sg-0adm";
    const Asset* a = from_capture.inventory.find(sg_id);
    const Asset* b = from_config.inventory.find(sg_id);
    ASSERT_NE(a, nullptr);
    ASSERT_NE(b, nullptr);
    expect_same(*a, *b,
                {"config.Description", "config.GroupName", "config.GroupId", "config.OwnerId",
                 "config.VpcId", "config.IpPermissions", "config.IpPermissionsEgress",
                 "config.Tags", "tags", "relationships.vpc"});
    a = from_capture.inventory.find("arn:aws:s3:::acme-web");
    b = from_config.inventory.find("arn:aws:s3:::acme-web");
    ASSERT_NE(a, nullptr);
    ASSERT_NE(b, nullptr);
    expect_same(*a, *b,
                {"config.Name", "config.CreationDate", "config.BucketAcl.Grants",
                 "config.BucketAcl.Owner.ID", "config.BucketPolicy", "config.PublicAccessBlock",
                 "config.BucketEncryption", "config.BucketVersioning", "config.BucketLogging",
                 "config.BucketLocation", "config.BucketTagging", "tags"});
    // What Config does not record is unavailable, never a silently different value.
    EXPECT_EQ(json_at(*a, "config.BucketPolicyStatus"), R"({"PolicyStatus":{"IsPublic":true}})");
    EXPECT_NE(json_at(*b, "config.BucketPolicyStatus").find("NotInAwsConfig"), std::string::npos);
  }
}

}  // namespace
}  // namespace vigil::aws_config::testing
