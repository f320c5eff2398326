// The real botocore models Debian ships (python3-botocore): load ec2, s3,
// iam, elbv2, sts, kms; serialize calls Vigil makes; parse responses written
// as AWS documents them. Skips when the models are not installed.
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>

#include "aws_client/model/service_model.h"
#include "aws_client/protocols/protocol.h"

namespace vigil::aws {
namespace {

bool have_models() {
  return std::filesystem::exists(std::string(kDefaultBotocoreDataDir) + "/ec2");
}

#define REQUIRE_MODELS()                                                         \
  if (!have_models())                                                            \
  GTEST_SKIP() << "botocore models not installed at " << kDefaultBotocoreDataDir \
               << " (python3-botocore)"

ModelRepository& repo() {
  static ModelRepository r;
  return r;
}

std::shared_ptr<const ServiceModel> load(const char* service) {
  auto m = repo().service(service);
  EXPECT_TRUE(m.ok()) << (m.ok() ? "" : m.error().message);
  return m.ok() ? *m : nullptr;
}

TEST(BotocoreModels, LoadsNewestVersionsOnceAndCaches) {
  REQUIRE_MODELS();
  for (const char* name : {"ec2", "s3", "iam", "elbv2", "sts", "kms"}) {
    auto start = std::chrono::steady_clock::now();
    auto model = load(name);
    auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                  std::chrono::steady_clock::now() - start)
                  .count();
    ASSERT_TRUE(model) << name;
    std::printf("[model] %-6s protocol %-8s api %s, %zu operations, loaded in %lld ms\n", name,
                model->metadata().protocol.c_str(), model->metadata().api_version.c_str(),
                model->operations().size(), static_cast<long long>(ms));
    EXPECT_EQ(load(name).get(), model.get()) << "second load must hit the cache";
  }
  auto ec2 = load("ec2");
  EXPECT_EQ(ec2->metadata().api_version, "2016-11-15");  // newest of the ec2 version directories
  EXPECT_EQ(ec2->metadata().protocol, "ec2");
  EXPECT_EQ(load("elbv2")->metadata().endpoint_prefix, "elasticloadbalancing");
  EXPECT_EQ(load("kms")->metadata().target_prefix, "TrentService");
  // Lookups return pointers into the model, not copies.
  EXPECT_EQ(ec2->shape("Instance"), ec2->shape("Instance"));
  ASSERT_NE(ec2->compiled_shape("Instance"), nullptr);
  EXPECT_NE(ec2->compiled_shape("Instance")->find_member("InstanceId"), nullptr);
  ASSERT_NE(ec2->operation("DescribeInstances"), nullptr);
  EXPECT_EQ((*ec2->operation("DescribeInstances"))["output"]["shape"], "DescribeInstancesResult");
  const Paginator* pages = ec2->paginator("DescribeInstances");
  ASSERT_NE(pages, nullptr);
  EXPECT_EQ(pages->input_token, std::vector<std::string>{"NextToken"});
  EXPECT_EQ(pages->result_key, std::vector<std::string>{"Reservations"});
  EXPECT_EQ(pages->limit_key, "MaxResults");
}

TEST(BotocoreModels, MissingServiceIsAnErrorNamingThePath) {
  ModelRepository r("/nonexistent/botocore/data");
  auto m = r.service("ec2");
  ASSERT_FALSE(m.ok());
  EXPECT_NE(m.error().message.find("/nonexistent/botocore/data/ec2"), std::string::npos)
      << m.error().message;
  EXPECT_FALSE(ModelRepository().service("../etc").ok());
}

TEST(BotocoreModels, SerializesEc2DescribeInstancesWithFilters) {
  REQUIRE_MODELS();
  auto ec2 = load("ec2");
  nlohmann::json params = {
      {"Filters", {{{"Name", "instance-state-name"}, {"Values", {"running", "stopped"}}}}},
      {"MaxResults", 5}};
  auto r = serialize_request(*ec2, "DescribeInstances", params);
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->method, "POST");
  EXPECT_EQ(r->path, "/");
  EXPECT_EQ(r->body,
            "Action=DescribeInstances&Version=2016-11-15&Filter.1.Name=instance-state-name"
            "&Filter.1.Value.1=running&Filter.1.Value.2=stopped&MaxResults=5");
  EXPECT_EQ(header_value(r->headers, "Content-Type"), "application/x-www-form-urlencoded");
  auto bad = serialize_request(*ec2, "DescribeInstances", nlohmann::json{{"Filters", "x"}});
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.error().message.find("DescribeInstances.Filters"), std::string::npos);
}

