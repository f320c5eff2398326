// vigil-aws-client-bench: the AwsClient against the replay server
// (tests/aws_client/replay_server.h) on 127.0.0.1.
//
// Hypotheses (docs/performance.md, "AWS collection: client"):
//  1. With L ms of latency injected per call, N concurrent callers reach close
//     to N / L calls per second: wall time ~ calls x L / N, not calls x L
//     (the client adds little CPU per call and never serializes callers).
//  2. Under a server-side rate limit, the adaptive client-side limiter turns
//     most throttling responses into client-side waits: fewer throttles and
//     failed calls than without it, at about the allowed rate.
//
//   vigil-aws-client-bench [--latency-ms 50] [--calls 400] [--concurrency 1,4,16,32,64]
//                          [--throttle-rate 50] [--throttle-calls 600] [--throttle-workers 16]
#include <atomic>
#include <chrono>
#include <cstdio>
#include <mutex>

#include <CLI/CLI.hpp>

#include "aws_client/client_impl.h"
#include "aws_client/replay_server.h"
#include "aws_client/transport/work_queue.h"

namespace {

using namespace vigil::aws;
using namespace vigil::aws::replay;
using nlohmann::json;

const char* kKeys =
    R"({"Keys":[{"KeyId":"k-1","KeyArn":"arn:aws:kms:us-east-1:123456789012:key/k-1"}],"Truncated":false})";

std::unique_ptr<AwsClient> make_client(const std::string& url, bool adaptive, size_t connections) {
  AwsClientOptions options;
  options.env = [url](const std::string& name) -> std::optional<std::string> {
    if (name == "AWS_ENDPOINT_URL") return url;
    return std::nullopt;
  };
  options.models = shared_models();
  options.adaptive_rate_limit = adaptive;
  CurlOptions curl;
  curl.max_connections_per_host = connections;
  options.http = make_curl_http_client(curl);
  auto client = make_aws_client(std::move(options));
  if (!client.ok()) {
    std::fprintf(stderr, "%s\n", client.error().message.c_str());
    std::exit(1);
  }
  return std::move(*client);
}

struct Run {
  double seconds = 0;
  int ok = 0, failed = 0;
  CallStats stats;
};

Run run_calls(AwsClient& client, int calls, int workers, const std::vector<CallScope>& scopes) {
  std::atomic<int> ok{0}, failed{0};
  auto start = std::chrono::steady_clock::now();
  {
    WorkQueue queue(static_cast<size_t>(workers));
    for (int i = 0; i < calls; ++i) {
      queue.submit([&, i] {
        auto result =
            client.call(scopes[static_cast<size_t>(i) % scopes.size()], "ListKeys", json::object());
        ++(std::holds_alternative<json>(result) ? ok : failed);
      });
    }
    queue.wait_idle();
  }
  Run run;
  run.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  run.ok = ok;
  run.failed = failed;
  run.stats = client.stats();
  return run;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"AwsClient throughput against the local replay server"};
  int latency_ms = 50, calls = 400, throttle_rate = 50, throttle_calls = 600, throttle_workers = 16;
  std::vector<int> concurrency = {1, 4, 16, 32, 64};
  app.add_option("--latency-ms", latency_ms, "latency injected per call");
  app.add_option("--calls", calls, "calls per concurrency level (level 1 runs calls/10)");
  app.add_option("--concurrency", concurrency, "concurrent callers")->delimiter(',');
  app.add_option("--throttle-rate", throttle_rate,
                 "server-side limit, requests per second (0: skip)");
  app.add_option("--throttle-calls", throttle_calls, "calls in the throttling runs");
  app.add_option("--throttle-workers", throttle_workers,
                 "concurrent callers in the throttling runs");
  CLI11_PARSE(app, argc, argv);

  auto credentials = std::make_shared<FixedCredentials>("AKIDEXAMPLE", "secret");
  if (!shared_models()->service("kms").ok()) {
    std::fprintf(stderr, "botocore kms model not found under %s\n", kDefaultBotocoreDataDir);
    return 1;
  }

