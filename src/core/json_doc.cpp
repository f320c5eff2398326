// JsonDoc::parse: simdjson DOM -> the compact node layout.
//
// Layout produced (see json_doc.h): node 0 is the root; the children of a
// container occupy a contiguous range of the node array, reserved when the
// container is visited (so siblings are adjacent and each child's own
// children come later). String bytes are appended to one string area. The
// two are then copied into a single allocation: nodes first, then strings.
//
// Unavailable parts are applied during the conversion from a small trie of
// overrides, so the document is built in one pass with no patching.
#include <simdjson.h>

#include <cstring>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/json_doc.h"
#include "core/json_error.h"
#include "core/json_node_writer.h"

namespace vigil {

namespace {

// One level of the Unavailable-parts trie. A node with a reason replaces the
// whole member; a node without one is an object to descend into.
struct Override {
  std::string key;
  uint32_t key_id = 0;
  const std::string* reason = nullptr;
  std::vector<Override> children;
};

Override* child_named(Override& parent, const std::string& key) {
  for (Override& c : parent.children)
    if (c.key == key) return &c;
  return nullptr;
}

Result<Override> build_overrides(const std::vector<UnavailablePart>& parts) {
  Override root;
  for (const UnavailablePart& part : parts) {
    if (part.path.empty())
      return Error::at_offset("unavailable part with an empty path (reason: " + part.reason + ")",
                              0);
    Override* at = &root;
    for (const std::string& key : part.path) {
      if (at->reason) break;  // an enclosing part is already unavailable
      Override* next = child_named(*at, key);
      if (!next) {
        at->children.push_back(Override{key, KeyTable::instance().intern(key), nullptr, {}});
        next = &at->children.back();
      }
      at = next;
    }
    if (!at->reason) {
      at->reason = &part.reason;
      at->children.clear();
    }
  }
  return root;
}

}  // namespace

// JsonDoc::parse's converter: copies a simdjson tree through a
// JsonNodeWriter, replacing or adding the unavailable parts on the way.
class JsonDocBuilder {
 public:
  Result<JsonDoc> build(simdjson::dom::element root, const Override* overrides) {
    w_.start();
    if (overrides && !overrides->children.empty()) {
      if (root.type() != simdjson::dom::element_type::OBJECT)
        return Error::at_offset("unavailable parts need an object at the root", 0);
      fill_object(0, root.get_object().value_unsafe(), *overrides);
    } else {
      w_.copy(0, root);
    }
    return w_.finish();
  }

 private:
  void fill_object(uint32_t slot, simdjson::dom::object o, const Override& ov) {
    // Overrides whose key the object lacks become extra members at the end.
    std::vector<bool> used(ov.children.size(), false);
    size_t extra = 0;
    for (const Override& c : ov.children) {
      bool present = false;
      for (auto field : o)
        if (field.key == c.key) {
          present = true;
          break;
        }
      if (!present) ++extra;
    }
    uint32_t child = w_.reserve(slot, JsonKind::Object, JsonNodeWriter::size_of(o) + extra);
    for (auto field : o) {
      w_.node(child).key = w_.intern(field.key);
      const Override* match = nullptr;
      for (size_t i = 0; i < ov.children.size(); ++i)
        if (!used[i] && ov.children[i].key == field.key) {
          used[i] = true;  // duplicate keys: only the first (the one read) is replaced
          match = &ov.children[i];
          break;
        }
      if (!match) {
        w_.copy(child, field.value);
      } else if (match->reason) {
        w_.set_string(child, JsonKind::Unavailable, *match->reason);
      } else if (field.value.type() == simdjson::dom::element_type::OBJECT) {
        fill_object(child, field.value.get_object().value_unsafe(), *match);
      } else {
        fill_created(child, *match);
      }
      ++child;
    }
    for (size_t i = 0; i < ov.children.size(); ++i) {
      if (used[i]) continue;
      w_.node(child).key = ov.children[i].key_id;
      if (ov.children[i].reason)
        w_.set_string(child, JsonKind::Unavailable, *ov.children[i].reason);
      else
        fill_created(child, ov.children[i]);
      ++child;
    }
  }

  // An object that exists only to hold unavailable parts.
  void fill_created(uint32_t slot, const Override& ov) {
    uint32_t child = w_.reserve(slot, JsonKind::Object, ov.children.size());
    for (const Override& c : ov.children) {
      w_.node(child).key = c.key_id;
      if (c.reason)
        w_.set_string(child, JsonKind::Unavailable, *c.reason);
      else
        fill_created(child, c);
      ++child;
    }
  }

  JsonNodeWriter w_;
};

Result<JsonDoc> JsonDoc::parse(std::string_view json_text,
                               const std::vector<UnavailablePart>& unavailable) {
  thread_local simdjson::dom::parser parser;
  thread_local JsonDocBuilder builder;
  simdjson::dom::element root;
  if (json_text.size() >= UINT32_MAX) return Error::at_offset("JSON text larger than 4 GiB", 0);
  auto error = parser.parse(json_text.data(), json_text.size()).get(root);
  std::string reread;  // owns the slow path's text while `root` points into the parser
  if (error) {
    Result<std::string> again = detail::reread_json(json_text, simdjson::error_message(error));
    if (!again.ok()) return again.error();
    reread = std::move(again).value();
    if (auto e2 = parser.parse(reread.data(), reread.size()).get(root))
      return Error::at_offset(std::string("invalid JSON: ") + simdjson::error_message(e2), 0);
  }
  if (unavailable.empty()) return builder.build(root, nullptr);
  Result<Override> overrides = build_overrides(unavailable);
  if (!overrides.ok()) return overrides.error();
  return builder.build(root, &overrides.value());
}

}  // namespace vigil
