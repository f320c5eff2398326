// AwsClient end to end against the replay server, with the real botocore
// models: one operation per protocol (ec2 DescribeSecurityGroups, query IAM
// ListUsers, rest-xml S3 ListBuckets and GetBucketPolicy, json KMS ListKeys),
// multi-page results, retried throttling, a 403 that is not retried, a 500
// retried until the attempts run out, and calls that are never sent.
// Every request's SigV4 signature is recomputed by the server.
#include <gtest/gtest.h>

#include "client_test_support.h"

namespace vigil::aws::replay {
namespace {

using nlohmann::json;

const char* kSgPage1 = R"(<?xml version="1.0" encoding="UTF-8"?>
<DescribeSecurityGroupsResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/">
    <requestId>59dbff89-35bd-4eac-99ed-be587EXAMPLE</requestId>
    <securityGroupInfo>
        <item>
            <ownerId>123456789012</ownerId>
            <groupId>sg-1a2b3c4d</groupId>
            <groupName>web</groupName>
            <groupDescription>web servers</groupDescription>
            <vpcId>vpc-1a2b3c4d</vpcId>
            <ipPermissions>
                <item>
                    <ipProtocol>tcp</ipProtocol>
                    <fromPort>22</fromPort>
                    <toPort>22</toPort>
                    <groups/>
                    <ipRanges><item><cidrIp>0.0.0.0/0</cidrIp></item></ipRanges>
                    <ipv6Ranges/>
                    <prefixListIds/>
                </item>
            </ipPermissions>
            <ipPermissionsEgress/>
        </item>
    </securityGroupInfo>
    <nextToken>page-2-token</nextToken>
</DescribeSecurityGroupsResponse>)";

const char* kSgPage2 = R"(<?xml version="1.0" encoding="UTF-8"?>
<DescribeSecurityGroupsResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/">
    <requestId>59dbff89-35bd-4eac-99ed-be587EXAMPLF</requestId>
    <securityGroupInfo>
        <item>
            <ownerId>123456789012</ownerId>
            <groupId>sg-2b3c4d5e</groupId>
            <groupName>default</groupName>
            <groupDescription>default VPC security group</groupDescription>
            <vpcId>vpc-1a2b3c4d</vpcId>
            <ipPermissions/>
            <ipPermissionsEgress/>
            <tagSet><item><key>env</key><value>prod</value></item></tagSet>
        </item>
    </securityGroupInfo>
</DescribeSecurityGroupsResponse>)";

const char* kUsersPage1 = R"(<ListUsersResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/">
  <ListUsersResult>
    <IsTruncated>true</IsTruncated>
    <Marker>users-marker-1</Marker>
    <Users>
      <member>
        <Path>/</Path><UserName>alice</UserName><UserId>AIDAEXAMPLE1</UserId>
        <Arn>arn:aws:iam::123456789012:user/alice</Arn><CreateDate>2020-01-02T03:04:05Z</CreateDate>
      </member>
    </Users>
  </ListUsersResult>
  <ResponseMetadata><RequestId>7a62c49f-347e-4fc4-9331-6e8eEXAMPLE</RequestId></ResponseMetadata>
</ListUsersResponse>)";

const char* kUsersPage2 = R"(<ListUsersResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/">
  <ListUsersResult>
    <IsTruncated>false</IsTruncated>
    <Users>
      <member>
        <Path>/ops/</Path><UserName>bob</UserName><UserId>AIDAEXAMPLE2</UserId>
        <Arn>arn:aws:iam::123456789012:user/ops/bob</Arn><CreateDate>2021-06-07T08:09:10Z</CreateDate>
        <PasswordLastUsed>2024-05-06T07:08:09Z</PasswordLastUsed>
      </member>
    </Users>
  </ListUsersResult>
  <ResponseMetadata><RequestId>7a62c49f-347e-4fc4-9331-6e8eEXAMPLF</RequestId></ResponseMetadata>
