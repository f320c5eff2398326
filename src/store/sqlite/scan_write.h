// The state SqliteStore::write_changes' steps share (apply_scan.cpp), and
// the writer of one scan's asset versions (asset_version_writer.cpp).
// Private to the SQLite backend.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "store/sqlite/asset_keys.h"
#include "store/sqlite/codec.h"
#include "store/sqlite/sqlite_db.h"
#include "store/sqlite/sqlite_store.h"

namespace vigil::store::sqlite {

// Counts written rows and calls the test hook (SqliteOptions::write_hook).
class Progress {
 public:
  explicit Progress(const SqliteOptions& options) : options_(options) {
    if (options_.write_hook) options_.write_hook(0, false);
  }
  void row() {
    ++rows_;
    if (options_.write_hook && options_.hook_every && rows_ % options_.hook_every == 0)
      options_.write_hook(rows_, false);
  }
  void before_commit() {
    if (options_.write_hook) options_.write_hook(rows_, true);
  }

 private:
  const SqliteOptions& options_;
  uint64_t rows_ = 0;
};

// What write_changes' steps share: the scan, when its state was observed,
// the rows written so far, and the keys of the assets written.
struct ScanWrite {
  ScanWrite(const SqliteOptions& options, int64_t scan_id) : progress(options), scan(scan_id) {}

  Progress progress;  // first: calls the write hook before anything is read
  int64_t scan = 0;
  int64_t at = 0;  // the scan's start (ms), stamped on versions, markers and events
  AssetKeys asset_keys;
};

// Writes one scan's asset versions: upserts the asset row (head), appends
// the version, records the asset's key in `w.asset_keys`, counts the row in
// `w.progress`.
class AssetVersionWriter {
 public:
  // `source`: the scan's source, which owns every asset it writes.
  AssetVersionWriter(Database& db, ContentDictionaries& dictionaries, const SqliteOptions& options,
                     const std::string& source, ScanWrite& w);

  void write(const AssetVersionWrite& v);
  // Writes the versions still held back (fewer than dictionary_samples).
  void finish() { flush_held(); }

 private:
  void write_row(const AssetVersionWrite& v);
  // The asset's key; `version` becomes its new version when it was known.
  int64_t upsert_asset(const AssetIdentity& a, uint64_t hash, int64_t& version);
  // Binds ?1..?5 of the asset statements: uid, type, account, region, name.
  static Query& bind_identity(Query& q, const AssetIdentity& a);
  void append_version(const AssetVersionWrite& v, int64_t key, int64_t version);
  void train_dictionary();
  void flush_held();

  Database& db_;
  ContentDictionaries& dictionaries_;
  const SqliteOptions& options_;
  const std::string& source_;
  ScanWrite& w_;
  Query insert_asset_, update_asset_, asset_row_, insert_version_;
  std::string encoded_;  // the content being written, encoded (reused)
  const ContentEncoding codec_;
  bool sampling_;  // holding versions back to train a dictionary
  std::vector<AssetVersionWrite> held_;
};

}  // namespace vigil::store::sqlite
