// Shared set-up for the AwsClient tests: a replay server that checks every
// signature, and a client pointed at it (endpoint override), with a test
// clock so retry backoff and rate-limiter waits take no real time.
#pragma once

#include <filesystem>
#include <map>
#include <memory>

#include <gtest/gtest.h>

#include "aws_client/client_impl.h"
#include "replay_server.h"

namespace vigil::aws::replay {

inline constexpr const char* kTestAccessKey = "AKIDEXAMPLE";
inline constexpr const char* kTestSecret = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";

inline bool botocore_installed() {
  return std::filesystem::exists(std::string(kDefaultBotocoreDataDir) + "/endpoints.json") &&
         std::filesystem::exists(std::string(kDefaultBotocoreDataDir) + "/ec2");
}

inline ReplayServer::Options verifying_options() {
  ReplayServer::Options options;
  options.verify_signatures = true;
  options.secrets[kTestAccessKey] = kTestSecret;
  return options;
}

inline EnvLookup env_of(std::map<std::string, std::string> vars) {
  return [vars](const std::string& name) -> std::optional<std::string> {
    auto it = vars.find(name);
    if (it == vars.end()) return std::nullopt;
    return it->second;
  };
}

// A client whose every service goes to `endpoint_url` (set as
// AWS_ENDPOINT_URL in an isolated environment, not the process's).
inline std::unique_ptr<AwsClient> client_for(const std::string& endpoint_url,
                                             std::shared_ptr<Clock> clock,
                                             RetryOptions retry = {}) {
  AwsClientOptions options;
  options.env = env_of({{"AWS_ENDPOINT_URL", endpoint_url}});
  options.models = shared_models();
  options.clock = std::move(clock);
  options.retry = retry;
  auto client = make_aws_client(std::move(options));
  EXPECT_TRUE(client.ok()) << client.error().message;
  return client.ok() ? std::move(*client) : nullptr;
}

inline CallScope scope(std::string service, std::string region = "us-east-1") {
  return CallScope{std::move(service), std::move(region),
                   std::make_shared<FixedCredentials>(kTestAccessKey, kTestSecret)};
}

inline const AwsCallError& error_of(const AwsResult<nlohmann::json>& result) {
  static const AwsCallError none{"(no error: the call succeeded)", "", 0, "", 0};
  const auto* error = std::get_if<AwsCallError>(&result);
  return error ? *error : none;
}

inline nlohmann::json value_of(const AwsResult<nlohmann::json>& result) {
  if (const auto* error = std::get_if<AwsCallError>(&result)) {
    ADD_FAILURE() << "call failed: " << error->code << ": " << error->message;
    return nullptr;
  }
  return std::get<nlohmann::json>(result);
}

}  // namespace vigil::aws::replay
