// Internals of record_scan() (tracker.h): the compact in-memory picture of
// the stored state that a scan is diffed against. Private to src/tracker.
//
// Memory: one AssetRow per asset ever seen (a view of its id, a scope
// index, the hash) and one StoredViolation (40 bytes) per violation ever
// recorded, found by (policy index, asset index) through a ViolationIndex
// (8 bytes a violation + 4 an asset). A stored message is kept only as its
// hash_text (messages may name the asset, so they can be unique per
// violation): a finding's message is compared by hash (equal texts give
// equal hashes; different ones collide with probability ~2^-64), and the
// text of the few violations whose update repeats the stored message is
// read back from the store (stored_messages()). Nothing keeps a full
// store::Violation.
//
// Loading reads the store's compact streams (AssetHead with its key,
// ViolationState: no joins, no asset texts per violation): asset ids are
// found through an IdIndex (core/id_index.h, 8 bytes a slot), scopes through a
// memo, so no row allocates.
#pragma once

#include <deque>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/id_index.h"
#include "core/text_arena.h"
#include "store/store.h"
#include "tracker/exceptions.h"
#include "tracker/flat_map.h"
#include "tracker/tracker.h"

namespace vigil::tracker::detail {

constexpr uint32_t kNone = ~uint32_t{0};
static_assert(kNone == IdIndex::npos, "asset_index() returns the IdIndex's npos as kNone");
constexpr uint16_t kNoOwner = 0xffff;

struct AssetRow {
  std::string_view id;
  uint32_t scope = kNone;      // index into Reconciler::scopes
  uint32_t inventory = kNone;  // index in this scan's inventory, kNone when absent
  uint64_t hash = 0;
  bool stored = false;   // has a head in the store
  bool deleted = false;  // stored head is deleted
  uint16_t owner = kNoOwner;  // index into Reconciler::owners; kNoOwner: none recorded
};

struct StoredViolation {
  int64_t id = 0;
  int64_t exception_id = 0;  // 0: none
  uint32_t policy = 0, asset = 0;
  uint64_t message_hash = 0;  // hash_text of the stored message
  store::ViolationStatus status = store::ViolationStatus::Open;
  uint8_t severity = 0;  // index into kSeverities
  bool seen = false;     // assessed by this scan
  bool ever_violated = true;  // store::ViolationState::ever_violated
};

struct PolicyRow {
  std::string id;
  const CompiledPolicy* policy = nullptr;  // null: not in this scan's set
  bool enabled = false;
};

struct ScopeRow {
  store::ScopeKey key;
  bool ok = false;  // collected successfully by this scan
};

// (policy, asset) -> index in Reconciler::violations, built once after the
// violations are loaded: the violations grouped by asset (counting sort), so
// the scan's findings, which arrive in inventory order, read it nearly
// sequentially. Assets added after build() have no stored violation.
class ViolationIndex {
 public:
  // By rows[i].policy and rows[i].asset; `assets` = number of asset rows.
  void build(const std::vector<StoredViolation>& rows, size_t assets);
  // FlatMap64::kMissing when absent; for duplicates the last row wins.
  uint32_t get(uint64_t key) const;
  size_t memory_bytes() const {
    return first_.capacity() * sizeof(uint32_t) + entries_.capacity() * sizeof(Entry);
  }

 private:
  struct Entry {
    uint32_t policy, violation;
  };
  std::vector<uint32_t> first_;  // per asset: its entries are [first_[a], first_[a + 1])
  std::vector<Entry> entries_;
};

class Reconciler {
 public:
  // `source`: the scan's source (its ScanRecord::source).
  Reconciler(store::Store& store, const Inventory& inventory, const PolicySet& policies,
             const CollectedScopes& scopes, const std::string& source);

  // Loads asset heads and violations. Errors are the store's.
  Status load();

  uint32_t scope_index(std::string_view account, std::string_view region, std::string_view type);
  // The scope an asset belongs to: its own (account, region, type) when that
  // was collected; else (account, "global", type) when collected, the scope
  // of a global listing that covers every region (S3 ListBuckets lists the
  // buckets of all regions); else its own scope, not collected this scan.
  uint32_t asset_scope(std::string_view account, std::string_view region, std::string_view type);
  uint32_t asset_index(std::string_view id);  // kNone when unknown
  uint32_t add_asset(std::string_view id, uint32_t scope);
  // Whether this scan's source may change the asset: it owns it, nobody
  // does yet, its owner deleted it, or its owner is not one of the
  // deployment's sources (RecordOptions::sources) any more: in each of
  // those cases the source takes it over.
  bool owned(const AssetRow& a) const {
    return !a.stored || a.deleted || a.owner == kNoOwner || a.owner == self || !owner_live[a.owner];
  }
  // After load(): which owners still count. `sources` empty: all of them.
  void mark_live_owners(const std::vector<std::string>& sources);
  // Fills in the stored message of each (violation id, update) pair (ids
  // ascending, each a stored violation's): few are read one by one, many
  // by one more pass over the store's violation states. Errors are the
  // store's.
  Status stored_messages(std::vector<std::pair<int64_t, store::ViolationUpdate*>>& wanted);
  static uint64_t key(uint32_t policy, uint32_t asset) { return (uint64_t(policy) << 32) | asset; }

  store::Store& store;
  const Inventory& inventory;
  const PolicySet& policies;
  std::vector<PolicyRow> policy_rows;
  std::unordered_map<const CompiledPolicy*, uint32_t> policy_by_ptr;
  struct TextHash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  std::unordered_map<std::string, uint32_t, TextHash, std::equal_to<>> policy_by_id;
  std::vector<ScopeRow> scopes;
  std::vector<AssetRow> assets;
  std::vector<std::string> owners;  // source names, AssetRow::owner indexes them
  uint16_t self = kNoOwner;         // this scan's source in owners
  std::vector<bool> owner_live;     // by owner index (mark_live_owners)
  std::vector<StoredViolation> violations;
  ViolationIndex violation_index;  // key(policy, asset) -> index in violations
  size_t id_bytes() const { return ids_.bytes(); }

 private:
  Status load_heads(std::vector<uint32_t>& asset_of_key, FlatMap64& sparse_keys);
  // Violations with their asset still a store key (asset_keys[i] is
  // violations[i]'s), read through `from` (this store or a reader of it).
  Status load_violations(store::Store& from, std::vector<int64_t>& asset_keys);
  // Store keys -> asset rows (`asset_keys` is freed), then the ViolationIndex.
  Status resolve_assets(std::vector<int64_t>& asset_keys, const std::vector<uint32_t>& asset_of_key,
                        const FlatMap64& sparse_keys);
  uint16_t owner_index(std::string_view source);

  std::map<store::ScopeKey, uint32_t> scope_by_key_;
  // asset_scope() results by account '\0' region '\0' type; cleared when a
  // scope is added (a new scope can change the answer).
  std::unordered_map<std::string, uint32_t> scope_memo_;
  std::string scope_probe_;
  IdIndex id_index_;  // asset id -> index in assets
  TextArena ids_;     // stored asset ids; AssetRow::id views them
};

// Severity text <-> the small index StoredViolation keeps.
uint8_t severity_index(std::string_view text);
std::string severity_text(uint8_t index);

}  // namespace vigil::tracker::detail