  std::printf("## Latency %d ms per call, calls spread over 10 accounts x 2 regions\n\n",
              latency_ms);
  std::printf(
      "| Concurrent callers | Calls | Wall s | Calls/s | Ideal wall s (calls x latency / callers) "
      "| Efficiency |\n");
  std::printf("|---|---|---|---|---|---|\n");
  for (int workers : concurrency) {
    ReplayServer::Options options;
    options.latency = std::chrono::milliseconds(latency_ms);
    options.threads = std::max(128, workers * 2);
    ReplayServer server(options);
    server.on("kms", "ListKeys", {server.ok("kms", kKeys)});
    auto client = make_client(server.url(), true, static_cast<size_t>(workers));
    int n = workers == 1 ? std::max(10, calls / 10) : calls;
    // Spread over 10 accounts x 2 regions (own credentials, signing keys and limiters each).
    std::vector<CallScope> scopes;
    for (int a = 0; a < 10; ++a) {
      auto account =
          std::make_shared<FixedCredentials>("AKIDACCOUNT" + std::to_string(a), "secret");
      for (const char* region : {"us-east-1", "eu-west-1"})
        scopes.push_back(CallScope{"kms", region, account});
    }
    Run run = run_calls(*client, n, workers, scopes);
    double ideal = n * latency_ms / 1000.0 / workers;
    std::printf("| %d | %d | %.2f | %.1f | %.2f | %.0f%% |\n", workers, n, run.seconds,
                run.ok / run.seconds, ideal, 100.0 * ideal / run.seconds);
    if (run.failed != 0) std::printf("(%d calls failed)\n", run.failed);
  }

  if (throttle_rate > 0) {
    std::printf(
        "\n## Server-side limit of %d requests/s (ThrottlingException beyond it), %d callers, %d "
        "calls, 5 ms latency\n\n",
        throttle_rate, throttle_workers, throttle_calls);
    std::printf(
        "| Adaptive limiter | Wall s | Successful calls/s | Throttled responses | Retries | Failed "
        "calls |\n");
    std::printf("|---|---|---|---|---|---|\n");
    for (bool adaptive : {false, true}) {
      ReplayServer::Options options;
      options.latency = std::chrono::milliseconds(5);
      ReplayServer server(options);
      // The server's own token bucket: `throttle_rate` tokens per second, burst of one second's
      // worth.
      auto bucket = std::make_shared<std::pair<double, std::chrono::steady_clock::time_point>>(
          throttle_rate, std::chrono::steady_clock::now());
      double rate = throttle_rate;
      server.on("kms", "ListKeys",
                {server.error("kms", 400, "ThrottlingException", "Rate exceeded")},
                [bucket, rate](const ReplayRequest&) {  // called under the server's lock
                  auto now = std::chrono::steady_clock::now();
                  double elapsed = std::chrono::duration<double>(now - bucket->second).count();
                  bucket->second = now;
                  bucket->first = std::min(rate, bucket->first + elapsed * rate);
                  if (bucket->first >= 1) {
                    bucket->first -= 1;
                    return false;  // within the limit: the success rule answers
                  }
                  return true;
                });
      server.on("kms", "ListKeys", {server.ok("kms", kKeys)});
      auto client = make_client(server.url(), adaptive, static_cast<size_t>(throttle_workers));
      std::vector<CallScope> scopes = {{"kms", "us-east-1", credentials}};
      Run run = run_calls(*client, throttle_calls, throttle_workers, scopes);
      std::printf("| %s | %.2f | %.1f | %llu | %llu | %d |\n", adaptive ? "on" : "off", run.seconds,
                  run.ok / run.seconds, static_cast<unsigned long long>(run.stats.throttles),
                  static_cast<unsigned long long>(run.stats.retries), run.failed);
    }
  }
  return 0;
}
