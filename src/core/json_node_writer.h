// Writes the nodes of a JsonDoc: the one place that knows the document
// layout (json_doc.h). JsonDoc::parse (simdjson -> document, with
// unavailable parts) and build_json_doc (JsonTree -> document) both drive it.
//
// Use: start(); fill the root slot 0 with set_*/reserve()/copy(); finish().
// reserve() appends `count` zeroed child nodes for a container and returns
// the index of the first; children are written in place, so a container's
// children are contiguous. Keys are interned once per writer (cached).
// Not thread-safe: use one writer per thread.
#pragma once

#include <simdjson.h>

#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/json_doc.h"

namespace vigil {

class JsonNodeWriter {
 public:
  void start();
  Result<JsonDoc> finish();

  JsonDoc::Node& node(uint32_t slot) { return nodes_[slot]; }
  uint32_t intern(std::string_view key);
  void set_string(uint32_t slot, JsonKind kind, std::string_view text);
  uint32_t reserve(uint32_t slot, JsonKind kind, size_t count);
  // Copies a simdjson value (and everything below it) into `slot`.
  void copy(uint32_t slot, simdjson::dom::element e);

  // simdjson stores container sizes saturated at 0xFFFFFF: the exact count.
  static size_t size_of(simdjson::dom::array a);
  static size_t size_of(simdjson::dom::object o);

 private:
  std::vector<JsonDoc::Node> nodes_;
  std::string strings_;
  std::unordered_map<std::string_view, uint32_t> key_cache_;
};

}  // namespace vigil
