// AWS calls made by boto3 (tests/support/boto3_calls.py), for the moto suites'
// setup and independent read-back: one Python process for a list of calls,
// instead of one AWS CLI run (~1.7 s) per call.
//
// Use: json answers = boto3_calls(moto.endpoint(), {
//          {{"service", "s3"}, {"operation", "CreateBucket"}, {"params", {{"Bucket", "b"}}}}});
// Each answer is the response, or {"Error": {"Code", "Message"}}. A call that
// could not be made at all fails the test (ADD_FAILURE) and answers null.
#pragma once

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "run_command.h"

namespace vigil::testing {

inline nlohmann::json boto3_calls(const std::string& endpoint, const nlohmann::json& calls,
                                  const std::string& region = "us-east-1") {
  static int counter = 0;
  std::filesystem::path input = std::filesystem::temp_directory_path() /
                                fmt::format("vigil-boto3-{}-{}.json", ::getpid(), ++counter);
  std::ofstream(input) << calls.dump();
  auto outcome =
      aws::testing::run_command(fmt::format("python3 {}/tests/support/boto3_calls.py {} {} < {}",
                                            VIGIL_SOURCE_DIR, endpoint, region, input.string()),
                                aws::testing::Stderr::Merge);
  std::filesystem::remove(input);
  nlohmann::json answers = nlohmann::json::parse(outcome.out, nullptr, false);
  if (outcome.status != 0 || !answers.is_array() || answers.size() != calls.size()) {
    ADD_FAILURE() << "boto3 calls " << calls.dump() << " failed: " << outcome.out;
    return nullptr;
  }
  return answers;
}

// One call; its answer.
inline nlohmann::json boto3_call(const std::string& endpoint, const std::string& service,
                                 const std::string& operation, const nlohmann::json& params) {
  nlohmann::json answers = boto3_calls(
      endpoint, nlohmann::json::array(
                    {{{"service", service}, {"operation", operation}, {"params", params}}}));
  return answers.is_array() ? answers[0] : nlohmann::json();
}

}  // namespace vigil::testing
