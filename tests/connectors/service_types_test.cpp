// The remaining regional and global types from a capture: KMS keys
// (TagKey/TagValue tags, decoded key policy, AWS-managed keys kept), Lambda
// functions (policy absence vs decoded policy), ACM certificates, SNS
// topics, SQS queues (bare URLs -> ARN ids, optional QueueUrls), EFS file
// systems, DynamoDB tables (bare names), CloudFront distributions.
#include <gtest/gtest.h>

#include "capture_fixture.h"
#include "connectors/aws/capture_doc.h"

namespace vigil::aws {
namespace {

using testing::at_path;
using testing::get;
using testing::CaptureDir;
using testing::read_ok;
using testing::strings_at;

constexpr const char* kRegion = "111111111111/us-east-1/";

TEST(ServiceTypes, KmsKeys) {
  CaptureDir dir;
  std::string d = std::string(kRegion) + "kms/";
  dir.write(d + "ListKeys.json", R"({"Keys": [
    {"KeyId": "1234abcd-12ab-34cd-56ef-1234567890ab", "KeyArn": "arn:aws:kms:us-east-1:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab"},
    {"KeyId": "0000aaaa-0000-0000-0000-000000000001", "KeyArn": "arn:aws:kms:us-east-1:111111111111:key/0000aaaa-0000-0000-0000-000000000001"}]})");
  std::string cmk = "1234abcd-12ab-34cd-56ef-1234567890ab",
              managed = "0000aaaa-0000-0000-0000-000000000001";
  dir.write(d + "DescribeKey/" + cmk + ".json",
            R"({"KeyMetadata": {"AWSAccountId": "111111111111", "KeyId": ")" + cmk +
                R"(", "Enabled": true, "KeyUsage": "ENCRYPT_DECRYPT", "KeyState": "Enabled",
    "Origin": "AWS_KMS", "KeyManager": "CUSTOMER", "KeySpec": "SYMMETRIC_DEFAULT", "Description": "app data"}})");
  dir.write(d + "DescribeKey/" + managed + ".json",
            R"({"KeyMetadata": {"KeyId": ")" + managed +
                R"(", "Enabled": true, "KeyState": "Enabled", "KeyManager": "AWS",
    "Description": "Default key that protects my S3 objects when no other key is defined"}})");
  dir.write(d + "GetKeyRotationStatus/" + cmk + ".json",
            R"({"KeyRotationEnabled": false, "KeyId": ")" + cmk + R"("})");
  dir.write(d + "GetKeyRotationStatus/" + managed + ".json", R"({"KeyRotationEnabled": true})");
  dir.write(
      d + "GetKeyPolicy/" + cmk + ".json",
      R"({"Policy": "{\n  \"Version\" : \"2012-10-17\",\n  \"Statement\" : [ {\n    \"Sid\" : \"Enable IAM User Permissions\",\n    \"Effect\" : \"Allow\",\n    \"Principal\" : {\"AWS\" : \"arn:aws:iam::111111111111:root\"},\n    \"Action\" : \"kms:*\",\n    \"Resource\" : \"*\"\n  } ]\n}", "PolicyName": "default"})");
  dir.write(d + "GetKeyPolicy/" + managed + ".json",
            R"({"Error": {"Code": "AccessDeniedException", "Message": "denied"}})");
  dir.write(
      d + "ListResourceTags/" + cmk + ".json",
      R"({"Tags": [{"TagKey": "env", "TagValue": "prod"}, {"TagKey": "team", "TagValue": "data"}], "Truncated": false})");
  dir.write(d + "ListResourceTags/" + managed + ".json", R"({"Tags": [], "Truncated": false})");
  CaptureResult r = read_ok(dir);
  const Asset& key = get(r, "arn:aws:kms:us-east-1:111111111111:key/" + cmk);
  EXPECT_EQ(key.type, "aws.kms.key");
  EXPECT_EQ(key.name, cmk);
  EXPECT_EQ(at_path(key, "tags.env").as_string(), "prod");
  EXPECT_EQ(at_path(key, "tags.team").as_string(), "data");
  EXPECT_EQ(at_path(key, "tags").size(), 2u);
  EXPECT_EQ(at_path(key, "config.Key.KeyMetadata.KeyManager").as_string(), "CUSTOMER");
  EXPECT_FALSE(at_path(key, "config.KeyRotationStatus.KeyRotationEnabled").as_bool());
  EXPECT_EQ(at_path(key, "config.KeyPolicy.Policy.Statement").at(0).find("Action").as_string(), "kms:*");
  const Asset& aws_managed = get(r, "arn:aws:kms:us-east-1:111111111111:key/" + managed);
  EXPECT_EQ(at_path(aws_managed, "config.Key.KeyMetadata.KeyManager").as_string(), "AWS");
  EXPECT_EQ(at_path(aws_managed, "config.KeyPolicy").kind(), JsonKind::Unavailable);
}