TEST(BotocoreModels, SerializesS3IamStsKmsElbv2) {
  REQUIRE_MODELS();
  auto acl =
      serialize_request(*load("s3"), "GetBucketAcl", nlohmann::json{{"Bucket", "my-bucket"}});
  ASSERT_TRUE(acl.ok()) << acl.error().message;
  EXPECT_EQ(acl->method, "GET");
  EXPECT_EQ(acl->path, "/my-bucket?acl");
  EXPECT_EQ(acl->body, "");

  // The fixes' S3 writes: the body (a policy is the raw text) with its
  // Content-MD5, which the models ask for (httpChecksum.requestChecksumRequired).
  const std::string policy = R"({"Version":"2012-10-17","Statement":[]})";
  auto put = serialize_request(*load("s3"), "PutBucketPolicy",
                               nlohmann::json{{"Bucket", "my-bucket"}, {"Policy", policy}});
  ASSERT_TRUE(put.ok()) << put.error().message;
  EXPECT_EQ(put->method, "PUT");
  EXPECT_EQ(put->path, "/my-bucket?policy");
  EXPECT_EQ(put->body, policy);
  EXPECT_EQ(header_value(put->headers, "Content-MD5"), "7ysbf9u2zR7hHgNqh4BIYg==");

  auto users = serialize_request(*load("iam"), "ListUsers", nlohmann::json{{"Marker", "abc=="}});
  ASSERT_TRUE(users.ok()) << users.error().message;
  EXPECT_EQ(users->body, "Action=ListUsers&Version=2010-05-08&Marker=abc%3D%3D");

  auto assume =
      serialize_request(*load("sts"), "AssumeRole",
                        nlohmann::json{{"RoleArn", "arn:aws:iam::123456789012:role/vigil-readonly"},
                                       {"RoleSessionName", "vigil"},
                                       {"ExternalId", "ext-1"},
                                       {"DurationSeconds", 3600}});
  ASSERT_TRUE(assume.ok()) << assume.error().message;
  EXPECT_EQ(assume->body,
            "Action=AssumeRole&Version=2011-06-15&RoleArn=arn%3Aaws%3Aiam%3A%3A123456789012%3Arole%"
            "2Fvigil-readonly"
            "&RoleSessionName=vigil&DurationSeconds=3600&ExternalId=ext-1");
  EXPECT_FALSE(serialize_request(*load("sts"), "AssumeRole", nlohmann::json{{"RoleArn", "x"}}).ok())
      << "RoleSessionName is required";

  auto keys = serialize_request(*load("kms"), "ListKeys", nlohmann::json{{"Limit", 100}});
  ASSERT_TRUE(keys.ok()) << keys.error().message;
  EXPECT_EQ(header_value(keys->headers, "X-Amz-Target"), "TrentService.ListKeys");
  EXPECT_EQ(header_value(keys->headers, "Content-Type"), "application/x-amz-json-1.1");
  EXPECT_EQ(nlohmann::json::parse(keys->body), (nlohmann::json{{"Limit", 100}}));

  auto lbs = serialize_request(*load("elbv2"), "DescribeLoadBalancers",
                               nlohmann::json{{"Names", {"web", "api"}}, {"PageSize", 20}});
  ASSERT_TRUE(lbs.ok()) << lbs.error().message;
  EXPECT_EQ(lbs->body,
            "Action=DescribeLoadBalancers&Version=2015-12-01&Names.member.1=web&Names.member.2=api&"
            "PageSize=20");
}

