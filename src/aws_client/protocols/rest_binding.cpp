// rest-json and rest-xml requests: members bound to the URI ({Label},
// greedy {Key+}), the query string (named members win over a map of
// parameters), headers (lists comma-joined, quoted when needed; prefix maps;
// jsonvalue base64), and the body (the payload member, or every body member).
#include <set>

#include <fmt/format.h>

#include "aws_client/protocols/serialize_internal.h"
#include "aws_client/protocols/wire_format.h"

namespace vigil::aws::detail {

namespace {

const Params* find_param(const Params& params, const std::string& name) {
  auto it = params.find(name);
  return it == params.end() || it->is_null() ? nullptr : &*it;
}

std::string header_item(const MemberRef& ref, const Params& v) {
  std::string text = scalar_text(ref, v, "rfc822");
  if (ref.shape->type != ShapeType::String || text.find_first_of(",\"") == std::string::npos)
    return text;
  std::string quoted = "\"";
  for (char c : text) {
    if (c == '"' || c == '\\') quoted += '\\';
    quoted += c;
  }
  return quoted + "\"";
}

std::string header_value(const MemberRef& m, const Params& v) {
  if (m.shape->type == ShapeType::List) {
    std::string out;
    for (const auto& item : v) {
      if (!out.empty()) out += ", ";
      out += header_item(m.shape->member, item);
    }
    return out;
  }
  if (m.jsonvalue || m.shape->jsonvalue)
    return wire::base64_encode(v.is_string() ? v.get<std::string>() : v.dump());
  return scalar_text(m, v, "rfc822");
}

Status build_path(const OperationDef& op, const Shape* input, const Params& params,
                  std::string& path) {
  const std::string& uri = op.request_uri;
  size_t end = uri.find('?');
  std::string_view tpl = std::string_view(uri).substr(0, end);
  for (size_t i = 0; i < tpl.size();) {
    if (tpl[i] != '{') {
      path += tpl[i++];
      continue;
    }
    size_t close = tpl.find('}', i);
    if (close == std::string_view::npos)
      return fail(fmt::format("operation {}: malformed requestUri '{}'", op.name, uri));
    std::string label(tpl.substr(i + 1, close - i - 1));
    bool greedy = !label.empty() && label.back() == '+';
    if (greedy) label.pop_back();
    const MemberRef* member = nullptr;
    if (input)
      for (const MemberRef& m : input->members)
        if (m.location == Location::Uri && m.wire_name() == label) member = &m;
    const Params* value = member ? find_param(params, member->name) : nullptr;
    if (!value)
      return fail(fmt::format("parameter {}.{}: required in the request URI but missing", op.name,
                              member ? member->name : label));
    path += percent_encode(scalar_text(*member, *value, "iso8601"), greedy);
    i = close + 1;
  }
  std::string query = end == std::string::npos ? std::string() : uri.substr(end + 1);
  auto add = [&query](const std::string& name, const std::string& value) {
    if (!query.empty()) query += '&';
    query += percent_encode(name) + "=" + percent_encode(value);
  };
  if (input) {
    std::set<std::string> named;
    for (const MemberRef& m : input->members)
      if (m.location == Location::QueryString && m.shape->type != ShapeType::Map)
        named.insert(m.wire_name());
    for (const MemberRef& m : input->members) {
      if (m.location != Location::QueryString) continue;
      const Params* v = find_param(params, m.name);
      if (!v) continue;
      if (m.shape->type == ShapeType::List) {
        for (const auto& item : *v)
          add(m.wire_name(), scalar_text(m.shape->member, item, "iso8601"));
      } else if (m.shape->type == ShapeType::Map) {
        const MemberRef& vref = m.shape->value;
        for (auto it = v->begin(); it != v->end(); ++it) {
          if (named.count(it.key()) || it.value().is_null()) continue;
          if (vref.shape->type == ShapeType::List) {
            for (const auto& item : it.value())
              add(it.key(), scalar_text(vref.shape->member, item, "iso8601"));
          } else {
            add(it.key(), scalar_text(vref, it.value(), "iso8601"));
          }
        }
      } else {
        add(m.wire_name(), scalar_text(m, *v, "iso8601"));
      }
    }
  }
  if (!query.empty()) path += "?" + query;
  return Status::Ok();
}

bool has_header(const HttpHeaders& headers, std::string_view name) {
  for (const auto& [k, v] : headers)
    if (k.size() == name.size() && std::equal(k.begin(), k.end(), name.begin(), [](char a, char b) {
          return std::tolower(static_cast<unsigned char>(a)) ==
                 std::tolower(static_cast<unsigned char>(b));
        }))
      return true;
  return false;
}

// The root element of an XML payload: the member's own locationName when it
// differs from its name, else the target shape's locationName, else its name.
std::string payload_root(const MemberRef& m) {
  if (!m.location_name.empty() && m.location_name != m.name) return m.location_name;
  if (!m.shape->location_name.empty()) return m.shape->location_name;
  return m.shape->name;
}

void build_body(const OperationDef& op, const Shape& input, const Params& params, bool xml,
                WireRequest& request) {
  if (!input.payload.empty()) {
    const MemberRef* m = input.find_member(input.payload);
    if (!m) return;
    const Params* v = find_param(params, m->name);
    const Shape& shape = *m->shape;
    if (shape.document) {
      if (v) {
        request.body = v->dump();
        request.headers.emplace_back("Content-Type", "application/json");
      }
    } else if (shape.type == ShapeType::Blob || shape.type == ShapeType::String) {
      if (!v) return;
      request.body = v->get<std::string>();
      if (!has_header(request.headers, "Content-Type"))
        request.headers.emplace_back("Content-Type", shape.type == ShapeType::Blob
                                                         ? "application/octet-stream"
                                                         : "text/plain");
    } else if (v || (!xml && !shape.is_union)) {
      static const Params kEmpty = Params::object();
      const Params& value = v ? *v : kEmpty;
      if (xml) {
        XmlNamespace ns = m->xml_namespace.uri.empty() ? shape.xml_namespace : m->xml_namespace;
        request.body = structure_to_xml(shape, value, payload_root(*m), ns, false);
      } else {
        request.body = structure_to_json(shape, value, false).dump();
      }
      request.headers.emplace_back("Content-Type", xml ? "application/xml" : "application/json");
    }
    return;
  }
  bool has_body_members = false, body_member_set = false;
  for (const MemberRef& m : input.members) {
    if (m.location != Location::Body) continue;
    has_body_members = true;
    if (find_param(params, m.name)) body_member_set = true;
  }
  if (xml) {
    if (!body_member_set) return;
    std::string root = !input.location_name.empty()      ? input.location_name
                       : !op.input_location_name.empty() ? op.input_location_name
                                                         : input.name;
    XmlNamespace ns =
        op.input_xml_namespace.uri.empty() ? input.xml_namespace : op.input_xml_namespace;
    request.body = structure_to_xml(input, params, root, ns, true);
    request.headers.emplace_back("Content-Type", "application/xml");
  } else if (has_body_members) {
    request.body = structure_to_json(input, params, true).dump();
    request.headers.emplace_back("Content-Type", "application/json");
  }
}

}  // namespace

Status serialize_rest(const OperationDef& op, const Params& params, bool xml,
                      WireRequest& request) {
  request.method = op.http_method;
  const Shape* input = op.input;
  if (Status st = build_path(op, input, params, request.path); !st.ok()) return st;
  if (!input) return Status::Ok();
  for (const MemberRef& m : input->members) {
    const Params* v = find_param(params, m.name);
    if (!v) continue;
    if (m.location == Location::Header) {
      request.headers.emplace_back(m.wire_name(), header_value(m, *v));
    } else if (m.location == Location::Headers) {
      for (auto it = v->begin(); it != v->end(); ++it)
        if (!it.value().is_null())
          request.headers.emplace_back(m.location_name + it.key(),
                                       scalar_text(m.shape->value, it.value(), "rfc822"));
    }
  }
  build_body(op, *input, params, xml, request);
  return Status::Ok();
}

}  // namespace vigil::aws::detail
