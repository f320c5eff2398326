// SqliteStore asset reads: heads (streamed), history, and deltas between two
// times. An asset's state at time T is its last asset_versions row with
// valid_from <= T (ties broken by row id); a row with a NULL version is a
// deletion marker.
#include <fmt/format.h>

#include "store/sqlite/codec.h"
#include "store/sqlite/sqlite_store.h"

namespace vigil::store::sqlite {

Status SqliteStore::for_each_asset_head(const std::function<bool(const AssetHead&)>& visit) {
  return guard_status("asset_heads", [&] {
    auto q = db_->query(
        "SELECT uid, account, region, type, hash, deleted_at IS NOT NULL, id, coalesce(source, '') "
        "FROM assets ORDER BY id");
    AssetHead head;
    while (q.step()) {
      head.id.assign(q.text(0));
      head.scope.account.assign(q.text(1));
      head.scope.region.assign(q.text(2));
      head.scope.type.assign(q.text(3));
      head.content_hash = hash_from_db(q.int64(4));
      head.deleted = q.int64(5) != 0;
      head.key = q.int64(6);
      head.source.assign(q.text(7));
      if (!visit(head)) break;
    }
  });
}

Result<std::vector<AssetHead>> SqliteStore::asset_heads() {
  std::vector<AssetHead> heads;
  Status s = for_each_asset_head([&](const AssetHead& h) {
    heads.push_back(h);
    return true;
  });
  if (!s.ok()) return s.error();
  return heads;
}

namespace {

struct AssetRow {
  int64_t key = 0;
  AssetIdentity identity;
};

// The version row valid at `t_ms` (nullopt: none yet, or deleted then).
std::optional<AssetVersion> version_at(Database& db, ContentDictionaries& dictionaries,
                                       const AssetRow& asset, int64_t t_ms, uint64_t* hash) {
  auto q = db.query(
      "SELECT version, valid_from, scan_id, hash, encoding, content FROM asset_versions "
      "WHERE asset = ?1 AND valid_from <= ?2 ORDER BY valid_from DESC, id DESC LIMIT 1");
  q.bind(1, asset.key).bind(2, t_ms);
  if (!q.step() || q.is_null(0)) return std::nullopt;
  AssetVersion v;
  v.identity = asset.identity;
  v.version = static_cast<int>(q.int64(0));
  v.valid_from = from_ms(q.int64(1));
  v.scan_id = q.int64(2);
  *hash = hash_from_db(q.int64(3));
  v.content = dictionaries.decode(db, q.blob(5), static_cast<ContentEncoding>(q.int64(4)));
  return v;
}

AssetIdentity read_identity(const Query& q, int first) {
  return {q.str(first), q.str(first + 1), q.str(first + 2), q.str(first + 3), q.str(first + 4)};
}

}  // namespace

Status SqliteStore::for_each_asset_delta(const AssetDeltaFilter& f,
                                         const std::function<bool(const AssetDelta&)>& visit) {
  return guard_status("asset_deltas", [&] {
    int64_t from = to_ms(f.from), to = to_ms(f.to);
    if (to < from) throw SqliteError("the --to time is before the --from time");
    // Candidates: assets with a version or deletion marker in (from, to],
    // read through one cursor; only the current delta's contents are held.
    // Few candidates: found by time, then sorted. Many: the assets are walked
    // in id order (the uid index), so no sort holds them all.
    int64_t versions = 0;
    {
      auto count = db_->query(
          "SELECT count(*) FROM asset_versions WHERE valid_from > ?1 AND valid_from <= ?2");
      count.bind(1, from).bind(2, to);
      if (count.step()) versions = count.int64(0);
    }
    const bool sorted = versions <= options_.delta_sort_max;
    std::string sql =
        sorted ? "SELECT a.id, a.uid, a.type, a.account, a.region, a.name FROM assets a WHERE a.id IN "
              "(SELECT asset FROM asset_versions WHERE valid_from > ?1 AND valid_from <= ?2)"
            : "SELECT a.id, a.uid, a.type, a.account, a.region, a.name FROM assets a WHERE EXISTS "
              "(SELECT 1 FROM asset_versions v WHERE v.asset = a.id AND v.valid_from > ?1 AND "
              "v.valid_from <= ?2)";
    // (`+` keeps SQLite from choosing the account index, and a sort, when walking.)
    const char* plus = sorted ? "" : "+";
    if (f.account) sql += fmt::format(" AND {}a.account = ?3", plus);
    if (f.type) sql += fmt::format(" AND {}a.type = ?4", plus);
    sql += " ORDER BY a.uid";
    auto q = db_->query(sql);
    q.bind(1, from).bind(2, to);
    if (f.account) q.bind(3, *f.account);
    if (f.type) q.bind(4, *f.type);
    AssetDelta d;
    while (q.step()) {
      AssetRow asset{q.int64(0), read_identity(q, 1)};
      uint64_t before_hash = 0, after_hash = 0;
      d.before = version_at(*db_, dictionaries_, asset, from, &before_hash);
      d.after = version_at(*db_, dictionaries_, asset, to, &after_hash);
      if (!d.before && !d.after) continue;  // appeared and went in between
      if (!d.before) {
        d.kind = AssetDelta::Kind::Created;
      } else if (!d.after) {
        d.kind = AssetDelta::Kind::Deleted;
      } else {
        if (before_hash == after_hash) continue;  // deleted and back with the same content
        d.kind = AssetDelta::Kind::Changed;
      }
      d.identity = std::move(asset.identity);
      if (!visit(d)) break;
    }
  });
}

Result<std::vector<AssetDelta>> SqliteStore::asset_deltas(const AssetDeltaFilter& f) {
  std::vector<AssetDelta> out;
  Status s = for_each_asset_delta(f, [&](const AssetDelta& d) {
    out.push_back(d);
    return true;
  });
  if (!s.ok()) return s.error();
  return out;
}

Result<std::vector<AssetVersion>> SqliteStore::asset_history(const std::string& asset_id) {
  return guard<std::vector<AssetVersion>>("asset_history", [&] {
    std::vector<AssetVersion> out;
    std::optional<AssetRow> asset;
    {
      auto q = db_->query("SELECT id, uid, type, account, region, name FROM assets WHERE uid = ?1");
      q.bind(1, asset_id);
      if (q.step()) asset = AssetRow{q.int64(0), read_identity(q, 1)};
    }
    if (!asset) return out;
    auto q = db_->query(
        "SELECT version, valid_from, scan_id, encoding, content FROM asset_versions "
        "WHERE asset = ?1 AND version IS NOT NULL ORDER BY valid_from, id");
    q.bind(1, asset->key);
    while (q.step()) {
      AssetVersion v;
      v.identity = asset->identity;
      v.version = static_cast<int>(q.int64(0));
      v.valid_from = from_ms(q.int64(1));
      v.scan_id = q.int64(2);
      v.content = dictionaries_.decode(*db_, q.blob(4), static_cast<ContentEncoding>(q.int64(3)));
      out.push_back(std::move(v));
    }
    return out;
  });
}

}  // namespace vigil::store::sqlite