TEST(ServiceTypes, LambdaFunctionsAndAcmCertificates) {
  CaptureDir dir;
  std::string d = std::string(kRegion) + "lambda/";
  dir.write(d + "ListFunctions.json", R"({"Functions": [
    {"FunctionName": "resize", "FunctionArn": "arn:aws:lambda:us-east-1:111111111111:function:resize",
     "Runtime": "python3.12", "Role": "arn:aws:iam::111111111111:role/service-role/lambda-exec", "Handler": "app.handler",
     "VpcConfig": {"SubnetIds": ["subnet-0aaa"], "SecurityGroupIds": ["sg-0lambda"], "VpcId": "vpc-0123"}},
    {"FunctionName": "hook", "FunctionArn": "arn:aws:lambda:us-east-1:111111111111:function:hook", "Runtime": "nodejs20.x",
     "Role": "arn:aws:iam::111111111111:role/hook"}]})");
  dir.write(
      d + "GetPolicy/resize.json",
      R"({"Policy": "{\"Version\":\"2012-10-17\",\"Id\":\"default\",\"Statement\":[{\"Sid\":\"public\",\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":\"lambda:InvokeFunction\",\"Resource\":\"arn:aws:lambda:us-east-1:111111111111:function:resize\"}]}", "RevisionId": "r1"})");
  dir.write(
      d + "GetPolicy/hook.json",
      R"({"Error": {"Code": "ResourceNotFoundException", "Message": "The resource you requested does not exist."}})");
  dir.write(d + "ListTags/arn%3Aaws%3Alambda%3Aus-east-1%3A111111111111%3Afunction%3Aresize.json",
            R"({"Tags": {"app": "images"}})");
  dir.write(d + "ListTags/arn%3Aaws%3Alambda%3Aus-east-1%3A111111111111%3Afunction%3Ahook.json",
            R"({"Tags": {}})");
  std::string a = std::string(kRegion) + "acm/";
  std::string cert = "arn:aws:acm:us-east-1:111111111111:certificate/aaaa-bbbb";
  dir.write(a + "ListCertificates.json",
            R"({"CertificateSummaryList": [{"CertificateArn": ")" + cert +
                R"(", "DomainName": "www.acme.example", "Status": "ISSUED"}]})");
  dir.write(
      a + "DescribeCertificate/"
          "arn%3Aaws%3Aacm%3Aus-east-1%3A111111111111%3Acertificate%2Faaaa-bbbb.json",
      R"({"Certificate": {"CertificateArn": ")" + cert + R"(", "DomainName": "www.acme.example",
    "NotAfter": "2026-12-01T00:00:00+00:00", "Status": "ISSUED", "Type": "AMAZON_ISSUED", "KeyAlgorithm": "RSA-2048",
    "InUseBy": ["arn:aws:cloudfront::111111111111:distribution/E1"], "RenewalEligibility": "ELIGIBLE"}})");
  dir.write(a + "ListTagsForCertificate/"
                "arn%3Aaws%3Aacm%3Aus-east-1%3A111111111111%3Acertificate%2Faaaa-bbbb.json",
            R"({"Tags": [{"Key": "env", "Value": "prod"}]})");
  CaptureResult r = read_ok(dir);
  const Asset& resize = get(r, "arn:aws:lambda:us-east-1:111111111111:function:resize");
  EXPECT_EQ(resize.name, "resize");
  EXPECT_EQ(at_path(resize, "tags.app").as_string(), "images");
  EXPECT_EQ(at_path(resize, "config.Policy.Policy.Statement").at(0).find("Principal").as_string(), "*");
  EXPECT_EQ(
      strings_at(resize, "relationships.security_groups"),
      std::vector<std::string>{"arn:aws:ec2:us-east-1:111111111111:security-group/sg-0lambda"});
  EXPECT_EQ(strings_at(resize, "relationships.role"),
            std::vector<std::string>{"arn:aws:iam::111111111111:role/service-role/lambda-exec"});
  const Asset& hook = get(r, "arn:aws:lambda:us-east-1:111111111111:function:hook");
  EXPECT_FALSE(at_path(hook, "config.Policy").valid());  // no resource policy: absence
  EXPECT_FALSE(at_path(hook, "errors").valid());
  const Asset& c = get(r, cert);
  EXPECT_EQ(c.type, "aws.acm.certificate");
  EXPECT_EQ(c.name, "www.acme.example");
  EXPECT_EQ(at_path(c, "config.Certificate.Certificate.NotAfter").as_string(), "2026-12-01T00:00:00+00:00");
  EXPECT_EQ(at_path(c, "tags.env").as_string(), "prod");
}

