// The content hash the tracker compares to decide whether an asset changed.
//
// Contract
// - asset_content_hash() hashes the asset's JSON tree (kinds, key texts,
//   values; object members in source order), skipping the top-level
//   "collected_at" member: collecting the same resource again at another
//   time is not a change. Stable across processes and runs (key texts, not
//   the per-process key ids, are hashed), so stored hashes stay comparable.
// - It is core/hash.h's Hasher over that tree (messages are compared by
//   hash_text of the same header).
#pragma once

#include <cstdint>

#include "core/json_doc.h"

namespace vigil::tracker {

uint64_t asset_content_hash(const JsonDoc& doc);

}  // namespace vigil::tracker