TEST(BotocoreModels, ParsesEc2DescribeSecurityGroupsAsTheCliPrintsIt) {
  REQUIRE_MODELS();
  HttpResponse response;
  response.status = 200;
  response.body = R"(<?xml version="1.0" encoding="UTF-8"?>
<DescribeSecurityGroupsResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/">
   <requestId>59dbff89-35bd-4eac-99ed-be587EXAMPLE</requestId>
   <securityGroupInfo>
      <item>
         <ownerId>123456789012</ownerId>
         <groupId>sg-1a2b3c4d</groupId>
         <groupName>WebServers</groupName>
         <groupDescription>Web Servers</groupDescription>
         <vpcId>vpc-614cc409</vpcId>
         <ipPermissions>
            <item>
               <ipProtocol>tcp</ipProtocol>
               <fromPort>80</fromPort>
               <toPort>80</toPort>
               <groups/>
               <ipRanges>
                  <item>
                     <cidrIp>0.0.0.0/0</cidrIp>
                     <description>world</description>
                  </item>
               </ipRanges>
               <ipv6Ranges/>
               <prefixListIds/>
            </item>
         </ipPermissions>
         <ipPermissionsEgress>
            <item>
               <ipProtocol>-1</ipProtocol>
               <groups/>
               <ipRanges>
                  <item>
                     <cidrIp>0.0.0.0/0</cidrIp>
                  </item>
               </ipRanges>
               <ipv6Ranges/>
               <prefixListIds/>
            </item>
         </ipPermissionsEgress>
         <tagSet>
            <item>
               <key>Name</key>
               <value>web</value>
            </item>
         </tagSet>
      </item>
   </securityGroupInfo>
</DescribeSecurityGroupsResponse>)";
  auto parsed = parse_response(*load("ec2"), "DescribeSecurityGroups", response);
  ASSERT_TRUE(std::holds_alternative<nlohmann::json>(parsed))
      << std::get<AwsCallError>(parsed).message;
  nlohmann::json expected = nlohmann::json::parse(R"({"SecurityGroups": [{
    "OwnerId": "123456789012", "GroupId": "sg-1a2b3c4d", "GroupName": "WebServers", "Description": "Web Servers",
    "VpcId": "vpc-614cc409",
    "IpPermissions": [{"IpProtocol": "tcp", "FromPort": 80, "ToPort": 80, "UserIdGroupPairs": [],
                       "IpRanges": [{"CidrIp": "0.0.0.0/0", "Description": "world"}], "Ipv6Ranges": [],
                       "PrefixListIds": []}],
    "IpPermissionsEgress": [{"IpProtocol": "-1", "UserIdGroupPairs": [], "IpRanges": [{"CidrIp": "0.0.0.0/0"}],
                             "Ipv6Ranges": [], "PrefixListIds": []}],
    "Tags": [{"Key": "Name", "Value": "web"}]}]})");
  EXPECT_EQ(std::get<nlohmann::json>(parsed), expected) << std::get<nlohmann::json>(parsed).dump(2);
}

TEST(BotocoreModels, ParsesIamListUsersWithCliTimestamps) {
  REQUIRE_MODELS();
  HttpResponse response;
  response.status = 200;
  response.body = R"(<ListUsersResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/">
   <ListUsersResult>
      <Users>
         <member>
            <UserId>AID2MAB8DPLSRHEXAMPLE</UserId>
            <Path>/division_abc/subdivision_xyz/engineering/</Path>
            <UserName>Andrew</UserName>
            <Arn>arn:aws:iam::123456789012:user/division_abc/subdivision_xyz/engineering/Andrew</Arn>
            <CreateDate>2012-09-05T19:38:48Z</CreateDate>
            <PasswordLastUsed>2014-09-08T21:47:36.123Z</PasswordLastUsed>
         </member>
         <member>
            <UserId>AIDIODR4TAW7CSEXAMPLE</UserId>
            <Path>/division_abc/subdivision_xyz/engineering/</Path>
            <UserName>Jackie</UserName>
            <Arn>arn:aws:iam::123456789012:user/division_abc/subdivision_xyz/engineering/Jackie</Arn>
            <CreateDate>2014-04-09T15:43:45Z</CreateDate>
         </member>
      </Users>
      <IsTruncated>false</IsTruncated>
   </ListUsersResult>
   <ResponseMetadata>
      <RequestId>7a62c49f-347e-4fc4-9331-6e8eEXAMPLE</RequestId>
   </ResponseMetadata>
</ListUsersResponse>)";
  auto parsed = parse_response(*load("iam"), "ListUsers", response);
  ASSERT_TRUE(std::holds_alternative<nlohmann::json>(parsed))
      << std::get<AwsCallError>(parsed).message;
  const nlohmann::json& out = std::get<nlohmann::json>(parsed);
  ASSERT_EQ(out["Users"].size(), 2u);
  EXPECT_EQ(out["Users"][0]["UserName"], "Andrew");
  EXPECT_EQ(out["Users"][0]["CreateDate"], "2012-09-05T19:38:48+00:00");
  EXPECT_EQ(out["Users"][0]["PasswordLastUsed"], "2014-09-08T21:47:36.123000+00:00");
  EXPECT_FALSE(out["Users"][1].contains("PasswordLastUsed"));
  EXPECT_EQ(out["IsTruncated"], false);
  EXPECT_FALSE(out.contains("ResponseMetadata"));

  ParseOptions epoch;
  epoch.timestamps = TimestampOutput::EpochSeconds;
  auto as_epoch = parse_response(*load("iam"), "ListUsers", response, epoch);
  EXPECT_EQ(std::get<nlohmann::json>(as_epoch)["Users"][1]["CreateDate"], 1397058225);
}

