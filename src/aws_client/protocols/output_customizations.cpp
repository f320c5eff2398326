// Output customizations botocore applies after parsing, which change what
// the AWS CLI prints and therefore what a capture holds. Keyed by data in the
// model (a shape name), not by operation.
//
//  - IAM returns policy documents (shape "policyDocumentType") as
//    URL-encoded JSON text; botocore (json_decode_policies) URL-decodes and
//    parses them, so the CLI prints objects. Text that is not JSON after
//    decoding stays as it came. Like botocore, lists and structures are
//    searched, maps are not.
#include <string>

#include "aws_client/protocols/parse_internal.h"
#include "aws_client/signing/canonical.h"  // percent_decode: Python's unquote, '+' stays '+'

namespace vigil::aws::detail {

namespace {

void decode_policy_documents(const Shape& shape, nlohmann::json& value) {
  if (shape.type == ShapeType::Structure && value.is_object()) {
    for (const MemberRef& m : shape.members) {
      auto it = value.find(m.name);
      if (it == value.end()) continue;
      if (m.shape->type == ShapeType::String && m.shape->name == "policyDocumentType") {
        if (!it->is_string()) continue;
        nlohmann::json doc =
            nlohmann::json::parse(percent_decode(it->get<std::string>()), nullptr, false);
        if (!doc.is_discarded()) *it = std::move(doc);
      } else {
        decode_policy_documents(*m.shape, *it);
      }
    }
  } else if (shape.type == ShapeType::List && value.is_array()) {
    for (auto& item : value) decode_policy_documents(*shape.member.shape, item);
  }
}

}  // namespace

void apply_output_customizations(const ServiceMetadata& metadata, const Shape& output,
                                 nlohmann::json& parsed) {
  if (metadata.endpoint_prefix == "iam") decode_policy_documents(output, parsed);
}

}  // namespace vigil::aws::detail
