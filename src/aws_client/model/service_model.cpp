// ServiceModel: compiles botocore's service-2.json into model/shape.h structs
// once, keeps the raw JSON (documentation stripped) for callers that want it.
#include "aws_client/model/service_model.h"

#include <fmt/format.h>

namespace vigil::aws {

namespace {

using OJson = nlohmann::ordered_json;

std::string str(const OJson& obj, const char* key) {
  auto it = obj.find(key);
  return it != obj.end() && it->is_string() ? it->get<std::string>() : std::string();
}

bool flag(const OJson& obj, const char* key) {
  auto it = obj.find(key);
  return it != obj.end() && it->is_boolean() && it->get<bool>();
}

XmlNamespace xml_namespace(const OJson& obj) {
  XmlNamespace ns;
  auto it = obj.find("xmlNamespace");
  if (it == obj.end()) return ns;
  if (it->is_string()) {
    ns.uri = it->get<std::string>();
  } else if (it->is_object()) {
    ns.uri = str(*it, "uri");
    ns.prefix = str(*it, "prefix");
  }
  return ns;
}

ShapeType shape_type(std::string_view type) {
  if (type == "structure") return ShapeType::Structure;
  if (type == "list") return ShapeType::List;
  if (type == "map") return ShapeType::Map;
  if (type == "integer" || type == "byte" || type == "short") return ShapeType::Integer;
  if (type == "long" || type == "bigInteger") return ShapeType::Long;
  if (type == "boolean") return ShapeType::Boolean;
  if (type == "float") return ShapeType::Float;
  if (type == "double" || type == "bigDecimal") return ShapeType::Double;
  if (type == "timestamp") return ShapeType::Timestamp;
  if (type == "blob") return ShapeType::Blob;
  return ShapeType::String;  // string, enum-as-string, anything newer
}

Location location(std::string_view loc) {
  if (loc == "uri") return Location::Uri;
  if (loc == "querystring") return Location::QueryString;
  if (loc == "header") return Location::Header;
  if (loc == "headers") return Location::Headers;
  if (loc == "statusCode") return Location::StatusCode;
  return Location::Body;
}

// Deep copy without "documentation" keys (most of a model's bytes).
nlohmann::json strip_docs(const OJson& in) {
  if (in.is_object()) {
    nlohmann::json out = nlohmann::json::object();
    for (auto it = in.begin(); it != in.end(); ++it) {
      if (it.key() == "documentation" || it.key() == "documentationUrl") continue;
      out[it.key()] = strip_docs(it.value());
    }
    return out;
  }
  if (in.is_array()) {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& v : in) out.push_back(strip_docs(v));
    return out;
  }
  return nlohmann::json(in);
}

std::vector<std::string> string_or_list(const OJson& obj, const char* key) {
  std::vector<std::string> out;
  auto it = obj.find(key);
  if (it == obj.end()) return out;
  if (it->is_string()) out.push_back(it->get<std::string>());
  if (it->is_array())
    for (const auto& v : *it)
      if (v.is_string()) out.push_back(v.get<std::string>());
  return out;
}

}  // namespace

// Builds one member reference; the shape pointer is resolved by the caller.
static Status compile_ref(const OJson& ref, std::string name,
                          const std::map<std::string, Shape, std::less<>>& shapes,
                          const std::string& where, MemberRef& out) {
  out.name = std::move(name);
  std::string target = str(ref, "shape");
  auto it = shapes.find(target);
  if (it == shapes.end())
    return Error(fmt::format("{} refers to unknown shape '{}'", where, target));
  out.shape = &it->second;
  out.location = location(str(ref, "location"));
  out.location_name = str(ref, "locationName");
  out.query_name = str(ref, "queryName");
  out.timestamp_format = str(ref, "timestampFormat");
  out.xml_namespace = xml_namespace(ref);
  out.flattened = flag(ref, "flattened") || it->second.flattened;
  out.xml_attribute = flag(ref, "xmlAttribute");
  out.idempotency_token = flag(ref, "idempotencyToken");
  out.host_label = flag(ref, "hostLabel");
  out.jsonvalue = flag(ref, "jsonvalue") || it->second.jsonvalue;
  return Status::Ok();
}

using ShapeMap = std::map<std::string, Shape, std::less<>>;

static ServiceMetadata read_metadata(const OJson& meta) {
  ServiceMetadata md;
  md.protocol = str(meta, "protocol");
  md.api_version = str(meta, "apiVersion");
  md.endpoint_prefix = str(meta, "endpointPrefix");
  md.signing_name = str(meta, "signingName");
  if (md.signing_name.empty()) md.signing_name = md.endpoint_prefix;
  md.target_prefix = str(meta, "targetPrefix");
  md.json_version = str(meta, "jsonVersion");
  md.global_endpoint = str(meta, "globalEndpoint");
  md.service_id = str(meta, "serviceId");
  return md;
}

