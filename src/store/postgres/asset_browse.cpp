// PgStore asset browsing for the API: assets by key (filtered, paged), one
// asset's timeline, and one of its content versions.
#include <fmt/format.h>

#include "store/postgres/group_sql.h"
#include "store/postgres/pg_codec.h"
#include "store/postgres/pg_store.h"

namespace vigil::store::postgres {

namespace {

constexpr std::string_view kListingSelect =
    "SELECT a.id, a.uid, a.type, a.account, a.region, a.name, a.first_seen, a.deleted_at, "
    "a.version FROM assets a";

void read_listing(const Rows& r, int i, AssetListing& out) {
  out.key = r.int64(i, 0);
  out.identity.id.assign(r.text(i, 1));
  out.identity.type.assign(r.text(i, 2));
  out.identity.account.assign(r.text(i, 3));
  out.identity.region.assign(r.text(i, 4));
  out.identity.name.assign(r.text(i, 5));
  out.first_seen = from_ms(r.int64(i, 6));
  out.deleted_at.reset();
  if (auto deleted = r.opt_int64(i, 7)) out.deleted_at = from_ms(*deleted);
  out.version = static_cast<int>(r.int64(i, 8));
}

}  // namespace

Status PgStore::for_each_asset(const AssetFilter& f,
                               const std::function<bool(const AssetListing&)>& visit) {
  return guard_status("assets", [&] {
    std::string sql(kListingSelect);
    std::vector<std::string> where;
    Params p;
    auto arg = [&](auto value) {
      p.add(value);
      return "$" + std::to_string(p.size());
    };
    if (f.asset_id) where.push_back("a.uid = " + arg(*f.asset_id));
    if (f.account) where.push_back("a.account = " + arg(*f.account));
    if (f.region) where.push_back("a.region = " + arg(*f.region));
    if (f.type) where.push_back("a.type = " + arg(*f.type));
    if (f.group) where.push_back(member_of_group_sql("a.id", p, *f.group));
    if (!f.within_groups.empty())
      where.push_back(member_of_any_group_sql("a.id", p, f.within_groups));
    if (!f.include_deleted) where.push_back("a.deleted_at IS NULL");
    if (f.after_key) where.push_back((f.descending ? "a.id < " : "a.id > ") + arg(f.after_key));
    for (size_t i = 0; i < where.size(); ++i) sql += (i == 0 ? " WHERE " : " AND ") + where[i];
    sql += f.descending ? " ORDER BY a.id DESC" : " ORDER BY a.id";
    if (f.limit) sql += " LIMIT " + arg(static_cast<int64_t>(f.limit));
    AssetListing row;
    for_each_row(*db_, sql, p, [&](const Rows& r, int i) {
      read_listing(r, i, row);
      return visit(row);
    });
  });
}

Result<std::vector<AssetTimelineEntry>> PgStore::asset_timeline(int64_t key) {
  return guard<std::vector<AssetTimelineEntry>>("asset_timeline", [&] {
    std::vector<AssetTimelineEntry> out;
    Rows r = db_->exec(
        "SELECT coalesce(version, 0), valid_from, scan_id, version IS NULL FROM asset_versions "
        "WHERE asset = $1 ORDER BY valid_from, id",
        Params().add(key));
    for (int i = 0; i < r.size(); ++i)
      out.push_back({static_cast<int>(r.int64(i, 0)), from_ms(r.int64(i, 1)), r.int64(i, 2),
                     r.boolean(i, 3)});
    return out;
  });
}

Result<std::optional<AssetVersion>> PgStore::asset_version(int64_t key, int version) {
  return guard<std::optional<AssetVersion>>("asset_version", [&]() -> std::optional<AssetVersion> {
    Rows r = db_->exec(
        "SELECT a.uid, a.type, a.account, a.region, a.name, v.version, v.valid_from, v.scan_id, "
        "v.content FROM assets a JOIN asset_versions v ON v.asset = a.id "
        "WHERE a.id = $1 AND v.version = $2 ORDER BY v.id DESC LIMIT 1",
        Params().add(key).add(version));
    if (r.empty()) return std::nullopt;
    AssetVersion out;
    out.identity = {r.str(0, 0), r.str(0, 1), r.str(0, 2), r.str(0, 3), r.str(0, 4)};
    out.version = static_cast<int>(r.int64(0, 5));
    out.valid_from = from_ms(r.int64(0, 6));
    out.scan_id = r.int64(0, 7);
    out.content = r.str(0, 8);
    return out;
  });
}

}  // namespace vigil::store::postgres