</ListUsersResponse>)";

const char* kBuckets = R"(<?xml version="1.0" encoding="UTF-8"?>
<ListAllMyBucketsResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">
  <Owner><ID>bcaf1ffd86f41161ca5fb16fd081034f</ID><DisplayName>webfile</DisplayName></Owner>
  <Buckets>
    <Bucket><Name>logs-123</Name><CreationDate>2019-12-11T23:32:47.000Z</CreationDate></Bucket>
    <Bucket><Name>site-assets</Name><CreationDate>2021-02-03T04:05:06.000Z</CreationDate></Bucket>
  </Buckets>
</ListAllMyBucketsResult>)";

class ClientCalls : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!botocore_installed()) GTEST_SKIP() << "python3-botocore models not installed";
    server_ = std::make_unique<ReplayServer>(verifying_options());
    clock_ = std::make_shared<ManualClock>();
    client_ = client_for(server_->url(), clock_);
    ASSERT_NE(client_, nullptr);
  }
  void TearDown() override {
    if (server_) {
      EXPECT_TRUE(server_->problems().empty()) << ::testing::PrintToString(server_->problems());
    }
  }
  std::unique_ptr<ReplayServer> server_;
  std::shared_ptr<ManualClock> clock_;
  std::unique_ptr<AwsClient> client_;
};

TEST_F(ClientCalls, Ec2DescribeSecurityGroupsTwoPages) {
  server_->on("ec2", "DescribeSecurityGroups", {server_->ok("ec2", kSgPage1)});
  server_->on("ec2", "DescribeSecurityGroups", {server_->ok("ec2", kSgPage2)},
              [](const ReplayRequest& r) { return r.param("NextToken") == "page-2-token"; });
  json out = value_of(
      client_->call_all_pages(scope("ec2", "eu-west-1"), "DescribeSecurityGroups", json::object()));
  ASSERT_TRUE(out.contains("SecurityGroups")) << out.dump();
  ASSERT_EQ(out["SecurityGroups"].size(), 2u);
  EXPECT_FALSE(out.contains("NextToken"));
  const json& web = out["SecurityGroups"][0];
  EXPECT_EQ(web["GroupId"], "sg-1a2b3c4d");
  EXPECT_EQ(web["OwnerId"], "123456789012");
  EXPECT_EQ(web["IpPermissions"][0]["FromPort"], 22);
  EXPECT_EQ(web["IpPermissions"][0]["IpRanges"][0]["CidrIp"], "0.0.0.0/0");
  EXPECT_EQ(out["SecurityGroups"][1]["Tags"][0], json::parse(R"({"Key": "env", "Value": "prod"})"));
  EXPECT_EQ(server_->count("ec2", "DescribeSecurityGroups"), 2u);
  auto requests = server_->requests();
  ASSERT_EQ(requests.size(), 2u);
  EXPECT_EQ(requests[0].region, "eu-west-1");
  EXPECT_EQ(requests[0].param("Version"), "2016-11-15");
  EXPECT_EQ(requests[0].param("NextToken"), "");
  EXPECT_EQ(requests[1].param("NextToken"), "page-2-token");
  auto stats = client_->stats();
  EXPECT_EQ(stats.calls, 2u);
  EXPECT_EQ(stats.retries, 0u);
  EXPECT_EQ(stats.errors, 0u);
}