// Pass 1: every shape exists (so references can point at any of them).
static void declare_shapes(const OJson& shapes, ShapeMap& out) {
  for (auto it = shapes.begin(); it != shapes.end(); ++it) {
    Shape& s = out[it.key()];
    const OJson& def = it.value();
    s.name = it.key();
    s.type = shape_type(str(def, "type"));
    s.location_name = str(def, "locationName");
    s.timestamp_format = str(def, "timestampFormat");
    s.xml_namespace = xml_namespace(def);
    s.flattened = flag(def, "flattened");
    s.document = flag(def, "document");
    s.is_union = flag(def, "union");
    s.exception = flag(def, "exception");
    s.streaming = flag(def, "streaming");
    s.sensitive = flag(def, "sensitive");
    s.jsonvalue = flag(def, "jsonvalue");
    s.payload = str(def, "payload");
  }
}

// Pass 2 for one shape: its members, list member, or map key and value.
static Status compile_shape_refs(const OJson& def, const std::string& where, const ShapeMap& shapes,
                                 Shape& s) {
  if (s.type == ShapeType::Structure) {
    auto members = def.find("members");
    if (members != def.end() && members->is_object()) {
      for (auto m = members->begin(); m != members->end(); ++m) {
        MemberRef ref;
        Status st = compile_ref(m.value(), m.key(), shapes, where + " member " + m.key(), ref);
        if (!st.ok()) return st.error();
        s.members.push_back(std::move(ref));
      }
    }
    s.required = string_or_list(def, "required");
  } else if (s.type == ShapeType::List) {
    auto member = def.find("member");
    if (member == def.end()) return Error(where + ": list without a member");
    Status st = compile_ref(*member, "member", shapes, where + " member", s.member);
    if (!st.ok()) return st.error();
  } else if (s.type == ShapeType::Map) {
    auto key = def.find("key");
    auto value = def.find("value");
    if (key == def.end() || value == def.end()) return Error(where + ": map without key or value");
    Status st = compile_ref(*key, "key", shapes, where + " key", s.key);
    if (!st.ok()) return st.error();
    st = compile_ref(*value, "value", shapes, where + " value", s.value);
    if (!st.ok()) return st.error();
  }
  return Status::Ok();
}

static Status compile_shapes(const OJson& shapes, const std::string& origin, ShapeMap& out) {
  declare_shapes(shapes, out);
  for (auto it = shapes.begin(); it != shapes.end(); ++it) {
    Shape& s = out[it.key()];
    std::string where = fmt::format("{}: shape {}", origin, it.key());
    if (Status st = compile_shape_refs(it.value(), where, out, s); !st.ok()) return st;
  }
  return Status::Ok();
}

// The operation's `key` ("input", "output") shape, when it names one.
static Status resolve_shape(const OJson& def, const char* key, const std::string& where,
                            const ShapeMap& shapes, const Shape*& out) {
  auto ref = def.find(key);
  if (ref == def.end() || !ref->is_object()) return Status::Ok();
  auto target = shapes.find(str(*ref, "shape"));
  if (target == shapes.end())
    return Error(fmt::format("{}: {} shape '{}' is not defined", where, key, str(*ref, "shape")));
  out = &target->second;
  return Status::Ok();
}

static Result<OperationDef> compile_operation(const std::string& key, const OJson& def,
                                              const std::string& origin, const ShapeMap& shapes) {
  OperationDef op;
  op.name = str(def, "name");
  if (op.name.empty()) op.name = key;
  std::string where = fmt::format("{}: operation {}", origin, key);
  if (auto http = def.find("http"); http != def.end() && http->is_object()) {
    if (std::string m = str(*http, "method"); !m.empty()) op.http_method = m;
    if (std::string u = str(*http, "requestUri"); !u.empty()) op.request_uri = u;
  }
  if (Status st = resolve_shape(def, "input", where, shapes, op.input); !st.ok()) return st.error();
  if (Status st = resolve_shape(def, "output", where, shapes, op.output); !st.ok())
    return st.error();
  if (auto in = def.find("input"); in != def.end() && in->is_object()) {
    op.input_location_name = str(*in, "locationName");
    op.input_xml_namespace = xml_namespace(*in);
  }
  if (auto out = def.find("output"); out != def.end() && out->is_object())
    op.result_wrapper = str(*out, "resultWrapper");
  if (auto ep = def.find("endpoint"); ep != def.end() && ep->is_object())
    op.host_prefix = str(*ep, "hostPrefix");
  // The older trait, and the newer httpChecksum.requestChecksumRequired
  // (S3 PutBucketAcl, PutBucketPolicy, PutPublicAccessBlock ...): both ask
  // for an integrity checksum of the body, which botocore sends as Content-MD5
  // when no algorithm is chosen.
  op.checksum_required = flag(def, "httpChecksumRequired");
  if (auto hc = def.find("httpChecksum"); hc != def.end() && hc->is_object())
    op.checksum_required = op.checksum_required || flag(*hc, "requestChecksumRequired");
  if (auto rc = def.find("requestcompression"); rc != def.end() && rc->is_object())
    for (const std::string& enc : string_or_list(*rc, "encodings"))
      if (enc == "gzip") op.gzip_request = true;
  if (auto errors = def.find("errors"); errors != def.end() && errors->is_array())
    for (const auto& e : *errors)
      if (auto target = shapes.find(str(e, "shape")); target != shapes.end())
        op.errors.push_back(&target->second);
  return op;
}

