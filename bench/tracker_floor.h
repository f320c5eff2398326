// The tracker benchmark's baseline: the least SQLite work a store could do
// for the same scan, measured in the same run (docs/performance.md, "Tracker").
//
// write_floor: one transaction into a fresh WAL file (synchronous NORMAL, as
// the store) with two bare tables and prepared statements: one row per asset
// (id, type, account, region and its JSON line as read from the inventory
// file, uncompressed) and one row per violation (asset row, policy number,
// message). No history, no secondary index, no foreign key, no lifecycle.
// read_floor: reads those rows back (what a re-scan must at least stream).
// The benchmark prints its own steps as ratios to these.
#pragma once

#include <string>

#include "engine/scan.h"
#include "inventory/inventory.h"

namespace vigil::bench {

struct FloorRun {
  size_t asset_rows = 0, violation_rows = 0;
  double seconds = 0;  // wall
  std::string error;   // empty when it ran
};

// `jsonl` is the file `inventory` was loaded from (same order, one asset per line).
FloorRun write_floor(const std::string& db_path, const std::string& jsonl, const Inventory& inventory,
                     const ScanResult& result);
FloorRun read_floor(const std::string& db_path);

}  // namespace vigil::bench
