// SqliteStore asset browsing for the API: assets by key (filtered, paged),
// one asset's timeline, and one of its content versions.
#include <fmt/format.h>

#include "store/sqlite/codec.h"
#include "store/sqlite/group_sql.h"
#include "store/sqlite/sqlite_store.h"

namespace vigil::store::sqlite {

namespace {

constexpr std::string_view kListingSelect =
    "SELECT a.id, a.uid, a.type, a.account, a.region, a.name, a.first_seen, a.deleted_at, "
    "a.version FROM assets a";

void read_listing(const Query& q, AssetListing& out) {
  out.key = q.int64(0);
  out.identity.id.assign(q.text(1));
  out.identity.type.assign(q.text(2));
  out.identity.account.assign(q.text(3));
  out.identity.region.assign(q.text(4));
  out.identity.name.assign(q.text(5));
  out.first_seen = from_ms(q.int64(6));
  out.deleted_at.reset();
  if (auto deleted = q.opt_int64(7)) out.deleted_at = from_ms(*deleted);
  out.version = static_cast<int>(q.int64(8));
}

}  // namespace

Status SqliteStore::for_each_asset(const AssetFilter& f,
                                   const std::function<bool(const AssetListing&)>& visit) {
  return guard_status("assets", [&] {
    // Parameters are numbered by filter, so one SQL text per filter shape.
    std::string sql(kListingSelect);
    std::vector<std::string> where;
    if (f.asset_id) where.push_back("a.uid = ?1");
    if (f.account) where.push_back("a.account = ?2");
    if (f.region) where.push_back("a.region = ?3");
    if (f.type) where.push_back("a.type = ?4");
    if (f.group) where.push_back(member_of_group_sql("a.id", 5));
    if (!f.within_groups.empty()) where.push_back(member_of_any_group_sql("a.id", 6));
    if (!f.include_deleted) where.push_back("a.deleted_at IS NULL");
    if (f.after_key) where.push_back(f.descending ? "a.id < ?7" : "a.id > ?7");
    for (size_t i = 0; i < where.size(); ++i) sql += (i == 0 ? " WHERE " : " AND ") + where[i];
    sql += f.descending ? " ORDER BY a.id DESC" : " ORDER BY a.id";
    if (f.limit) sql += " LIMIT ?8";
    auto q = db_->query(sql);
    if (f.asset_id) q.bind(1, *f.asset_id);
    if (f.account) q.bind(2, *f.account);
    if (f.region) q.bind(3, *f.region);
    if (f.type) q.bind(4, *f.type);
    if (f.group) q.bind(5, *f.group);
    if (!f.within_groups.empty()) q.bind(6, nlohmann::json(f.within_groups).dump());
    if (f.after_key) q.bind(7, f.after_key);
    if (f.limit) q.bind(8, static_cast<int64_t>(f.limit));
    AssetListing row;
    while (q.step()) {
      read_listing(q, row);
      if (!visit(row)) break;
    }
  });
}

Result<std::vector<AssetTimelineEntry>> SqliteStore::asset_timeline(int64_t key) {
  return guard<std::vector<AssetTimelineEntry>>("asset_timeline", [&] {
    std::vector<AssetTimelineEntry> out;
    auto q = db_->query(
        "SELECT coalesce(version, 0), valid_from, scan_id, version IS NULL FROM asset_versions "
        "WHERE asset = ?1 ORDER BY valid_from, id");
    q.bind(1, key);
    while (q.step())
      out.push_back(
          {static_cast<int>(q.int64(0)), from_ms(q.int64(1)), q.int64(2), q.int64(3) != 0});
    return out;
  });
}

Result<std::optional<AssetVersion>> SqliteStore::asset_version(int64_t key, int version) {
  return guard<std::optional<AssetVersion>>("asset_version", [&]() -> std::optional<AssetVersion> {
    auto q = db_->query(std::string(kListingSelect) + " WHERE a.id = ?1");
    q.bind(1, key);
    if (!q.step()) return std::nullopt;
    AssetListing asset;
    read_listing(q, asset);
    auto v = db_->query(
        "SELECT version, valid_from, scan_id, encoding, content FROM asset_versions "
        "WHERE asset = ?1 AND version = ?2 ORDER BY id DESC LIMIT 1");
    v.bind(1, key).bind(2, static_cast<int64_t>(version));
    if (!v.step()) return std::nullopt;
    AssetVersion out;
    out.identity = std::move(asset.identity);
    out.version = static_cast<int>(v.int64(0));
    out.valid_from = from_ms(v.int64(1));
    out.scan_id = v.int64(2);
    out.content = dictionaries_.decode(*db_, v.blob(4), static_cast<ContentEncoding>(v.int64(3)));
    return out;
  });
}

}  // namespace vigil::store::sqlite
