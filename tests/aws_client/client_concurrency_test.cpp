// One AwsClient shared by many workers across accounts and regions, with
// 50 ms of latency per call on the replay server: every call gets its own
// account's answer (no cross-talk between concurrent requests), every
// request is signed correctly, the counts add up. The measured throughput
// is printed (docs/performance.md, "AWS collection: client"); it is not
// asserted.
#include <atomic>
#include <chrono>

#include <gtest/gtest.h>

#include "aws_client/transport/work_queue.h"
#include "client_test_support.h"

namespace vigil::aws::replay {
namespace {

using nlohmann::json;

TEST(ClientConcurrency, AccountsTimesRegionsThroughOneClient) {
  if (!botocore_installed()) GTEST_SKIP() << "python3-botocore models not installed";
  constexpr int kAccounts = 10, kCallsPerScope = 4, kWorkers = 16;
  const std::vector<std::string> regions = {"us-east-1", "eu-west-1"};

  auto options = verifying_options();
  options.latency = std::chrono::milliseconds(50);
  std::vector<std::shared_ptr<CredentialsProvider>> accounts;
  for (int a = 0; a < kAccounts; ++a) {
    std::string key = "AKIDACCOUNT" + std::to_string(a);
    options.secrets[key] = "secret-" + std::to_string(a);
    accounts.push_back(std::make_shared<FixedCredentials>(key, "secret-" + std::to_string(a)));
  }
  ReplayServer server(options);
  for (int a = 0; a < kAccounts; ++a) {
    std::string key = "AKIDACCOUNT" + std::to_string(a);
    std::string body = fmt::format(R"({{"Keys":[{{"KeyId":"key-of-{}"}}],"Truncated":false}})", a);
    server.on("kms", "ListKeys", {server.ok("kms", body)},
              [key](const ReplayRequest& r) { return r.access_key_id == key; });
  }

  AwsClientOptions client_options;
  client_options.env = env_of({{"AWS_ENDPOINT_URL", server.url()}});
  client_options.models = shared_models();
  CurlOptions curl;
  curl.max_connections_per_host = kWorkers;
  client_options.http = make_curl_http_client(curl);
  auto client = make_aws_client(std::move(client_options));
  ASSERT_TRUE(client.ok()) << client.error().message;
  // Load the model before timing.
  ASSERT_TRUE(shared_models()->service("kms").ok());

  std::atomic<int> right{0}, wrong{0};
  auto start = std::chrono::steady_clock::now();
  {
    WorkQueue queue(kWorkers);
    for (int a = 0; a < kAccounts; ++a) {
      for (const auto& region : regions) {
        for (int i = 0; i < kCallsPerScope; ++i) {
          queue.submit([&, a, region] {
            CallScope scope{"kms", region, accounts[a]};
            auto result = (*client)->call(scope, "ListKeys", json::object());
            const auto* out = std::get_if<json>(&result);
            bool ok = out != nullptr && (*out)["Keys"][0]["KeyId"] == "key-of-" + std::to_string(a);
            ++(ok ? right : wrong);
          });
        }
      }
    }
    queue.wait_idle();
  }
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  const int calls = kAccounts * static_cast<int>(regions.size()) * kCallsPerScope;
  EXPECT_EQ(right.load(), calls);
  EXPECT_EQ(wrong.load(), 0);
  EXPECT_EQ(server.count("kms", "ListKeys"), static_cast<size_t>(calls));
  EXPECT_EQ((*client)->stats().calls, static_cast<uint64_t>(calls));
  EXPECT_EQ((*client)->stats().errors, 0u);
  EXPECT_TRUE(server.problems().empty()) << ::testing::PrintToString(server.problems());
  std::printf(
      "%d calls, %d workers, 50 ms latency: %.2f s wall, %.1f calls/s (serial would be %.1f s)\n",
      calls, kWorkers, seconds, calls / seconds, calls * 0.05);
}

}  // namespace
}  // namespace vigil::aws::replay
