// SqliteStore search over assets: the full-text index (migration 8,
// asset_search) and its queries. One index row per asset content version,
// never deleted; a hit counts only while it is its asset's latest version
// and the asset is not deleted.
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>

#include "store/search_text.h"
#include "store/sqlite/codec.h"
#include "store/sqlite/group_sql.h"
#include "store/sqlite/sqlite_store.h"

namespace vigil::store::sqlite {

namespace {

// Index rows ranked before the latest-version, deletion and scope filters:
// a bound on the work of a query whose words match most of the estate. The
// candidates are the most recently indexed matches (FTS5 reads its doclists
// in rowid order and stops there), which are mostly latest versions; only
// they are ranked (computing BM25 for every match of a common word took
// seconds on a million assets).
constexpr int64_t kMaxCandidates = 5000;

// The user's words (store/search_text.h: the rules both backends share) as
// an FTS5 query: every word must match, each as a quoted phrase (so
// punctuation in ids is not query syntax), as a prefix when search_prefix.
Result<std::string> match_expression(const std::string& words) {
  auto checked = search_words(words);
  if (!checked.ok()) return checked.error();
  std::string expr;
  for (const std::string& word : *checked) {
    std::string quoted;
    for (char c : word) quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
    expr += fmt::format("{}\"{}\"{}", expr.empty() ? "" : " ", quoted,
                        search_prefix(word) ? "*" : "");
  }
  return expr;
}

}  // namespace

Result<size_t> SqliteStore::index_search(size_t max_versions) {
  return guard<size_t>("index_search", [&] {
    Transaction tx(*db_);
    int64_t through = 0;
    {
      auto q = db_->query("SELECT indexed_through FROM search_progress WHERE id = 1");
      if (q.step()) through = q.int64(0);
    }
    auto versions = db_->query(
        "SELECT v.id, v.version IS NULL, a.uid, a.name, v.encoding, v.content "
        "FROM asset_versions v JOIN assets a ON a.id = v.asset WHERE v.id > ?1 ORDER BY v.id "
        "LIMIT ?2");
    versions.bind(1, through).bind(2, static_cast<int64_t>(max_versions));
    auto insert =
        db_->query("INSERT INTO asset_search(rowid, uid, name, config) VALUES (?1, ?2, ?3, ?4)");
    size_t added = 0;
    int64_t last = through;
    while (versions.step()) {
      last = versions.int64(0);
      if (versions.int64(1) != 0) continue;  // a deletion marker
      std::string content = dictionaries_.decode(*db_, versions.blob(5),
                                                 static_cast<ContentEncoding>(versions.int64(4)));
      insert.bind(1, last)
          .bind(2, versions.text(2))
          .bind(3, versions.text(3))
          .bind(4, search_config_text(content))
          .run();
      insert.reset();
      ++added;
    }
    if (last != through)
      db_->query("UPDATE search_progress SET indexed_through = ?1 WHERE id = 1")
          .bind(1, last)
          .run();
    tx.commit();
    return added;
  });
}

Result<std::vector<AssetMatch>> SqliteStore::search_assets(
    const std::string& words, const std::vector<std::string>& within_groups, size_t limit) {
  auto expr = match_expression(words);
  if (!expr.ok()) return expr.error();
  return guard<std::vector<AssetMatch>>("search_assets", [&] {
    // Ids weigh most, then names, then configuration values (bm25 weights).
    std::string sql =
        "SELECT a.id, a.uid, a.type, a.account, a.region, a.name, a.first_seen, a.version, s.r "
        "FROM (SELECT rowid, bm25(asset_search, 10.0, 5.0, 1.0) AS r FROM asset_search "
        "WHERE asset_search MATCH ?1 ORDER BY rowid DESC LIMIT ?2) s "
        "JOIN asset_versions v ON v.id = s.rowid JOIN assets a ON a.id = v.asset "
        "WHERE v.version = a.version AND a.deleted_at IS NULL";
    if (!within_groups.empty()) sql += " AND " + member_of_any_group_sql("a.id", 4);
    sql += " ORDER BY s.r, a.id LIMIT ?3";
    auto q = db_->query(sql);
    q.bind(1, *expr).bind(2, kMaxCandidates).bind(3, static_cast<int64_t>(limit));
    if (!within_groups.empty()) q.bind(4, nlohmann::json(within_groups).dump());
    std::vector<AssetMatch> out;
    while (q.step()) {
      AssetMatch m;
      m.asset.key = q.int64(0);
      m.asset.identity = {q.str(1), q.str(2), q.str(3), q.str(4), q.str(5)};
      m.asset.first_seen = from_ms(q.int64(6));
      m.asset.version = static_cast<int>(q.int64(7));
      m.rank = q.real(8);
      m.field = search_matched_field(m.asset.identity, words);
      out.push_back(std::move(m));
    }
    return out;
  });
}

}  // namespace vigil::store::sqlite