TEST_F(ClientCalls, ThrottlingIsRetriedThenSucceeds) {
  server_->on("ec2", "DescribeSecurityGroups", {server_->ok("ec2", kSgPage2)});
  server_->fail("ec2", "DescribeSecurityGroups", 2,
                server_->error("ec2", 503, "RequestLimitExceeded", "Request limit exceeded."));
  json out = value_of(client_->call(scope("ec2"), "DescribeSecurityGroups", json::object()));
  EXPECT_EQ(out["SecurityGroups"][0]["GroupId"], "sg-2b3c4d5e");
  EXPECT_EQ(server_->count("ec2", "DescribeSecurityGroups"), 3u);
  auto stats = client_->stats();
  EXPECT_EQ(stats.calls, 1u);
  EXPECT_EQ(stats.retries, 2u);
  EXPECT_EQ(stats.throttles, 2u);
  EXPECT_EQ(stats.errors, 0u);
  // Two backoff sleeps, each within full jitter of 1 s and 2 s, plus any
  // rate-limiter waits (the limiter turned on at the first throttle).
  auto sleeps = clock_->sleeps();
  EXPECT_GE(sleeps.size(), 2u);
}

TEST_F(ClientCalls, QueryThrottlingCodeIsRetriedToo) {
  server_->on("iam", "ListUsers", {server_->ok("iam", kUsersPage2)});
  server_->fail("iam", "ListUsers", 1, server_->error("iam", 400, "Throttling", "Rate exceeded"));
  json out = value_of(client_->call(scope("iam"), "ListUsers", json::object()));
  EXPECT_EQ(out["Users"][0]["UserName"], "bob");
  EXPECT_EQ(server_->count("iam", "ListUsers"), 2u);
  EXPECT_EQ(client_->stats().throttles, 1u);
}

TEST_F(ClientCalls, AccessDeniedIsSurfacedNotRetried) {
  server_->fail(
      "iam", "ListUsers", 1,
      server_->error(
          "iam", 403, "AccessDenied",
          "User: arn:aws:sts::123456789012:assumed-role/vigil-readonly/x is not authorized "
          "to perform: iam:ListUsers"));
  auto result = client_->call_all_pages(scope("iam"), "ListUsers", json::object());
  const AwsCallError& error = error_of(result);
  EXPECT_EQ(error.code, "AccessDenied");
  EXPECT_EQ(error.http_status, 403);
  EXPECT_EQ(error.attempts, 1);
  EXPECT_NE(error.message.find("iam:ListUsers"), std::string::npos) << error.message;
  EXPECT_EQ(error.request_id, "replay-request-id");
  EXPECT_EQ(server_->count("iam", "ListUsers"), 1u);
  EXPECT_EQ(client_->stats().errors, 1u);
  EXPECT_EQ(client_->stats().retries, 0u);
}

TEST_F(ClientCalls, ServerErrorRetriedUntilAttemptsRunOut) {
  server_->fail("kms", "ListKeys", 100,
                server_->error("kms", 500, "KMSInternalException", "internal failure"));
  auto result = client_->call(scope("kms"), "ListKeys", json::object());
  const AwsCallError& error = error_of(result);
  EXPECT_EQ(error.code, "KMSInternalException");
  EXPECT_EQ(error.http_status, 500);
  EXPECT_EQ(error.attempts, 3);
  EXPECT_EQ(server_->count("kms", "ListKeys"), 3u);
  EXPECT_EQ(client_->stats().retries, 2u);
  EXPECT_EQ(client_->stats().throttles, 0u);
}

TEST_F(ClientCalls, S3ListBucketsRestXml) {
  server_->on("s3", "ListBuckets", {server_->ok("s3", kBuckets)});
  json out = value_of(client_->call(scope("s3"), "ListBuckets", json::object()));
  EXPECT_EQ(out["Buckets"],
            json::parse(R"([{"Name": "logs-123", "CreationDate": "2019-12-11T23:32:47+00:00"},
                                             {"Name": "site-assets", "CreationDate": "2021-02-03T04:05:06+00:00"}])"));
  EXPECT_EQ(out["Owner"]["DisplayName"], "webfile");
  auto requests = server_->requests();
  ASSERT_EQ(requests.size(), 1u);
  EXPECT_EQ(requests[0].method, "GET");
  EXPECT_EQ(requests[0].target, "/");
  EXPECT_FALSE(header_value(requests[0].headers, "X-Amz-Content-SHA256").empty());
}

