// AssetVersionWriter (scan_write.h): one scan's asset versions.
#include <string>
#include <vector>

#include "store/sqlite/scan_write.h"

namespace vigil::store::sqlite {

AssetVersionWriter::AssetVersionWriter(Database& db, ContentDictionaries& dictionaries,
                                       const SqliteOptions& options, const std::string& source,
                                       ScanWrite& w)
    : db_(db),
      dictionaries_(dictionaries),
      options_(options),
      source_(source),
      w_(w),
      // A new asset is one plain insert (its key is the new rowid). A
      // known one is updated and its key read back. (One upsert with
      // RETURNING did both, but RETURNING builds a temporary table per
      // execution: 3x the cost of the insert at a million assets.)
      insert_asset_(db.query(
          "INSERT INTO assets(uid, type, account, region, name, first_seen, version, hash, "
          "source) VALUES (?1, ?2, ?3, ?4, ?5, ?6, 1, ?7, ?8) ON CONFLICT(uid) DO NOTHING")),
      update_asset_(db.query(
          "UPDATE assets SET type = ?2, account = ?3, region = ?4, name = ?5, version = version "
          "+ 1, hash = ?7, deleted_at = NULL, source = ?8 WHERE uid = ?1")),
      asset_row_(db.query("SELECT id, version FROM assets WHERE uid = ?1")),
      insert_version_(db.query(
          "INSERT INTO asset_versions(asset, version, valid_from, scan_id, hash, encoding, "
          "content) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)")),
      codec_(options.compression == SqliteOptions::Compression::Zstd   ? ContentEncoding::Zstd
             : options.compression == SqliteOptions::Compression::Zlib ? ContentEncoding::Zlib
                                                                       : ContentEncoding::Raw),
      // Zstd needs the store's dictionary. Without one, the first
      // dictionary_samples versions are held back, a dictionary is
      // trained from them (stored in this transaction), and they are
      // written with it; a scan with fewer versions writes them as text.
      sampling_(codec_ == ContentEncoding::Zstd && !dictionaries.begin(db) &&
                options.dictionary_samples > 0) {}

void AssetVersionWriter::write(const AssetVersionWrite& v) {
  if (!sampling_) return write_row(v);
  held_.push_back(v);
  if (held_.size() < options_.dictionary_samples) return;
  train_dictionary();
  flush_held();
}

void AssetVersionWriter::write_row(const AssetVersionWrite& v) {
  int64_t version = 1;
  int64_t key = upsert_asset(v.identity, v.content_hash, version);
  w_.asset_keys.put(v.identity.id, key);
  append_version(v, key, version);
  w_.progress.row();
}

int64_t AssetVersionWriter::upsert_asset(const AssetIdentity& a, uint64_t hash, int64_t& version) {
  bind_identity(insert_asset_, a)
      .bind(6, w_.at)
      .bind(7, hash_to_db(hash))
      .bind(8, std::string_view(source_))
      .run();
  insert_asset_.reset();
  if (db_.changes() == 1) return db_.last_insert_rowid();
  bind_identity(update_asset_, a)
      .bind(7, hash_to_db(hash))
      .bind(8, std::string_view(source_))
      .run();
  update_asset_.reset();
  asset_row_.bind(1, a.id);
  if (!asset_row_.step()) db_.fail("upsert asset " + a.id);
  int64_t key = asset_row_.int64(0);
  version = asset_row_.int64(1);
  asset_row_.reset();
  return key;
}

Query& AssetVersionWriter::bind_identity(Query& q, const AssetIdentity& a) {
  return q.bind(1, a.id).bind(2, a.type).bind(3, a.account).bind(4, a.region).bind(5, a.name);
}

void AssetVersionWriter::append_version(const AssetVersionWrite& v, int64_t key, int64_t version) {
  ContentEncoding encoding = codec_ == ContentEncoding::Zstd
                                 ? dictionaries_.encode(v.content, encoded_)
                                 : encode_content(v.content, codec_, encoded_);
  insert_version_.bind(1, key)
      .bind(2, version)
      .bind(3, w_.at)
      .bind(4, w_.scan)
      .bind(5, hash_to_db(v.content_hash))
      .bind(6, static_cast<int64_t>(encoding));
  if (encoding == ContentEncoding::Raw)
    insert_version_.bind(7, std::string_view(encoded_));
  else
    insert_version_.bind_blob(7, encoded_);
  insert_version_.run();
  insert_version_.reset();
}

void AssetVersionWriter::train_dictionary() {
  std::vector<std::string> samples;
  samples.reserve(held_.size());
  for (const AssetVersionWrite& h : held_) samples.push_back(h.content);
  dictionaries_.train(db_, samples, w_.at, w_.scan);
}

void AssetVersionWriter::flush_held() {
  for (const AssetVersionWrite& h : held_) write_row(h);
  held_.clear();
  held_.shrink_to_fit();
  sampling_ = false;
}

}  // namespace vigil::store::sqlite
