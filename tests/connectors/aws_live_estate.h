// A small AWS estate served by the replay server (tests/aws_client/replay_server.h)
// in the real wire formats, for the live collector's end-to-end tests.
//
// One account per access key: serve_estate(server, account, key) answers
// that key's calls. Every list call of the catalog answers an empty list
// (generated from the botocore model's output shape) except:
//   ec2 DescribeInstances          two pages (nextToken), one instance each
//   ec2 DescribeSecurityGroups     one group open to the world on 22
//   kms ListKeys                   one customer key, rotation off
//   iam ListUsers                  two pages (Marker): alice (console, no MFA), bob
//   iam ListUserPolicies           alice: one inline policy, read by GetUserPolicy (two keys)
//   s3 ListBuckets                 one bucket, its eleven calls
// and the account settings (credential report, summary, regions, ...).
// Faults are added by the tests (throttles, 403, 500) with server.fail().
#pragma once

#include <fmt/format.h>

#include <string>

#include "../aws_client/replay_server.h"
#include "connectors/aws/catalog.h"

namespace vigil::aws::testing {

using replay::ReplayRequest;
using replay::ReplayServer;

inline replay::Matcher key_is(const std::string& key) {
  return [key](const ReplayRequest& r) { return r.access_key_id == key; };
}
inline replay::Matcher key_and_param(const std::string& key, const std::string& name,
                                     const std::string& value) {
  return [=](const ReplayRequest& r) { return r.access_key_id == key && r.param(name) == value; };
}

// <Op>Response (and <Op>Result for query) around `inner`, in the protocol's envelope.
inline std::string xml_response(const std::string& protocol, const std::string& op,
                                const std::string& api_version, const std::string& ns_service,
                                const std::string& inner) {
  if (protocol == "ec2")
    return fmt::format(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<{0}Response "
        "xmlns=\"http://ec2.amazonaws.com/doc/{1}/"
        "\"><requestId>59dbff89-35bd-4eac-99ed-be587EXAMPLE</requestId>{2}</"
        "{0}Response>",
        op, api_version, inner);
  return fmt::format(
      "<{0}Response "
      "xmlns=\"https://{1}.amazonaws.com/doc/{2}/\"><{0}Result>{3}</"
      "{0}Result><ResponseMetadata><RequestId>"
      "7a62c49f-347e-4fc4-9331-6e8eEXAMPLE</RequestId></ResponseMetadata></{0}Response>",
      op, ns_service, api_version, inner);
}

// An empty list output of a catalog list call, as AWS sends it.
inline std::string empty_list_body(ModelRepository& models, const ResourceType& t) {
  auto model = models.service(t.service).value();
  std::string top(t.items.substr(0, t.items.find_first_of(".[")));
  const std::string& protocol = model->metadata().protocol;
  if (protocol == "json" || protocol == "rest-json") return fmt::format("{{\"{}\": []}}", top);
  const nlohmann::json& op = *model->operation(t.list_operation);
  const nlohmann::json& out = *model->shape(op["output"]["shape"].get<std::string>());
  const nlohmann::json& member = out["members"][top];
  const nlohmann::json* list = model->shape(member["shape"].get<std::string>());
  if (list && list->value("flattened",
                          false))  // an empty flattened list is no element at all (SQS ListQueues)
    return xml_response(protocol, std::string(t.list_operation), model->metadata().api_version,
                        std::string(t.service), "");
  std::string name = member.value("locationName", top);
  if (protocol == "ec2" && !member.contains("locationName"))
    name[0] = static_cast<char>(std::tolower(name[0]));
  return xml_response(protocol, std::string(t.list_operation), model->metadata().api_version,
                      std::string(t.service), fmt::format("<{}/>", name));
}

inline std::string query(const std::string& service, const std::string& op,
                         const std::string& version, const std::string& inner) {
  return xml_response("query", op, version, service, inner);
}
inline std::string ec2(const std::string& op, const std::string& inner) {
  return xml_response("ec2", op, "2016-11-15", "ec2", inner);
}

inline std::string base64(const std::string& text) {
  static const char* chars = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  size_t i = 0;
  for (; i + 2 < text.size(); i += 3) {
    unsigned v =
        (unsigned char)text[i] << 16 | (unsigned char)text[i + 1] << 8 | (unsigned char)text[i + 2];
    for (int s : {18, 12, 6, 0}) out += chars[(v >> s) & 63];
  }
  if (size_t rest = text.size() - i) {
    unsigned v = (unsigned char)text[i] << 16 | (rest == 2 ? (unsigned char)text[i + 1] << 8 : 0);
    out += chars[(v >> 18) & 63];
    out += chars[(v >> 12) & 63];
    out += rest == 2 ? chars[(v >> 6) & 63] : '=';
    out += '=';
  }
  return out;
}

// Serves the estate of `account` to requests signed with access key `key`.
inline void serve_estate(ReplayServer& s, ModelRepository& models, const std::string& account,
                         const std::string& key) {
  auto when = key_is(key);
  const std::string A = account;
  s.on("sts", "GetCallerIdentity",
       {s.ok("sts",
             query("sts", "GetCallerIdentity", "2011-06-15",
                   fmt::format(
                       "<Arn>arn:aws:iam::{0}:user/auditor</Arn><UserId>AIDAEXAMPLE{0}</UserId>"
                       "<Account>{0}</Account>",
                       A)))},
       when);
  s.on("cloudfront", "ListDistributions",
       {s.ok("cloudfront",
             "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<DistributionList "
             "xmlns=\"http://cloudfront.amazonaws.com/doc/2020-05-31/\"><Marker></"
             "Marker><MaxItems>100</MaxItems>"
             "<IsTruncated>false</IsTruncated><Quantity>0</Quantity></DistributionList>")},
       when);

  // EC2: two pages of instances, one open security group.
  std::string instance =
      "<item><reservationId>r-0{1}</reservationId><ownerId>{0}</ownerId><groupSet/"
      "><instancesSet><item>"
      "<instanceId>i-0{1}</instanceId><imageId>ami-0abc</imageId><instanceState><code>16</"
      "code><name>running</name>"
      "</instanceState><instanceType>t3.micro</instanceType><launchTime>2026-01-02T03:04:05.000Z</"
      "launchTime>"
      "<subnetId>subnet-1</subnetId><vpcId>vpc-1</vpcId><groupSet><item><groupId>sg-0open</"
      "groupId><groupName>"
      "open-ssh</groupName></item></groupSet><tagSet><item><key>Name</key><value>web-{1}</value></"
      "item></tagSet>"
      "</item></instancesSet></item>";
  s.on("ec2", "DescribeInstances",
       {s.ok("ec2", ec2("DescribeInstances", "<reservationSet>" +
                                                 fmt::format(fmt::runtime(instance), A, "1") +
                                                 "</reservationSet><nextToken>page-2</nextToken>")),
        s.ok("ec2", ec2("DescribeInstances", "<reservationSet>" +
                                                 fmt::format(fmt::runtime(instance), A, "2") +
                                                 "</reservationSet>"))},
       when);
  s.on(
      "ec2", "DescribeSecurityGroups",
      {s.ok(
          "ec2",
          ec2("DescribeSecurityGroups",
              fmt::format(
                  "<securityGroupInfo><item><ownerId>{}</ownerId><groupId>sg-0open</groupId>"
                  "<groupName>open-ssh</groupName><groupDescription>ssh from anywhere"
                  "</groupDescription><vpcId>vpc-1</vpcId><ipPermissions><item><ipProtocol>tcp"
                  "</ipProtocol><fromPort>22</fromPort><toPort>22</toPort><groups/><ipRanges><item>"
                  "<cidrIp>0.0.0.0/0</cidrIp></item></ipRanges><ipv6Ranges/><prefixListIds/></item>"
                  "</ipPermissions><ipPermissionsEgress/></item></securityGroupInfo>",
                  A)))},
      when);
  s.on(
      "ec2", "DescribeRegions",
      {s.ok("ec2",
            ec2("DescribeRegions",
                "<regionInfo><item><regionName>eu-west-1</regionName><regionEndpoint>ec2.eu-west-1."
                "amazonaws.com</regionEndpoint><optInStatus>opt-in-not-required</optInStatus></"
                "item><item>"
                "<regionName>us-east-1</regionName><regionEndpoint>ec2.us-east-1.amazonaws.com</"
                "regionEndpoint>"
                "<optInStatus>opt-in-not-required</optInStatus></item></regionInfo>"))},
      when);
  s.on("ec2", "GetEbsEncryptionByDefault",
       {s.ok("ec2", ec2("GetEbsEncryptionByDefault",
                        "<ebsEncryptionByDefault>false</ebsEncryptionByDefault>"))},
       when);

  // KMS: one customer key without rotation.
  std::string key_id = "1234abcd-12ab-34cd-56ef-1234567890ab";
  std::string key_arn = fmt::format("arn:aws:kms:us-east-1:{}:key/{}", A, key_id);
  s.on("kms", "ListKeys",
       {s.ok("kms", nlohmann::json{{"Keys", {{{"KeyId", key_id}, {"KeyArn", key_arn}}}},
                                   {"Truncated", false}}
                        .dump())},
       when);
  s.on("kms", "DescribeKey",
       {s.ok("kms", nlohmann::json{{"KeyMetadata",
                                    {{"AWSAccountId", A},
                                     {"KeyId", key_id},
                                     {"Arn", key_arn},
                                     {"CreationDate", 1767322800.0},
                                     {"Enabled", true},
                                     {"KeyUsage", "ENCRYPT_DECRYPT"},
                                     {"KeyState", "Enabled"},
                                     {"Origin", "AWS_KMS"},
                                     {"KeyManager", "CUSTOMER"},
                                     {"KeySpec", "SYMMETRIC_DEFAULT"}}}}
                        .dump())},
       when);
  s.on("kms", "GetKeyRotationStatus", {s.ok("kms", R"({"KeyRotationEnabled": false})")}, when);
  s.on("kms", "GetKeyPolicy",
       {s.ok(
           "kms",
           nlohmann::json{
               {"Policy", fmt::format(R"({{"Version":"2012-10-17","Statement":[{{"Effect":"Allow",)"
                                      R"("Principal":{{"AWS":"arn:aws:iam::{}:root"}},)"
                                      R"("Action":"kms:*","Resource":"*"}}]}})",
                                      A)}}
               .dump())},
       when);
  s.on("kms", "ListResourceTags", {s.ok("kms", R"({"Tags": [], "Truncated": false})")}, when);

  // Account settings, per region.
  s.on("guardduty", "ListDetectors", {s.ok("guardduty", R"({"detectorIds": []})")}, when);
  s.on("config", "DescribeConfigurationRecorders",
       {s.ok("config", R"({"ConfigurationRecorders": []})")}, when);
  s.on("config", "DescribeConfigurationRecorderStatus",
       {s.ok("config", R"({"ConfigurationRecordersStatus": []})")}, when);
  s.on("securityhub", "DescribeHub",
       {s.error("securityhub", 401, "InvalidAccessException",
                fmt::format("Account {} is not subscribed to AWS Security Hub", A))},
       when);
  s.on("accessanalyzer", "ListAnalyzers", {s.ok("accessanalyzer", R"({"analyzers": []})")}, when);

  // IAM: users over two pages, their calls; account settings.
  std::string user =
      "<member><Path>/</Path><UserName>{1}</UserName><UserId>AIDA{1}</"
      "UserId><Arn>arn:aws:iam::{0}:user/"
      "{1}</Arn><CreateDate>2025-03-04T05:06:07Z</CreateDate></member>";
  s.on("iam", "ListUsers",
       {s.ok("iam", query("iam", "ListUsers", "2010-05-08",
                          "<Users>" + fmt::format(fmt::runtime(user), A, "alice") +
                              "</Users><IsTruncated>true</IsTruncated><Marker>page-2</Marker>")),
        s.ok("iam", query("iam", "ListUsers", "2010-05-08",
                          "<Users>" + fmt::format(fmt::runtime(user), A, "bob") +
                              "</Users><IsTruncated>false</IsTruncated>"))},
       when);
  for (std::string name : {"alice", "bob"}) {
    auto u = key_and_param(key, "UserName", name);
    s.on("iam", "ListAccessKeys",
         {s.ok(
             "iam",
             query("iam", "ListAccessKeys", "2010-05-08",
                   fmt::format(
                       "<UserName>{0}</UserName><AccessKeyMetadata><member><UserName>{0}</UserName>"
                       "<AccessKeyId>AKIA{0}</AccessKeyId><Status>Active</Status><CreateDate>"
                       "2025-03-04T05:06:07Z</CreateDate></member></AccessKeyMetadata><IsTruncated>"
                       "false</IsTruncated>",
                       name)))},
         u);
    s.on("iam", "ListUserTags",
         {s.ok(
             "iam",
             query("iam", "ListUserTags", "2010-05-08",
                   fmt::format(
                       "<Tags><member><Key>team</Key><Value>{}</Value></member></Tags><IsTruncated>"
                       "false</IsTruncated>",
                       name == "alice" ? "web" : "data")))},
         u);
  }
  s.on("iam", "ListMFADevices",
       {s.ok("iam", query("iam", "ListMFADevices", "2010-05-08",
                          "<MFADevices/><IsTruncated>false</IsTruncated>"))},
       when);
  // alice has one inline policy: GetUserPolicy takes two keys (a fan-out call, catalog.h).
  s.on("iam", "ListUserPolicies",
       {s.ok("iam", query("iam", "ListUserPolicies", "2010-05-08",
                          "<PolicyNames><member>web+deploy</member></PolicyNames>"
                          "<IsTruncated>false</IsTruncated>"))},
       key_and_param(key, "UserName", "alice"));
  s.on("iam", "GetUserPolicy",
       {s.ok("iam", query("iam", "GetUserPolicy", "2010-05-08",
                          "<UserName>alice</UserName><PolicyName>web+deploy</PolicyName>"
                          "<PolicyDocument>%7B%22Version%22%3A%222012-10-17%22%2C%22Statement%22%3A"
                          "%5B%7B%22Effect%22%3A%22Allow%22%2C%22Action%22%3A%22*%22%2C%22Resource"
                          "%22%3A%22*%22%7D%5D%7D</PolicyDocument>"))},
       [=](const ReplayRequest& r) {
         return r.access_key_id == key && r.param("UserName") == "alice" &&
                r.param("PolicyName") == "web+deploy";
       });
  for (std::string op : {"ListAttachedUserPolicies", "ListUserPolicies", "ListGroupsForUser"}) {
    std::string member = op == "ListAttachedUserPolicies" ? "AttachedPolicies"
                         : op == "ListUserPolicies"       ? "PolicyNames"
                                                          : "Groups";
    s.on("iam", op,
         {s.ok("iam", query("iam", op, "2010-05-08",
                            fmt::format("<{}/><IsTruncated>false</IsTruncated>", member)))},
         when);
  }
  s.on("iam", "GetLoginProfile",
       {s.ok("iam", query("iam", "GetLoginProfile", "2010-05-08",
                          "<LoginProfile><UserName>alice</"
                          "UserName><CreateDate>2025-03-04T05:06:07Z</CreateDate>"
                          "<PasswordResetRequired>false</PasswordResetRequired></LoginProfile>"))},
       key_and_param(key, "UserName", "alice"));
  s.on("iam", "GetLoginProfile",
       {s.error("iam", 404, "NoSuchEntity", "The user with name bob cannot be found.")},
       key_and_param(key, "UserName", "bob"));
  s.on("iam", "GetAccountSummary",
       {s.ok(
           "iam",
           query(
               "iam", "GetAccountSummary", "2010-05-08",
               "<SummaryMap><entry><key>AccountMFAEnabled</key><value>1</value></entry><entry><key>"
               "AccountAccessKeysPresent</key><value>0</value></entry><entry><key>Users</"
               "key><value>2"
               "</value></entry></SummaryMap>"))},
       when);
  s.on("iam", "ListVirtualMFADevices",
       {s.ok("iam", query("iam", "ListVirtualMFADevices", "2010-05-08",
                          "<VirtualMFADevices/><IsTruncated>false</IsTruncated>"))},
       when);
  s.on("iam", "GetAccountPasswordPolicy",
       {s.error("iam", 404, "NoSuchEntity",
                fmt::format("The Password Policy with domain name {} cannot be found.", A))},
       when);
  s.on("iam", "GenerateCredentialReport",
       {s.ok("iam",
             query("iam", "GenerateCredentialReport", "2010-05-08",
                   "<State>STARTED</State><Description>No report exists. Starting a new report "
                   "generation task</Description>")),
        s.ok("iam",
             query("iam", "GenerateCredentialReport", "2010-05-08", "<State>COMPLETE</State>"))},
       when);
  std::string csv =
      "user,arn,user_creation_time,password_enabled,password_last_used,password_last_changed,"
      "password_next_rotation,"
      "mfa_active,access_key_1_active,access_key_1_last_rotated,access_key_1_last_used_date,access_"
      "key_1_last_used_"
      "region,access_key_1_last_used_service,access_key_2_active,access_key_2_last_rotated,access_"
      "key_2_last_used_date,"
      "access_key_2_last_used_region,access_key_2_last_used_service,cert_1_active,cert_1_last_"
      "rotated,cert_2_active,"
      "cert_2_last_rotated\n" +
      fmt::format(
          "<root_account>,arn:aws:iam::{0}:root,2020-01-01T00:00:00+00:00,not_supported,2026-11-"
          "01T00:00:00+00:00,"
          "not_supported,not_supported,true,false,N/A,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/"
          "A,false,N/A\n"
          "alice,arn:aws:iam::{0}:user/"
          "alice,2025-03-04T05:06:07+00:00,true,2026-11-20T00:00:00+00:00,"
          "2025-03-04T05:06:07+00:00,N/A,false,true,2025-03-04T05:06:07+00:00,N/A,N/A,N/A,false,N/"
          "A,N/A,N/A,N/A,false,"
          "N/A,false,N/A\n"
          "bob,arn:aws:iam::{0}:user/bob,2025-03-04T05:06:07+00:00,false,N/A,N/A,N/A,false,true,"
          "2025-03-04T05:06:07+00:00,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A",
          A);
  s.on("iam", "GetCredentialReport",
       {s.ok("iam", query("iam", "GetCredentialReport", "2010-05-08",
                          "<Content>" + base64(csv) +
                              "</Content><ReportFormat>text/csv</"
                              "ReportFormat><GeneratedTime>2026-11-26T10:00:00Z"
                              "</GeneratedTime>"))},
       when);

  // S3: one bucket and its calls.
  const std::string ns = " xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"";
  auto xml = [&](std::string body) {
    return s.ok("s3", "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + body);
  };
  std::string bucket = "vigil-logs-" + A;
  s.on("s3", "ListBuckets",
       {xml(fmt::format("<ListAllMyBucketsResult{0}><Owner><ID>owner-{1}</ID><DisplayName>auditor</"
                        "DisplayName></Owner>"
                        "<Buckets><Bucket><Name>{2}</Name><CreationDate>2025-05-06T07:08:09.000Z</"
                        "CreationDate></Bucket>"
                        "</Buckets></ListAllMyBucketsResult>",
                        ns, A, bucket))},
       when);
  s.on("s3", "GetBucketLocation",
       {xml(fmt::format("<LocationConstraint{}>eu-west-1</LocationConstraint>", ns))}, when);
  s.on("s3", "GetBucketAcl",
       {xml(fmt::format(
           "<AccessControlPolicy{0}><Owner><ID>owner-{1}</ID></"
           "Owner><AccessControlList><Grant><Grantee "
           "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" "
           "xsi:type=\"CanonicalUser\"><ID>owner-{1}"
           "</ID></Grantee><Permission>FULL_CONTROL</Permission></Grant></AccessControlList>"
           "</AccessControlPolicy>",
           ns, A))},
       when);
  s.on("s3", "GetBucketPolicy",
       {s.error("s3", 404, "NoSuchBucketPolicy", "The bucket policy does not exist")}, when);
  s.on("s3", "GetBucketPolicyStatus",
       {s.error("s3", 404, "NoSuchBucketPolicy", "The bucket policy does not exist")}, when);
  s.on("s3", "GetPublicAccessBlock",
       {xml(fmt::format("<PublicAccessBlockConfiguration{}><BlockPublicAcls>true</"
                        "BlockPublicAcls><IgnorePublicAcls>true"
                        "</IgnorePublicAcls><BlockPublicPolicy>true</"
                        "BlockPublicPolicy><RestrictPublicBuckets>true"
                        "</RestrictPublicBuckets></PublicAccessBlockConfiguration>",
                        ns))},
       when);
  s.on("s3", "GetBucketEncryption",
       {xml(fmt::format(
           "<ServerSideEncryptionConfiguration{}><Rule><ApplyServerSideEncryptionByDefault><"
           "SSEAlgorithm>"
           "AES256</SSEAlgorithm></ApplyServerSideEncryptionByDefault><BucketKeyEnabled>false"
           "</BucketKeyEnabled></Rule></ServerSideEncryptionConfiguration>",
           ns))},
       when);
  s.on("s3", "GetBucketVersioning", {xml(fmt::format("<VersioningConfiguration{}/>", ns))}, when);
  s.on("s3", "GetBucketLogging", {xml(fmt::format("<BucketLoggingStatus{}/>", ns))}, when);
  s.on("s3", "GetBucketTagging", {s.error("s3", 404, "NoSuchTagSet", "The TagSet does not exist")},
       when);
  s.on("s3", "GetBucketWebsite",
       {s.error("s3", 404, "NoSuchWebsiteConfiguration",
                "The specified bucket does not have a website configuration")},
       when);
  // GET /{Bucket}?lifecycle is also the deprecated GetBucketLifecycle: the replay
  // server cannot tell them apart, so both answer.
  for (std::string op : {"GetBucketLifecycleConfiguration", "GetBucketLifecycle"})
    s.on("s3", op,
         {s.error("s3", 404, "NoSuchLifecycleConfiguration",
                  "The lifecycle configuration does not exist")},
         when);
  s.on(
      "s3control", "GetPublicAccessBlock",
      {s.ok(
          "s3control",
          "<?xml version=\"1.0\" "
          "encoding=\"UTF-8\"?>\n<PublicAccessBlockConfiguration><BlockPublicAcls>true"
          "</BlockPublicAcls><IgnorePublicAcls>true</IgnorePublicAcls><BlockPublicPolicy>false</"
          "BlockPublicPolicy>"
          "<RestrictPublicBuckets>false</RestrictPublicBuckets></PublicAccessBlockConfiguration>")},
      when);

  // Every other list call answers an empty list (registered last: the first matching rule wins).
  for (const ResourceType& t : resource_catalog())
    if (t.service != "cloudfront")
      s.on(std::string(t.service), std::string(t.list_operation),
           {s.ok(std::string(t.service), empty_list_body(models, t))}, when);
}

}  // namespace vigil::aws::testing
