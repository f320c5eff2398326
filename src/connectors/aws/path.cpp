// Path selection over simdjson elements and JsonTree nodes (path.h).
#include "connectors/aws/path.h"

#include <unordered_map>

namespace vigil::aws {

namespace {

struct Segment {
  std::string_view name;
  bool iterate = false;
};

std::vector<Segment> split(std::string_view path) {
  std::vector<Segment> out;
  size_t start = 0;
  while (start <= path.size()) {
    size_t dot = path.find('.', start);
    std::string_view part =
        path.substr(start, dot == std::string_view::npos ? std::string_view::npos : dot - start);
    Segment s{part, false};
    if (part.ends_with("[]")) {
      s.name = part.substr(0, part.size() - 2);
      s.iterate = true;
    }
    if (!part.empty()) out.push_back(s);
    if (dot == std::string_view::npos) break;
    start = dot + 1;
  }
  return out;
}

// Catalog paths are string literals, read for every item: their split form
// is memoized per thread by address and length, and the text is compared so
// a path built at run time at a reused address is never mistaken.
const std::vector<Segment>& split_cached(std::string_view path) {
  struct Key {
    const char* data;
    size_t size;
    bool operator==(const Key&) const = default;
  };
  struct Hash {
    size_t operator()(const Key& k) const {
      return std::hash<const void*>()(k.data) ^ (k.size * 0x9E3779B97F4A7C15ull);
    }
  };
  struct Entry {
    std::string text;
    std::vector<Segment> segments;  // views into `text`
  };
  thread_local std::unordered_map<Key, Entry, Hash> cache;
  Entry& e = cache[Key{path.data(), path.size()}];
  if (e.text != path || (e.segments.empty() && !path.empty())) {
    e.text = std::string(path);
    e.segments = split(e.text);
  }
  return e.segments;
}

void walk(const PathValue& v, const std::vector<Segment>& segs, size_t i,
          std::vector<PathValue>& out) {
  if (i == segs.size()) {
    out.push_back(v);
    return;
  }
  const Segment& s = segs[i];
  std::optional<PathValue> next = s.name.empty() ? std::optional<PathValue>(v) : v.member(s.name);
  if (!next) return;
  if (!s.iterate) {
    walk(*next, segs, i + 1, out);
    return;
  }
  std::vector<PathValue> items;
  next->elements(items);
  for (const PathValue& item : items) walk(item, segs, i + 1, out);
}

void update_walk(JsonTree& node, const std::vector<Segment>& segs, size_t i,
                 const std::function<void(JsonTree&)>& fn) {
  if (i == segs.size()) {
    fn(node);
    return;
  }
  const Segment& s = segs[i];
  node.expand();
  JsonTree* next = &node;
  if (!s.name.empty()) {
    if (!node.is_object()) return;
    next = node.find(s.name);
    if (!next) return;
  }
  if (!s.iterate) {
    update_walk(*next, segs, i + 1, fn);
    return;
  }
  next->expand();
  if (next->kind() != JsonTree::Kind::Array) return;
  for (size_t k = 0; k < next->size(); ++k) update_walk(next->at(k), segs, i + 1, fn);
}

}  // namespace

bool PathValue::is_object() const {
  if (tree && tree->kind() != JsonTree::Kind::Element)
    return tree->kind() == JsonTree::Kind::Object;
  simdjson::dom::element e = tree ? tree->borrowed() : element;
  return e.type() == simdjson::dom::element_type::OBJECT;
}

bool PathValue::is_array() const {
  if (tree && tree->kind() != JsonTree::Kind::Element) return tree->kind() == JsonTree::Kind::Array;
  simdjson::dom::element e = tree ? tree->borrowed() : element;
  return e.type() == simdjson::dom::element_type::ARRAY;
}

std::optional<std::string_view> PathValue::string() const {
  if (tree && tree->kind() != JsonTree::Kind::Element) {
    if (tree->kind() == JsonTree::Kind::String) return std::string_view(tree->text());
    return std::nullopt;
  }
  simdjson::dom::element e = tree ? tree->borrowed() : element;
  std::string_view s;
  if (e.get_string().get(s)) return std::nullopt;
  return s;
}

std::optional<PathValue> PathValue::member(std::string_view key) const {
  if (tree && tree->kind() != JsonTree::Kind::Element) {
    if (tree->kind() != JsonTree::Kind::Object) return std::nullopt;
    for (size_t i = 0; i < tree->size(); ++i)
      if (tree->key_at(i) == key) return PathValue{&tree->at(i), {}};
    return std::nullopt;
  }
  simdjson::dom::element e = tree ? tree->borrowed() : element;
  simdjson::dom::object o;
  if (e.get_object().get(o)) return std::nullopt;
  for (auto field : o)
    if (field.key == key) return PathValue{nullptr, field.value};
  return std::nullopt;
}

void PathValue::elements(std::vector<PathValue>& out) const {
  if (tree && tree->kind() != JsonTree::Kind::Element) {
    if (tree->kind() != JsonTree::Kind::Array) return;
    for (size_t i = 0; i < tree->size(); ++i) out.push_back(PathValue{&tree->at(i), {}});
    return;
  }
  simdjson::dom::element e = tree ? tree->borrowed() : element;
  simdjson::dom::array a;
  if (e.get_array().get(a)) return;
  for (simdjson::dom::element item : a) out.push_back(PathValue{nullptr, item});
}

JsonTree PathValue::to_tree() const {
  if (tree && tree->kind() != JsonTree::Kind::Element) {
    // Only reached for owned trees handed back by the same assembly; copy shallowly.
    JsonTree copy = *tree;
    return copy;
  }
  return JsonTree::element(tree ? tree->borrowed() : element);
}

void select(simdjson::dom::element root, std::string_view path, std::vector<PathValue>& out) {
  walk(PathValue{nullptr, root}, split_cached(path), 0, out);
}

void select(const JsonTree& root, std::string_view path, std::vector<PathValue>& out) {
  walk(PathValue{&root, {}}, split_cached(path), 0, out);
}

std::vector<std::string_view> select_strings(const JsonTree& root, std::string_view path) {
  std::vector<PathValue> found;
  select(root, path, found);
  std::vector<std::string_view> out;
  for (const PathValue& v : found)
    if (auto s = v.string()) out.push_back(*s);
  return out;
}

std::string_view first_string(const JsonTree& root, std::string_view path) {
  std::vector<PathValue> found;
  select(root, path, found);
  for (const PathValue& v : found)
    if (auto s = v.string()) return *s;
  return {};
}

void update(JsonTree& root, std::string_view path, const std::function<void(JsonTree&)>& fn) {
  update_walk(root, split(path), 0, fn);
}

}  // namespace vigil::aws
