// Value construction and accessors: owned payloads and JSON-backed views.
#include "cel/value.h"

#include <cmath>

#include "cel/value_internal.h"

namespace vigil::cel {

namespace {

std::shared_ptr<const std::string> shared_text(std::string s) {
  return std::make_shared<const std::string>(std::move(s));
}

const std::string& empty_string() {
  static const std::string empty;
  return empty;
}

}  // namespace

std::string_view kind_name(Kind kind) {
  switch (kind) {
    case Kind::Null: return "null_type";
    case Kind::Bool: return "bool";
    case Kind::Int: return "int";
    case Kind::Uint: return "uint";
    case Kind::Double: return "double";
    case Kind::String: return "string";
    case Kind::Bytes: return "bytes";
    case Kind::List: return "list";
    case Kind::Map: return "map";
    case Kind::Timestamp: return "google.protobuf.Timestamp";
    case Kind::Duration: return "google.protobuf.Duration";
    case Kind::Type: return "type";
    case Kind::Optional: return "optional_type";
    case Kind::Opaque: return "opaque";
    case Kind::Error: return "error";
  }
  return "unknown";
}

Value Value::boolean(bool b) {
  Value v;
  v.kind_ = Kind::Bool;
  v.b_ = b;
  return v;
}

Value Value::integer(int64_t i) {
  Value v;
  v.kind_ = Kind::Int;
  v.i_ = i;
  return v;
}

Value Value::uinteger(uint64_t u) {
  Value v;
  v.kind_ = Kind::Uint;
  v.u_ = u;
  return v;
}

Value Value::dbl(double d) {
  Value v;
  v.kind_ = Kind::Double;
  v.d_ = d;
  return v;
}

Value Value::string(std::string s) {
  Value v;
  v.kind_ = Kind::String;
  auto text = shared_text(std::move(s));
  v.str_.data = text->data();
  v.str_.size = text->size();
  v.heap_ = std::move(text);
  return v;
}

Value Value::string_view(std::string_view s) {
  Value v;
  v.kind_ = Kind::String;
  v.borrowed_ = true;
  v.str_.data = s.data();
  v.str_.size = s.size();
  return v;
}

Value Value::bytes(std::string b) {
  Value v = string(std::move(b));
  v.kind_ = Kind::Bytes;
  return v;
}

Value Value::list(ValueList items) {
  Value v;
  v.kind_ = Kind::List;
  // Created non-const: an evaluator accumulator may extend it in place while
  // it is the only reference (see ValueAccess::unique_list).
  v.heap_ = std::make_shared<ListData>(ListData{std::move(items)});
  return v;
}

Value Value::map(std::vector<MapEntry> entries) {
  Value v;
  v.kind_ = Kind::Map;
  auto data = std::make_shared<MapData>();
  data->entries = std::move(entries);
  if (data->entries.size() > kMapIndexMin) {
    data->index.reserve(data->entries.size());
    for (uint32_t i = 0; i < data->entries.size(); ++i) {
      if (auto h = map_key_hash(data->entries[i].first)) data->index.emplace(*h, i);
    }
  }
  v.heap_ = std::move(data);
  return v;
}

Value Value::timestamp(int64_t seconds, int32_t nanos) {
  Value v;
  v.kind_ = Kind::Timestamp;
  v.i_ = seconds;
  v.nanos_ = nanos;
  return v;
}

Value Value::timestamp_at(std::chrono::system_clock::time_point t) {
  auto since_epoch = t.time_since_epoch();
  auto secs = std::chrono::floor<std::chrono::seconds>(since_epoch);
  return timestamp(secs.count(), static_cast<int32_t>(std::chrono::duration_cast<std::chrono::nanoseconds>(
                                                          since_epoch - secs)
                                                          .count()));
}

Value Value::duration(int64_t seconds, int32_t nanos) {
  Value v;
  v.kind_ = Kind::Duration;
  v.i_ = seconds;
  v.nanos_ = nanos;
  return v;
}

Value Value::type(std::string_view name) {
  Value v = string(std::string(name));
  v.kind_ = Kind::Type;
  return v;
}

Value Value::optional_of(Value inner) {
  Value v;
  v.kind_ = Kind::Optional;
  v.heap_ = std::make_shared<const Value>(std::move(inner));
  return v;
}

Value Value::optional_none() {
  Value v;
  v.kind_ = Kind::Optional;
  return v;
}

Value Value::opaque(std::shared_ptr<const OpaqueValue> payload) {
  Value v;
  v.kind_ = Kind::Opaque;
  v.heap_ = std::move(payload);
  return v;
}

Value Value::error(std::string message, ErrorKind kind) {
  Value v = string(std::move(message));
  v.kind_ = Kind::Error;
  v.nanos_ = static_cast<int32_t>(kind);
  return v;
}

// Decodes node `index` of `doc` directly (the hot path of field selection):
// children of a container are the contiguous nodes [span.offset, +count).
Value ValueAccess::from_node(const JsonDoc* doc, uint32_t index) {
  const JsonDoc::Node& n = doc->node(index);
  Value v;  // single return object (NRVO): this is the hottest function
  switch (n.kind) {
    case JsonKind::Null: break;
    case JsonKind::Bool: v.kind_ = Kind::Bool; v.b_ = n.b; break;
    case JsonKind::Int: v.kind_ = Kind::Int; v.i_ = n.i; break;
    case JsonKind::Uint: v.kind_ = Kind::Uint; v.u_ = n.u; break;
    case JsonKind::Double: v.kind_ = Kind::Double; v.d_ = n.d; break;
    case JsonKind::String:
      v.kind_ = Kind::String;
      v.borrowed_ = true;
      v.str_.data = doc->string_at(n.span.offset, n.span.count).data();
      v.str_.size = n.span.count;
      break;
    case JsonKind::Array:
    case JsonKind::Object:
      v.kind_ = n.kind == JsonKind::Array ? Kind::List : Kind::Map;
      v.borrowed_ = true;
      v.json_.doc = doc;
      v.json_.index = index;
      break;
    case JsonKind::Unavailable:
      v = Value::error(
          "collection failed: " + std::string(doc->string_at(n.span.offset, n.span.count)),
          ErrorKind::Unavailable);
      break;
  }
  return v;
}

uint32_t ValueAccess::find_json_field(const Value& map, uint32_t key_id) {
  const JsonDoc& doc = *map.json_.doc;
  const JsonDoc::Node& obj = doc.node(map.json_.index);
  for (uint32_t c = obj.span.offset, end = c + obj.span.count; c < end; ++c) {
    if (doc.node(c).key == key_id) return c;
  }
  return 0;
}

Value Value::from_json(JsonRef ref) {
  if (!ref.valid()) return Value();
  if (ref.kind() == JsonKind::Unavailable)
    return error("collection failed: " + std::string(ref.as_string()), ErrorKind::Unavailable);
  return ValueAccess::from_node(ref.doc(), ref.index());
}

std::string_view Value::as_string() const {
  if (kind_ != Kind::String && kind_ != Kind::Bytes && kind_ != Kind::Type && kind_ != Kind::Error) {
    return {};
  }
  return std::string_view(str_.data, str_.size);
}

std::string_view Value::type_name() const { return as_string(); }

const std::string& Value::error_message() const {
  if (kind_ != Kind::Error || !heap_) return empty_string();
  return *static_cast<const std::string*>(heap_.get());
}

const OpaqueValue& Value::opaque_value() const { return *static_cast<const OpaqueValue*>(heap_.get()); }

bool Value::optional_has_value() const { return kind_ == Kind::Optional && heap_ != nullptr; }

const Value& Value::optional_value() const { return *static_cast<const Value*>(heap_.get()); }

size_t Value::list_size() const {
  if (kind_ != Kind::List) return 0;
  if (borrowed_) return json_.doc->node(json_.index).span.count;
  return ValueAccess::list(*this).items.size();
}

Value Value::list_at(size_t i) const {
  if (borrowed_) {
    const JsonDoc::Node& n = json_.doc->node(json_.index);
    if (i >= n.span.count) return Value();
    return ValueAccess::from_node(json_.doc, n.span.offset + static_cast<uint32_t>(i));
  }
  return ValueAccess::list(*this).items[i];
}

size_t Value::map_size() const {
  if (kind_ != Kind::Map) return 0;
  if (borrowed_) return json_.doc->node(json_.index).span.count;
  return ValueAccess::map(*this).entries.size();
}

std::optional<Value> Value::map_find(const Value& key) const {
  if (kind_ != Kind::Map) return std::nullopt;
  if (borrowed_) {
    if (key.kind() != Kind::String) return std::nullopt;
    JsonRef found = ValueAccess::json(*this).find(key.as_string());
    if (!found.valid()) return std::nullopt;
    return from_json(found);
  }
  const MapData& data = ValueAccess::map(*this);
  if (!data.index.empty()) {
    auto h = map_key_hash(key);
    if (!h) return std::nullopt;
    auto [first, last] = data.index.equal_range(*h);
    for (auto it = first; it != last; ++it) {
      const MapEntry& e = data.entries[it->second];
      if (map_key_equal(e.first, key)) return e.second;
    }
    return std::nullopt;
  }
  for (const MapEntry& e : data.entries) {
    if (map_key_equal(e.first, key)) return e.second;
  }
  return std::nullopt;
}

const Value* ValueAccess::find_owned_field(const Value& map, std::string_view name) {
  const MapData& data = ValueAccess::map(map);
  if (!data.index.empty()) {
    Value key = Value::string_view(name);
    auto h = map_key_hash(key);
    auto [first, last] = data.index.equal_range(*h);
    for (auto it = first; it != last; ++it) {
      const MapEntry& e = data.entries[it->second];
      if (e.first.kind() == Kind::String && e.first.as_string() == name) return &e.second;
    }
    return nullptr;
  }
  for (const MapEntry& e : data.entries) {
    if (e.first.kind() == Kind::String && e.first.as_string() == name) return &e.second;
  }
  return nullptr;
}

std::optional<Value> Value::map_find_field(std::string_view name, uint32_t key_id) const {
  if (kind_ != Kind::Map) return std::nullopt;
  if (borrowed_) {
    if (key_id == 0) key_id = KeyTable::instance().find(name);
    if (key_id == 0) return std::nullopt;  // no document has this key
    uint32_t found = ValueAccess::find_json_field(*this, key_id);
    if (found == 0) return std::nullopt;
    return ValueAccess::from_node(json_.doc, found);
  }
  const MapData& data = ValueAccess::map(*this);
  if (!data.index.empty()) return map_find(Value::string_view(name));
  for (const MapEntry& e : data.entries) {
    if (e.first.kind() == Kind::String && e.first.as_string() == name) return e.second;
  }
  return std::nullopt;
}

Value Value::map_key_at(size_t i) const {
  if (borrowed_) return string_view(ValueAccess::json(*this).key_at(static_cast<uint32_t>(i)));
  return ValueAccess::map(*this).entries[i].first;
}

Value Value::map_value_at(size_t i) const {
  if (borrowed_) {
    const JsonDoc::Node& n = json_.doc->node(json_.index);
    if (i >= n.span.count) return Value();
    return ValueAccess::from_node(json_.doc, n.span.offset + static_cast<uint32_t>(i));
  }
  return ValueAccess::map(*this).entries[i].second;
}

std::optional<JsonRef> Value::json() const {
  if ((kind_ == Kind::List || kind_ == Kind::Map) && borrowed_) return ValueAccess::json(*this);
  return std::nullopt;
}

}  // namespace vigil::cel
