// Response parsing against the AWS protocol test suites
// (../shared/conformance/aws-protocols/output/*.json). Timestamps are asked
// for as epoch seconds and blobs as raw bytes, as the suites expect; success
// cases compare the whole parsed JSON, error cases the error code (and the
// message when the case gives one). Exactly the cases of
// tests/aws_client/expected_failures_output.txt may fail (each listed with its
// reason); every failure is printed.
#include "aws_client/protocols/protocol.h"
#include "protocol_conformance_support.h"

namespace vigil::aws {
namespace {

using conformance::OJson;

std::string check_output_case(const OJson& suite, const OJson& test_case) {
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

TEST(ProtocolOutputConformance, ExactlyTheListedCasesFail) {
  if (conformance::suite_dir().empty() || !std::filesystem::exists(conformance::suite_dir()))
    GTEST_SKIP() << "no AWS protocol suites (" << test_support::looked_for_shared_dir() << ")";
  const std::string differences = conformance::run_direction("output", check_output_case);
  EXPECT_EQ(differences, "") << differences;
}

}  // namespace
}  // namespace vigil::aws
