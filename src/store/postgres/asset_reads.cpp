// PgStore asset reads: heads (streamed), history, and deltas between two
// times. An asset's state at time T is its last asset_versions row with
// valid_from <= T (ties broken by row id); a row with a NULL version is a
// deletion marker. Text is ordered bytewise (COLLATE "C"), as SQLite does.
#include <fmt/format.h>

#include "store/postgres/pg_codec.h"
#include "store/postgres/pg_store.h"

namespace vigil::store::postgres {

Status PgStore::for_each_asset_head(const std::function<bool(const AssetHead&)>& visit) {
  return guard_status("asset_heads", [&] {
    AssetHead head;
    for_each_row(*db_,
                 "SELECT uid, account, region, type, hash, deleted_at IS NOT NULL, id, "
                 "coalesce(source, '') FROM assets ORDER BY id",
                 {}, [&](const Rows& r, int i) {
                   head.id.assign(r.text(i, 0));
                   head.scope.account.assign(r.text(i, 1));
                   head.scope.region.assign(r.text(i, 2));
                   head.scope.type.assign(r.text(i, 3));
                   head.content_hash = hash_from_db(r.int64(i, 4));
                   head.deleted = r.boolean(i, 5);
                   head.key = r.int64(i, 6);
                   head.source.assign(r.text(i, 7));
                   return visit(head);
                 });
  });
}

Result<std::vector<AssetHead>> PgStore::asset_heads() {
  std::vector<AssetHead> heads;
  Status s = for_each_asset_head([&](const AssetHead& h) {
    heads.push_back(h);
    return true;
  });
  if (!s.ok()) return s.error();
  return heads;
}

namespace {

// The version in columns first..first+4 (version, valid_from, scan_id, hash,
// content); nullopt when none (not yet, or deleted then).
std::optional<AssetVersion> version_in(const Rows& r, int i, int first,
                                       const AssetIdentity& identity, uint64_t& hash) {
  if (r.is_null(i, first)) return std::nullopt;
  AssetVersion v;
  v.identity = identity;
  v.version = static_cast<int>(r.int64(i, first));
  v.valid_from = from_ms(r.int64(i, first + 1));
  v.scan_id = r.int64(i, first + 2);
  hash = hash_from_db(r.int64(i, first + 3));
  v.content = r.str(i, first + 4);
  return v;
}

constexpr std::string_view kVersionAt =
    "LEFT JOIN LATERAL (SELECT version, valid_from, scan_id, hash, content FROM asset_versions v "
    "WHERE v.asset = a.id AND v.valid_from <= {} ORDER BY v.valid_from DESC, v.id DESC LIMIT 1) "
    "{} ON true ";

}  // namespace

Status PgStore::for_each_asset_delta(const AssetDeltaFilter& f,
                                     const std::function<bool(const AssetDelta&)>& visit) {
  return guard_status("asset_deltas", [&] {
    int64_t from = to_ms(f.from), to = to_ms(f.to);
    if (to < from)
      throw PgError("the --to time is before the --from time", Error::Kind::InvalidInput);
    // Candidates: assets with a version or deletion marker in (from, to],
    // each with its state at both ends, through one cursor: only the
    // current delta's contents are held.
    Params p;
    p.add(from).add(to);
    std::string sql =
        "SELECT a.uid, a.type, a.account, a.region, a.name, b.version, b.valid_from, b.scan_id, "
        "b.hash, b.content, e.version, e.valid_from, e.scan_id, e.hash, e.content FROM assets a " +
        fmt::format(fmt::runtime(kVersionAt), "$1", "b") +
        fmt::format(fmt::runtime(kVersionAt), "$2", "e") +
        "WHERE EXISTS (SELECT 1 FROM asset_versions v WHERE v.asset = a.id AND v.valid_from > $1 "
        "AND v.valid_from <= $2)";
    if (f.account) {
      p.add(*f.account);
      sql += fmt::format(" AND a.account = ${}", p.size());
    }
    if (f.type) {
      p.add(*f.type);
      sql += fmt::format(" AND a.type = ${}", p.size());
    }
    sql += " ORDER BY a.uid COLLATE \"C\"";
    AssetDelta d;
    for_each_row(
        *db_, sql, p,
        [&](const Rows& r, int i) {
          AssetIdentity identity{r.str(i, 0), r.str(i, 1), r.str(i, 2), r.str(i, 3), r.str(i, 4)};
          uint64_t before_hash = 0, after_hash = 0;
          d.before = version_in(r, i, 5, identity, before_hash);
          d.after = version_in(r, i, 10, identity, after_hash);
          if (!d.before && !d.after) return true;  // appeared and went in between
          if (!d.before) {
            d.kind = AssetDelta::Kind::Created;
          } else if (!d.after) {
            d.kind = AssetDelta::Kind::Deleted;
          } else {
            if (before_hash == after_hash) return true;  // deleted and back, same content
            d.kind = AssetDelta::Kind::Changed;
          }
          d.identity = std::move(identity);
          return visit(d);
        },
        500);
  });
}

Result<std::vector<AssetDelta>> PgStore::asset_deltas(const AssetDeltaFilter& f) {
  std::vector<AssetDelta> out;
  Status s = for_each_asset_delta(f, [&](const AssetDelta& d) {
    out.push_back(d);
    return true;
  });
  if (!s.ok()) return s.error();
  return out;
}

Result<std::vector<AssetVersion>> PgStore::asset_history(const std::string& asset_id) {
  return guard<std::vector<AssetVersion>>("asset_history", [&] {
    std::vector<AssetVersion> out;
    Rows r = db_->exec(
        "SELECT a.uid, a.type, a.account, a.region, a.name, v.version, v.valid_from, v.scan_id, "
        "v.content FROM assets a JOIN asset_versions v ON v.asset = a.id "
        "WHERE a.uid = $1 AND v.version IS NOT NULL ORDER BY v.valid_from, v.id",
        Params().add(asset_id));
    for (int i = 0; i < r.size(); ++i) {
      AssetVersion v;
      v.identity = {r.str(i, 0), r.str(i, 1), r.str(i, 2), r.str(i, 3), r.str(i, 4)};
      v.version = static_cast<int>(r.int64(i, 5));
      v.valid_from = from_ms(r.int64(i, 6));
      v.scan_id = r.int64(i, 7);
      v.content = r.str(i, 8);
      out.push_back(std::move(v));
    }
    return out;
  });
}

}  // namespace vigil::store::postgres
