// parse_response(): a 2xx response -> the output shape as JSON (body by
// protocol, plus rest-* headers, status code and payload members); any other
// status -> the AwsCallError it encodes.
#include <cctype>
#include <optional>

#include <fmt/format.h>

#include "aws_client/protocols/parse_internal.h"
#include "aws_client/protocols/protocol.h"
#include "aws_client/protocols/wire_format.h"
#include "core/json_depth.h"

namespace vigil::aws {

namespace {

// A response body as JSON, or discarded when it is not JSON or nests deeper
// than any reader accepts (core/json_depth.h): the converters that follow
// recurse once per level.
nlohmann::json parse_json_body(const std::string& body) {
  if (find_json_depth_excess(body)) return nlohmann::json(nlohmann::json::value_t::discarded);
  return nlohmann::json::parse(body, nullptr, false);
}

// Why parse_json_body refused `body`.
std::string not_json(const std::string& body) {
  if (std::optional<size_t> deep = find_json_depth_excess(body))
    return fmt::format("response body nests deeper than {} levels (at byte {})", kMaxJsonDepth,
                       *deep);
  return "response body is not JSON";
}

using detail::local_name;

AwsCallError malformed(const HttpResponse& response, std::string what) {
  AwsCallError err;
  err.code = "MalformedResponse";
  err.message = std::move(what);
  err.http_status = response.status;
  err.request_id = header_value(response.headers, "x-amzn-RequestId");
  return err;
}

bool iequals_prefix(std::string_view text, std::string_view prefix) {
  if (text.size() < prefix.size()) return false;
  for (size_t i = 0; i < prefix.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(text[i])) !=
        std::tolower(static_cast<unsigned char>(prefix[i])))
      return false;
  return true;
}

const std::string* find_header(const HttpHeaders& headers, std::string_view name) {
  for (const auto& [k, v] : headers)
    if (k.size() == name.size() && iequals_prefix(k, name)) return &v;
  return nullptr;
}

// Splits a list header: commas separate items except inside double quotes;
// http-date timestamps contain a comma of their own, so pairs are rejoined.
std::vector<std::string> split_header_list(std::string_view value, bool http_dates) {
  std::vector<std::string> items;
  std::string cur;
  bool quoted = false, was_quoted = false;
  for (size_t i = 0; i < value.size(); ++i) {
    char c = value[i];
    if (quoted) {
      if (c == '\\' && i + 1 < value.size())
        cur += value[++i];
      else if (c == '"')
        quoted = false;
      else
        cur += c;
    } else if (c == '"') {
      quoted = was_quoted = true;
    } else if (c == ',') {
      items.push_back(was_quoted ? cur : std::string(cur));
      cur.clear();
      was_quoted = false;
    } else {
      cur += c;
    }
  }
  items.push_back(cur);
  for (auto& item : items) {
    size_t b = item.find_first_not_of(" \t"), e = item.find_last_not_of(" \t");
    item = b == std::string::npos ? std::string() : item.substr(b, e - b + 1);
  }
  if (http_dates) {
    std::vector<std::string> joined;
    for (size_t i = 0; i + 1 < items.size(); i += 2)
      joined.push_back(items[i] + ", " + items[i + 1]);
    return joined;
  }
  return items;
}

void bind_http_members(const Shape& output, const HttpResponse& response,
                       const ParseOptions& options, nlohmann::json& out) {
  for (const MemberRef& m : output.members) {
    if (m.location == Location::StatusCode) {
      out[m.name] = response.status;
    } else if (m.location == Location::Header) {
      const std::string* value = find_header(response.headers, m.wire_name());
      if (!value) continue;
      if (m.shape->type == ShapeType::List) {
        const MemberRef& item = m.shape->member;
        bool dates = item.shape->type == ShapeType::Timestamp &&
                     detail::timestamp_format(item, "rfc822") == "rfc822";
        nlohmann::json list = nlohmann::json::array();
        for (const std::string& s : split_header_list(*value, dates))
          if (auto v = detail::scalar_from_text(item, s, options, true)) list.push_back(*v);
        out[m.name] = std::move(list);
      } else if (auto v = detail::scalar_from_text(m, *value, options, true)) {
        out[m.name] = *v;
      }
    } else if (m.location == Location::Headers) {
      nlohmann::json map = nlohmann::json::object();
      for (const auto& [k, v] : response.headers)
        if (iequals_prefix(k, m.location_name)) map[k.substr(m.location_name.size())] = v;
      out[m.name] = std::move(map);
    }
  }
}

bool has_element_child(pugi::xml_node node) {
  for (pugi::xml_node c = node.first_child(); c; c = c.next_sibling())
    if (c.type() == pugi::node_element) return true;
  return false;
}

AwsResult<nlohmann::json> parse_xml_body(const HttpResponse& response, pugi::xml_document& doc) {
  pugi::xml_parse_result ok = doc.load_buffer(response.body.data(), response.body.size(),
                                              pugi::parse_default | pugi::parse_ws_pcdata_single);
  if (!ok)
    return malformed(response, fmt::format("response body is not XML: {} at byte {}",
                                           ok.description(), ok.offset));
  return nlohmann::json();
}

AwsResult<nlohmann::json> parse_rest(const Shape& output, const HttpResponse& response, bool xml,
                                     const ParseOptions& options) {
  nlohmann::json out = nlohmann::json::object();
  bind_http_members(output, response, options, out);
  const std::string& body = response.body;
  const MemberRef* payload = output.payload.empty() ? nullptr : output.find_member(output.payload);
  if (payload) {
    const Shape& shape = *payload->shape;
    if (body.empty()) return out;
    if (shape.type == ShapeType::Blob) {
      out[payload->name] = options.blobs == BlobOutput::Raw ? body : wire::base64_encode(body);
    } else if (shape.type == ShapeType::String) {
      out[payload->name] = body;
    } else if (xml) {
      pugi::xml_document doc;
      if (auto r = parse_xml_body(response, doc); std::holds_alternative<AwsCallError>(r)) return r;
      out[payload->name] = detail::xml_structure(shape, doc.document_element(), options);
    } else {
      nlohmann::json parsed = parse_json_body(body);
      if (parsed.is_discarded()) return malformed(response, not_json(body));
      out[payload->name] = detail::json_value(*payload, parsed, options);
    }
    return out;
  }
  if (body.find_first_not_of(" \t\r\n") == std::string::npos) return out;
  nlohmann::json members;
  if (xml) {
    pugi::xml_document doc;
    if (auto r = parse_xml_body(response, doc); std::holds_alternative<AwsCallError>(r)) return r;
    pugi::xml_node root = doc.document_element();
    members = detail::xml_structure(output, root, options);
    if (members.empty()) {
      // S3 GetBucketLocation: the root element is the one member
      // (<LocationConstraint>eu-west-1</LocationConstraint>); empty means null,
      // as botocore and the AWS CLI give it.
      for (const MemberRef& m : output.members)
        if (m.location == Location::Body && m.wire_name() == local_name(root.name()) &&
            !has_element_child(root)) {
          std::string_view text = root.text().get();
          auto v = text.empty() ? std::optional<nlohmann::json>(nullptr)
                                : detail::scalar_from_text(m, text, options, false);
          if (v) members[m.name] = *v;
        }
    }
  } else {
    nlohmann::json parsed = parse_json_body(body);
    if (parsed.is_discarded()) return malformed(response, not_json(body));
    members = detail::json_structure(output, parsed, options);
  }
  for (auto it = members.begin(); it != members.end(); ++it) out[it.key()] = it.value();
  return out;
}

}  // namespace

