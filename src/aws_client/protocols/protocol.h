// The five AWS wire protocols (ec2, query, rest-xml, json, rest-json), driven
// by the service model's shapes: request serialization and response parsing.
//
// Contract:
//  - serialize_request() turns botocore-shaped JSON params into the method,
//    the request path+query (percent-encoded, relative to the endpoint), the
//    headers the protocol needs (Content-Type, X-Amz-Target, ...) and the
//    body. It does not sign and does not pick the host (except host_prefix,
//    the model's hostPrefix with labels filled). Missing required members or
//    a value of the wrong type are an Error naming the member path.
//  - parse_response() turns a 2xx response into botocore-shaped JSON (what
//    the AWS CLI prints: timestamps ISO 8601 "2024-01-02T03:04:05+00:00"
//    unless ParseOptions says epoch, blobs base64); a non-2xx response into
//    an AwsCallError with the AWS error code, message and request id as the
//    protocol encodes them. An unparseable body is code "MalformedResponse".
//    Values nested deeper than 512 levels (possible only through recursive
//    shapes) are cut to null instead of exhausting the stack.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "aws_client/client.h"
#include "aws_client/model/service_model.h"
#include "aws_client/transport/http.h"
#include "core/result.h"

namespace vigil::aws {

struct WireRequest {
  std::string method;  // "POST"
  std::string path;    // "/" or "/bucket?acl" (encoded; query included)
  HttpHeaders headers;
  std::string body;
  std::string host_prefix;  // "" unless the operation has an endpoint hostPrefix
};

Result<WireRequest> serialize_request(const ServiceModel& model, std::string_view operation,
                                      const nlohmann::json& params);

struct SerializeOptions {
  // Value for idempotencyToken members the caller left out; empty: a fresh
  // random UUID per request (tests pin it to compare bytes).
  std::string idempotency_token;
};
// The same with options, from order-preserving params (map entries are
// written in the caller's order; the overload above sees them sorted).
Result<WireRequest> serialize_request(const ServiceModel& model, std::string_view operation,
                                      const nlohmann::ordered_json& params,
                                      const SerializeOptions& options);

enum class TimestampOutput { Iso8601, EpochSeconds };
enum class BlobOutput { Base64, Raw };  // Raw: the decoded bytes as a JSON string
struct ParseOptions {
  TimestampOutput timestamps = TimestampOutput::Iso8601;
  BlobOutput blobs = BlobOutput::Base64;
};

AwsResult<nlohmann::json> parse_response(const ServiceModel& model, std::string_view operation,
                                         const HttpResponse& response,
                                         const ParseOptions& options = {});

}  // namespace vigil::aws
