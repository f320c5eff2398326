// SqliteStore search over assets: the full-text index (migration 8,
// asset_search) and its queries. One index row per asset content version,
// never deleted; a hit counts only while it is its asset's latest version
// and the asset is not deleted.
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>

#include "store/sqlite/codec.h"
#include "store/sqlite/group_sql.h"
#include "store/sqlite/sqlite_store.h"

namespace vigil::store::sqlite {

namespace {

// Past this much text an asset's configuration is not indexed further: its
// ids, names and first values are what people search for.
constexpr size_t kMaxIndexedText = 64 * 1024;
// Hits ranked before the latest-version, deletion and scope filters: a
// bound on the work of a query whose words match most of the estate.
constexpr int64_t kMaxCandidates = 5000;
constexpr size_t kMaxWords = 16, kMaxWordLength = 200;

// The string and number values of a JSON document, space-separated.
void collect_values(const nlohmann::json& j, std::string& out) {
  if (out.size() >= kMaxIndexedText) return;
  if (j.is_object() || j.is_array()) {
    for (const auto& child : j) collect_values(child, out);
  } else if (j.is_string()) {
    out += j.get_ref<const std::string&>();
    out += ' ';
  } else if (j.is_number()) {
    out += j.dump();
    out += ' ';
  }
}

std::string config_text(std::string_view content) {
  std::string out;
  auto doc = nlohmann::json::parse(content, nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded()) return out;
  collect_values(doc, out);
  if (out.size() > kMaxIndexedText) out.resize(kMaxIndexedText);
  return out;
}

// The user's words as an FTS5 query: every word must match, each as a
// quoted phrase (so punctuation in ids is not query syntax) matching as a
// prefix.
Result<std::string> match_expression(const std::string& words) {
  std::string expr;
  size_t count = 0;
  for (size_t i = 0; i < words.size();) {
    while (i < words.size() && std::isspace(static_cast<unsigned char>(words[i]))) ++i;
    size_t start = i;
    while (i < words.size() && !std::isspace(static_cast<unsigned char>(words[i]))) ++i;
    if (start == i) break;
    std::string_view word(words.data() + start, i - start);
    if (word.size() > kMaxWordLength || ++count > kMaxWords)
      return Error(fmt::format("a search has at most {} words of at most {} characters", kMaxWords,
                               kMaxWordLength))
          .with_kind(Error::Kind::InvalidInput)
          .with_subject("q");
    // A word of punctuation only has no token to match.
    if (std::none_of(word.begin(), word.end(),
                     [](unsigned char c) { return std::isalnum(c) || c >= 0x80; }))
      continue;
    std::string quoted;
    for (char c : word) quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
    expr += fmt::format("{}\"{}\"*", expr.empty() ? "" : " ", quoted);
  }
  if (expr.empty())
    return Error("the search has no word to look for")
        .with_kind(Error::Kind::InvalidInput)
        .with_subject("q");
  return expr;
}

bool contains_folded(std::string_view haystack, std::string_view needle) {
  auto it = std::search(
      haystack.begin(), haystack.end(), needle.begin(), needle.end(),
      [](unsigned char a, unsigned char b) { return std::tolower(a) == std::tolower(b); });
  return it != haystack.end();
}

// Which field a hit is best explained by: the id or name when they hold the
// first word, the configuration otherwise.
std::string matched_field(const AssetIdentity& asset, const std::string& words) {
  std::string_view first(words);
  first.remove_prefix(std::min(first.find_first_not_of(" \t\r\n"), first.size()));
  first = first.substr(0, first.find_first_of(" \t\r\n"));
  if (contains_folded(asset.id, first)) return "id";
  if (contains_folded(asset.name, first)) return "name";
  return "config";
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
          .bind(4, config_text(content))
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
        "WHERE asset_search MATCH ?1 ORDER BY r LIMIT ?2) s "
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
      m.field = matched_field(m.asset.identity, words);
      out.push_back(std::move(m));
    }
    return out;
  });
}

}  // namespace vigil::store::sqlite
