// /api/v1/assets and /api/v1/search: the recorded inventory, browsed by key
// or searched by words, one asset with its configuration, timeline,
// findings (each with the fields its policy reads) and related assets, and
// field diffs between two of its versions.
// Every read goes through the caller's asset-group scope: an asset outside
// it is "not found".
#include <fmt/format.h>

#include <cctype>
#include <map>
#include <set>
#include <sstream>

#include "api/http_json.h"
#include "api/query.h"
#include "api/routes.h"
#include "core/json_text_writer.h"
#include "core/time_text.h"
#include "inventory/field_diff.h"
#include "policy/field_reads.h"

namespace vigil::api {

namespace {

constexpr size_t kDefaultPage = 100, kMaxPage = 1000;
constexpr size_t kDefaultHits = 20, kMaxHits = 100;
// Related assets named in one configuration, at most; findings per asset.
constexpr size_t kMaxRelated = 100, kMaxFindings = 1000;

// An asset's listing (the fields every asset answer starts with), written
// as text: pages of 100 are written row by row (a tree was most of their
// cost). `matched` is the field a search matched, if any.
void write_listing(JsonTextWriter& out, const store::AssetListing& a,
                   const std::string* matched = nullptr) {
  out.begin_object()
      .member("key", a.key)
      .member("id", a.identity.id)
      .member("type", a.identity.type)
      .member("account", a.identity.account)
      .member("region", a.identity.region)
      .member("name", a.identity.name)
      .member("first_seen", vigil::format_time(a.first_seen));
  out.key("deleted_at");
  if (a.deleted_at)
    out.value(vigil::format_time(*a.deleted_at));
  else
    out.null();
  out.member("version", static_cast<int64_t>(a.version));
  if (matched) out.member("matched", *matched);
  out.end_object();
}

// The listing as a tree, for the one-asset answers that add to it.
json listing_json(const store::AssetListing& a) {
  std::string text;
  JsonTextWriter out(text);
  write_listing(out, a);
  return json::parse(text);
}

json content_json(const std::string& content) {
  json doc = json::parse(content, nullptr, false);
  return doc.is_discarded() ? json(content) : doc;
}

// The asset with key `key` if the caller may see it (deleted ones too).
Result<std::optional<store::AssetListing>> visible_asset(store::Store& db, int64_t key,
                                                         const Caller& caller) {
  store::AssetFilter only;
  only.after_key = key - 1;
  only.limit = 1;
  only.include_deleted = true;
  scope_filter(only, caller);
  std::optional<store::AssetListing> found;
  Status read = db.for_each_asset(only, [&](const store::AssetListing& a) {
    if (a.key == key) found = a;
    return false;
  });
  if (!read.ok()) return read.error();
  return found;
}

// ARNs named anywhere in a configuration, in document order, deduplicated.
void collect_arns(const json& j, std::vector<std::string>& out, std::set<std::string>& seen) {
  if (out.size() >= kMaxRelated) return;
  if (j.is_object() || j.is_array()) {
    for (const auto& child : j) collect_arns(child, out, seen);
  } else if (j.is_string()) {
    const auto& s = j.get_ref<const std::string&>();
    if (s.rfind("arn:", 0) == 0 && seen.insert(s).second) out.push_back(s);
  }
}

// Assets the configuration names by ARN that the store knows and the caller
// may see (other than the asset itself).
Result<json> related_json(store::Store& db, const json& config, const store::AssetListing& self,
                          const Caller& caller) {
  std::vector<std::string> arns;
  std::set<std::string> seen{self.identity.id};
  collect_arns(config, arns, seen);
  json out = json::array();
  for (const std::string& arn : arns) {
    store::AssetFilter f;
    f.asset_id = arn;
    f.include_deleted = true;
    f.limit = 1;
    scope_filter(f, caller);
    Status read = db.for_each_asset(f, [&](const store::AssetListing& a) {
      out.push_back({{"key", a.key},
                     {"id", a.identity.id},
                     {"type", a.identity.type},
                     {"name", a.identity.name}});
      return false;
    });
    if (!read.ok()) return read.error();
  }
  return out;
}

// The asset's findings, each with the fields its policy's condition reads
// (policy/field_reads.h; empty when the policy is no longer in the pack).
Result<json> findings_json(store::Store& db, const std::string& asset_id, const Caller& caller,
                           const ApiContext& context) {
  store::ViolationFilter f;
  f.asset_id = asset_id;
  f.limit = kMaxFindings;
  scope_filter(f, caller);
  json out = json::array();
  std::map<std::string, json> reads;  // by policy id: a few policies per asset
  Status read = db.for_each_violation(f, [&](const store::Violation& v) {
    json finding = tracker::tracked_finding_json(v, context.texts);
    auto known = reads.find(v.policy_id);
    if (known == reads.end()) {
      const CompiledPolicy* p = context.policies ? context.policies->find(v.policy_id) : nullptr;
      known = reads.emplace(v.policy_id, p ? json(resource_reads(p->policy)) : json::array()).first;
    }
    finding["reads"] = known->second;
    out.push_back(std::move(finding));
    return true;
  });
  if (!read.ok()) return read.error();
  return out;
}

// Whether every whitespace-separated word of `words` is in `text`, ignoring case.
bool every_word_in(const std::string& words, const std::string& text) {
  auto folded = [](std::string s) {
    for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
  };
  std::string haystack = folded(text);
  std::istringstream in(folded(words));
  std::string word;
  bool any = false;
  while (in >> word) {
    if (haystack.find(word) == std::string::npos) return false;
    any = true;
  }
  return any;
}

void send_search(httplib::Response& res, store::Store& db, const std::string& words, size_t limit,
                 const Caller& caller) {
  auto hits = db.search_assets(words, caller.principal.groups, limit);
  if (!hits.ok()) return send_error(res, hits.error());
  std::string body;
  JsonTextWriter out(body);
  out.begin_object().key("items").begin_array();
  for (const auto& m : *hits) write_listing(out, m.asset, &m.field);
  out.end_array().key("next_cursor").null().end_object();
  send_json_text(res, std::move(body));
}

}  // namespace

// Browse by key (filters, keyset pages) or, with ?q=, search: the best
// matches first, one page.
void list_assets(const httplib::Request& req, httplib::Response& res, ApiContext& context,
                 const Caller& caller) {
  Query q(req);
  Status checked = q.check(
      {"q", "id", "account", "region", "type", "group", "deleted", "limit", "cursor", "order"});
  if (!checked.ok()) return send_error(res, checked.error());
  if (auto words = q.text("q")) {
    for (const char* other :
         {"id", "account", "region", "type", "group", "deleted", "cursor", "order"})
      if (q.text(other))
        return send_error(res, 400, "invalid_input",
                          fmt::format("'{}' cannot be combined with a search (q)", other), other);
    auto limit = q.limit(kDefaultHits, kMaxHits);
    if (!limit.ok()) return send_error(res, limit.error());
    auto db = store_or_error(context, res);
    if (!db) return;
    return send_search(res, **db, *words, *limit, caller);
  }
  auto limit = q.limit(kDefaultPage, kMaxPage);
  if (!limit.ok()) return send_error(res, limit.error());
  auto after = q.cursor();
  if (!after.ok()) return send_error(res, after.error());
  auto deleted = q.flag("deleted", false);
  if (!deleted.ok()) return send_error(res, deleted.error());
  auto descending = q.descending();
  if (!descending.ok()) return send_error(res, descending.error());
  store::AssetFilter f;
  f.asset_id = q.text("id");
  f.account = q.text("account");
  f.region = q.text("region");
  f.type = q.text("type");
  f.group = q.text("group");
  f.include_deleted = *deleted;
  f.after_key = *after;
  f.descending = *descending;
  f.limit = *limit + 1;  // one more: is there a next page?
  scope_filter(f, caller);
  auto db = store_or_error(context, res);
  if (!db) return;
  std::string body;
  JsonTextWriter out(body);
  out.begin_object().key("items").begin_array();
  size_t count = 0;
  int64_t last = 0;
  bool more = false;
  Status read = (*db)->for_each_asset(f, [&](const store::AssetListing& a) {
    if (count == *limit) {
      more = true;
      return false;
    }
    write_listing(out, a);
    ++count;
    last = a.key;
    return true;
  });
  if (!read.ok()) return send_error(res, read.error());
  out.end_array().key("next_cursor");
  if (more)
    out.value(cursor_after(last));
  else
    out.null();
  out.end_object();
  send_json_text(res, std::move(body));
}

void get_asset(const httplib::Request& req, httplib::Response& res, ApiContext& context,
               const Caller& caller) {
  auto key = id_param(req, res, 1, "key");
  if (!key) return;
  if (Status checked = Query(req).check({}); !checked.ok()) return send_error(res, checked.error());
  auto db = store_or_error(context, res);
  if (!db) return;
  auto asset = visible_asset(**db, *key, caller);
  if (!asset.ok()) return send_error(res, asset.error());
  if (!*asset) return send_error(res, 404, "not_found", fmt::format("no asset with key {}", *key));
  auto timeline = (*db)->asset_timeline(*key);
  if (!timeline.ok()) return send_error(res, timeline.error());
  auto latest = (*db)->asset_version(*key, (*asset)->version);
  if (!latest.ok()) return send_error(res, latest.error());
  json out = listing_json(**asset);
  out["config"] = *latest ? content_json((*latest)->content) : json(nullptr);
  json versions = json::array();
  for (const auto& e : *timeline)
    versions.push_back({{"version", e.deleted ? json(nullptr) : json(e.version)},
                        {"valid_from", vigil::format_time(e.valid_from)},
                        {"scan_id", e.scan_id},
                        {"deleted", e.deleted}});
  out["versions"] = std::move(versions);
  auto findings = findings_json(**db, (*asset)->identity.id, caller, context);
  if (!findings.ok()) return send_error(res, findings.error());
  out["findings"] = std::move(*findings);
  auto related = related_json(**db, out["config"], **asset, caller);
  if (!related.ok()) return send_error(res, related.error());
  out["related"] = std::move(*related);
  send_json(res, out);
}

void get_asset_version(const httplib::Request& req, httplib::Response& res, ApiContext& context,
                       const Caller& caller) {
  auto key = id_param(req, res, 1, "key");
  if (!key) return;
  auto version = id_param(req, res, 2, "version");
  if (!version) return;
  if (Status checked = Query(req).check({}); !checked.ok()) return send_error(res, checked.error());
  auto db = store_or_error(context, res);
  if (!db) return;
  auto asset = visible_asset(**db, *key, caller);
  if (!asset.ok()) return send_error(res, asset.error());
  if (!*asset) return send_error(res, 404, "not_found", fmt::format("no asset with key {}", *key));
  auto v = (*db)->asset_version(*key, static_cast<int>(*version));
  if (!v.ok()) return send_error(res, v.error());
  if (!*v)
    return send_error(res, 404, "not_found",
                      fmt::format("asset {} has no version {}", *key, *version), "version");
  send_json(res, {{"key", *key},
                  {"version", (*v)->version},
                  {"valid_from", vigil::format_time((*v)->valid_from)},
                  {"scan_id", (*v)->scan_id},
                  {"config", content_json((*v)->content)}});
}

// Field-by-field changes from version ?from= to version ?to= (either order).
void diff_asset_versions(const httplib::Request& req, httplib::Response& res, ApiContext& context,
                         const Caller& caller) {
  auto key = id_param(req, res, 1, "key");
  if (!key) return;
  Query q(req);
  if (Status checked = q.check({"from", "to"}); !checked.ok())
    return send_error(res, checked.error());
  auto from = q.number("from", std::nullopt, 1, INT32_MAX);
  if (!from.ok()) return send_error(res, from.error());
  auto to = q.number("to", std::nullopt, 1, INT32_MAX);
  if (!to.ok()) return send_error(res, to.error());
  auto db = store_or_error(context, res);
  if (!db) return;
  auto asset = visible_asset(**db, *key, caller);
  if (!asset.ok()) return send_error(res, asset.error());
  if (!*asset) return send_error(res, 404, "not_found", fmt::format("no asset with key {}", *key));
  std::optional<store::AssetVersion> versions[2];
  const int64_t numbers[2] = {*from, *to};
  const char* names[2] = {"from", "to"};
  for (int i = 0; i < 2; ++i) {
    auto v = (*db)->asset_version(*key, static_cast<int>(numbers[i]));
    if (!v.ok()) return send_error(res, v.error());
    if (!*v)
      return send_error(res, 404, "not_found",
                        fmt::format("asset {} has no version {}", *key, numbers[i]), names[i]);
    versions[i] = std::move(**v);
  }
  json changes = json::array();
  for (const FieldChange& c :
       diff_json(nlohmann::json::parse(versions[0]->content, nullptr, false),
                 nlohmann::json::parse(versions[1]->content, nullptr, false))) {
    json change = {{"path", c.path},
                   {"op", !c.had_before  ? "added"
                          : !c.has_after ? "removed"
                                         : "changed"}};
    if (c.had_before) change["before"] = c.before;
    if (c.has_after) change["after"] = c.after;
    changes.push_back(std::move(change));
  }
  send_json(res, {{"key", *key}, {"from", *from}, {"to", *to}, {"changes", std::move(changes)}});
}

// Everything a person may look for by words: assets (ids, names, tags,
// configuration values) and the deployment's policies (id, title).
void search_everything(const httplib::Request& req, httplib::Response& res, ApiContext& context,
                       const Caller& caller) {
  Query q(req);
  if (Status checked = q.check({"q", "limit"}); !checked.ok())
    return send_error(res, checked.error());
  auto words = q.text("q");
  if (!words) return send_error(res, 400, "invalid_input", "query parameter 'q' is required", "q");
  auto limit = q.limit(kDefaultHits, kMaxHits);
  if (!limit.ok()) return send_error(res, limit.error());
  auto db = store_or_error(context, res);
  if (!db) return;
  auto hits = (*db)->search_assets(*words, caller.principal.groups, *limit);
  if (!hits.ok()) return send_error(res, hits.error());
  json items = json::array();
  // Policies first: a few dozen, matched when every word is in the id or title.
  if (context.policies) {
    for (const auto& compiled : context.policies->policies()) {
      const Policy& p = compiled->policy;
      if (items.size() >= *limit) break;
      if (!every_word_in(*words, p.id + " " + p.title)) continue;
      items.push_back({{"kind", "policy"},
                       {"id", p.id},
                       {"title", p.title},
                       {"detail", fmt::format("{} · {}", to_string(p.severity), p.resource)}});
    }
  }
  for (const auto& m : *hits) {
    if (items.size() >= *limit) break;
    items.push_back(
        {{"kind", "asset"},
         {"key", m.asset.key},
         {"id", m.asset.identity.id},
         {"title", m.asset.identity.name.empty() ? m.asset.identity.id : m.asset.identity.name},
         {"detail", fmt::format("{} · {} · {} · matched {}", m.asset.identity.type,
                                m.asset.identity.account, m.asset.identity.region, m.field)}});
  }
  send_json(res, {{"items", std::move(items)}});
}

}  // namespace vigil::api