TEST(ServiceTypes, SnsTopicsAndSqsQueues) {
  CaptureDir dir;
  std::string s = std::string(kRegion) + "sns/";
  std::string topic = "arn:aws:sns:us-east-1:111111111111:security-alerts";
  std::string topic_key = "arn%3Aaws%3Asns%3Aus-east-1%3A111111111111%3Asecurity-alerts.json";
  dir.write(s + "ListTopics.json", R"({"Topics": [{"TopicArn": ")" + topic + R"("}]})");
  dir.write(s + "GetTopicAttributes/" + topic_key,
            R"({"Attributes": {"TopicArn": ")" + topic + R"(",
    "Owner": "111111111111", "SubscriptionsConfirmed": "1", "DisplayName": "",
    "Policy": "{\"Version\":\"2008-10-17\",\"Id\":\"__default_policy_ID\",\"Statement\":[{\"Sid\":\"__default_statement_ID\",\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"*\"},\"Action\":\"SNS:Publish\",\"Resource\":\"arn:aws:sns:us-east-1:111111111111:security-alerts\",\"Condition\":{\"StringEquals\":{\"AWS:SourceOwner\":\"111111111111\"}}}]}",
    "EffectiveDeliveryPolicy": "{\"http\":{\"defaultHealthyRetryPolicy\":{\"numRetries\":3}}}"}})");
  dir.write(s + "ListSubscriptionsByTopic/" + topic_key,
            R"({"Subscriptions": [{"SubscriptionArn": ")" + topic +
                R"(:5f2c", "Owner": "111111111111", "Protocol": "email",
    "Endpoint": "secops@acme.example", "TopicArn": ")" +
                topic + R"("}]})");
  dir.write(s + "ListTagsForResource/" + topic_key,
            R"({"Tags": [{"Key": "team", "Value": "secops"}]})");
  std::string q = std::string(kRegion) + "sqs/";
  std::string url = "https://sqs.us-east-1.amazonaws.com/111111111111/orders";
  std::string url_key = "https%3A%2F%2Fsqs.us-east-1.amazonaws.com%2F111111111111%2Forders.json";
  dir.write(q + "ListQueues.json", R"({"QueueUrls": [")" + url + R"("]})");
  dir.write(q + "GetQueueAttributes/" + url_key,
            R"({"Attributes": {"QueueArn": "arn:aws:sqs:us-east-1:111111111111:orders",
    "SqsManagedSseEnabled": "false", "VisibilityTimeout": "30",
    "Policy": "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":\"sqs:SendMessage\",\"Resource\":\"arn:aws:sqs:us-east-1:111111111111:orders\"}]}",
    "RedrivePolicy": "{\"deadLetterTargetArn\":\"arn:aws:sqs:us-east-1:111111111111:orders-dlq\",\"maxReceiveCount\":5}"}})");
  dir.write(q + "ListQueueTags/" + url_key, "{}");  // the CLI omits Tags when there are none
  // eu-west-1: no queues at all, where the CLI prints no QueueUrls member.
  dir.write("111111111111/eu-west-1/sqs/ListQueues.json", "{}");
  CaptureResult r = read_ok(dir);
  const Asset& t = get(r, topic);
  EXPECT_EQ(t.name, "security-alerts");
  EXPECT_EQ(at_path(t, "tags.team").as_string(), "secops");
  EXPECT_EQ(at_path(t, "config.TopicAttributes.Attributes.Policy.Statement").at(0).find("Action").as_string(),
            "SNS:Publish");
  EXPECT_EQ(
      at_path(t,
              "config.TopicAttributes.Attributes.EffectiveDeliveryPolicy.http.defaultHealthyRetryPolicy.numRetries")
          .as_int(),
      3);
  EXPECT_EQ(at_path(t, "config.SubscriptionsByTopic.Subscriptions").at(0).find("Protocol").as_string(), "email");
  const Asset& queue = get(r, "arn:aws:sqs:us-east-1:111111111111:orders");
  EXPECT_EQ(queue.type, "aws.sqs.queue");
  EXPECT_EQ(queue.name, "orders");
  EXPECT_EQ(at_path(queue, "config.QueueUrl").as_string(), url);
  EXPECT_EQ(
      at_path(queue, "config.QueueAttributes.Attributes.Policy.Statement").at(0).find("Principal").as_string(),
      "*");
  EXPECT_EQ(at_path(queue, "config.QueueAttributes.Attributes.RedrivePolicy.maxReceiveCount").as_int(), 5);
  EXPECT_EQ(at_path(queue, "tags").size(), 0u);
  EXPECT_EQ(r.summary.assets_by_type.at("aws.sqs.queue"), 1u);
  EXPECT_FALSE(r.summary.partial());
}

