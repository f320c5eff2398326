// See config_sensitive.h.
#include "connectors/aws_config/config_sensitive.h"

#include <simdjson.h>

#include "core/json_builder.h"

namespace vigil::aws_config {
namespace {

using aws::Shape;
using aws::ShapeType;

// The shape of one element of the list output at `items` ("Functions",
// "Reservations[].Instances[]"): the path's members, each list stepped into.
const Shape* item_shape(const Shape* shape, std::string_view items) {
  while (shape != nullptr && !items.empty()) {
    size_t dot = items.find('.');
    std::string_view step = items.substr(0, dot);
    items = dot == std::string_view::npos ? std::string_view() : items.substr(dot + 1);
    if (step.ends_with("[]")) step.remove_suffix(2);
    const aws::MemberRef* member = shape->find_member(step);
    shape = member ? member->shape : nullptr;
    if (shape != nullptr && shape->type == ShapeType::List) shape = shape->member.shape;
  }
  return shape;
}

bool has_unavailable(const JsonTree& t) {
  if (t.kind() == JsonTree::Kind::Unavailable) return true;
  for (size_t i = 0; i < t.size(); ++i)
    if (has_unavailable(t.at(i))) return true;
  return false;
}

// JSON text writes an unavailable node as {"$unavailable": reason}: back to one.
void restore_unavailable(JsonTree& t) {
  if (t.is_object() && t.size() == 1 && t.key_at(0) == "$unavailable" &&
      t.at(0).kind() == JsonTree::Kind::String) {
    t = JsonTree::unavailable(t.at(0).text());
    return;
  }
  for (size_t i = 0; i < t.size(); ++i) restore_unavailable(t.at(i));
}

// Redacts one subtree in place (through JSON text: secrets are rare, and
// this keeps one walker, aws::redact_sensitive). Unavailable parts inside
// the subtree (a hook's nested NotInAwsConfig members) stay unavailable.
size_t redact(const Shape& shape, JsonTree& value, const aws::SensitiveKey& key) {
  if (value.kind() == JsonTree::Kind::Unavailable || value.kind() == JsonTree::Kind::Null) return 0;
  Result<JsonDoc> doc = build_json_doc(value);
  if (!doc.ok()) return 0;
  nlohmann::json json = nlohmann::json::parse(doc->root().to_json(), nullptr, false);
  if (json.is_discarded()) return 0;
  size_t replaced = aws::redact_sensitive(shape, json, key);
  if (replaced == 0) return 0;
  simdjson::dom::parser parser;
  simdjson::dom::element element;
  if (parser.parse(json.dump()).get(element)) return 0;
  bool unavailable_inside = has_unavailable(value);
  value = JsonTree::copy_of(element);
  if (unavailable_inside) restore_unavailable(value);
  return replaced;
}

}  // namespace

size_t hide_config_secrets(const aws::ResourceType& type, aws::AssetParts& parts,
                           const aws::SensitiveFilter& filter) {
  if (!parts.config.is_object()) return 0;
  size_t replaced = 0;
  const Shape* listed = filter.output_with_secrets(type.service, type.list_operation);
  const Shape* item = listed ? item_shape(listed, type.items) : nullptr;
  if (item != nullptr && item->type == ShapeType::Structure) {
    for (const aws::MemberRef& member : item->members) {
      JsonTree* value = parts.config.find(member.name);
      if (value != nullptr && member.shape != nullptr && aws::has_sensitive(*member.shape))
        replaced += redact(*member.shape, *value, filter.key());
    }
  }
  for (const aws::PerResourceCall& call : type.calls) {
    const Shape* output = filter.output_with_secrets(type.service, call.operation);
    JsonTree* value = output ? parts.config.find(aws::config_name_of(call)) : nullptr;
    if (value != nullptr) replaced += redact(*output, *value, filter.key());
  }
  return replaced;
}

}  // namespace vigil::aws_config
