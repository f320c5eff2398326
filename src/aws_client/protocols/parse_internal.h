// Internal to protocols/: the pieces parse_response() is assembled from.
// Outputs are keyed by the model's member names (what the AWS CLI prints).
#pragma once

#include <optional>
#include <string_view>

#include <nlohmann/json.hpp>
#include <pugixml.hpp>

#include "aws_client/model/service_model.h"
#include "aws_client/model/shape.h"
#include "aws_client/protocols/protocol.h"

namespace vigil::aws::detail {

// Recursive shapes (DynamoDB AttributeValue, Organizations
// HandshakeResources) let a response nest as deep as it likes; the parsers
// stop following it below this many levels (the deeper value is null)
// rather than recurse until the stack runs out. AWS itself nests far less.
inline constexpr int kMaxNesting = 512;

// Counts one level of nesting for as long as it lives (one counter per
// thread and parser).
class NestingGuard {
 public:
  explicit NestingGuard(int& depth) : depth_(depth) { ++depth_; }
  ~NestingGuard() { --depth_; }
  NestingGuard(const NestingGuard&) = delete;
  NestingGuard& operator=(const NestingGuard&) = delete;
  bool too_deep() const { return depth_ > kMaxNesting; }

 private:
  int& depth_;
};

// A scalar from XML text or a header value; nullopt when it does not parse.
std::optional<nlohmann::json> scalar_from_text(const MemberRef& ref, std::string_view text,
                                               const ParseOptions& options, bool in_header);

// XML element -> JSON for the shape; only body members of the structure.
nlohmann::json xml_structure(const Shape& shape, pugi::xml_node node, const ParseOptions& options);

// Parsed JSON body -> JSON keyed by member names, per the shape.
nlohmann::json json_structure(const Shape& shape, const nlohmann::json& body,
                              const ParseOptions& options);
nlohmann::json json_value(const MemberRef& ref, const nlohmann::json& value,
                          const ParseOptions& options);

// Timestamp format that applies to a member (defined with the serializers).
std::string_view timestamp_format(const MemberRef& ref, std::string_view default_format);

// Local name of an element or attribute ("ns:Name" -> "Name").
std::string_view local_name(const char* name);

// botocore's after-parse customizations that change what the CLI prints
// (IAM policy documents as objects); see output_customizations.cpp.
void apply_output_customizations(const ServiceMetadata& metadata, const Shape& output,
                                 nlohmann::json& parsed);

// A non-2xx response as the AWS error it encodes.
AwsCallError parse_error(const std::string& protocol, const HttpResponse& response);

}  // namespace vigil::aws::detail