static void read_paginators(const OJson& paginators,
                            std::map<std::string, Paginator, std::less<>>& out) {
  if (!paginators.is_object()) return;
  auto pages = paginators.find("pagination");
  if (pages == paginators.end() || !pages->is_object()) return;
  for (auto it = pages->begin(); it != pages->end(); ++it) {
    Paginator p;
    p.input_token = string_or_list(it.value(), "input_token");
    p.output_token = string_or_list(it.value(), "output_token");
    p.limit_key = str(it.value(), "limit_key");
    p.result_key = string_or_list(it.value(), "result_key");
    p.more_results = str(it.value(), "more_results");
    out.emplace(it.key(), std::move(p));
  }
}

Result<std::shared_ptr<const ServiceModel>> ServiceModel::from_json(nlohmann::json service,
                                                                    nlohmann::json paginators,
                                                                    std::string origin) {
  return from_ordered_json(OJson(service), paginators.is_null() ? OJson() : OJson(paginators),
                           std::move(origin));
}

Result<std::shared_ptr<const ServiceModel>> ServiceModel::from_ordered_json(const OJson& service,
                                                                            const OJson& paginators,
                                                                            std::string origin) {
  auto model = std::make_shared<ServiceModel>();
  model->origin_ = origin;
  if (!service.is_object())
    return Error(fmt::format("{}: a service model must be a JSON object", origin));
  const OJson empty = OJson::object();
  auto section = [&](const char* key) -> const OJson& {
    auto it = service.find(key);
    return it != service.end() && it->is_object() ? *it : empty;
  };
  const OJson& meta = section("metadata");
  model->metadata_ = read_metadata(meta);
  if (model->metadata_.protocol.empty())
    return Error(fmt::format("{}: metadata.protocol is missing", origin));
  const OJson& shapes = section("shapes");
  if (Status st = compile_shapes(shapes, origin, model->shapes_); !st.ok()) return st.error();
  const OJson& operations = section("operations");
  for (auto it = operations.begin(); it != operations.end(); ++it) {
    Result<OperationDef> op = compile_operation(it.key(), it.value(), origin, model->shapes_);
    if (!op.ok()) return op.error();
    model->operations_.emplace(it.key(), std::move(op).value());
  }
  read_paginators(paginators, model->paginators_);
  model->doc_ = nlohmann::json::object();
  model->doc_["metadata"] = strip_docs(meta);
  model->doc_["shapes"] = strip_docs(shapes);
  model->doc_["operations"] = strip_docs(operations);
  return std::shared_ptr<const ServiceModel>(std::move(model));
}

const nlohmann::json* ServiceModel::operation(std::string_view name) const {
  auto& ops = doc_["operations"];
  auto it = ops.find(std::string(name));
  return it == ops.end() ? nullptr : &*it;
}

const nlohmann::json* ServiceModel::shape(std::string_view name) const {
  auto& shapes = doc_["shapes"];
  auto it = shapes.find(std::string(name));
  return it == shapes.end() ? nullptr : &*it;
}

const Paginator* ServiceModel::paginator(std::string_view operation) const {
  auto it = paginators_.find(operation);
  return it == paginators_.end() ? nullptr : &it->second;
}

const Shape* ServiceModel::compiled_shape(std::string_view name) const {
  auto it = shapes_.find(name);
  return it == shapes_.end() ? nullptr : &it->second;
}

const OperationDef* ServiceModel::compiled_operation(std::string_view name) const {
  auto it = operations_.find(name);
  return it == operations_.end() ? nullptr : &it->second;
}

}  // namespace vigil::aws