TEST(ServiceTypes, EfsFileSystemsAndDynamoDbTables) {
  CaptureDir dir;
  std::string e = std::string(kRegion) + "efs/";
  dir.write(e + "DescribeFileSystems.json",
            R"({"FileSystems": [{"OwnerId": "111111111111", "FileSystemId": "fs-0123",
    "FileSystemArn": "arn:aws:elasticfilesystem:us-east-1:111111111111:file-system/fs-0123",
    "CreationTime": "2025-01-01T00:00:00+00:00", "LifeCycleState": "available", "Name": "shared", "Encrypted": false,
    "PerformanceMode": "generalPurpose", "Tags": [{"Key": "Name", "Value": "shared"}, {"Key": "env", "Value": "dev"}]}]})");
  dir.write(
      e + "DescribeFileSystemPolicy/fs-0123.json",
      R"({"Error": {"Code": "PolicyNotFound", "Message": "No policy found for file system fs-0123"}})");
  dir.write(e + "DescribeBackupPolicy/fs-0123.json", R"({"BackupPolicy": {"Status": "DISABLED"}})");
  std::string t = std::string(kRegion) + "dynamodb/";
  dir.write(t + "ListTables.json", R"({"TableNames": ["orders", "sessions"]})");
  dir.write(t + "DescribeTable/orders.json",
            R"({"Table": {"TableName": "orders", "TableStatus": "ACTIVE",
    "TableArn": "arn:aws:dynamodb:us-east-1:111111111111:table/orders", "ItemCount": 10,
    "SSEDescription": {"Status": "ENABLED", "SSEType": "KMS",
      "KMSMasterKeyArn": "arn:aws:kms:us-east-1:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab"}}})");
  dir.write(t + "DescribeContinuousBackups/orders.json", R"({"ContinuousBackupsDescription": {
    "ContinuousBackupsStatus": "ENABLED", "PointInTimeRecoveryDescription": {"PointInTimeRecoveryStatus": "DISABLED"}}})");
  dir.write(t + "ListTagsOfResource/"
                "arn%3Aaws%3Adynamodb%3Aus-east-1%3A111111111111%3Atable%2Forders.json",
            R"({"Tags": [{"Key": "env", "Value": "prod"}]})");
  dir.write(t + "DescribeTable/sessions.json",
            R"({"Table": {"TableName": "sessions", "TableStatus": "ACTIVE"}})");
  dir.write(t + "DescribeContinuousBackups/sessions.json",
            R"({"Error": {"Code": "AccessDeniedException", "Message": "denied"}})");
  dir.write(t + "ListTagsOfResource/"
                "arn%3Aaws%3Adynamodb%3Aus-east-1%3A111111111111%3Atable%2Fsessions.json",
            R"({"Tags": []})");
  CaptureResult r = read_ok(dir);
  const Asset& fs = get(r, "arn:aws:elasticfilesystem:us-east-1:111111111111:file-system/fs-0123");
  EXPECT_EQ(fs.name, "shared");
  EXPECT_EQ(at_path(fs, "tags.env").as_string(), "dev");
  EXPECT_FALSE(at_path(fs, "config.Encrypted").as_bool());
  EXPECT_FALSE(at_path(fs, "config.FileSystemPolicy").valid());
  EXPECT_EQ(at_path(fs, "config.BackupPolicy.BackupPolicy.Status").as_string(), "DISABLED");
  const Asset& orders = get(r, "arn:aws:dynamodb:us-east-1:111111111111:table/orders");
  EXPECT_EQ(orders.type, "aws.dynamodb.table");
  EXPECT_EQ(orders.name, "orders");
  EXPECT_EQ(at_path(orders, "config.TableName").as_string(), "orders");
  EXPECT_EQ(at_path(orders, "config.Table.Table.SSEDescription.SSEType").as_string(), "KMS");
  EXPECT_EQ(
      at_path(orders,
              "config.ContinuousBackups.ContinuousBackupsDescription.PointInTimeRecoveryDescription.PointInTimeRecoveryStatus")
          .as_string(),
      "DISABLED");
  EXPECT_EQ(at_path(orders, "tags.env").as_string(), "prod");
  EXPECT_EQ(strings_at(orders, "relationships.kms_key").size(), 1u);
  const Asset& sessions = get(r, "arn:aws:dynamodb:us-east-1:111111111111:table/sessions");
  EXPECT_EQ(at_path(sessions, "config.ContinuousBackups").kind(), JsonKind::Unavailable);
}