TEST_F(ClientCalls, S3PerBucketCallsRouteByRequestUri) {
  std::string policy =
      R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::site-assets/*"}]})";
  server_->on("s3", "GetBucketPolicy", {server_->ok("s3", policy)});
  server_->on(
      "s3", "GetBucketVersioning",
      {server_->ok(
          "s3",
          R"(<VersioningConfiguration xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Status>Enabled</Status></VersioningConfiguration>)")});
  server_->fail("s3", "GetBucketPolicy", 1,
                server_->error("s3", 404, "NoSuchBucketPolicy", "The bucket policy does not exist"),
                [](const ReplayRequest& r) { return r.target.starts_with("/logs-123"); });
  json out =
      value_of(client_->call(scope("s3"), "GetBucketPolicy", json{{"Bucket", "site-assets"}}));
  EXPECT_EQ(out["Policy"], policy);
  EXPECT_EQ(value_of(client_->call(scope("s3"), "GetBucketVersioning",
                                   json{{"Bucket", "site-assets"}}))["Status"],
            "Enabled");
  auto missing = client_->call(scope("s3"), "GetBucketPolicy", json{{"Bucket", "logs-123"}});
  EXPECT_EQ(error_of(missing).code, "NoSuchBucketPolicy");
  EXPECT_EQ(error_of(missing).attempts, 1);
  EXPECT_EQ(server_->count("s3", "GetBucketPolicy"), 2u);
}

TEST_F(ClientCalls, IamListUsersQueryTwoPages) {
  server_->on("iam", "ListUsers", {server_->ok("iam", kUsersPage1)});
  server_->on("iam", "ListUsers", {server_->ok("iam", kUsersPage2)},
              [](const ReplayRequest& r) { return r.param("Marker") == "users-marker-1"; });
  json out =
      value_of(client_->call_all_pages(scope("iam", "eu-west-1"), "ListUsers", json::object()));
  ASSERT_EQ(out["Users"].size(), 2u) << out.dump();
  EXPECT_EQ(out["Users"][0]["UserName"], "alice");
  EXPECT_EQ(out["Users"][0]["CreateDate"], "2020-01-02T03:04:05+00:00");
  EXPECT_EQ(out["Users"][1]["PasswordLastUsed"], "2024-05-06T07:08:09+00:00");
  EXPECT_FALSE(out.contains("Marker"));
  EXPECT_FALSE(out.contains("IsTruncated"));
  auto requests = server_->requests();
  ASSERT_EQ(requests.size(), 2u);
  EXPECT_EQ(requests[0].param("Action"), "ListUsers");
  EXPECT_EQ(requests[0].param("Version"), "2010-05-08");
  EXPECT_EQ(requests[0].signing_name, "iam");
}

TEST_F(ClientCalls, KmsListKeysJsonTwoPages) {
  server_->on(
      "kms", "ListKeys",
      {server_->ok(
          "kms",
          R"({"Keys":[{"KeyId":"k-1","KeyArn":"arn:aws:kms:us-east-1:123456789012:key/k-1"}],"NextMarker":"m-2","Truncated":true})")});
  server_->on(
      "kms", "ListKeys",
      {server_->ok(
          "kms",
          R"({"Keys":[{"KeyId":"k-2","KeyArn":"arn:aws:kms:us-east-1:123456789012:key/k-2"}],"Truncated":false})")},
      [](const ReplayRequest& r) { return r.param("Marker") == "m-2"; });
  json out = value_of(client_->call_all_pages(scope("kms"), "ListKeys", json::object()));
  EXPECT_EQ(out, json::parse(R"({"Keys": [
      {"KeyId": "k-1", "KeyArn": "arn:aws:kms:us-east-1:123456789012:key/k-1"},
      {"KeyId": "k-2", "KeyArn": "arn:aws:kms:us-east-1:123456789012:key/k-2"}]})"));
  auto requests = server_->requests();
  ASSERT_EQ(requests.size(), 2u);
  EXPECT_EQ(header_value(requests[0].headers, "X-Amz-Target"), "TrentService.ListKeys");
  EXPECT_EQ(header_value(requests[0].headers, "Content-Type"), "application/x-amz-json-1.1");
}

// A token sent before means the listing would never end: an error (as
// botocore's PaginationError), never a result with pages read twice.
TEST_F(ClientCalls, RepeatedTokenIsAnIncompleteListing) {
  const char* looping = R"({"Keys":[{"KeyId":"k-1"}],"NextMarker":"same","Truncated":true})";
  server_->on("kms", "ListKeys", {server_->ok("kms", looping)});
  auto out = client_->call_all_pages(scope("kms"), "ListKeys", json::object());
  EXPECT_EQ(error_of(out).code, "PaginationLoop");
  EXPECT_NE(error_of(out).message.find("ListKeys"), std::string::npos) << error_of(out).message;
  EXPECT_EQ(server_->count("kms", "ListKeys"), 2u);
}

// Reproduced on main: tokens A -> B -> A looped forever (only a token equal
// to the previous one stopped it).
TEST_F(ClientCalls, TokenCyclesEndWithAnError) {
  server_->on(
      "kms", "ListKeys",
      {server_->ok("kms", R"({"Keys":[{"KeyId":"k-1"}],"NextMarker":"A","Truncated":true})")});
  server_->on(
      "kms", "ListKeys",
      {server_->ok("kms", R"({"Keys":[{"KeyId":"k-2"}],"NextMarker":"B","Truncated":true})")},
      [](const ReplayRequest& r) { return r.param("Marker") == "A"; });
  server_->on(
      "kms", "ListKeys",
      {server_->ok("kms", R"({"Keys":[{"KeyId":"k-3"}],"NextMarker":"A","Truncated":true})")},
      [](const ReplayRequest& r) { return r.param("Marker") == "B"; });
  auto out = client_->call_all_pages(scope("kms"), "ListKeys", json::object());
  EXPECT_EQ(error_of(out).code, "PaginationLoop");
  EXPECT_EQ(server_->count("kms", "ListKeys"), 3u);
}

TEST_F(ClientCalls, PagesPastTheLimitAreAnIncompleteListing) {
  AwsClientOptions options;
  options.env = env_of({{"AWS_ENDPOINT_URL", server_->url()}});
  options.models = shared_models();
  options.clock = clock_;
  options.max_pages = 3;
  auto client = make_aws_client(std::move(options)).value();
  for (int i = 1; i <= 5; ++i) {
    std::string body = R"({"Keys":[{"KeyId":"k"}],"NextMarker":"m-)" + std::to_string(i + 1) +
                       R"(","Truncated":true})";
    std::string marker = "m-" + std::to_string(i);
    server_->on("kms", "ListKeys", {server_->ok("kms", body)}, [marker, i](const ReplayRequest& r) {
      return i == 1 ? r.param("Marker").empty() : r.param("Marker") == marker;
    });
  }
  auto out = client->call_all_pages(scope("kms"), "ListKeys", json::object());
  EXPECT_EQ(error_of(out).code, "PaginationLimit");
  EXPECT_NE(error_of(out).message.find("more than 3 pages"), std::string::npos)
      << error_of(out).message;
  EXPECT_EQ(server_->count("kms", "ListKeys"), 3u);
}

// Reproduced on main: a response past the size limit was a TransportError,
// retried twice more (three oversized downloads per call, each up to 256 MiB).
TEST_F(ClientCalls, AResponsePastTheSizeLimitIsNotRetried) {
  AwsClientOptions options;
  options.env = env_of({{"AWS_ENDPOINT_URL", server_->url()}});
  options.models = shared_models();
  options.clock = clock_;
  options.curl.max_response_bytes = 1000;
  auto client = make_aws_client(std::move(options)).value();
  std::string keys;
  for (int i = 0; i < 100; ++i)
    keys += std::string(i ? "," : "") + R"({"KeyId":"k-)" + std::to_string(i) + R"("})";
  server_->on("kms", "ListKeys", {server_->ok("kms", R"({"Keys":[)" + keys + "]}")});
  auto out = client->call(scope("kms"), "ListKeys", json::object());
  EXPECT_EQ(error_of(out).code, "ResponseTooLarge");
  EXPECT_NE(error_of(out).message.find("exceeded the limit of 1000 bytes"), std::string::npos)
      << error_of(out).message;
  EXPECT_EQ(error_of(out).attempts, 1);
  EXPECT_EQ(server_->count("kms", "ListKeys"), 1u);
}

// Reproduced on main: only each page was bounded, so an endpoint answering
// page after small page grew the merged listing without limit.
TEST_F(ClientCalls, PagesAddingUpPastTheListingLimitAreAnIncompleteListing) {
  AwsClientOptions options;
  options.env = env_of({{"AWS_ENDPOINT_URL", server_->url()}});
  options.models = shared_models();
  options.clock = clock_;
  options.max_listing_bytes = 150;
  auto client = make_aws_client(std::move(options)).value();
  for (int i = 1; i <= 5; ++i) {
    std::string body = R"({"Keys":[{"KeyId":"key-number-)" + std::to_string(i) +
                       R"("}],"NextMarker":"m-)" + std::to_string(i + 1) + R"(","Truncated":true})";
    std::string marker = "m-" + std::to_string(i);
    server_->on("kms", "ListKeys", {server_->ok("kms", body)}, [marker, i](const ReplayRequest& r) {
      return i == 1 ? r.param("Marker").empty() : r.param("Marker") == marker;
    });
  }
  auto out = client->call_all_pages(scope("kms"), "ListKeys", json::object());
  EXPECT_EQ(error_of(out).code, "ListingTooLarge");
  EXPECT_NE(error_of(out).message.find("more than 150 bytes"), std::string::npos)
      << error_of(out).message;
  EXPECT_EQ(server_->count("kms", "ListKeys"), 3u);  // ~70 bytes a page: the third passes 150
}

TEST_F(ClientCalls, InvalidCallsAreNeverSent) {
  auto unknown_op = client_->call(scope("ec2"), "DescribeNothing", json::object());
  EXPECT_EQ(error_of(unknown_op).code, "InvalidParameter");
  auto missing_required =
      client_->call(scope("s3"), "GetBucketPolicy", json::object());  // Bucket is required
  EXPECT_EQ(error_of(missing_required).code, "InvalidParameter");
  auto unknown_service = client_->call(scope("no-such-service"), "List", json::object());
  EXPECT_EQ(error_of(unknown_service).code, "InvalidParameter");
  EXPECT_EQ(server_->total(), 0u);
}

// A provider that cannot produce credentials (expired SSO session, say).
class BrokenCredentials final : public CredentialsProvider {
 public:
  Result<Credentials> get() override {
    Error e;
    e.message = "the SSO session has expired: run aws sso login";
    return e;
  }
  std::string describe() const override { return "profile prod"; }
};

TEST_F(ClientCalls, CredentialFailureNamesTheProviderAndSendsNothing) {
  CallScope broken{"ec2", "us-east-1", std::make_shared<BrokenCredentials>()};
  auto result = client_->call(broken, "DescribeSecurityGroups", json::object());
  EXPECT_EQ(error_of(result).code, "CredentialsError");
  EXPECT_NE(error_of(result).message.find("profile prod"), std::string::npos)
      << error_of(result).message;
  EXPECT_EQ(error_of(result).attempts, 0);
  EXPECT_EQ(server_->total(), 0u);
}

}  // namespace
}  // namespace vigil::aws::replay
