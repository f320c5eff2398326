// Performance of a live collection (issue 4, "Performance"): 10 accounts x
// 2 regions of the small estate (aws_live_estate.h), every call delayed
// 50 ms by the replay server. Prints calls, wall time, calls per second and
// the ideal time calls x 50 ms / concurrency (docs/performance.md, "AWS
// collection: end to end"); then the same under throttling, to show what
// the client's rate limiter does. Asserts correctness only (no timing).
#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>

#include "aws_client/client_impl.h"
#include "aws_live_estate.h"
#include "capture_fixture.h"
#include "connectors/aws_live/collector.h"

namespace vigil::aws {
namespace {

struct Timed {
  CollectSummary summary;
  double wall = 0;
};

Timed collect_estate(testing::ReplayServer& server, std::shared_ptr<ModelRepository> models, unsigned concurrency,
                   const std::vector<AccountTarget>& accounts) {
  AwsClientOptions o;
  o.endpoint_url = server.url();
  o.models = models;
  o.env = [](const std::string&) -> std::optional<std::string> { return std::nullopt; };
  auto client = make_aws_client(std::move(o)).value();
  testing::CaptureDir dir;
  CollectOptions options;
  options.out = dir.path();
  options.accounts = accounts;
  options.regions = {"us-east-1", "eu-west-1"};
  options.concurrency = concurrency;
  options.credential_report_pause = std::chrono::milliseconds(1);
  auto start = std::chrono::steady_clock::now();
  Result<CollectSummary> summary = collect(*client, *models, options);
  Timed r;
  r.wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  EXPECT_TRUE(summary.ok());
  if (summary.ok()) r.summary = std::move(summary).value();
  return r;
}

TEST(AwsLivePerformance, TenAccountsTwoRegionsWith50msPerCall) {
  auto models = std::make_shared<ModelRepository>();
  if (!std::filesystem::exists(models->root())) GTEST_SKIP() << "python3-botocore models absent";
  testing::ReplayServer::Options server_options;
  server_options.threads = 64;
  testing::ReplayServer server(server_options);
  std::vector<AccountTarget> accounts;
  for (int i = 0; i < 10; ++i) {
    std::string id = fmt::format("{:012}", 100000000000LL + i), key = fmt::format("AKIDPERF{:02}", i);
    testing::serve_estate(server, *models, id, key);
    accounts.push_back({id, "", std::make_shared<replay::FixedCredentials>(key, "secret")});
  }
  // Warm the models (the first call of each service loads its botocore model).
  collect_estate(server, models, 16, {accounts[0]});
  server.set_latency(std::chrono::milliseconds(50));
  for (unsigned concurrency : {16u, 64u}) {
    Timed r = collect_estate(server, models, concurrency, accounts);
    EXPECT_EQ(r.summary.accounts, 10u);
    EXPECT_TRUE(r.summary.failures.empty());
    EXPECT_TRUE(r.summary.account_failures.empty());
    double ideal = r.summary.client.calls * 0.050 / concurrency;
    std::printf(
        "concurrency %u: %llu calls in %.2f s wall = %.0f calls/s; calls x 50 ms / concurrency = %.2f s (ratio %.2f); "
        "serial would be %.1f s\n",
        concurrency, static_cast<unsigned long long>(r.summary.client.calls), r.wall, r.summary.client.calls / r.wall,
        ideal, r.wall / ideal, r.summary.client.calls * 0.050);
  }
  // Under throttling: the first 40 EC2 DescribeSecurityGroups and IAM ListUsers calls are throttled.
  server.fail("ec2", "DescribeSecurityGroups", 40, server.error("ec2", 503, "RequestLimitExceeded", "Request limit exceeded."));
  server.fail("iam", "ListUsers", 40, server.error("iam", 400, "Throttling", "Rate exceeded"));
  Timed r = collect_estate(server, models, 16, accounts);
  std::printf("throttled: %llu calls (%llu retries, %llu throttles, %zu failed after retries) in %.2f s wall\n",
              static_cast<unsigned long long>(r.summary.client.calls),
              static_cast<unsigned long long>(r.summary.client.retries),
              static_cast<unsigned long long>(r.summary.client.throttles), r.summary.failures.size(), r.wall);
  for (const CallFailure& f : r.summary.failures)  // only throttles may exhaust retries here
    EXPECT_TRUE(f.code == "Throttling" || f.code == "RequestLimitExceeded") << f.code;
  EXPECT_TRUE(server.problems().empty());
}

}  // namespace
}  // namespace vigil::aws
