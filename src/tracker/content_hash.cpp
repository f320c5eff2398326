// The asset content hash (content_hash.h).
#include "tracker/content_hash.h"

#include <cstring>

#include "core/hash.h"

namespace vigil::tracker {

namespace {

void hash_node(const JsonDoc& doc, uint32_t index, Hasher& h, bool top) {
  const JsonDoc::Node& n = doc.node(index);
  h.u64(static_cast<uint64_t>(n.kind));
  switch (n.kind) {
    case JsonKind::Null:
      break;
    case JsonKind::Bool:
      h.u64(n.b ? 1 : 0);
      break;
    case JsonKind::Int:
      h.u64(static_cast<uint64_t>(n.i));
      break;
    case JsonKind::Uint:
      h.u64(n.u);
      break;
    case JsonKind::Double: {
      uint64_t bits;
      std::memcpy(&bits, &n.d, sizeof bits);
      h.u64(bits);
      break;
    }
    case JsonKind::String:
    case JsonKind::Unavailable:
      h.text(doc.string_at(n.span.offset, n.span.count));
      break;
    case JsonKind::Array:
      h.u64(n.span.count);
      for (uint32_t i = 0; i < n.span.count; ++i) hash_node(doc, n.span.offset + i, h, false);
      break;
    case JsonKind::Object: {
      KeyTable& keys = KeyTable::instance();
      static const uint32_t collected_at = keys.intern("collected_at");
      for (uint32_t i = 0; i < n.span.count; ++i) {
        uint32_t child = n.span.offset + i;
        uint32_t key = doc.node(child).key;
        if (top && key == collected_at) continue;
        h.text(keys.name(key));
        hash_node(doc, child, h, false);
      }
      h.u64(0xffffffffffffffffull);  // end of object
      break;
    }
  }
}

}  // namespace

uint64_t asset_content_hash(const JsonDoc& doc) {
  Hasher h;
  hash_node(doc, 0, h, true);
  return h.finish();
}

}  // namespace vigil::tracker
