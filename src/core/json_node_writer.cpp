#include "core/json_node_writer.h"

#include <cstring>

namespace vigil {

void JsonNodeWriter::start() {
  nodes_.clear();
  strings_.clear();
  nodes_.resize(1);
}

Result<JsonDoc> JsonNodeWriter::finish() {
  if (nodes_.size() >= UINT32_MAX || strings_.size() >= UINT32_MAX)
    return Error::at_offset("JSON document larger than 4 GiB", 0);
  JsonDoc doc;
  size_t node_bytes = nodes_.size() * sizeof(JsonDoc::Node);
  doc.bytes_ = node_bytes + strings_.size();
  doc.node_count_ = static_cast<uint32_t>(nodes_.size());
  doc.data_ = std::make_unique_for_overwrite<std::byte[]>(doc.bytes_);
  std::memcpy(doc.data_.get(), nodes_.data(), node_bytes);
  if (!strings_.empty())
    std::memcpy(doc.data_.get() + node_bytes, strings_.data(), strings_.size());
  return doc;
}

uint32_t JsonNodeWriter::intern(std::string_view key) {
  auto it = key_cache_.find(key);
  if (it != key_cache_.end()) return it->second;
  uint32_t id = KeyTable::instance().intern(key);
  // Views into the KeyTable are valid forever, so they can key the cache.
  key_cache_.emplace(KeyTable::instance().name(id), id);
  return id;
}

void JsonNodeWriter::set_string(uint32_t slot, JsonKind kind, std::string_view text) {
  JsonDoc::Node& n = nodes_[slot];
  n.kind = kind;
  n.span.offset = static_cast<uint32_t>(strings_.size());
  n.span.count = static_cast<uint32_t>(text.size());
  strings_.append(text);
}

uint32_t JsonNodeWriter::reserve(uint32_t slot, JsonKind kind, size_t count) {
  uint32_t first = static_cast<uint32_t>(nodes_.size());
  nodes_.resize(nodes_.size() + count);  // value-initialized: zeroed nodes
  JsonDoc::Node& n = nodes_[slot];
  n.kind = kind;
  n.span.offset = first;
  n.span.count = static_cast<uint32_t>(count);
  return first;
}

size_t JsonNodeWriter::size_of(simdjson::dom::array a) {
  size_t count = a.size();
  if (count != 0xFFFFFF) return count;
  count = 0;
  for (auto it = a.begin(); it != a.end(); ++it) ++count;
  return count;
}

size_t JsonNodeWriter::size_of(simdjson::dom::object o) {
  size_t count = o.size();
  if (count != 0xFFFFFF) return count;
  count = 0;
  for (auto it = o.begin(); it != o.end(); ++it) ++count;
  return count;
}

void JsonNodeWriter::copy(uint32_t slot, simdjson::dom::element e) {
  using T = simdjson::dom::element_type;
  JsonDoc::Node& n = nodes_[slot];
  switch (e.type()) {
    case T::NULL_VALUE:
      n.kind = JsonKind::Null;
      n.u = 0;
      break;
    case T::BOOL:
      n.kind = JsonKind::Bool;
      n.u = 0;
      n.b = e.get_bool().value_unsafe();
      break;
    case T::INT64:
      n.kind = JsonKind::Int;
      n.i = e.get_int64().value_unsafe();
      break;
    case T::UINT64:
      n.kind = JsonKind::Uint;
      n.u = e.get_uint64().value_unsafe();
      break;
    case T::DOUBLE:
      n.kind = JsonKind::Double;
      n.d = e.get_double().value_unsafe();
      break;
    case T::STRING:
      set_string(slot, JsonKind::String, e.get_string().value_unsafe());
      break;
    case T::ARRAY: {
      simdjson::dom::array a = e.get_array().value_unsafe();
      uint32_t child = reserve(slot, JsonKind::Array, size_of(a));
      for (simdjson::dom::element item : a) copy(child++, item);
      break;
    }
    case T::OBJECT: {
      simdjson::dom::object o = e.get_object().value_unsafe();
      uint32_t child = reserve(slot, JsonKind::Object, size_of(o));
      for (auto field : o) {
        nodes_[child].key = intern(field.key);
        copy(child++, field.value);
      }
      break;
    }
  }
}

}  // namespace vigil