TEST(BotocoreModels, ParsesErrorsOfEachFamily) {
  REQUIRE_MODELS();
  HttpResponse ec2_error{
      403, {{"Content-Type", "text/xml"}}, R"(<?xml version="1.0" encoding="UTF-8"?>
<Response><Errors><Error><Code>UnauthorizedOperation</Code><Message>You are not authorized to perform this operation.</Message></Error></Errors><RequestID>b9b2a2a1-1111-2222-3333-444455556666</RequestID></Response>)"};
  auto e1 = parse_response(*load("ec2"), "DescribeInstances", ec2_error);
  ASSERT_TRUE(std::holds_alternative<AwsCallError>(e1));
  EXPECT_EQ(std::get<AwsCallError>(e1).code, "UnauthorizedOperation");
  EXPECT_EQ(std::get<AwsCallError>(e1).request_id, "b9b2a2a1-1111-2222-3333-444455556666");
  EXPECT_EQ(std::get<AwsCallError>(e1).http_status, 403);

  HttpResponse iam_error{
      400,
      {},
      R"(<ErrorResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><Error><Type>Sender</Type><Code>Throttling</Code><Message>Rate exceeded</Message></Error><RequestId>abc</RequestId></ErrorResponse>)"};
  auto e2 = parse_response(*load("iam"), "ListUsers", iam_error);
  EXPECT_EQ(std::get<AwsCallError>(e2).code, "Throttling");
  EXPECT_EQ(std::get<AwsCallError>(e2).message, "Rate exceeded");

  HttpResponse s3_error{
      404, {{"x-amz-request-id", "RID"}}, R"(<?xml version="1.0" encoding="UTF-8"?>
<Error><Code>NoSuchBucketPolicy</Code><Message>The bucket policy does not exist</Message><BucketName>b</BucketName></Error>)"};
  auto e3 = parse_response(*load("s3"), "GetBucketPolicy", s3_error);
  EXPECT_EQ(std::get<AwsCallError>(e3).code, "NoSuchBucketPolicy");
  EXPECT_EQ(std::get<AwsCallError>(e3).request_id, "RID");

  HttpResponse kms_error{400,
                         {{"x-amzn-RequestId", "k1"}},
                         R"({"__type":"com.amazonaws.kms#AccessDeniedException","message":"no"})"};
  auto e4 = parse_response(*load("kms"), "ListKeys", kms_error);
  EXPECT_EQ(std::get<AwsCallError>(e4).code, "AccessDeniedException");
  EXPECT_EQ(std::get<AwsCallError>(e4).message, "no");

  HttpResponse garbage{200, {}, "<DescribeInstancesResponse><unclosed>"};
  auto e5 = parse_response(*load("ec2"), "DescribeInstances", garbage);
  ASSERT_TRUE(std::holds_alternative<AwsCallError>(e5));
  EXPECT_EQ(std::get<AwsCallError>(e5).code, "MalformedResponse");
}

TEST(BotocoreModels, ParsesS3GetBucketAclAndGetBucketLocationAsTheCliPrintsThem) {
  REQUIRE_MODELS();
  auto s3 = load("s3");
  HttpResponse acl{200, {}, R"(<?xml version="1.0" encoding="UTF-8"?>
<AccessControlPolicy xmlns="http://s3.amazonaws.com/doc/2006-03-01/">
  <Owner>
    <ID>75aa57f09aa0c8caeab4f8c24e99d10f8e7faeebf76c078efc7c6caea54ba06a</ID>
    <DisplayName>CustomersName@amazon.com</DisplayName>
  </Owner>
  <AccessControlList>
    <Grant>
      <Grantee xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:type="CanonicalUser">
        <ID>75aa57f09aa0c8caeab4f8c24e99d10f8e7faeebf76c078efc7c6caea54ba06a</ID>
        <DisplayName>CustomersName@amazon.com</DisplayName>
      </Grantee>
      <Permission>FULL_CONTROL</Permission>
    </Grant>
    <Grant>
      <Grantee xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:type="Group">
        <URI>http://acs.amazonaws.com/groups/global/AllUsers</URI>
      </Grantee>
      <Permission>READ</Permission>
    </Grant>
  </AccessControlList>
</AccessControlPolicy>)"};
  auto parsed = parse_response(*s3, "GetBucketAcl", acl);
  ASSERT_TRUE(std::holds_alternative<nlohmann::json>(parsed))
      << std::get<AwsCallError>(parsed).message;
  nlohmann::json expected = nlohmann::json::parse(R"({
    "Owner": {"DisplayName": "CustomersName@amazon.com",
              "ID": "75aa57f09aa0c8caeab4f8c24e99d10f8e7faeebf76c078efc7c6caea54ba06a"},
    "Grants": [
      {"Grantee": {"DisplayName": "CustomersName@amazon.com",
                   "ID": "75aa57f09aa0c8caeab4f8c24e99d10f8e7faeebf76c078efc7c6caea54ba06a", "Type": "CanonicalUser"},
       "Permission": "FULL_CONTROL"},
      {"Grantee": {"Type": "Group", "URI": "http://acs.amazonaws.com/groups/global/AllUsers"}, "Permission": "READ"}]})");
  EXPECT_EQ(std::get<nlohmann::json>(parsed), expected) << std::get<nlohmann::json>(parsed).dump(2);

  HttpResponse eu{200, {}, R"(<?xml version="1.0" encoding="UTF-8"?>
<LocationConstraint xmlns="http://s3.amazonaws.com/doc/2006-03-01/">eu-west-1</LocationConstraint>)"};
  EXPECT_EQ(std::get<nlohmann::json>(parse_response(*s3, "GetBucketLocation", eu)),
            (nlohmann::json{{"LocationConstraint", "eu-west-1"}}));
  HttpResponse us_east_1{200, {}, R"(<?xml version="1.0" encoding="UTF-8"?>
<LocationConstraint xmlns="http://s3.amazonaws.com/doc/2006-03-01/"/>)"};
  EXPECT_EQ(std::get<nlohmann::json>(parse_response(*s3, "GetBucketLocation", us_east_1)),
            (nlohmann::json{{"LocationConstraint", nullptr}}));

  HttpResponse policy{200, {}, R"({"Version":"2012-10-17","Statement":[]})"};
  EXPECT_EQ(std::get<nlohmann::json>(parse_response(*s3, "GetBucketPolicy", policy)),
            (nlohmann::json{{"Policy", R"({"Version":"2012-10-17","Statement":[]})"}}));
}

