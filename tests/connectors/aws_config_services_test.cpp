// AWS Config items of the messaging, certificate, monitoring and key types
// (SNS, SQS, ACM, IAM server certificates, CloudWatch alarms, GuardDuty,
// VPC flow logs, KMS aliases) -> the assets a capture gives: ids, names,
// regions, the config paths the bundled policies read, and what Config does
// not record (unavailable, NotInAwsConfig). Property names as in
// aws-config-resource-schema and real configuration items.
#include <gtest/gtest.h>

#include "aws_config_fixture.h"

namespace vigil::aws_config::testing {
namespace {

const std::string kSvcAcct = "111111111111";
const std::string kSvcKey = "arn:aws:kms:us-east-1:111111111111:key/k-1";

// As AWS Config records a topic (a real item's shape: the attribute map,
// numbers as numbers, Policy a JSON string; tags also in supplementaryConfiguration).
json sns_topic() {
  const std::string arn = "arn:aws:sns:us-east-1:111111111111:alerts";
  json t = item(
      "AWS::SNS::Topic", arn,
      {{"Policy",
        R"({"Version":"2012-10-17","Statement":[{"Sid":"Open","Effect":"Allow","Principal":"*","Action":"SNS:Publish","Resource":")" +
            arn + R"("}]})"},
       {"ApplicationSuccessFeedbackSampleRate", 0.0},
       {"Owner", kSvcAcct},
       {"KmsMasterKeyId", kSvcKey},
       {"TopicArn", arn},
       {"EffectiveDeliveryPolicy", R"({"http":{"defaultHealthyRetryPolicy":{"numRetries":3}}})"},
       {"DisplayName", ""}},
      arn);
  t["resourceName"] = "alerts";
  t["tags"] = {{"team", "sec"}};
  t["supplementaryConfiguration"] = {{"Tags", {{{"value", "sec"}, {"key", "team"}}}}};
  return t;
}

json sqs_queue() {
  const std::string url = "https://sqs.us-east-1.amazonaws.com/111111111111/orders";
  json q = item(
      "AWS::SQS::Queue", url,
      {{"Policy",
        R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"*"},"Action":"sqs:SendMessage","Resource":"arn:aws:sqs:us-east-1:111111111111:orders","Condition":{"StringEquals":{"aws:SourceAccount":"222222222222"}}}]})"},
       {"ReceiveMessageWaitTimeSeconds", 0.0},
       {"CreatedTimestamp", "1602023249"},
       {"DelaySeconds", "0"},
       {"MessageRetentionPeriod", 345600.0},
       {"KmsMasterKeyId", "alias/aws/sqs"},
       {"KmsDataKeyReusePeriodSeconds", "300"},
       {"RedrivePolicy",
        R"({"deadLetterTargetArn":"arn:aws:sqs:us-east-1:111111111111:orders-dlq","maxReceiveCount":5})"},
       {"QueueArn", "arn:aws:sqs:us-east-1:111111111111:orders"}},
      "arn:aws:sqs:us-east-1:111111111111:orders");
  q["resourceName"] = "orders";
  q["supplementaryConfiguration"] = {{"Tags", json::object()}};
  return q;
}

TEST(AwsConfigServices, SnsTopic) {
  aws::testing::CaptureDir dir;
  dir.write("items.json", snapshot(sns_topic()).dump());
  AwsConfigResult r = read_ok(dir.path());
  const Asset& t = asset_of(r, "arn:aws:sns:us-east-1:111111111111:alerts");
  EXPECT_EQ(t.type, "aws.sns.topic");
  EXPECT_EQ(t.name, "alerts");
  EXPECT_EQ(t.region, "us-east-1");
  EXPECT_EQ(at(t, "config.TopicArn"), R"("arn:aws:sns:us-east-1:111111111111:alerts")");
  // GetTopicAttributes' values are strings; the policy documents decoded as in a capture.
  EXPECT_EQ(at(t, "config.TopicAttributes.Attributes.ApplicationSuccessFeedbackSampleRate"),
            R"("0")");
  EXPECT_EQ(at(t, "config.TopicAttributes.Attributes.Policy.Statement.0.Sid"), R"("Open")");
  EXPECT_EQ(at(t,
               "config.TopicAttributes.Attributes.EffectiveDeliveryPolicy.http."
               "defaultHealthyRetryPolicy.numRetries"),
            "3");
  EXPECT_EQ(at(t, "relationships.kms_key"), "[\"" + kSvcKey + "\"]");
  EXPECT_EQ(at(t, "config.TagsForResource.Tags"), R"([{"Key":"team","Value":"sec"}])");
  EXPECT_TRUE(unavailable(t, "TopicAttributes.Attributes.SubscriptionsConfirmed"));
  EXPECT_TRUE(unavailable(t, "SubscriptionsByTopic"));
}

