// AWS Config snapshot files (gzipped and plain) and API-form items -> the
// asset types and config shapes the capture normalizer produces, per type.
#include <gtest/gtest.h>

#include "aws_config_fixture.h"

namespace vigil::aws_config::testing {
namespace {

const std::string kTypesAcct = "111111111111";
const std::string kTypesSg = "arn:aws:ec2:us-east-1:111111111111:security-group/sg-0a1";
const std::string kInstance = "arn:aws:ec2:us-east-1:111111111111:instance/i-0b2";
const std::string kVolume = "arn:aws:ec2:us-east-1:111111111111:volume/vol-0c3";

json security_group() {
  json sg = item("AWS::EC2::SecurityGroup", "sg-0a1",
                 {{"description", "web"},
                  {"groupName", "web"},
                  {"ownerId", kTypesAcct},
                  {"groupId", "sg-0a1"},
                  {"vpcId", "vpc-0d4"},
                  {"ipPermissions",
                   {{{"fromPort", 22},
                     {"ipProtocol", "tcp"},
                     {"ipv6Ranges", json::array()},
                     {"prefixListIds", json::array()},
                     {"toPort", 22},
                     {"userIdGroupPairs", json::array()},
                     {"ipv4Ranges", {{{"cidrIp", "0.0.0.0/0"}}}},
                     {"ipRanges", {"0.0.0.0/0"}}}}},
                  {"ipPermissionsEgress", json::array()},
                  {"tags", {{{"key", "Name"}, {"value", "web-sg"}}}}},
                 kTypesSg);
  sg["tags"] = {{"Name", "web-sg"}};
  return sg;
}

json instance() {
  json i = item("AWS::EC2::Instance", "i-0b2",
                {{"instanceId", "i-0b2"},
                 {"instanceType", "t3.micro"},
                 {"state", {{"code", 16}, {"name", "running"}}},
                 {"subnetId", "subnet-0e5"},
                 {"vpcId", "vpc-0d4"},
                 {"iamInstanceProfile", nullptr},
                 {"securityGroups", {{{"groupName", "web"}, {"groupId", "sg-0a1"}}}},
                 {"blockDeviceMappings",
                  {{{"deviceName", "/dev/xvda"},
                    {"ebs", {{"volumeId", "vol-0c3"}, {"status", "attached"}}}}}},
                 {"metadataOptions", {{"httpTokens", "optional"}}}},
                kInstance);
  i["relationships"] = {{{"resourceId", "vol-0c3"},
                         {"resourceType", "AWS::EC2::Volume"},
                         {"name", "Is attached to Volume"}},
                        {{"resourceId", "eni-0f6"},
                         {"resourceType", "AWS::EC2::NetworkInterface"},
                         {"name", "Contains NetworkInterface"}}};
  return i;
}

json volume() {
  return item("AWS::EC2::Volume", "vol-0c3",
              {{"volumeId", "vol-0c3"},
               {"encrypted", false},
               {"size", 8},
               {"attachments", {{{"instanceId", "i-0b2"}}}}},
              kVolume);
}

TEST(AwsConfigTypes, GzippedSnapshotInDeliveredTree) {
  aws::testing::CaptureDir dir;
  dir.write(snapshot_path(kTypesAcct, "us-east-1", "a") + ".gz",
            gzip(snapshot({security_group(), instance(), volume()}).dump()));
  AwsConfigResult r = read_ok(dir.path());
  EXPECT_FALSE(r.summary.partial());
  EXPECT_EQ(r.summary.items, 3u);
  const Asset* sg = r.inventory.find(kTypesSg);
  ASSERT_NE(sg, nullptr);
  EXPECT_EQ(sg->type, "aws.ec2.security-group");
  EXPECT_EQ(sg->account, kTypesAcct);
  EXPECT_EQ(sg->region, "us-east-1");
  EXPECT_EQ(sg->name, "web");
  // ipv4Ranges -> IpRanges of {CidrIp}; Config's duplicate ipRanges strings dropped.
  EXPECT_EQ(
      json_at(*sg, "config.IpPermissions"),
      R"([{"FromPort":22,"IpProtocol":"tcp","Ipv6Ranges":[],"PrefixListIds":[],"ToPort":22,"UserIdGroupPairs":[],"IpRanges":[{"CidrIp":"0.0.0.0/0"}]}])");
  EXPECT_EQ(json_at(*sg, "tags"), R"({"Name":"web-sg"})");
  EXPECT_EQ(json_at(*sg, "config.Tags"), R"([{"Key":"Name","Value":"web-sg"}])");
  EXPECT_EQ(json_at(*sg, "relationships.vpc"),
            R"(["arn:aws:ec2:us-east-1:111111111111:vpc/vpc-0d4"])");

  const Asset* in = r.inventory.find(kInstance);
  ASSERT_NE(in, nullptr);
  EXPECT_EQ(json_at(*in, "config.State.Name"), R"("running")");
  EXPECT_EQ(json_at(*in, "config.MetadataOptions.HttpTokens"), R"("optional")");
  EXPECT_EQ(json_at(*in, "config.IamInstanceProfile"), "");  // Config's null: absent, as in the API
  EXPECT_EQ(json_at(*in, "relationships.volumes"), "[\"" + kVolume + "\"]");
  EXPECT_EQ(json_at(*in, "relationships.security_groups"), "[\"" + kTypesSg + "\"]");
  EXPECT_EQ(json_at(*in, "relationships.subnet"),
            R"(["arn:aws:ec2:us-east-1:111111111111:subnet/subnet-0e5"])");
  // From Config's relationships only (the configuration lists no network interface).
  EXPECT_EQ(json_at(*in, "relationships.network_interfaces"),
            R"(["arn:aws:ec2:us-east-1:111111111111:network-interface/eni-0f6"])");
  const Asset* vol = r.inventory.find(kVolume);
  ASSERT_NE(vol, nullptr);
  EXPECT_EQ(json_at(*vol, "config.Encrypted"), "false");
  EXPECT_EQ(json_at(*vol, "relationships.instance"), "[\"" + kInstance + "\"]");
  // The account asset: settings Config does not record are unavailable.
  const Asset* account = r.inventory.find("arn:aws:iam::111111111111:root");
  ASSERT_NE(account, nullptr);
  EXPECT_NE(json_at(*account, "config.AccountPasswordPolicy").find("NotInAwsConfig"),
            std::string::npos);
}

TEST(AwsConfigTypes, PlainAndApiFormGiveTheSameAssets) {
  aws::testing::CaptureDir plain, api;
  plain.write("snap.json", snapshot({security_group(), instance()}).dump());
  // GetResourceConfigHistory output, and a BatchGetResourceConfig output.
  api.write("history.json", json{{"configurationItems", {api_item(security_group())}}}.dump());
  api.write("batch.json", json{{"baseConfigurationItems", {api_item(instance())}}}.dump());
  AwsConfigResult a = read_ok(plain.path()), b = read_ok(api.path());
  for (const std::string& id : {kTypesSg, kInstance}) {
    const Asset* x = a.inventory.find(id);
    const Asset* y = b.inventory.find(id);
    ASSERT_NE(x, nullptr);
    ASSERT_NE(y, nullptr);
    EXPECT_EQ(x->doc.root().to_json(), y->doc.root().to_json());
  }
}

TEST(AwsConfigTypes, S3BucketSupplementaryConfiguration) {
  json b = item("AWS::S3::Bucket", "acme-logs",
                {{"name", "acme-logs"},
                 {"owner", {{"displayName", nullptr}, {"id", "c0ffee"}}},
                 {"creationDate", "2024-01-01T00:00:00.000Z"}},
                "arn:aws:s3:::acme-logs", "eu-west-1");
  b["tags"] = {{"env", "prod"}};
  b["supplementaryConfiguration"] = {
      {"AccessControlList",
       R"({"grantSet":null,"grantList":[{"grantee":{"id":"c0ffee","displayName":null},"permission":"FullControl"},{"grantee":"AllUsers","permission":"Read"},{"grantee":"LogDelivery","permission":"ReadAcp"}],"owner":{"displayName":null,"id":"c0ffee"},"isRequesterCharged":false})"},
      {"BucketPolicy",
       {{"policyText",
         R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::acme-logs/*"}]})"}}},
      {"PublicAccessBlockConfiguration",
       {{"blockPublicAcls", true},
        {"ignorePublicAcls", false},
        {"blockPublicPolicy", true},
        {"restrictPublicBuckets", false}}},
      {"ServerSideEncryptionConfiguration",
       {{"rules",
         {{{"applyServerSideEncryptionByDefault",
            {{"sseAlgorithm", "aws:kms"},
             {"kmsMasterKeyID", "arn:aws:kms:eu-west-1:111111111111:key/k1"}}},
           {"bucketKeyEnabled", true}}}}}},
      {"BucketVersioningConfiguration", {{"status", "Enabled"}, {"isMfaDeleteEnabled", false}}},
      {"BucketLoggingConfiguration",
       {{"destinationBucketName", "acme-audit"}, {"logFilePrefix", "s3/"}}},
      {"BucketWebsiteConfiguration",
       {{"indexDocumentSuffix", "index.html"},
        {"errorDocument", "error.html"},
        {"redirectAllRequestsTo", nullptr},
        {"routingRules", json::array()}}}};
  json none = item("AWS::S3::Bucket", "acme-bare", {{"name", "acme-bare"}},
                   "arn:aws:s3:::acme-bare", "us-east-1");
  none["supplementaryConfiguration"] = {
      {"AccessControlList", R"({"grantList":[],"owner":{"id":"c0ffee"}})"},
      {"BucketPolicy", {{"policyText", nullptr}}},
      {"BucketVersioningConfiguration", {{"status", "Off"}, {"isMfaDeleteEnabled", nullptr}}},
      {"BucketLoggingConfiguration", {{"destinationBucketName", nullptr}}}};
  aws::testing::CaptureDir dir;
  dir.write("s3.json.gz", gzip(snapshot({b, api_item(none)}).dump()));
  AwsConfigResult r = read_ok(dir.path());
  const Asset* a = r.inventory.find("arn:aws:s3:::acme-logs");
  ASSERT_NE(a, nullptr);
  EXPECT_EQ(a->type, "aws.s3.bucket");
  EXPECT_EQ(a->region, "eu-west-1");
  EXPECT_EQ(
      json_at(*a, "config.BucketAcl"),
      R"({"Owner":{"ID":"c0ffee"},"Grants":[{"Grantee":{"Type":"CanonicalUser","ID":"c0ffee"},"Permission":"FULL_CONTROL"},)"
      R"({"Grantee":{"Type":"Group","URI":"http://acs.amazonaws.com/groups/global/AllUsers"},"Permission":"READ"},)"
      R"({"Grantee":{"Type":"Group","URI":"http://acs.amazonaws.com/groups/s3/LogDelivery"},"Permission":"READ_ACP"}]})");
  EXPECT_EQ(json_at(*a, "config.BucketPolicy.Policy.Statement.0"),
            "");  // (paths do not index arrays)
  EXPECT_EQ(json_at(*a, "config.BucketPolicy.Policy.Version"), R"("2012-10-17")");
  EXPECT_EQ(
      json_at(*a, "config.PublicAccessBlock"),
      R"({"PublicAccessBlockConfiguration":{"BlockPublicAcls":true,"IgnorePublicAcls":false,"BlockPublicPolicy":true,"RestrictPublicBuckets":false}})");
  // botocore marks the key id (SSEKMSKeyId) sensitive: a marker, as the collector writes it.
  const std::string encryption = json_at(*a, "config.BucketEncryption");
  EXPECT_NE(encryption.find(R"("SSEAlgorithm":"aws:kms")"), std::string::npos) << encryption;
  EXPECT_NE(encryption.find(R"("KMSMasterKeyID":"vigil:sensitive:)"), std::string::npos)
      << encryption;
  EXPECT_NE(encryption.find(R"("BucketKeyEnabled":true)"), std::string::npos) << encryption;
  EXPECT_EQ(encryption.find("key/k1"), std::string::npos) << encryption;
  EXPECT_EQ(json_at(*a, "config.BucketVersioning"),
            R"({"Status":"Enabled","MFADelete":"Disabled"})");
  EXPECT_EQ(json_at(*a, "config.BucketLogging"),
            R"({"LoggingEnabled":{"TargetBucket":"acme-audit","TargetPrefix":"s3/"}})");
  EXPECT_EQ(json_at(*a, "config.BucketLocation"), R"({"LocationConstraint":"eu-west-1"})");
  // GetBucketWebsite's shape.
  EXPECT_EQ(json_at(*a, "config.BucketWebsite"),
            R"({"IndexDocument":{"Suffix":"index.html"},"ErrorDocument":{"Key":"error.html"}})");
  EXPECT_EQ(json_at(*a, "config.BucketTagging"), R"({"TagSet":[{"Key":"env","Value":"prod"}]})");
  EXPECT_EQ(json_at(*a, "tags"), R"({"env":"prod"})");
  // Not recorded by Config: unavailable, so policies reading it are unknown.
  EXPECT_NE(json_at(*a, "config.BucketPolicyStatus").find("NotInAwsConfig"), std::string::npos);

  const Asset* bare = r.inventory.find("arn:aws:s3:::acme-bare");
  ASSERT_NE(bare, nullptr);
  EXPECT_EQ(bare->region, "us-east-1");
  EXPECT_EQ(json_at(*bare, "config.BucketPolicy"), "");       // policyText null: no policy
  EXPECT_EQ(json_at(*bare, "config.PublicAccessBlock"), "");  // not recorded: not configured
  EXPECT_EQ(json_at(*bare, "config.BucketEncryption"), "");
  EXPECT_EQ(json_at(*bare, "config.BucketWebsite"), "");  // not recorded: no website
  EXPECT_EQ(json_at(*bare, "config.BucketVersioning"), "{}");
  EXPECT_EQ(json_at(*bare, "config.BucketLogging"), "{}");
  EXPECT_EQ(json_at(*bare, "config.BucketLocation"), R"({"LocationConstraint":null})");
}

TEST(AwsConfigTypes, IamTypes) {
  json user = item("AWS::IAM::User", "AIDA1",
                   {{"path", "/"},
                    {"userName", "alice"},
                    {"userId", "AIDA1"},
                    {"arn", "arn:aws:iam::111111111111:user/alice"},
                    {"createDate", "2024-01-01T00:00:00.000Z"},
                    {"userPolicyList", {{{"policyName", "inline1"}, {"policyDocument", "%7B%7D"}}}},
                    {"groupList", {"admins"}},
                    {"attachedManagedPolicies",
                     {{{"policyName", "ReadOnlyAccess"},
                       {"policyArn", "arn:aws:iam::aws:policy/ReadOnlyAccess"}}}},
                    {"permissionsBoundary", nullptr},
                    {"tags", {{{"key", "team"}, {"value", "sec"}}}}},
                   "arn:aws:iam::111111111111:user/alice", "global");
  user["resourceName"] = "alice";
  user["tags"] = {{"team", "sec"}};
  json role = item("AWS::IAM::Role", "AROA1",
                   {{"path", "/"},
                    {"roleName", "deploy"},
                    {"arn", "arn:aws:iam::111111111111:role/deploy"},
                    {"assumeRolePolicyDocument",
                     "%7B%22Version%22%3A%222012-10-17%22%2C%22Statement%22%3A%5B%7B%22Effect%22%"
                     "3A%22Allow%22%2C%22Principal%22%3A%7B%22Service%22%3A%22ec2.amazonaws.com%22%"
                     "7D%2C%22Action%22%3A%22sts%3AAssumeRole%22%7D%5D%7D"},
                    {"instanceProfileList", json::array()},
                    {"rolePolicyList", json::array()},
                    {"attachedManagedPolicies", json::array()}},
                   "arn:aws:iam::111111111111:role/deploy", "global");
  json policy =
      item("AWS::IAM::Policy", "ANPA1",
           {{"policyName", "ops"},
            {"arn", "arn:aws:iam::111111111111:policy/ops"},
            {"path", "/"},
            {"defaultVersionId", "v2"},
            {"policyVersionList",
             {{{"document", "%7B%22Version%22%3A%222012-10-17%22%7D"},
               {"versionId", "v1"},
               {"isDefaultVersion", false}},
              {{"document", "%7B%22Version%22%3A%222012-10-17%22%2C%22Statement%22%3A%5B%5D%7D"},
               {"versionId", "v2"},
               {"isDefaultVersion", true}}}}},
           "arn:aws:iam::111111111111:policy/ops", "global");
  aws::testing::CaptureDir dir;
  dir.write(snapshot_path(kTypesAcct, "us-east-1", "iam"), snapshot({user, role, policy}).dump());
  AwsConfigResult r = read_ok(dir.path());
  const Asset* u = r.inventory.find("arn:aws:iam::111111111111:user/alice");
  ASSERT_NE(u, nullptr);
  EXPECT_EQ(u->region, "global");
  EXPECT_EQ(
      json_at(*u, "config.AttachedUserPolicies"),
      R"({"AttachedPolicies":[{"PolicyName":"ReadOnlyAccess","PolicyArn":"arn:aws:iam::aws:policy/ReadOnlyAccess"}]})");
  EXPECT_EQ(json_at(*u, "config.UserPolicies"), R"({"PolicyNames":["inline1"]})");
  // The inline documents, as the fan-out GetUserPolicy outputs (URL-decoded by the catalog).
  EXPECT_EQ(json_at(*u, "config.UserPolicy"),
            R"([{"UserName":"alice","PolicyName":"inline1","PolicyDocument":{}}])");
  EXPECT_EQ(
      json_at(*u, "config.GroupsForUser"),
      R"({"Groups":[{"GroupName":"admins","Arn":"arn:aws:iam::111111111111:group/admins"}]})");
  EXPECT_EQ(json_at(*u, "config.UserTags"), R"({"Tags":[{"Key":"team","Value":"sec"}]})");
  EXPECT_EQ(json_at(*u, "relationships.groups"), R"(["arn:aws:iam::111111111111:group/admins"])");
  EXPECT_EQ(json_at(*u, "relationships.policies"), R"(["arn:aws:iam::aws:policy/ReadOnlyAccess"])");
  // Access keys, MFA devices, login profile, the credential report: not in Config.
  for (const char* part : {"config.AccessKeys", "config.MFADevices", "config.LoginProfile",
                           "config.CredentialReport", "config.PasswordLastUsed"})
    EXPECT_NE(json_at(*u, part).find("NotInAwsConfig"), std::string::npos) << part;
  const Asset* ro = r.inventory.find("arn:aws:iam::111111111111:role/deploy");
  ASSERT_NE(ro, nullptr);
  EXPECT_EQ(json_at(*ro, "config.AssumeRolePolicyDocument.Version"), R"("2012-10-17")");
  EXPECT_EQ(json_at(*ro, "config.AttachedRolePolicies"), R"({"AttachedPolicies":[]})");
  EXPECT_EQ(json_at(*ro, "config.RolePolicy"), "[]");
  const Asset* po = r.inventory.find("arn:aws:iam::111111111111:policy/ops");
  ASSERT_NE(po, nullptr);
  EXPECT_EQ(json_at(*po, "config.PolicyVersion.PolicyVersion.VersionId"), R"("v2")");
  EXPECT_EQ(json_at(*po, "config.PolicyVersion.PolicyVersion.Document"),
            R"({"Version":"2012-10-17","Statement":[]})");
}

TEST(AwsConfigTypes, OtherServices) {
  json trail = item("AWS::CloudTrail::Trail", "main",
                    {{"name", "main"},
                     {"s3BucketName", "acme-trail"},
                     {"isMultiRegionTrail", true},
                     {"logFileValidationEnabled", false},
                     {"homeRegion", "us-east-1"},
                     {"trailARN", "arn:aws:cloudtrail:us-east-1:111111111111:trail/main"}},
                    "arn:aws:cloudtrail:us-east-1:111111111111:trail/main");
  json db =
      item("AWS::RDS::DBInstance", "db-ABC",
           {{"dBInstanceIdentifier", "orders"},
            {"dBInstanceArn", "arn:aws:rds:us-east-1:111111111111:db:orders"},
            {"storageEncrypted", false},
            {"publiclyAccessible", true},
            {"vpcSecurityGroups", {{{"vpcSecurityGroupId", "sg-0a1"}, {"status", "active"}}}}},
           "arn:aws:rds:us-east-1:111111111111:db:orders");
  db["resourceName"] = "orders";
  json key = item("AWS::KMS::Key", "k-1",
                  {{"keyId", "k-1"},
                   {"arn", "arn:aws:kms:us-east-1:111111111111:key/k-1"},
                   {"keyManager", "CUSTOMER"},
                   {"keyState", "Enabled"}},
                  "arn:aws:kms:us-east-1:111111111111:key/k-1");
  json fn = item("AWS::Lambda::Function", "handler",
                 {{"functionName", "handler"},
                  {"functionArn", "arn:aws:lambda:us-east-1:111111111111:function:handler"},
                  {"runtime", "python3.8"},
                  {"role", "arn:aws:iam::111111111111:role/deploy"},
                  {"environment", {{"variables", {{"LOG_LEVEL", "debug"}}}}}},
                 "arn:aws:lambda:us-east-1:111111111111:function:handler");
  json lb = item("AWS::ElasticLoadBalancingV2::LoadBalancer",
                 "arn:aws:elasticloadbalancing:us-east-1:111111111111:loadbalancer/app/web/1",
                 {{"loadBalancerArn",
                   "arn:aws:elasticloadbalancing:us-east-1:111111111111:loadbalancer/app/web/1"},
                  {"dNSName", "web-1.us-east-1.elb.amazonaws.com"},
                  {"scheme", "internet-facing"},
                  {"securityGroups", {"sg-0a1"}}},
                 "arn:aws:elasticloadbalancing:us-east-1:111111111111:loadbalancer/app/web/1");
  json eip =
      item("AWS::EC2::EIP", "eipalloc-1",
           {{"allocationId", "eipalloc-1"}, {"publicIp", "3.3.3.3"}, {"instanceId", "i-0b2"}},
           "arn:aws:ec2:us-east-1:111111111111:eip-allocation/eipalloc-1");
  aws::testing::CaptureDir dir;
  dir.write("items.json", snapshot({trail, db, key, fn, lb, eip}).dump());
  AwsConfigResult r = read_ok(dir.path());
  const Asset* t = r.inventory.find("arn:aws:cloudtrail:us-east-1:111111111111:trail/main");
  ASSERT_NE(t, nullptr);
  EXPECT_EQ(json_at(*t, "config.IsMultiRegionTrail"), "true");
  EXPECT_EQ(json_at(*t, "config.LogFileValidationEnabled"), "false");
  EXPECT_EQ(json_at(*t, "relationships.bucket"), R"(["arn:aws:s3:::acme-trail"])");
  EXPECT_NE(json_at(*t, "config.TrailStatus").find("NotInAwsConfig"), std::string::npos);
  const Asset* d = r.inventory.find("arn:aws:rds:us-east-1:111111111111:db:orders");
  ASSERT_NE(d, nullptr);
  EXPECT_EQ(d->type, "aws.rds.db-instance");
  EXPECT_EQ(json_at(*d, "config.DBInstanceIdentifier"), R"("orders")");
  EXPECT_EQ(json_at(*d, "config.PubliclyAccessible"), "true");
  EXPECT_EQ(json_at(*d, "relationships.security_groups"), "[\"" + kTypesSg + "\"]");
  const Asset* k = r.inventory.find("arn:aws:kms:us-east-1:111111111111:key/k-1");
  ASSERT_NE(k, nullptr);
  EXPECT_EQ(json_at(*k, "config.Key.KeyMetadata.KeyManager"), R"("CUSTOMER")");
  EXPECT_NE(json_at(*k, "config.KeyPolicy").find("NotInAwsConfig"), std::string::npos);
  const Asset* f = r.inventory.find("arn:aws:lambda:us-east-1:111111111111:function:handler");
  ASSERT_NE(f, nullptr);
  // Variable names and values are secrets (botocore's sensitive trait):
  // markers, as the collector writes them (sensitive_test.cpp).
  EXPECT_TRUE(json_at(*f, "config.Environment").starts_with(R"({"Variables":{"vigil:sensitive:)"))
      << json_at(*f, "config.Environment");
  EXPECT_EQ(json_at(*f, "config.Environment").find("debug"), std::string::npos);
  EXPECT_EQ(json_at(*f, "relationships.role"), R"(["arn:aws:iam::111111111111:role/deploy"])");
  const Asset* l = r.inventory.find(
      "arn:aws:elasticloadbalancing:us-east-1:111111111111:loadbalancer/app/web/1");
  ASSERT_NE(l, nullptr);
  EXPECT_EQ(json_at(*l, "config.DNSName"), R"("web-1.us-east-1.elb.amazonaws.com")");
  EXPECT_EQ(json_at(*l, "relationships.security_groups"), "[\"" + kTypesSg + "\"]");
  // Config's EIP ARN (eip-allocation/) is not the capture's id: the catalog's is used.
  EXPECT_NE(r.inventory.find("arn:aws:ec2:us-east-1:111111111111:elastic-ip/eipalloc-1"), nullptr);
}

// AWS Config records a key's rotation and policy in supplementaryConfiguration
// (aws-config-resource-schema, AWS::KMS::Key): KeyRotationStatus is a boolean,
// Policy the key policy as a JSON string. Both KMS policies read them.
TEST(AwsConfigTypes, KmsRotationAndKeyPolicyComeFromTheSupplementaryConfiguration) {
  json key = item("AWS::KMS::Key", "k-2",
                  {{"keyId", "k-2"},
                   {"arn", "arn:aws:kms:us-east-1:111111111111:key/k-2"},
                   {"keyManager", "CUSTOMER"},
                   {"keyState", "Enabled"}},
                  "arn:aws:kms:us-east-1:111111111111:key/k-2");
  key["supplementaryConfiguration"] = {
      {"KeyRotationStatus", false},
      {"Policy", R"({"Version":"2012-10-17","Statement":[{"Sid":"Open","Effect":"Allow","Principal":"*","Action":"kms:Decrypt","Resource":"*"}]})"}};
  aws::testing::CaptureDir dir;
  dir.write("items.json", snapshot({key}).dump());
  AwsConfigResult r = read_ok(dir.path());
  const Asset* k = r.inventory.find("arn:aws:kms:us-east-1:111111111111:key/k-2");
  ASSERT_NE(k, nullptr);
  EXPECT_EQ(json_at(*k, "config.KeyRotationStatus.KeyRotationEnabled"), "false");
  std::string policy = json_at(*k, "config.KeyPolicy.Policy");
  EXPECT_NE(policy.find(R"("Sid":"Open")"), std::string::npos) << policy;  // decoded, not a string
  EXPECT_EQ(policy.front(), '{') << policy;
}

TEST(AwsConfigTypes, DeletedUnsupportedAndSupersededItems) {
  json old_vol = volume();
  json new_vol = volume();
  new_vol["configurationItemCaptureTime"] = "2026-11-26T10:00:00.000Z";
  new_vol["configuration"]["encrypted"] = true;
  json gone = volume();
  gone["resourceId"] = "vol-gone";
  gone["configurationItemStatus"] = "ResourceDeleted";
  gone["configuration"] = nullptr;
  json not_recorded = item("AWS::EC2::Instance", "i-nr", nullptr);
  not_recorded["configurationItemStatus"] = "ResourceNotRecorded";
  json param = item("AWS::SSM::Parameter", "p1", json::object());
  aws::testing::CaptureDir dir;
  dir.write("day1.json", snapshot({old_vol, gone, param}).dump());
  dir.write("day2.json.gz", gzip(snapshot({new_vol, not_recorded}).dump()));
  AwsConfigResult r = read_ok(dir.path());
  EXPECT_EQ(r.summary.items, 5u);
  EXPECT_EQ(r.summary.deleted, 2u);
  EXPECT_EQ(r.summary.superseded, 1u);
  EXPECT_EQ(r.summary.unsupported_types["AWS::SSM::Parameter"], 1u);
  EXPECT_EQ(r.inventory.find("arn:aws:ec2:us-east-1:111111111111:volume/vol-gone"), nullptr);
  const Asset* v = r.inventory.find(kVolume);
  ASSERT_NE(v, nullptr);
  EXPECT_EQ(json_at(*v, "config.Encrypted"), "true");  // the later snapshot wins
  EXPECT_EQ(r.inventory.size(), 2u);                   // the volume and the account
}

TEST(AwsConfigTypes, NetworkInterfaceEdgesIncludingTheReverseOneOnTheSecurityGroup) {
  json eni = item("AWS::EC2::NetworkInterface", "eni-0f6",
                  {{"networkInterfaceId", "eni-0f6"},
                   {"subnetId", "subnet-0e5"},
                   {"vpcId", "vpc-0d4"},
                   {"groups", {{{"groupName", "web"}, {"groupId", "sg-0a1"}}}},
                   {"attachment", {{"instanceId", "i-0b2"}}},
                   {"tagSet", json::array()}},
                  "arn:aws:ec2:us-east-1:111111111111:network-interface/eni-0f6");
  aws::testing::CaptureDir dir;
  // A delivered snapshot lists every network interface of its region, so the
  // reverse relation is complete (without one it is unavailable).
  dir.write(snapshot_path(kTypesAcct, "us-east-1", "e"), snapshot({security_group(), eni}).dump());
  AwsConfigResult r = read_ok(dir.path());
  const Asset* e = r.inventory.find("arn:aws:ec2:us-east-1:111111111111:network-interface/eni-0f6");
  ASSERT_NE(e, nullptr);
  EXPECT_EQ(json_at(*e, "relationships.security_groups"), "[\"" + kTypesSg + "\"]");
  EXPECT_EQ(json_at(*e, "relationships.instance"), "[\"" + kInstance + "\"]");
  EXPECT_EQ(json_at(*e, "config.TagSet"), "[]");
  const Asset* sg = r.inventory.find(kTypesSg);
  ASSERT_NE(sg, nullptr);
  EXPECT_EQ(json_at(*sg, "relationships.network_interfaces"),
            R"(["arn:aws:ec2:us-east-1:111111111111:network-interface/eni-0f6"])");
}

// A reverse relation lists every source asset pointing at its target: without a
// snapshot listing the scope, or when no Config type gives the source type, it is
// unavailable, never an empty (or partial) list.
TEST(AwsConfigTypes, ReverseRelationsNeedASnapshotAndAMappedSourceType) {
  json eni = item("AWS::EC2::NetworkInterface", "eni-0f6",
                  {{"networkInterfaceId", "eni-0f6"},
                   {"groups", {{{"groupName", "web"}, {"groupId", "sg-0a1"}}}}},
                  "arn:aws:ec2:us-east-1:111111111111:network-interface/eni-0f6");
  const std::string lb_arn =
      "arn:aws:elasticloadbalancing:us-east-1:111111111111:loadbalancer/app/web/1";
  json lb = item("AWS::ElasticLoadBalancingV2::LoadBalancer", lb_arn,
                 {{"loadBalancerArn", lb_arn}, {"type", "application"}}, lb_arn);
  aws::testing::CaptureDir history, snap;
  history.write("history.json", json{{"configurationItems", {security_group(), eni}}}.dump());
  snap.write(snapshot_path(kTypesAcct, "us-east-1", "l"), snapshot(lb).dump());
  AwsConfigResult h = read_ok(history.path()), s = read_ok(snap.path());
  const Asset* sg = h.inventory.find(kTypesSg);
  ASSERT_NE(sg, nullptr);
  EXPECT_NE(json_at(*sg, "relationships.network_interfaces").find("NotInAwsConfig"),
            std::string::npos)
      << json_at(*sg, "relationships.network_interfaces");
  EXPECT_NE(json_at(*sg, "errors").find("relationships.network_interfaces"), std::string::npos);
  // No Config type gives aws.elbv2.target-group: a load balancer's target groups are unknown.
  const Asset* l = s.inventory.find(lb_arn);
  ASSERT_NE(l, nullptr);
  EXPECT_NE(json_at(*l, "relationships.target_groups").find("NotInAwsConfig"), std::string::npos);
}

TEST(AwsConfigTypes, MultiRegionTrailIsKeptInItsHomeRegion) {
  json home = item("AWS::CloudTrail::Trail", "org",
                   {{"name", "org"},
                    {"isMultiRegionTrail", true},
                    {"homeRegion", "us-east-1"},
                    {"s3BucketName", "acme-trail"}},
                   "arn:aws:cloudtrail:us-east-1:111111111111:trail/org");
  json copy = home;
  copy["awsRegion"] = "eu-west-1";
  aws::testing::CaptureDir dir;
  dir.write(snapshot_path(kTypesAcct, "us-east-1", "t"), snapshot(home).dump());
  dir.write(snapshot_path(kTypesAcct, "eu-west-1", "t"), snapshot(copy).dump());
  AwsConfigResult r = read_ok(dir.path());
  const Asset* t = r.inventory.find("arn:aws:cloudtrail:us-east-1:111111111111:trail/org");
  ASSERT_NE(t, nullptr);
  EXPECT_EQ(t->region, "us-east-1");
  EXPECT_EQ(r.summary.superseded, 1u);
  EXPECT_TRUE(r.summary.read.problems.empty());  // no duplicate id
}

}  // namespace
}  // namespace vigil::aws_config::testing
