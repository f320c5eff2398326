// Response parsing against the AWS protocol test suites
// (../shared/conformance/aws-protocols/output/*.json). Timestamps are asked
// for as epoch seconds and blobs as raw bytes, as the suites expect; success
// cases compare the whole parsed JSON, error cases the error code (and the
// message when the case gives one). At least 95% of every file must pass;
// every failure is printed with its reason.
#include "aws_client/protocols/protocol.h"
#include "protocol_conformance_support.h"

namespace vigil::aws {
namespace {

using conformance::OJson;

std::string check_case(const OJson& suite, const OJson& test_case) {
  std::string error;
  auto model = conformance::case_model(suite, test_case, error);
  if (!model) return "model: " + error;
  const OJson& raw = test_case["response"];
  HttpResponse response;
  response.status = raw["status_code"].get<int>();
  const OJson headers = raw.value("headers", OJson::object());
  for (const auto& [name, value] : headers.items())
    response.headers.emplace_back(name, value.get<std::string>());
  response.body = raw.value("body", "");
  ParseOptions options;
  options.timestamps = TimestampOutput::EpochSeconds;
  options.blobs = BlobOutput::Raw;
  auto parsed =
      parse_response(*model, test_case["given"]["name"].get<std::string>(), response, options);
  if (test_case.contains("errorCode")) {
    if (!std::holds_alternative<AwsCallError>(parsed))
      return "expected error " + test_case["errorCode"].get<std::string>() + ", got success " +
             std::get<nlohmann::json>(parsed).dump();
    const AwsCallError& err = std::get<AwsCallError>(parsed);
    if (err.code != test_case["errorCode"].get<std::string>())
      return fmt::format("error code '{}' != '{}'", err.code,
                         test_case["errorCode"].get<std::string>());
    if (test_case.contains("errorMessage") &&
        err.message != test_case["errorMessage"].get<std::string>())
      return fmt::format("error message '{}' != '{}'", err.message,
                         test_case["errorMessage"].get<std::string>());
    return "";
  }
  if (std::holds_alternative<AwsCallError>(parsed)) {
    const AwsCallError& err = std::get<AwsCallError>(parsed);
    return fmt::format("unexpected error {}: {}", err.code, err.message);
  }
  nlohmann::json expected = nlohmann::json(test_case.value("result", OJson::object()));
  const nlohmann::json& got = std::get<nlohmann::json>(parsed);
  return got == expected ? "" : fmt::format("expected {} got {}", expected.dump(), got.dump());
}

TEST(ProtocolOutputConformance, AtLeast95PercentPerProtocol) {
  if (!std::filesystem::exists(conformance::suite_dir()))
    GTEST_SKIP() << "no AWS protocol suites at " << conformance::suite_dir()
                 << " (../shared/conformance is absent)";
  int all_passed = 0, all_total = 0;
  for (const std::string& file : conformance::protocol_files()) {
    conformance::Tally tally;
    tally.file = file;
    auto ignored = conformance::botocore_ignored(file, "output");
    OJson suites = conformance::read_json(conformance::suite_dir() / "output" / (file + ".json"));
    for (const auto& suite : suites)
      for (const auto& test_case : suite["cases"])
        tally.record(test_case["id"].get<std::string>(), check_case(suite, test_case), ignored,
                     suite.value("description", ""));
    tally.print("output");
    all_passed += tally.passed;
    all_total += tally.total;
    EXPECT_GE(tally.ratio(), 0.95) << file << ": " << tally.passed << "/" << tally.total;
    EXPECT_GT(tally.total, 0) << file;
  }
  std::printf("[output all] %d/%d cases pass\n", all_passed, all_total);
}

}  // namespace
}  // namespace vigil::aws
