// Robustness at the protocol boundary: AWS error responses (parse_response
// on a non-2xx status) with the code, message and request id as each
// protocol encodes them; no crash whatever the other end (or a proxy) sends;
// and request parameters that cannot be sent are an Error, not an exception.
#include <gtest/gtest.h>

#include "aws_client/model/service_model.h"
#include "aws_client/protocols/protocol.h"

namespace vigil::aws {
namespace {

std::shared_ptr<const ServiceModel> model(const std::string& protocol) {
  nlohmann::json service = {
      {"metadata", {{"protocol", protocol}, {"endpointPrefix", "svc"}, {"apiVersion", "1"}}},
      {"operations",
       {{"ListThings",
         {{"name", "ListThings"},
          {"http", {{"method", "POST"}, {"requestUri", "/"}}},
          {"input", {{"shape", "ListThingsRequest"}}},
          {"output", {{"shape", "ListThingsResult"}}}}}}},
      {"shapes",
       {{"ListThingsRequest",
         {{"type", "structure"},
          {"members",
           {{"NextToken", {{"shape", "String"}}},
            {"Tags", {{"shape", "TagMap"}}},
            {"Filter", {{"shape", "Document"}}}}}}},
        {"ListThingsResult",
         {{"type", "structure"}, {"members", {{"Name", {{"shape", "String"}}}}}}},
        {"TagMap",
         {{"type", "map"}, {"key", {{"shape", "String"}}}, {"value", {{"shape", "String"}}}}},
        {"Document",
         {{"type", "structure"}, {"members", nlohmann::json::object()}, {"document", true}}},
        {"String", {{"type", "string"}}}}}};
  auto compiled = ServiceModel::from_json(service, nullptr, "test-model");
  EXPECT_TRUE(compiled.ok());
  return *compiled;
}

HttpResponse response(int status, std::string body) {
  HttpResponse r;
  r.status = status;
  r.body = std::move(body);
  return r;
}

AwsCallError error_of(const AwsResult<nlohmann::json>& result) {
  EXPECT_TRUE(std::holds_alternative<AwsCallError>(result));
  return std::holds_alternative<AwsCallError>(result) ? std::get<AwsCallError>(result)
                                                      : AwsCallError{};
}

TEST(ProtocolRobustness, QueryAndEc2ErrorsKeepCodeMessageAndRequestId) {
  auto query = model("query");
  AwsCallError denied = error_of(parse_response(
      *query, "ListThings",
      response(
          403,
          "<ErrorResponse><Error><Type>Sender</Type><Code>AccessDenied</Code>"
          "<Message>not allowed</Message></Error><RequestId>r-1</RequestId></ErrorResponse>")));
  EXPECT_EQ(denied.code, "AccessDenied");
  EXPECT_EQ(denied.message, "not allowed");
  EXPECT_EQ(denied.request_id, "r-1");
  EXPECT_EQ(denied.http_status, 403);

  auto ec2 = model("ec2");
  AwsCallError throttled = error_of(parse_response(
      *ec2, "ListThings",
      response(503,
               "<Response><Errors><Error><Code>RequestLimitExceeded</Code><Message>slow down"
               "</Message></Error></Errors><RequestID>r-2</RequestID></Response>")));
  EXPECT_EQ(throttled.code, "RequestLimitExceeded");
  EXPECT_EQ(throttled.request_id, "r-2");
}

TEST(ProtocolRobustness, DeeplyNestedErrorBodyIsNotACrash) {
  // A million nested elements (7 MB) from a broken proxy: the error search
  // must not recurse once per level.
  const int depth = 1000000;
  std::string body;
  body.reserve(static_cast<size_t>(depth) * 7 + 64);
  for (int i = 0; i < depth; ++i) body += "<a>";
  body += "<Error><Code>Deep</Code></Error>";
  for (int i = 0; i < depth; ++i) body += "</a>";
  AwsCallError deep = error_of(parse_response(*model("query"), "ListThings", response(502, body)));
  EXPECT_EQ(deep.code, "Deep");
  EXPECT_EQ(deep.http_status, 502);
}

TEST(ProtocolRobustness, BodilessAndUnparseableErrorsUseTheStatus) {
  AwsCallError bare = error_of(parse_response(*model("rest-xml"), "ListThings", response(404, "")));
  EXPECT_EQ(bare.code, "404");
  EXPECT_EQ(bare.message, "Not Found");
  AwsCallError html =
      error_of(parse_response(*model("json"), "ListThings", response(500, "<html>oops</html>")));
  EXPECT_EQ(html.code, "500");
}

// A model whose output is a recursive shape, as DynamoDB's AttributeValue.
std::shared_ptr<const ServiceModel> recursive_model(const std::string& protocol) {
  nlohmann::json service = {
      {"metadata", {{"protocol", protocol}, {"endpointPrefix", "svc"}, {"apiVersion", "1"}}},
      {"operations",
       {{"GetTree",
         {{"name", "GetTree"},
          {"http", {{"method", "POST"}, {"requestUri", "/"}}},
          {"output", {{"shape", "Node"}}}}}}},
      {"shapes",
       {{"Node",
         {{"type", "structure"},
          {"members", {{"Name", {{"shape", "String"}}}, {"Child", {{"shape", "Node"}}}}}}},
        {"String", {{"type", "string"}}}}}};
  auto compiled = ServiceModel::from_json(service, nullptr, "test-model");
  EXPECT_TRUE(compiled.ok());
  return *compiled;
}

TEST(ProtocolRobustness, DeeplyNestedRecursiveShapesAreCutNotACrash) {
  const int depth = 200000;
  std::string json, xml;
  for (int i = 0; i < depth; ++i) json += "{\"Name\":\"n\",\"Child\":";
  json += "{}";
  for (int i = 0; i < depth; ++i) json += "}";
  for (int i = 0; i < depth; ++i) xml += "<Child><Name>n</Name>";
  for (int i = 0; i < depth; ++i) xml += "</Child>";
  xml = "<Node>" + xml + "</Node>";
  // JSON deeper than any reader accepts (core/json_depth.h) is a malformed
  // response, the call failed: never a listing cut short as if it were whole.
  auto too_deep = parse_response(*recursive_model("json"), "GetTree", response(200, json));
  ASSERT_TRUE(std::holds_alternative<AwsCallError>(too_deep));
  EXPECT_NE(std::get<AwsCallError>(too_deep).message.find("deeper than 1024 levels"),
            std::string::npos)
      << std::get<AwsCallError>(too_deep).message;
  for (const auto& [protocol, body] : {std::pair<std::string, std::string>{"rest-xml", xml}}) {
    auto parsed = parse_response(*recursive_model(protocol), "GetTree", response(200, body));
    ASSERT_TRUE(std::holds_alternative<nlohmann::json>(parsed)) << protocol;
    const nlohmann::json* node = &std::get<nlohmann::json>(parsed);
    int levels = 0;
    while (node->is_object() && node->contains("Child")) {
      node = &(*node)["Child"];
      ++levels;
    }
    // Shallow levels are kept; the cut is somewhere below a few hundred.
    EXPECT_GT(levels, 100) << protocol;
    EXPECT_LT(levels, 1000) << protocol;
  }
}

TEST(ProtocolRobustness, ParamsThatAreNotUtf8AreAnErrorNotAnException) {
  // A NextToken echoed from a broken response, a tag from a file: JSON
  // bodies cannot carry them (nlohmann's dump() would throw).
  const std::string bad = "abc\xff\xfe";
  for (const char* protocol : {"json", "rest-json", "query", "ec2", "rest-xml"}) {
    auto m = model(protocol);
    for (const nlohmann::json& params :
         {nlohmann::json{{"NextToken", bad}}, nlohmann::json{{"Tags", {{bad, "v"}}}},
          nlohmann::json{{"Tags", {{"k", bad}}}}, nlohmann::json{{"Filter", {{"a", {bad}}}}}}) {
      Result<WireRequest> request = Error{};
      EXPECT_NO_THROW(request = serialize_request(*m, "ListThings", params)) << protocol;
      ASSERT_FALSE(request.ok()) << protocol << " "
                                 << params.dump(-1, ' ', false,
                                                nlohmann::json::error_handler_t::replace);
      EXPECT_NE(request.error().message.find("not valid UTF-8"), std::string::npos)
          << request.error().message;
    }
    auto fine = serialize_request(*m, "ListThings", {{"NextToken", "caf\xc3\xa9"}});
    EXPECT_TRUE(fine.ok()) << protocol << ": " << fine.error().message;
  }
}

}  // namespace
}  // namespace vigil::aws
