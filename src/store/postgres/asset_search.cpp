// PgStore search over assets with PostgreSQL's full-text search: one
// tsvector per asset (asset_search, GIN-indexed), weighing its id (A), name
// (B) and configuration values (C) in the 'simple' configuration (no
// stemming, no stop words: ids are not English). index_search() adds the
// versions written since its last call, in asset_versions order; a hit
// counts only while it is its asset's latest version and the asset is not
// deleted. The words people type are checked as the SQLite store checks
// them (search_text.h); each becomes a phrase of its tokens whose last token
// matches as a prefix, and every word must match.
#include <fmt/format.h>

#include <unordered_map>

#include "store/postgres/group_sql.h"
#include "store/postgres/pg_codec.h"
#include "store/postgres/pg_store.h"
#include "store/search_text.h"

namespace vigil::store::postgres {

namespace {

// Hits ranked before the latest-version, deletion and scope filters: a bound
// on the work of a query whose words match most of the estate.
constexpr int64_t kMaxCandidates = 5000;

// The words as a tsquery: 'arn' <-> 'aws' <-> 'logs':* & 'ledger':*. Tokens
// hold no quote or backslash (search_tokens), so quoting them is enough.
std::string tsquery_text(const std::vector<std::string>& words) {
  std::string out;
  for (const std::string& word : words) {
    std::string tokens = search_tokens(word);
    if (tokens.empty()) continue;
    std::string phrase;
    size_t start = 0;
    while (start <= tokens.size()) {
      size_t end = tokens.find(' ', start);
      if (end == std::string::npos) end = tokens.size();
      phrase += fmt::format("{}'{}'", phrase.empty() ? "" : " <-> ",
                            std::string_view(tokens).substr(start, end - start));
      start = end + 1;
    }
    out += fmt::format("{}{}{}", out.empty() ? "" : " & ", phrase, search_prefix(word) ? ":*" : "");
  }
  return out;
}

}  // namespace

Result<size_t> PgStore::index_search(size_t max_versions) {
  return guard<size_t>("index_search", [&] {
    Transaction tx(*db_);
    Rows progress =
        db_->exec("SELECT indexed_through FROM search_progress WHERE id = 1 FOR UPDATE");
    int64_t through = progress.empty() ? 0 : progress.int64(0, 0);
    Rows versions = db_->exec(
        "SELECT v.id, v.version IS NULL, v.asset, v.version, a.uid, a.name, v.content "
        "FROM asset_versions v JOIN assets a ON a.id = v.asset WHERE v.id > $1 ORDER BY v.id "
        "LIMIT $2",
        Params().add(through).add(static_cast<int64_t>(max_versions)));
    // The latest indexed version of each asset in this batch.
    std::unordered_map<int64_t, size_t> row_of;
    std::vector<std::string> asset, version, uid, name, config;
    size_t added = 0;
    int64_t last = through;
    for (int i = 0; i < versions.size(); ++i) {
      last = versions.int64(i, 0);
      if (versions.boolean(i, 1)) continue;  // a deletion marker
      ++added;
      int64_t key = versions.int64(i, 2);
      auto [it, fresh] = row_of.try_emplace(key, asset.size());
      if (fresh) {
        asset.push_back(std::to_string(key));
        version.emplace_back();
        uid.emplace_back();
        name.emplace_back();
        config.emplace_back();
      }
      size_t row = it->second;
      version[row] = versions.str(i, 3);
      uid[row] = search_tokens(versions.text(i, 4));
      name[row] = search_tokens(versions.text(i, 5));
      config[row] = search_tokens(search_config_text(versions.text(i, 6)));
    }
    if (!asset.empty())
      db_->exec(
          "INSERT INTO asset_search(asset, version, doc) SELECT t.asset, t.version, "
          "setweight(to_tsvector('simple', t.uid), 'A') || "
          "setweight(to_tsvector('simple', t.name), 'B') || "
          "setweight(to_tsvector('simple', t.config), 'C') "
          "FROM unnest($1::int8[], $2::int4[], $3::text[], $4::text[], $5::text[]) "
          "AS t(asset, version, uid, name, config) "
          "ON CONFLICT (asset) DO UPDATE SET version = excluded.version, doc = excluded.doc",
          Params().add_array(asset).add_array(version).add_array(uid).add_array(name).add_array(
              config));
    if (last != through)
      db_->exec("UPDATE search_progress SET indexed_through = $1 WHERE id = 1", Params().add(last));
    tx.commit();
    return added;
  });
}

Result<std::vector<AssetMatch>> PgStore::search_assets(
    const std::string& words, const std::vector<std::string>& within_groups, size_t limit) {
  auto checked = search_words(words);
  if (!checked.ok()) return checked.error();
  std::string query = tsquery_text(*checked);
  return guard<std::vector<AssetMatch>>("search_assets", [&] {
    std::vector<AssetMatch> out;
    if (query.empty()) return out;
    Params p;
    p.add(query).add(kMaxCandidates).add(static_cast<int64_t>(limit));
    // Ids weigh most, then names, then configuration values; lower is better.
    std::string sql =
        "SELECT a.id, a.uid, a.type, a.account, a.region, a.name, a.first_seen, a.version, s.r "
        "FROM (SELECT asset, version, -ts_rank('{0.1, 0.2, 0.5, 1.0}', doc, q) AS r "
        "FROM asset_search, to_tsquery('simple', $1) q WHERE doc @@ q ORDER BY r LIMIT $2) s "
        "JOIN assets a ON a.id = s.asset WHERE s.version = a.version AND a.deleted_at IS NULL";
    if (!within_groups.empty()) sql += " AND " + member_of_any_group_sql("a.id", p, within_groups);
    sql += " ORDER BY s.r, a.id LIMIT $3";
    Rows r = db_->exec(sql, p);
    for (int i = 0; i < r.size(); ++i) {
      AssetMatch m;
      m.asset.key = r.int64(i, 0);
      m.asset.identity = {r.str(i, 1), r.str(i, 2), r.str(i, 3), r.str(i, 4), r.str(i, 5)};
      m.asset.first_seen = from_ms(r.int64(i, 6));
      m.asset.version = static_cast<int>(r.int64(i, 7));
      m.rank = r.real(i, 8);
      m.field = search_matched_field(m.asset.identity, words);
      out.push_back(std::move(m));
    }
    return out;
  });
}

}  // namespace vigil::store::postgres