TEST(AwsConfigServices, SqsQueueIdIsTheCapturesArnAndApiFormAgrees) {
  aws::testing::CaptureDir plain, api;
  plain.write("items.json", snapshot(sqs_queue()).dump());
  api.write("history.json", json{{"configurationItems", {api_item(sqs_queue())}}}.dump());
  AwsConfigResult r = read_ok(plain.path()), a = read_ok(api.path());
  const std::string id = "arn:aws:sqs:us-east-1:111111111111:orders";
  const Asset& q = asset_of(r, id);
  EXPECT_EQ(q.type, "aws.sqs.queue");
  EXPECT_EQ(q.name, "orders");
  EXPECT_EQ(at(q, "config.QueueUrl"),
            R"("https://sqs.us-east-1.amazonaws.com/111111111111/orders")");
  EXPECT_EQ(at(q, "config.QueueAttributes.Attributes.MessageRetentionPeriod"), R"("345600")");
  EXPECT_EQ(at(q, "config.QueueAttributes.Attributes.KmsMasterKeyId"), R"("alias/aws/sqs")");
  // Keys inside the documents are data: not capitalised.
  EXPECT_EQ(at(q, "config.QueueAttributes.Attributes.RedrivePolicy.maxReceiveCount"), "5");
  EXPECT_NE(at(q, "config.QueueAttributes.Attributes.Policy").find("aws:SourceAccount"),
            std::string::npos);
  EXPECT_TRUE(unavailable(q, "QueueAttributes.Attributes.ApproximateNumberOfMessages"));
  EXPECT_EQ(at(q, "config.QueueTags.Tags"), "[]");
  EXPECT_EQ(q.doc.root().to_json(), asset_of(a, id).doc.root().to_json());
}

TEST(AwsConfigServices, AcmCertificateSummaryAndDetail) {
  const std::string arn = "arn:aws:acm:us-east-1:111111111111:certificate/c-1";
  json c = item(
      "AWS::ACM::Certificate", arn,
      {{"certificateArn", arn},
       {"domainName", "www.acme.example"},
       {"subjectAlternativeNames", {"www.acme.example", "acme.example"}},
       {"domainValidationOptions",
        {{{"domainName", "www.acme.example"},
          {"validationStatus", "SUCCESS"},
          {"validationMethod", "DNS"}}}},
       {"serial", "0a:1b"},
       {"subject", "CN=www.acme.example"},
       {"issuer", "Amazon"},
       {"createdAt", 1767312000000},
       {"issuedAt", "2026-01-02T00:00:00.000Z"},
       {"status", "ISSUED"},
       {"notBefore", "2026-01-02T00:00:00.000Z"},
       {"notAfter", 1796860800000},
       {"keyAlgorithm", "RSA_2048"},
       {"signatureAlgorithm", "SHA256WITHRSA"},
       {"inUseBy", {"arn:aws:elasticloadbalancing:us-east-1:111111111111:loadbalancer/app/web/1"}},
       {"type", "AMAZON_ISSUED"},
       {"keyUsages", {{{"name", "DIGITAL_SIGNATURE"}}, {{"name", "KEY_ENCIPHERMENT"}}}},
       {"extendedKeyUsages",
        {{{"name", "TLS_WEB_SERVER_AUTHENTICATION"}, {"oID", "1.3.6.1.5.5.7.3.1"}}}},
       {"renewalEligibility", "ELIGIBLE"},
       {"options", {{"certificateTransparencyLoggingPreference", "ENABLED"}}}},
      arn);
  aws::testing::CaptureDir dir;
  dir.write("items.json", snapshot(c).dump());
  AwsConfigResult r = read_ok(dir.path());
  const Asset& a = asset_of(r, arn);
  EXPECT_EQ(a.type, "aws.acm.certificate");
  EXPECT_EQ(a.name, "www.acme.example");
  // Epoch milliseconds as the AWS CLI prints times.
  EXPECT_EQ(at(a, "config.Certificate.Certificate.NotAfter"), R"("2026-12-10T00:00:00Z")");
  EXPECT_EQ(at(a, "config.Certificate.Certificate.CreatedAt"), R"("2026-01-02T00:00:00Z")");
  EXPECT_EQ(at(a, "config.Certificate.Certificate.Status"), R"("ISSUED")");
  EXPECT_EQ(at(a, "config.Certificate.Certificate.ExtendedKeyUsages.0.OID"),
            R"("1.3.6.1.5.5.7.3.1")");
  // ListCertificates' summary members, from the detail.
  EXPECT_EQ(at(a, "config.InUse"), "true");
  EXPECT_EQ(at(a, "config.KeyUsages"), R"(["DIGITAL_SIGNATURE","KEY_ENCIPHERMENT"])");
  EXPECT_EQ(at(a, "config.SubjectAlternativeNameSummaries"),
            R"(["www.acme.example","acme.example"])");
  EXPECT_EQ(at(a, "config.HasAdditionalSubjectAlternativeNames"), "false");
  EXPECT_EQ(at(a, "config.NotAfter"), R"("2026-12-10T00:00:00Z")");
  EXPECT_TRUE(unavailable(a, "Exported"));
  EXPECT_EQ(at(a, "config.TagsForCertificate.Tags"), "[]");
}

// Only times a date can print (epoch seconds or milliseconds before year 10000) are
// turned into ISO 8601, the last of them exactly; anything else is kept as Config wrote it.
TEST(AwsConfigServices, ImplausibleEpochTimesAreKeptAsTheyAre) {
  const std::string arn = "arn:aws:acm:us-east-1:111111111111:certificate/c-2";
  json c = item("AWS::ACM::Certificate", arn,
                {{"certificateArn", arn},
                 {"notAfter", 1e300},
                 {"notBefore", -5},
                 {"createdAt", 253402300800000.0},
                 {"issuedAt", 1767312000.5},
                 {"importedAt", 253402300799000.0}},
                arn);
  aws::testing::CaptureDir dir;
  dir.write("items.json", snapshot(c).dump());
  AwsConfigResult r = read_ok(dir.path());
  const Asset& a = asset_of(r, arn);
  EXPECT_EQ(at(a, "config.Certificate.Certificate.NotAfter"), "1e+300");
  EXPECT_EQ(at(a, "config.Certificate.Certificate.NotBefore"), "-5");
  EXPECT_EQ(at(a, "config.Certificate.Certificate.CreatedAt"), "253402300800000.0");
  EXPECT_EQ(at(a, "config.Certificate.Certificate.IssuedAt"), R"("2026-01-02T00:00:00.500Z")");
  EXPECT_EQ(at(a, "config.Certificate.Certificate.ImportedAt"), R"("9999-12-31T23:59:59Z")");
}

TEST(AwsConfigServices, IamServerCertificateKeepsNoKeyAndHasNoExpiration) {
  const std::string arn = "arn:aws:iam::111111111111:server-certificate/cloudfront/legacy-www";
  json s = item("AWS::IAM::ServerCertificate", "ASCAEXAMPLE",
                {{"ServerCertificateName", "legacy-www"},
                 {"Path", "/cloudfront/"},
                 {"Arn", arn},
                 {"PrivateKey", "-----BEGIN RSA PRIVATE KEY-----\nMIIsecret\n-----END"},
                 {"CertificateBody", "-----BEGIN CERTIFICATE-----\nMIIpublic\n-----END"}},
                arn, "global");
  s["resourceName"] = "legacy-www";
  aws::testing::CaptureDir dir;
  dir.write("items.json", snapshot(s).dump());
  AwsConfigResult r = read_ok(dir.path());
  const Asset& c = asset_of(r, arn);
  EXPECT_EQ(c.type, "aws.iam.server-certificate");
  EXPECT_EQ(c.name, "legacy-www");
  EXPECT_EQ(c.region, "global");
  EXPECT_EQ(at(c, "config.Path"), R"("/cloudfront/")");
  EXPECT_EQ(c.doc.root().to_json().find("MIIsecret"), std::string::npos);
  EXPECT_EQ(at(c, "config.CertificateBody"), "");
  EXPECT_TRUE(unavailable(c, "Expiration"));
  EXPECT_TRUE(unavailable(c, "UploadDate"));
}

TEST(AwsConfigServices, CloudWatchAlarmAndGuardDutyDetector) {
  const std::string alarm_arn =
      "arn:aws:cloudwatch:us-east-1:111111111111:alarm:cis-unauthorized-api-calls";
  json alarm = item("AWS::CloudWatch::Alarm", "cis-unauthorized-api-calls",
                    {{"alarmName", "cis-unauthorized-api-calls"},
                     {"alarmArn", alarm_arn},
                     {"actionsEnabled", true},
                     {"okactions", json::array()},
                     {"alarmActions", {"arn:aws:sns:us-east-1:111111111111:alerts"}},
                     {"insufficientDataActions", json::array()},
                     {"metricName", "UnauthorizedAPICalls"},
                     {"namespace", "CISBenchmark"},
                     {"statistic", "Sum"},
                     {"dimensions", json::array()},
                     {"period", 300},
                     {"evaluationPeriods", 1},
                     {"threshold", 1.0},
                     {"comparisonOperator", "GreaterThanOrEqualToThreshold"},
                     {"alarmConfigurationUpdatedTimestamp", "2026-01-02T00:00:00.000Z"}},
                    alarm_arn);
  const std::string detector_id = "12abc34d567e8fa901bc2d34e56789f0";
  json detector = item(
      "AWS::GuardDuty::Detector", detector_id,
      {{"Id", detector_id},
       {"Enable", false},
       {"FindingPublishingFrequency", "SIX_HOURS"},
       {"DataSources",
        {{"S3Logs", {{"Enable", true}}}, {"Kubernetes", {{"AuditLogs", {{"Enable", true}}}}}}}},
      "arn:aws:guardduty:us-east-1:111111111111:detector/" + detector_id);
  detector["tags"] = {{"env", "prod"}};
  aws::testing::CaptureDir dir;
  dir.write("items.json", snapshot({alarm, detector}).dump());
  AwsConfigResult r = read_ok(dir.path());
  const Asset& a = asset_of(r, alarm_arn);
  EXPECT_EQ(a.name, "cis-unauthorized-api-calls");
  EXPECT_EQ(at(a, "config.OKActions"), "[]");
  EXPECT_EQ(at(a, "config.Namespace"), R"("CISBenchmark")");
  EXPECT_EQ(at(a, "relationships.actions"), R"(["arn:aws:sns:us-east-1:111111111111:alerts"])");
  EXPECT_TRUE(unavailable(a, "StateValue"));
  const Asset& d = asset_of(r, "arn:aws:guardduty:us-east-1:111111111111:detector/" + detector_id);
  EXPECT_EQ(d.type, "aws.guardduty.detector");
  EXPECT_EQ(at(d, "config.DetectorId"), "\"" + detector_id + "\"");
  EXPECT_EQ(at(d, "config.Detector.Status"), R"("DISABLED")");
  EXPECT_EQ(at(d, "config.Detector.Tags"), R"({"env":"prod"})");
  EXPECT_TRUE(unavailable(d, "Detector.DataSources"));  // another shape: not converted
  EXPECT_TRUE(unavailable(d, "Detector.UpdatedAt"));
}

// A reverse relation (VPC -> flow_logs, key -> aliases) lists every source
// asset pointing at the target: complete only when a snapshot lists the scope.
json vpc(const std::string& id) {
  return item("AWS::EC2::VPC", id, {{"vpcId", id}, {"cidrBlock", "10.0.0.0/16"}},
              "arn:aws:ec2:us-east-1:111111111111:vpc/" + id);
}

json flow_log() {
  return item("AWS::EC2::FlowLog", "fl-0a1",
              {{"creationTime", "2026-01-02T00:00:00.000Z"},
               {"deliverLogsPermissionArn", "arn:aws:iam::111111111111:role/flow-logs"},
               {"deliverLogsStatus", "SUCCESS"},
               {"flowLogId", "fl-0a1"},
               {"flowLogStatus", "ACTIVE"},
               {"logGroupName", "vpc-flow"},
               {"resourceId", "vpc-0d4"},
               {"trafficType", "ALL"},
               {"logDestinationType", "cloud-watch-logs"},
               {"maxAggregationInterval", 600}},
              "arn:aws:ec2:us-east-1:111111111111:vpc-flow-log/fl-0a1");
}

json alias() {
  json a = item("AWS::KMS::Alias", "alias/orders",
                {{"AliasName", "alias/orders"}, {"TargetKeyId", kSvcKey}},
                "arn:aws:kms:us-east-1:111111111111:alias/orders");
  return a;
}

json key() {
  return item(
      "AWS::KMS::Key", "k-1",
      {{"keyId", "k-1"}, {"arn", kSvcKey}, {"keyManager", "CUSTOMER"}, {"keyState", "Enabled"}},
      kSvcKey);
}

TEST(AwsConfigServices, FlowLogsAndAliasesFromASnapshot) {
  aws::testing::CaptureDir dir;
  dir.write(snapshot_path(kSvcAcct, "us-east-1", "n"),
            snapshot({vpc("vpc-0d4"), vpc("vpc-bare"), flow_log(), alias(), key()}).dump());
  AwsConfigResult r = read_ok(dir.path());
  const std::string fl = "arn:aws:ec2:us-east-1:111111111111:vpc-flow-log/fl-0a1";
  const Asset& f = asset_of(r, fl);
  EXPECT_EQ(f.type, "aws.ec2.flow-log");
  EXPECT_EQ(f.name, "fl-0a1");
  EXPECT_EQ(at(f, "config.FlowLogStatus"), R"("ACTIVE")");
  EXPECT_EQ(at(f, "config.ResourceId"), R"("vpc-0d4")");
  EXPECT_TRUE(unavailable(f, "DeliverCrossAccountRole"));
  EXPECT_EQ(
      at(asset_of(r, "arn:aws:ec2:us-east-1:111111111111:vpc/vpc-0d4"), "relationships.flow_logs"),
      "[\"" + fl + "\"]");
  // The snapshot lists every flow log of the region: none is none.
  EXPECT_EQ(
      at(asset_of(r, "arn:aws:ec2:us-east-1:111111111111:vpc/vpc-bare"), "relationships.flow_logs"),
      "[]");
  const std::string alias_arn = "arn:aws:kms:us-east-1:111111111111:alias/orders";
  const Asset& a = asset_of(r, alias_arn);
  EXPECT_EQ(a.type, "aws.kms.alias");
  EXPECT_EQ(a.name, "alias/orders");
  EXPECT_EQ(at(a, "config.AliasArn"), "\"" + alias_arn + "\"");
  EXPECT_EQ(at(a, "config.TargetKeyId"), R"("k-1")");  // ListAliases prints the key id
  EXPECT_EQ(at(a, "relationships.key"), "[\"" + kSvcKey + "\"]");
  EXPECT_TRUE(unavailable(a, "CreationDate"));
  EXPECT_EQ(at(asset_of(r, kSvcKey), "relationships.aliases"), "[\"" + alias_arn + "\"]");
}

TEST(AwsConfigServices, ReverseRelationsWithoutASnapshotAreUnavailable) {
  aws::testing::CaptureDir dir;
  dir.write("history.json", json{{"configurationItems", {vpc("vpc-0d4"), flow_log()}}}.dump());
  AwsConfigResult r = read_ok(dir.path());
  const Asset& v = asset_of(r, "arn:aws:ec2:us-east-1:111111111111:vpc/vpc-0d4");
  EXPECT_NE(at(v, "relationships.flow_logs").find("NotInAwsConfig"), std::string::npos)
      << at(v, "relationships.flow_logs");
  EXPECT_NE(at(v, "errors").find("relationships.flow_logs"), std::string::npos);
}

}  // namespace
}  // namespace vigil::aws_config::testing
