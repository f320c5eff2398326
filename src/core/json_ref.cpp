// JsonRef: read access to one node of a JsonDoc, and JSON output.
//
// Accessors are total: on an invalid ref or a node of another kind they
// return a neutral value (Null kind, false, 0, empty, invalid ref). Numeric
// accessors convert between Int, Uint and Double (C++ conversion rules).
// to_json renders Unavailable as {"$unavailable": "<reason>"} so the output
// stays JSON and the failure stays visible.
#include <charconv>
#include <cstdio>
#include <string>

#include "core/json_doc.h"
#include "core/json_text.h"

namespace vigil {

namespace {

template <typename N>
void append_number(std::string& out, N value) {
  char buf[32];
  auto r = std::to_chars(buf, buf + sizeof buf, value);
  out.append(buf, r.ptr);
}

void append_double(std::string& out, double d) {
  char buf[32];
  auto r = std::to_chars(buf, buf + sizeof buf, d);  // shortest round-trip form
  std::string_view text(buf, static_cast<size_t>(r.ptr - buf));
  out += text;
  // Keep it a double when read back ("2" would come back as an integer).
  if (text.find_first_of(".eEn") == std::string_view::npos) out += ".0";
}

void append_json(std::string& out, JsonRef v) {
  switch (v.kind()) {
    case JsonKind::Null: out += "null"; return;
    case JsonKind::Bool: out += v.as_bool() ? "true" : "false"; return;
    case JsonKind::Int: append_number(out, v.as_int()); return;
    case JsonKind::Uint: append_number(out, v.as_uint()); return;
    case JsonKind::Double: append_double(out, v.as_double()); return;
    case JsonKind::String:
      append_json_string(out, v.as_string());
      return;
    case JsonKind::Unavailable:
      out += "{\"$unavailable\":";
      append_json_string(out, v.as_string());
      out.push_back('}');
      return;
    case JsonKind::Array:
      out.push_back('[');
      for (uint32_t i = 0; i < v.size(); ++i) {
        if (i) out.push_back(',');
        append_json(out, v.at(i));
      }
      out.push_back(']');
      return;
    case JsonKind::Object:
      out.push_back('{');
      for (uint32_t i = 0; i < v.size(); ++i) {
        if (i) out.push_back(',');
        append_json_string(out, v.key_at(i));
        out.push_back(':');
        append_json(out, v.at(i));
      }
      out.push_back('}');
      return;
  }
}

}  // namespace

JsonKind JsonRef::kind() const { return doc_ ? doc_->node(index_).kind : JsonKind::Null; }

bool JsonRef::as_bool() const { return kind() == JsonKind::Bool && doc_->node(index_).b; }

int64_t JsonRef::as_int() const {
  switch (kind()) {
    case JsonKind::Int: return doc_->node(index_).i;
    case JsonKind::Uint: return static_cast<int64_t>(doc_->node(index_).u);
    case JsonKind::Double: return static_cast<int64_t>(doc_->node(index_).d);
    default: return 0;
  }
}

uint64_t JsonRef::as_uint() const {
  switch (kind()) {
    case JsonKind::Int: return static_cast<uint64_t>(doc_->node(index_).i);
    case JsonKind::Uint: return doc_->node(index_).u;
    case JsonKind::Double: return static_cast<uint64_t>(doc_->node(index_).d);
    default: return 0;
  }
}

double JsonRef::as_double() const {
  switch (kind()) {
    case JsonKind::Int: return static_cast<double>(doc_->node(index_).i);
    case JsonKind::Uint: return static_cast<double>(doc_->node(index_).u);
    case JsonKind::Double: return doc_->node(index_).d;
    default: return 0;
  }
}

std::string_view JsonRef::as_string() const {
  JsonKind k = kind();
  if (k != JsonKind::String && k != JsonKind::Unavailable) return {};
  const JsonDoc::Node& n = doc_->node(index_);
  return doc_->string_at(n.span.offset, n.span.count);
}

uint32_t JsonRef::size() const {
  JsonKind k = kind();
  if (k != JsonKind::Array && k != JsonKind::Object) return 0;
  return doc_->node(index_).span.count;
}

JsonRef JsonRef::at(uint32_t i) const {
  if (i >= size()) return {};
  return JsonRef(doc_, doc_->node(index_).span.offset + i);
}

uint32_t JsonRef::key_id_at(uint32_t i) const {
  if (kind() != JsonKind::Object || i >= size()) return 0;
  return doc_->node(doc_->node(index_).span.offset + i).key;
}

std::string_view JsonRef::key_at(uint32_t i) const { return KeyTable::instance().name(key_id_at(i)); }

JsonRef JsonRef::find(uint32_t key_id) const {
  if (key_id == 0 || kind() != JsonKind::Object) return {};
  const JsonDoc::Node& n = doc_->node(index_);
  for (uint32_t c = n.span.offset, end = n.span.offset + n.span.count; c < end; ++c)
    if (doc_->node(c).key == key_id) return JsonRef(doc_, c);
  return {};
}

JsonRef JsonRef::find(std::string_view key) const {
  if (kind() != JsonKind::Object) return {};
  return find(KeyTable::instance().find(key));
}

const void* JsonRef::node_address() const { return doc_ ? &doc_->node(index_) : nullptr; }

std::string JsonRef::to_json() const {
  std::string out;
  if (valid()) append_json(out, *this);
  return out;
}

}  // namespace vigil
