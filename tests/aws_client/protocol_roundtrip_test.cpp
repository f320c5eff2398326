// Every output shape of the real botocore models the collector uses, round
// tripped: a sample value is written in the protocol's response form (XML for
// ec2 / query / rest-xml, JSON for json) and parse_response() must give it
// back. Catches model traits the conformance suites do not exercise
// (locationName'd ec2 members, flattened lists, attributes, recursion) on
// thousands of real shapes. Also serializes every operation that has no
// required input. Skips when python3-botocore is not installed.
#include <gtest/gtest.h>

#include <filesystem>

#include "aws_client/model/service_model.h"
#include "aws_client/protocols/protocol.h"
#include "aws_client/protocols/serialize_internal.h"

namespace vigil::aws {
namespace {

using OJson = nlohmann::ordered_json;

OJson sample(const MemberRef& ref, int depth);

OJson sample_structure(const Shape& shape, int depth) {
  OJson out = OJson::object();
  for (const MemberRef& m : shape.members) {
    if (m.location != Location::Body || m.shape->streaming) continue;
    ShapeType t = m.shape->type;
    bool nested = t == ShapeType::Structure || t == ShapeType::List || t == ShapeType::Map;
    if (nested && depth > 3) continue;  // recursive shapes end here
    out[m.name] = sample(m, depth + 1);
  }
  return out;
}

OJson sample(const MemberRef& ref, int depth) {
  const Shape& s = *ref.shape;
  if (s.document) return OJson{{"a", 1}};
  switch (s.type) {
    case ShapeType::Structure:
      return sample_structure(s, depth);
    case ShapeType::List:
      return OJson::array({sample(s.member, depth + 1), sample(s.member, depth + 1)});
    case ShapeType::Map:
      return OJson{{"k1", sample(s.value, depth + 1)}, {"k2", sample(s.value, depth + 1)}};
    case ShapeType::String:
      return "s-" + ref.name;
    case ShapeType::Integer:
      return 42;
    case ShapeType::Long:
      return 1234567890123LL;
    case ShapeType::Boolean:
      return true;
    case ShapeType::Float:
    case ShapeType::Double:
      return 1.5;
    case ShapeType::Timestamp:
      return 1576540098;
    case ShapeType::Blob:
      return "blob bytes";
  }
  return nullptr;
}

bool simple_body(const Shape& output) {
  if (!output.payload.empty()) return false;
  for (const MemberRef& m : output.members)
    if (m.shape->streaming) return false;
  return true;
}

TEST(ProtocolRoundTrip, EveryOutputShapeOfTheCollectorsServices) {
  if (!std::filesystem::exists(std::string(kDefaultBotocoreDataDir) + "/ec2"))
    GTEST_SKIP() << "botocore models not installed at " << kDefaultBotocoreDataDir;
  ModelRepository repo;
  ParseOptions options;
  options.timestamps = TimestampOutput::EpochSeconds;
  options.blobs = BlobOutput::Raw;
  for (const char* name :
       {"ec2", "iam", "elbv2", "sts", "kms", "s3", "rds", "cloudtrail", "sns", "lambda"}) {
    auto model = repo.service(name);
    ASSERT_TRUE(model.ok()) << model.error().message;
    const std::string& protocol = (*model)->metadata().protocol;
    int checked = 0;
    for (const auto& [op_name, op] : (*model)->operations()) {
      if (!op.output || !simple_body(*op.output)) continue;
      // Deprecated; its model names two members' elements <Event> (Event,
      // and the flattened Events list), which no reader can tell apart.
      if (op_name == "GetBucketNotification") continue;
      OJson value = sample_structure(*op.output, 0);
      HttpResponse response;
      response.status = 200;
      if (protocol == "json" || protocol == "rest-json") {
        response.body = detail::structure_to_json(*op.output, value, true).dump();
      } else if (protocol == "query") {
        std::string inner = detail::structure_to_xml(
            *op.output, value, op.result_wrapper.empty() ? op_name + "Result" : op.result_wrapper,
            {}, true);
        response.body = "<" + op_name + "Response>" + inner +
                        "<ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></" +
                        op_name + "Response>";
      } else {
        response.body = detail::structure_to_xml(*op.output, value, op_name + "Response", {}, true);
      }
      auto parsed = parse_response(**model, op_name, response, options);
      ASSERT_TRUE(std::holds_alternative<nlohmann::json>(parsed))
          << name << " " << op_name << ": " << std::get<AwsCallError>(parsed).message;
      // Header / status members come from the HTTP response, not the body:
      // an empty x-amz-meta- map and the status code (as botocore gives them).
      nlohmann::json body_members = std::get<nlohmann::json>(parsed);
      for (const MemberRef& m : op.output->members)
        if (m.location != Location::Body) body_members.erase(m.name);
      EXPECT_EQ(body_members, nlohmann::json(value)) << name << " " << op_name << "\n"
                                                     << response.body;
      ++checked;
    }
    std::printf("[roundtrip] %-10s %-9s %d operation outputs\n", name, protocol.c_str(), checked);
    EXPECT_GT(checked, 0) << name;
  }
}

TEST(ProtocolRoundTrip, EveryOperationWithoutRequiredInputSerializes) {
  if (!std::filesystem::exists(std::string(kDefaultBotocoreDataDir) + "/ec2"))
    GTEST_SKIP() << "botocore models not installed at " << kDefaultBotocoreDataDir;
  ModelRepository repo;
  for (const char* name :
       {"ec2", "iam", "elbv2", "sts", "kms", "s3", "rds", "cloudtrail", "sns", "lambda"}) {
    auto model = repo.service(name);
    ASSERT_TRUE(model.ok()) << model.error().message;
    int serialized = 0;
    for (const auto& [op_name, op] : (*model)->operations()) {
      if (op.input && !op.input->required.empty()) continue;
      auto request = serialize_request(**model, op_name, nlohmann::json::object());
      EXPECT_TRUE(request.ok()) << name << " " << op_name << ": "
                                << (request.ok() ? "" : request.error().message);
      ++serialized;
    }
    EXPECT_GT(serialized, 0) << name;
  }
}

}  // namespace
}  // namespace vigil::aws