namespace {

// The body (and rest-* HTTP members) of a 2xx response by protocol.
AwsResult<nlohmann::json> parse_success(const std::string& protocol, const OperationDef& op,
                                        const Shape& output, const HttpResponse& response,
                                        const ParseOptions& options) {
  if (protocol == "rest-json" || protocol == "rest-xml")
    return parse_rest(output, response, protocol == "rest-xml", options);
  if (response.body.find_first_not_of(" \t\r\n") == std::string::npos)
    return nlohmann::json::object();
  if (protocol == "json") {
    nlohmann::json parsed = parse_json_body(response.body);
    if (parsed.is_discarded()) return malformed(response, not_json(response.body));
    return detail::json_structure(output, parsed, options);
  }
  pugi::xml_document doc;
  if (auto r = parse_xml_body(response, doc); std::holds_alternative<AwsCallError>(r)) return r;
  pugi::xml_node node = doc.document_element();
  if (protocol == "query") {
    // <OperationResponse><OperationResult>...; the model names the wrapper
    // (resultWrapper) for real services, Smithy's tests leave it implicit.
    std::string wrapper = op.result_wrapper.empty() ? op.name + "Result" : op.result_wrapper;
    for (pugi::xml_node c = node.first_child(); c; c = c.next_sibling())
      if (c.type() == pugi::node_element && local_name(c.name()) == wrapper) {
        node = c;
        break;
      }
  }
  return detail::xml_structure(output, node, options);
}

}  // namespace

AwsResult<nlohmann::json> parse_response(const ServiceModel& model, std::string_view operation,
                                         const HttpResponse& response,
                                         const ParseOptions& options) {
  const std::string& protocol = model.metadata().protocol;
  if (response.status < 200 || response.status >= 300)
    return detail::parse_error(protocol, response);
  const OperationDef* op = model.compiled_operation(operation);
  if (!op) {
    AwsCallError err;
    err.code = "InvalidParameter";
    err.message = fmt::format("operation '{}' is not in the model {}", operation, model.origin());
    return err;
  }
  if (!op->output) return nlohmann::json::object();
  AwsResult<nlohmann::json> result = parse_success(protocol, *op, *op->output, response, options);
  if (auto* parsed = std::get_if<nlohmann::json>(&result))
    detail::apply_output_customizations(model.metadata(), *op->output, *parsed);
  return result;
}

}  // namespace vigil::aws
