// Internal to protocols/: the pieces serialize_request() is assembled from.
// Params are order-preserving JSON shaped like the operation's input shape
// (validated by validate_params before any serializer sees them).
#pragma once

#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "aws_client/model/service_model.h"
#include "aws_client/protocols/protocol.h"
#include "core/result.h"

namespace vigil::aws::detail {

using Params = nlohmann::ordered_json;

inline Error fail(std::string message) {
  Error e;
  e.message = std::move(message);
  return e;
}

// Type and required-member checks against the shape; unknown members are
// errors, and so are strings and map keys that are not UTF-8. `path` names
// the value ("DescribeInstances.Filters[0].Name").
Status validate_params(const Shape& shape, const Params& value, const std::string& path);

// Fills absent top-level idempotencyToken members.
void fill_idempotency_tokens(const Shape& input, Params& params, const SerializeOptions& options);

// A scalar as text for query strings, URIs, headers and form bodies.
// `default_format` is the protocol's timestamp format for that location.
std::string scalar_text(const MemberRef& ref, const Params& value, std::string_view default_format);

// Timestamp format that applies to a member: member override, shape, default.
std::string_view timestamp_format(const MemberRef& ref, std::string_view default_format);

// ec2 / query: form fields of the input, appended as k=v&... to `body`.
void serialize_query_fields(const Shape& input, const Params& params, bool ec2, std::string& body);

// JSON body value of `shape` (json / rest-json). Structure members with a
// non-body location are skipped when `body_only`.
nlohmann::ordered_json to_json_value(const MemberRef& ref, const Params& value);
nlohmann::ordered_json structure_to_json(const Shape& shape, const Params& value, bool body_only);

// rest-xml: the XML document of a structure, root element `root_name`.
std::string structure_to_xml(const Shape& shape, const Params& value, const std::string& root_name,
                             const XmlNamespace& ns, bool body_only);

// rest-json / rest-xml: URI, query string, headers and body.
Status serialize_rest(const OperationDef& op, const Params& params, bool xml, WireRequest& request);

}  // namespace vigil::aws::detail