TEST(ServiceTypes, CloudFrontDistributions) {
  CaptureDir dir;
  std::string c = "111111111111/global/cloudfront/";
  std::string arn = "arn:aws:cloudfront::111111111111:distribution/E1ABCDEF";
  dir.write(c + "ListDistributions.json",
            R"({"DistributionList": {"Marker": "", "MaxItems": 100, "IsTruncated": false,
    "Quantity": 1, "Items": [{"Id": "E1ABCDEF", "ARN": ")" +
                arn + R"(", "Status": "Deployed",
      "DomainName": "d111111abcdef8.cloudfront.net", "Aliases": {"Quantity": 1, "Items": ["www.acme.example"]},
      "DefaultCacheBehavior": {"TargetOriginId": "site", "ViewerProtocolPolicy": "allow-all"},
      "ViewerCertificate": {"ACMCertificateArn": "arn:aws:acm:us-east-1:111111111111:certificate/aaaa-bbbb",
        "MinimumProtocolVersion": "TLSv1", "SSLSupportMethod": "sni-only"},
      "WebACLId": "", "HttpVersion": "http2", "Enabled": true}]}})");
  dir.write(c + "GetDistributionConfig/E1ABCDEF.json",
            R"({"ETag": "E2QWRUHEXAMPLE", "DistributionConfig": {
    "CallerReference": "site", "Logging": {"Enabled": false, "IncludeCookies": false, "Bucket": "", "Prefix": ""},
    "DefaultRootObject": "index.html", "Enabled": true}})");
  dir.write(c + "ListTagsForResource/"
                "arn%3Aaws%3Acloudfront%3A%3A111111111111%3Adistribution%2FE1ABCDEF.json",
            R"({"Tags": {"Items": [{"Key": "env", "Value": "prod"}]}})");
  CaptureResult r = read_ok(dir);
  const Asset& d = get(r, arn);
  EXPECT_EQ(d.type, "aws.cloudfront.distribution");
  EXPECT_EQ(d.region, "global");
  EXPECT_EQ(d.name, "www.acme.example");
  EXPECT_EQ(at_path(d, "tags.env").as_string(), "prod");
  EXPECT_FALSE(at_path(d, "config.DistributionConfig.DistributionConfig.Logging.Enabled").as_bool());
  EXPECT_EQ(at_path(d, "config.DefaultCacheBehavior.ViewerProtocolPolicy").as_string(),
            "allow-all");
  EXPECT_EQ(strings_at(d, "relationships.certificate"),
            std::vector<std::string>{"arn:aws:acm:us-east-1:111111111111:certificate/aaaa-bbbb"});
  EXPECT_EQ(at_path(d, "relationships.web_acl").size(), 0u);
  // No distributions: DistributionList without Items is an empty list, not a failure.
  CaptureDir empty;
  empty.write(
      c + "ListDistributions.json",
      R"({"DistributionList": {"Marker": "", "MaxItems": 100, "IsTruncated": false, "Quantity": 0}})");
  CaptureResult none = read_ok(empty);
  EXPECT_FALSE(none.summary.partial());
  EXPECT_EQ(none.summary.assets_by_type.count("aws.cloudfront.distribution"), 0u);
}

TEST(ServiceTypes, CaptureScriptWrapsBareStringItemsLikeTheReader) {
  std::string table = script_table();
  EXPECT_NE(table.find("\t.TableNames[] | {\"TableName\": .} | .TableName\t--table-name\t"),
            std::string::npos)
      << table;
  EXPECT_NE(
      table.find(
          "\t.QueueUrls[] | {\"QueueUrl\": .} | .QueueUrl\t--queue-url\t--attribute-names All\n"),
      std::string::npos)
      << table;
}

}  // namespace
}  // namespace vigil::aws
