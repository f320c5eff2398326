#include "connectors/aws/tag_values.h"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace vigil::aws {

void add_tags(const PathValue& v, JsonTree& tags) {
  if (v.is_array()) {
    std::vector<PathValue> items;
    v.elements(items);
    for (const PathValue& item : items) add_tags(item, tags);
    return;
  }
  if (!v.is_object()) return;
  auto key = v.member("Key");
  if (!key) key = v.member("key");
  if (key) {
    auto value = v.member("Value");
    if (!value) value = v.member("value");
    std::optional<std::string_view> k = key->string();
    std::optional<std::string_view> val = value ? value->string() : std::nullopt;
    if (k) tags.set(*k, JsonTree::string(std::string(val.value_or(""))));
    return;
  }
  // A plain map {key: value}.
  if (v.tree && v.tree->kind() == JsonTree::Kind::Object) {
    for (size_t i = 0; i < v.tree->size(); ++i)
      if (auto s = PathValue{&v.tree->at(i), {}}.string())
        tags.set(v.tree->key_at(i), JsonTree::string(std::string(*s)));
    return;
  }
  simdjson::dom::element e = v.tree ? v.tree->borrowed() : v.element;
  simdjson::dom::object fields =
      e.get_object().value_unsafe();  // a local: no temporary in the range
  for (auto field : fields) {
    std::string_view s;
    if (!field.value.get_string().get(s)) tags.set(field.key, JsonTree::string(std::string(s)));
  }
}

}  // namespace vigil::aws
