// SqliteStore violation reads (streamed, filtered), events, and updates
// outside a scan.
#include <fmt/format.h>

#include <algorithm>

#include "store/sqlite/codec.h"
#include "store/sqlite/group_sql.h"
#include "store/sqlite/sqlite_store.h"
#include "store/violation_sort_sql.h"

namespace vigil::store::sqlite {

namespace {

constexpr std::string_view kViolationSelect =
    "SELECT v.id, p.name, a.uid, a.type, a.account, a.region, a.name, v.status, v.severity, "
    "v.category, "
    "v.message, v.first_seen, v.last_change, v.close_reason, v.exception_id "
    "FROM violations v JOIN policies p ON p.id = v.policy JOIN assets a ON a.id = v.asset";

// Reads into `v`, reusing its strings' capacity.
void read_violation(const Query& q, Violation& v) {
  v.id = q.int64(0);
  v.policy_id.assign(q.text(1));
  v.asset.id.assign(q.text(2));
  v.asset.type.assign(q.text(3));
  v.asset.account.assign(q.text(4));
  v.asset.region.assign(q.text(5));
  v.asset.name.assign(q.text(6));
  v.status = violation_status_from(q.text(7)).value_or(ViolationStatus::Unknown);
  v.severity.assign(q.text(8));
  v.category.assign(q.text(9));
  v.message.assign(q.text(10));
  v.first_seen = from_ms(q.int64(11));
  v.last_change = from_ms(q.int64(12));
  v.close_reason.assign(q.text(13));
  v.exception_id = q.opt_int64(14);
}

}  // namespace

Status SqliteStore::for_each_violation(const ViolationFilter& f,
                                       const std::function<bool(const Violation&)>& visit) {
  return guard_status("violations", [&] {
    // Parameters are numbered by filter so one SQL text per filter shape is
    // cached; statuses are spelled into the text (four fixed words).
    std::string sql(kViolationSelect);
    std::vector<std::string> where;
    if (!f.statuses.empty()) {
      std::string in;
      for (ViolationStatus s : f.statuses)
        in += fmt::format("{}'{}'", in.empty() ? "" : ", ", to_string(s));
      // Pages in id order spell one status as `=`: SQLite uses the partial
      // index violations_open_by_severity only for a term of that form.
      // Sorted pages keep IN, so they read their sort's index in order
      // (with `=` and a severity, SQLite would sort every match).
      bool by_id = f.sort == ViolationSort::Id;
      where.push_back(f.statuses.size() == 1 && by_id ? "v.status = " + in
                                                      : "v.status IN (" + in + ")");
      bool open = std::find(f.statuses.begin(), f.statuses.end(), ViolationStatus::Open) !=
                  f.statuses.end();
      if (!open)
        where.push_back(
            "v.status <> 'open'");  // lets SQLite use the partial index violations_not_open
    }
    if (f.policy_id) where.push_back("p.name = ?1");
    if (f.account) where.push_back("a.account = ?2");
    if (f.region) where.push_back("a.region = ?3");
    if (f.type) where.push_back("a.type = ?4");
    if (f.severity) where.push_back("v.severity = ?5");
    if (f.category) where.push_back("v.category = ?6");
    if (f.group) where.push_back(member_of_group_sql("v.asset", 7));
    std::string key = violation_sort_key_sql(f.sort);
    const char* after = f.descending ? "<" : ">";
    if (f.after_id) {
      if (f.sort == ViolationSort::Id)
        where.push_back(fmt::format("v.id {} ?9", after));
      else
        where.push_back(fmt::format("({}, v.id) {} (?12, ?9)", key, after));
    }
    if (f.asset_id) where.push_back("a.uid = ?10");
    if (!f.within_groups.empty()) where.push_back(member_of_any_group_sql("v.asset", 11));
    for (size_t i = 0; i < where.size(); ++i) sql += (i == 0 ? " WHERE " : " AND ") + where[i];
    const char* direction = f.descending ? " DESC" : "";
    if (f.sort == ViolationSort::Id)
      sql += fmt::format(" ORDER BY v.id{}", direction);
    else
      sql += fmt::format(" ORDER BY {}{}, v.id{}", key, direction, direction);
    if (f.limit) sql += " LIMIT ?8";
    auto q = db_->query(sql);
    if (f.policy_id) q.bind(1, *f.policy_id);
    if (f.account) q.bind(2, *f.account);
    if (f.region) q.bind(3, *f.region);
    if (f.type) q.bind(4, *f.type);
    if (f.severity) q.bind(5, *f.severity);
    if (f.category) q.bind(6, *f.category);
    if (f.group) q.bind(7, *f.group);
    if (f.limit) q.bind(8, static_cast<int64_t>(f.limit));
    if (f.after_id) q.bind(9, f.after_id);
    if (f.after_id && f.sort != ViolationSort::Id) q.bind(12, f.after_value);
    if (f.asset_id) q.bind(10, *f.asset_id);
    if (!f.within_groups.empty()) q.bind(11, nlohmann::json(f.within_groups).dump());
    Violation v;
    while (q.step()) {
      read_violation(q, v);
      if (!visit(v)) break;
    }
  });
}

Status SqliteStore::for_each_violation_state(
    const std::function<bool(const ViolationState&)>& visit) {
  return guard_status("violation_states", [&] {
    // No joins: the policy names (a few dozen) are read once; the asset is
    // its key. Only the columns the tracker compares are read.
    std::vector<std::string> policy_names;
    {
      auto q = db_->query("SELECT id, name FROM policies ORDER BY id");
      while (q.step()) {
        int64_t id = q.int64(0);
        if (id < 0 || id > (int64_t{1} << 24))
          throw SqliteError(fmt::format("policies: unexpected key {}", id));
        if (size_t(id) >= policy_names.size()) policy_names.resize(size_t(id) + 1);
        policy_names[size_t(id)] = q.str(1);
      }
    }
    ViolationState v;
    {
      // Ids are rowids, dense from 1 unless rows were deleted: the largest
      // is a fair row count, read from the b-tree's end (no table scan).
      auto q = db_->query("SELECT max(id) FROM violations");
      if (q.step()) v.rows_hint = q.opt_int64(0).value_or(0);
    }
    auto q = db_->query(
        "SELECT id, policy, asset, status, severity, message, exception_id, ever_violated FROM "
        "violations ORDER BY id");
    while (q.step()) {
      v.id = q.int64(0);
      int64_t policy = q.int64(1);
      if (policy < 0 || size_t(policy) >= policy_names.size())
        throw SqliteError(
            fmt::format("violation {} names policy key {}, not in policies", v.id, policy));
      v.policy_id = policy_names[size_t(policy)];
      v.asset_key = q.int64(2);
      std::string_view status = q.text(3);
      // The four statuses differ in their first letter (the CHECK constraint
      // allows no others).
      switch (status.empty() ? '\0' : status[0]) {
        case 'o':
          v.status = ViolationStatus::Open;
          break;
        case 'e':
          v.status = ViolationStatus::Exempted;
          break;
        case 'c':
          v.status = ViolationStatus::Closed;
          break;
        default:
          v.status = ViolationStatus::Unknown;
      }
      v.severity = q.text(4);
      v.message = q.text(5);
      v.exception_id = q.opt_int64(6).value_or(0);
      v.ever_violated = q.int64(7) != 0;
      if (!visit(v)) break;
    }
  });
}

Result<std::vector<std::string>> SqliteStore::policy_ids() {
  return guard<std::vector<std::string>>("policy_ids", [&] {
    std::vector<std::string> ids;
    auto q = db_->query("SELECT name FROM policies ORDER BY name");
    while (q.step()) ids.push_back(q.str(0));
    return ids;
  });
}

Result<std::vector<ViolationCount>> SqliteStore::violation_counts(
    const std::vector<std::string>& policies, const std::optional<std::string>& account) {
  return guard<std::vector<ViolationCount>>("violation_counts", [&] {
    std::vector<ViolationCount> out;
    if (policies.empty()) return out;
    // Every account: through violations_by_policy (only the asked policies'
    // rows are read). One account: from its assets (assets_by_account), then
    // their violations by (asset, policy); CROSS JOIN keeps that order (the
    // planner otherwise reads every violation of the policies).
    auto q = db_->query(
        account ? "SELECT p.name, a.account, v.status, count(*) FROM assets a "
                  "CROSS JOIN violations v ON v.asset = a.id JOIN policies p ON p.id = v.policy "
                  "WHERE a.account = ?1 AND p.name IN (SELECT value FROM json_each(?2)) "
                  "AND v.status <> 'closed' "
                  "GROUP BY p.name, a.account, v.status ORDER BY p.name, a.account, v.status"
                : "SELECT p.name, a.account, v.status, count(*) FROM policies p "
                  "JOIN violations v ON v.policy = p.id JOIN assets a ON a.id = v.asset "
                  "WHERE p.name IN (SELECT value FROM json_each(?2)) AND v.status <> 'closed' "
                  "GROUP BY p.name, a.account, v.status ORDER BY p.name, a.account, v.status");
    if (account) q.bind(1, *account);
    q.bind(2, nlohmann::json(policies).dump());
    while (q.step()) {
      ViolationCount c;
      c.policy_id = q.str(0);
      c.account = q.str(1);
      c.status = violation_status_from(q.str(2)).value_or(ViolationStatus::Unknown);
      c.count = q.int64(3);
      out.push_back(std::move(c));
    }
    return out;
  });
}

Result<std::vector<AssetCount>> SqliteStore::live_asset_counts(
    const std::optional<std::string>& account) {
  return guard<std::vector<AssetCount>>("live_asset_counts", [&] {
    std::vector<AssetCount> out;
    auto q = db_->query(
        "SELECT account, type, count(*) FROM assets "
        "WHERE deleted_at IS NULL AND (?1 IS NULL OR account = ?1) "
        "GROUP BY account, type ORDER BY account, type");
    if (account) q.bind(1, *account);
    while (q.step()) out.push_back({q.str(0), q.str(1), q.int64(2)});
    return out;
  });
}

Result<std::unique_ptr<Store>> SqliteStore::open_reader() {
  if (db_->path().empty() || db_->path() == ":memory:" || db_->path().rfind("file:", 0) == 0) {
    Error e;
    e.message =
        "open_reader: store " + db_->path() + " is not a plain file; read it through this handle";
    return e;
  }
  Result<std::unique_ptr<SqliteStore>> opened = open(db_->path(), options_);
  if (!opened.ok()) return opened.error();
  return std::unique_ptr<Store>(std::move(opened).value());
}

Result<std::vector<Violation>> SqliteStore::violations(const ViolationFilter& filter) {
  std::vector<Violation> out;
  Status s = for_each_violation(filter, [&](const Violation& v) {
    out.push_back(v);
    return true;
  });
  if (!s.ok()) return s.error();
  return out;
}

Result<std::optional<Violation>> SqliteStore::violation(int64_t id) {
  return guard<std::optional<Violation>>("violation", [&]() -> std::optional<Violation> {
    auto q = db_->query(std::string(kViolationSelect) + " WHERE v.id = ?1");
    q.bind(1, id);
    if (!q.step()) return std::nullopt;
    Violation v;
    read_violation(q, v);
    return v;
  });
}

Result<std::vector<ViolationEvent>> SqliteStore::violation_events(int64_t id) {
  return guard<std::vector<ViolationEvent>>("violation_events", [&] {
    std::vector<ViolationEvent> out;
    auto read = [&](const Query& q) {
      ViolationEvent e;
      e.violation_id = id;
      e.at = from_ms(q.int64(0));
      e.scan_id = q.opt_int64(1).value_or(0);
      if (!q.is_null(2)) e.from = violation_status_from(q.text(2));
      e.to = violation_status_from(q.text(3)).value_or(ViolationStatus::Unknown);
      e.reason = q.str(4);
      e.message = q.str(5);
      out.push_back(std::move(e));
    };
    {
      auto q = db_->query(
          "SELECT at, scan_id, from_status, to_status, reason, message FROM violation_events "
          "WHERE violation = ?1 ORDER BY seq");
      q.bind(1, id);
      while (q.step()) read(q);
    }
    if (out.empty()) {  // only the opening event, implied by the unchanged row
      auto q = db_->query(
          "SELECT first_seen, opened_scan, NULL, status, CASE status WHEN 'open' THEN 'opened' "
          "ELSE status END, "
          "message FROM violations WHERE id = ?1");
      q.bind(1, id);
      if (q.step()) read(q);
    }
    return out;
  });
}

Status SqliteStore::update_violations(const std::vector<ViolationUpdate>& updates, Time at) {
  return guard_status("update_violations", [&] {
    Transaction tx(*db_);
    for (const ViolationUpdate& u : updates) apply_update(u, to_ms(at), std::nullopt);
    tx.commit();
  });
}

}  // namespace vigil::store::sqlite
