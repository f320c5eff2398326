// AWS error responses: ec2 <Response><Errors><Error>, query
// <ErrorResponse><Error>, S3 <Error> (XML); JSON __type / code with the
// "namespace#" prefix and ":uri" suffix stripped, or the x-amzn-ErrorType
// header. Request ids from the body or x-amzn-RequestId / x-amz-request-id.
#include <cctype>

#include <fmt/format.h>

#include "aws_client/protocols/parse_internal.h"

namespace vigil::aws::detail {

namespace {

std::string clean_code(std::string code) {
  if (size_t colon = code.find(':'); colon != std::string::npos) code.resize(colon);
  if (size_t hash = code.rfind('#'); hash != std::string::npos) code.erase(0, hash + 1);
  while (!code.empty() && std::isspace(static_cast<unsigned char>(code.back()))) code.pop_back();
  return code;
}

const char* reason(int status) {
  switch (status) {
    case 400:
      return "Bad Request";
    case 401:
      return "Unauthorized";
    case 403:
      return "Forbidden";
    case 404:
      return "Not Found";
    case 409:
      return "Conflict";
    case 429:
      return "Too Many Requests";
    case 500:
      return "Internal Server Error";
    case 502:
      return "Bad Gateway";
    case 503:
      return "Service Unavailable";
    case 504:
      return "Gateway Timeout";
    default:
      return "HTTP error";
  }
}

// The first element named `name` below `root`, in document order. Walks the
// tree without recursion: an error body is whatever the other end (or a
// proxy in between) sent, and its nesting depth must not bound our stack.
pugi::xml_node find_element(pugi::xml_node root, std::string_view name) {
  pugi::xml_node node = root.first_child();
  while (node) {
    if (node.type() == pugi::node_element) {
      if (local_name(node.name()) == name) return node;
      if (node.first_child()) {
        node = node.first_child();
        continue;
      }
    }
    while (node != root && !node.next_sibling()) node = node.parent();
    if (node == root) break;
    node = node.next_sibling();
  }
  return {};
}

void parse_xml_error(const std::string& body, AwsCallError& err) {
  pugi::xml_document doc;
  if (!doc.load_buffer(body.data(), body.size())) return;
  pugi::xml_node root = doc.document_element();
  pugi::xml_node error = local_name(root.name()) == "Error" ? root : find_element(root, "Error");
  if (error) {
    if (pugi::xml_node code = find_element(error, "Code")) err.code = code.text().get();
    if (pugi::xml_node msg = find_element(error, "Message")) err.message = msg.text().get();
  }
  pugi::xml_node rid = find_element(doc, "RequestId");
  if (!rid) rid = find_element(doc, "RequestID");
  if (rid && err.request_id.empty()) err.request_id = rid.text().get();
}

void parse_json_error(const std::string& body, AwsCallError& err) {
  nlohmann::json doc = nlohmann::json::parse(body, nullptr, false);
  if (!doc.is_object()) return;
  for (const char* key : {"__type", "code", "Code"}) {
    auto it = doc.find(key);
    if (err.code.empty() && it != doc.end() && it->is_string())
      err.code = clean_code(it->get<std::string>());
  }
  for (const char* key : {"message", "Message", "errorMessage"}) {
    auto it = doc.find(key);
    if (err.message.empty() && it != doc.end() && it->is_string())
      err.message = it->get<std::string>();
  }
}

}  // namespace

AwsCallError parse_error(const std::string& protocol, const HttpResponse& response) {
  AwsCallError err;
  err.http_status = response.status;
  err.request_id = header_value(response.headers, "x-amzn-RequestId");
  if (err.request_id.empty()) err.request_id = header_value(response.headers, "x-amz-request-id");
  bool json = protocol == "json" || protocol == "rest-json";
  if (json) {
    std::string type = header_value(response.headers, "x-amzn-ErrorType");
    if (!type.empty()) err.code = clean_code(type);
    if (!response.body.empty()) parse_json_error(response.body, err);
  } else if (!response.body.empty()) {
    parse_xml_error(response.body, err);
  }
  if (err.code.empty()) {
    err.code =
        std::to_string(response.status);  // as botocore does for bodiless errors (S3 HEAD 404)
    if (err.message.empty()) err.message = reason(response.status);
  }
  return err;
}

}  // namespace vigil::aws::detail