TEST(BotocoreModels, DecodesIamPolicyDocumentsAsTheCliPrintsThem) {
  REQUIRE_MODELS();
  // ListRoles as IAM sends it: AssumeRolePolicyDocument is URL-encoded JSON.
  HttpResponse response{
      200, {}, R"(<ListRolesResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/">
  <ListRolesResult>
    <IsTruncated>false</IsTruncated>
    <Roles>
      <member>
        <Path>/</Path>
        <RoleName>vigil-readonly</RoleName>
        <RoleId>AROAEXAMPLE</RoleId>
        <Arn>arn:aws:iam::123456789012:role/vigil-readonly</Arn>
        <CreateDate>2024-01-02T03:04:05Z</CreateDate>
        <AssumeRolePolicyDocument>%7B%22Version%22%3A%222012-10-17%22%2C%22Statement%22%3A%5B%7B%22Effect%22%3A%22Allow%22%2C%22Principal%22%3A%7B%22AWS%22%3A%22arn%3Aaws%3Aiam%3A%3A999999999999%3Aroot%22%7D%2C%22Action%22%3A%22sts%3AAssumeRole%22%7D%5D%7D</AssumeRolePolicyDocument>
        <MaxSessionDuration>3600</MaxSessionDuration>
      </member>
    </Roles>
  </ListRolesResult>
  <ResponseMetadata><RequestId>r1</RequestId></ResponseMetadata>
</ListRolesResponse>)"};
  auto parsed = parse_response(*load("iam"), "ListRoles", response);
  ASSERT_TRUE(std::holds_alternative<nlohmann::json>(parsed));
  const nlohmann::json& role = std::get<nlohmann::json>(parsed)["Roles"][0];
  EXPECT_EQ(role["AssumeRolePolicyDocument"],
            nlohmann::json::parse(R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow",
              "Principal":{"AWS":"arn:aws:iam::999999999999:root"},"Action":"sts:AssumeRole"}]})"));
  EXPECT_EQ(role["CreateDate"], "2024-01-02T03:04:05+00:00");
  EXPECT_EQ(role["MaxSessionDuration"], 3600);

  HttpResponse not_json{
      200, {}, R"(<GetRolePolicyResponse><GetRolePolicyResult><RoleName>r</RoleName>
    <PolicyName>p</PolicyName><PolicyDocument>not%20json</PolicyDocument></GetRolePolicyResult></GetRolePolicyResponse>)"};
  auto kept = parse_response(*load("iam"), "GetRolePolicy", not_json);
  EXPECT_EQ(std::get<nlohmann::json>(kept)["PolicyDocument"], "not%20json");
}

}  // namespace
}  // namespace vigil::aws
