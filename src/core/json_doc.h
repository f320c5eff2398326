// A compact, immutable JSON tree: the in-memory form of every asset.
//
// Contract
// - A JsonDoc owns one contiguous block: a node array followed by the bytes of
//   every string value. Object member keys are interned once per process in
//   KeyTable, so a key costs 4 bytes per occurrence, not its length.
// - Every Node is 16 bytes. Containers refer to their children by index into
//   the same node array, so a document can be moved without fixing pointers.
// - Object members keep the order of the source text. Lookup by key id is a
//   linear scan (objects in cloud APIs are small); duplicate keys: first wins.
// - Documents are read-only after parse and safe to read from many threads.
// - Numbers: integers that fit int64 are Int, larger non-negative integers
//   that fit uint64 are Uint, everything else is Double.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace vigil {

// Process-wide interner for object keys. Ids start at 1; 0 means "no key".
// intern() is thread-safe; name() is lock-free and valid forever.
class KeyTable {
 public:
  static KeyTable& instance();
  uint32_t intern(std::string_view key);
  // Returns 0 when the key was never interned (then no document contains it).
  uint32_t find(std::string_view key) const;
  std::string_view name(uint32_t id) const;

 private:
  KeyTable();
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// Unavailable is not JSON: it marks a part of an asset whose collection
// failed (see UnavailablePart). Reading it must yield an error, never absence.
enum class JsonKind : uint8_t { Null, Bool, Int, Uint, Double, String, Array, Object, Unavailable };

// A member to force into the document as an Unavailable node, replacing
// whatever the JSON held there. `path` names object keys from the root
// (e.g. {"config", "BucketPolicy"}); missing intermediate objects are created.
// `reason` is kept as the node's string (e.g. "GetBucketPolicy: AccessDenied: ...").
struct UnavailablePart {
  std::vector<std::string> path;
  std::string reason;
};

class JsonDoc;

// A view of one value inside a JsonDoc. Cheap to copy (two pointers);
// valid while its document lives.
class JsonRef {
 public:
  JsonRef() = default;

  JsonKind kind() const;
  bool is_null() const { return kind() == JsonKind::Null; }
  bool as_bool() const;
  int64_t as_int() const;
  uint64_t as_uint() const;
  double as_double() const;
  // String (and Unavailable: the reason text).
  std::string_view as_string() const;

  // Arrays and objects: number of elements / members.
  uint32_t size() const;
  // Arrays: the i-th element. Objects: the i-th member's value.
  JsonRef at(uint32_t i) const;
  // Objects: the i-th member's key id and key text.
  uint32_t key_id_at(uint32_t i) const;
  std::string_view key_at(uint32_t i) const;
  // Objects: the member with that key, or an invalid ref (valid() == false).
  JsonRef find(uint32_t key_id) const;
  JsonRef find(std::string_view key) const;

  bool valid() const { return doc_ != nullptr; }
  // Identity of the referenced node (for hashing/equality of views).
  const void* node_address() const;
  const JsonDoc* doc() const { return doc_; }
  uint32_t index() const { return index_; }

  // Compact JSON text of this value (for output and debugging).
  std::string to_json() const;

 private:
  friend class JsonDoc;
  JsonRef(const JsonDoc* doc, uint32_t index) : doc_(doc), index_(index) {}
  const JsonDoc* doc_ = nullptr;
  uint32_t index_ = 0;
};

class JsonDoc {
 public:
  struct Node {
    uint32_t key;   // interned key id when this node is an object member, else 0
    JsonKind kind;
    uint8_t pad[3];
    union {
      bool b;
      int64_t i;
      uint64_t u;
      double d;
      struct {
        uint32_t offset;  // String: byte offset in string area; Array/Object: first child index
        uint32_t count;   // String: byte length; Array/Object: number of children
      } span;
    };
  };
  static_assert(sizeof(Node) == 16, "Node must stay 16 bytes");

  // Parses one JSON text. Errors carry the byte offset and a message.
  // `unavailable` parts are inserted as Unavailable nodes (see UnavailablePart).
  static Result<JsonDoc> parse(std::string_view json_text,
                               const std::vector<UnavailablePart>& unavailable = {});

  JsonDoc() = default;
  JsonDoc(JsonDoc&&) noexcept = default;
  JsonDoc& operator=(JsonDoc&&) noexcept = default;

  JsonRef root() const { return JsonRef(this, 0); }
  // Bytes held by this document (nodes + strings), for memory accounting.
  size_t memory_bytes() const { return bytes_; }

  const Node& node(uint32_t i) const { return nodes()[i]; }
  std::string_view string_at(uint32_t offset, uint32_t len) const {
    return std::string_view(strings() + offset, len);
  }

 private:
  friend class JsonNodeWriter;  // core/json_node_writer.h: the only writer of documents
  const Node* nodes() const { return reinterpret_cast<const Node*>(data_.get()); }
  const char* strings() const { return reinterpret_cast<const char*>(data_.get()) + node_count_ * sizeof(Node); }

  std::unique_ptr<std::byte[]> data_;
  uint32_t node_count_ = 0;
  size_t bytes_ = 0;
};

}  // namespace vigil
