// Endpoint overrides end to end: AWS_ENDPOINT_URL_<SERVICE> beats
// AWS_ENDPOINT_URL, and the explicit endpoint URL (--endpoint-url) beats
// both; each request lands on the replay server it was routed to. Also: the
// replay server's signature check catches a request signed with the wrong
// secret.
#include <gtest/gtest.h>

#include "client_test_support.h"

namespace vigil::aws::replay {
namespace {

using nlohmann::json;

const char* kKeys =
    R"({"Keys":[{"KeyId":"k-1","KeyArn":"arn:aws:kms:eu-west-1:123456789012:key/k-1"}],"Truncated":false})";
const char* kGroups =
    R"(<DescribeSecurityGroupsResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/">
<requestId>r</requestId><securityGroupInfo/></DescribeSecurityGroupsResponse>)";

class ClientEndpoints : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!botocore_installed()) GTEST_SKIP() << "python3-botocore models not installed";
  }
  static void serve(ReplayServer& server) {
    server.on("kms", "ListKeys", {server.ok("kms", kKeys)});
    server.on("ec2", "DescribeSecurityGroups", {server.ok("ec2", kGroups)});
  }
  static std::unique_ptr<AwsClient> make(std::map<std::string, std::string> env,
                                         std::string endpoint_url = "") {
    AwsClientOptions options;
    options.env = env_of(std::move(env));
    options.endpoint_url = std::move(endpoint_url);
    options.models = shared_models();
    options.clock = std::make_shared<ManualClock>();
    auto client = make_aws_client(std::move(options));
    EXPECT_TRUE(client.ok());
    return client.ok() ? std::move(*client) : nullptr;
  }
};

TEST_F(ClientEndpoints, ServiceVariableBeatsGlobalVariable) {
  ReplayServer global(verifying_options()), kms_only(verifying_options());
  serve(global);
  serve(kms_only);
  auto client =
      make({{"AWS_ENDPOINT_URL", global.url()}, {"AWS_ENDPOINT_URL_KMS", kms_only.url()}});
  ASSERT_NE(client, nullptr);
  EXPECT_EQ(value_of(client->call(scope("kms", "eu-west-1"), "ListKeys",
                                  json::object()))["Keys"][0]["KeyId"],
            "k-1");
  EXPECT_TRUE(
      value_of(client->call(scope("ec2", "eu-west-1"), "DescribeSecurityGroups", json::object()))
          .contains("SecurityGroups"));
  EXPECT_EQ(kms_only.count("kms", "ListKeys"), 1u);
  EXPECT_EQ(kms_only.total(), 1u);
  EXPECT_EQ(global.count("ec2", "DescribeSecurityGroups"), 1u);
  EXPECT_EQ(global.total(), 1u);
  // Overridden endpoints are signed for the call's own region.
  EXPECT_EQ(kms_only.requests()[0].region, "eu-west-1");
  EXPECT_TRUE(global.problems().empty()) << ::testing::PrintToString(global.problems());
  EXPECT_TRUE(kms_only.problems().empty()) << ::testing::PrintToString(kms_only.problems());
}

TEST_F(ClientEndpoints, ExplicitEndpointUrlBeatsTheEnvironment) {
  ReplayServer from_env(verifying_options()), explicit_url(verifying_options());
  serve(from_env);
  serve(explicit_url);
  auto client =
      make({{"AWS_ENDPOINT_URL", from_env.url()}, {"AWS_ENDPOINT_URL_KMS", from_env.url()}},
           explicit_url.url() + "/");
  ASSERT_NE(client, nullptr);
  value_of(client->call(scope("kms"), "ListKeys", json::object()));
  value_of(client->call(scope("ec2"), "DescribeSecurityGroups", json::object()));
  EXPECT_EQ(explicit_url.total(), 2u);
  EXPECT_EQ(from_env.total(), 0u);
  EXPECT_TRUE(explicit_url.problems().empty()) << ::testing::PrintToString(explicit_url.problems());
}

TEST_F(ClientEndpoints, ReplayServerDetectsAWrongSignature) {
  ReplayServer server(verifying_options());
  serve(server);
  auto client = make({{"AWS_ENDPOINT_URL", server.url()}});
  ASSERT_NE(client, nullptr);
  CallScope wrong{"kms", "us-east-1",
                  std::make_shared<FixedCredentials>(kTestAccessKey, "not-the-secret")};
  value_of(client->call(wrong, "ListKeys", json::object()));  // the replay server still answers
  auto problems = server.problems();
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_NE(problems[0].find("signature mismatch"), std::string::npos) << problems[0];
}

}  // namespace
}  // namespace vigil::aws::replay
