// camelCase -> PascalCase conversion of AWS Config JSON (json_convert.h).
#include "connectors/aws_config/json_convert.h"

namespace vigil::aws_config {

namespace {

JsonTree scalar(simdjson::dom::element e) {
  switch (e.type()) {
    case simdjson::dom::element_type::BOOL:
      return JsonTree::boolean(e.get_bool().value_unsafe());
    case simdjson::dom::element_type::INT64:
      return JsonTree::integer(e.get_int64().value_unsafe());
    case simdjson::dom::element_type::UINT64:
      return JsonTree::uinteger(e.get_uint64().value_unsafe());
    case simdjson::dom::element_type::DOUBLE:
      return JsonTree::dbl(e.get_double().value_unsafe());
    case simdjson::dom::element_type::STRING:
      return JsonTree::string(std::string(e.get_string().value_unsafe()));
    default:
      return JsonTree();
  }
}

JsonTree convert(simdjson::dom::element e, const ConvertOptions& o, bool rename_keys) {
  if (e.is_array()) {
    JsonTree out = JsonTree::array();
    // Not `for (x : e.get_array().value_unsafe())`: that iterates a reference
    // into a temporary simdjson_result, destroyed before the loop runs.
    simdjson::dom::array items = e.get_array().value_unsafe();
    for (simdjson::dom::element item : items) out.push(convert(item, o, rename_keys));
    return out;
  }
  if (!e.is_object()) return scalar(e);
  JsonTree out = JsonTree::object();
  simdjson::dom::object fields = e.get_object().value_unsafe();
  for (auto field : fields) {
    if (field.value.is_null() && rename_keys) continue;
    std::string key;
    bool renamed = false;
    if (rename_keys) {
      for (const KeyRename& r : o.renames)
        if (r.from == field.key) {
          key = std::string(r.to);
          renamed = true;
          break;
        }
      if (renamed && key.empty()) continue;  // dropped
      if (!renamed) key = pascal_key(field.key);
    } else {
      key = std::string(field.key);
    }
    bool verbatim = false;
    for (std::string_view v : o.verbatim) verbatim = verbatim || v == field.key;
    out.set(key, convert(field.value, o, rename_keys && !verbatim));
  }
  return out;
}

const KeyRename* find_rename(const ConvertOptions& o, std::string_view key) {
  for (const KeyRename& r : o.renames)
    if (r.from == key) return &r;
  return nullptr;
}

JsonTree convert_tree(const JsonTree& t, const ConvertOptions& o, bool rename_keys) {
  if (t.kind() == JsonTree::Kind::Array) {
    JsonTree out = JsonTree::array();
    for (size_t i = 0; i < t.size(); ++i) out.push(convert_tree(t.at(i), o, rename_keys));
    return out;
  }
  if (t.kind() == JsonTree::Kind::Element) return convert(t.borrowed(), o, rename_keys);
  if (t.kind() != JsonTree::Kind::Object) return t;
  JsonTree out = JsonTree::object();
  for (size_t i = 0; i < t.size(); ++i) {
    const std::string& k = t.key_at(i);
    if (!rename_keys) {
      out.set(k, t.at(i));
      continue;
    }
    if (t.at(i).kind() == JsonTree::Kind::Null) continue;
    const KeyRename* r = find_rename(o, k);
    if (r && r->to.empty()) continue;
    bool verbatim = false;
    for (std::string_view v : o.verbatim) verbatim = verbatim || v == k;
    out.set(r ? std::string(r->to) : pascal_key(k), convert_tree(t.at(i), o, !verbatim));
  }
  return out;
}

}  // namespace

JsonTree to_api_shape(const JsonTree& tree, const ConvertOptions& options) {
  return convert_tree(tree, options, true);
}

std::string pascal_key(std::string_view key) {
  std::string out(key);
  if (!out.empty() && out[0] >= 'a' && out[0] <= 'z')
    out[0] = static_cast<char>(out[0] - 'a' + 'A');
  return out;
}

JsonTree to_api_shape(simdjson::dom::element e, const ConvertOptions& options) {
  return convert(e, options, true);
}

JsonTree copy_json(simdjson::dom::element e) { return convert(e, ConvertOptions{}, false); }

std::optional<JsonTree> parse_json_text(std::string_view text) {
  thread_local simdjson::dom::parser parser;
  simdjson::dom::element root;
  if (parser.parse(text.data(), text.size(), true).get(root)) return std::nullopt;
  return copy_json(root);
}

std::optional<std::string_view> tree_string(const JsonTree* node) {
  if (!node || node->kind() != JsonTree::Kind::String) return std::nullopt;
  return std::string_view(node->text());
}

std::optional<bool> tree_bool(const JsonTree* node) {
  if (!node || node->kind() != JsonTree::Kind::Bool) return std::nullopt;
  Result<JsonDoc> doc = build_json_doc(*node);  // JsonTree keeps its bool private
  if (!doc.ok()) return std::nullopt;
  return doc->root().as_bool();
}

bool set_at_path(JsonTree& root, std::string_view path, JsonTree value) {
  JsonTree* node = &root;
  for (;;) {
    if (node->kind() == JsonTree::Kind::Element) node->expand();
    if (!node->is_object()) return false;
    size_t dot = path.find('.');
    std::string_view key = path.substr(0, dot);
    if (dot == std::string_view::npos) {
      node->set(key, std::move(value));
      return true;
    }
    JsonTree* child = node->find(key);
    node = child ? child : &node->set(key, JsonTree::object());
    path.remove_prefix(dot + 1);
  }
}

std::pair<std::string_view, const JsonTree*> unavailable_on_path(JsonTree& root,
                                                                 std::string_view path) {
  JsonTree* node = &root;
  size_t at = 0;
  for (;;) {
    size_t end = path.find_first_of(".[", at);
    std::string_view key = path.substr(at, end == std::string_view::npos ? end : end - at);
    node = node->is_object() ? node->find(key) : nullptr;
    if (!node) return {};
    if (node->kind() == JsonTree::Kind::Unavailable) return {path.substr(0, end), node};
    if (end == std::string_view::npos || path[end] == '[') return {};
    at = end + 1;
  }
}

}  // namespace vigil::aws_config
