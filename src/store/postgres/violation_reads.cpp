// PgStore violation reads (streamed through cursors, filtered), events, and
// updates (in a scan and outside one).
#include <fmt/format.h>

#include <unordered_map>
#include <unordered_set>

#include "store/postgres/group_sql.h"
#include "store/postgres/pg_codec.h"
#include "store/postgres/pg_store.h"
#include "store/postgres/temp_tables.h"
#include "store/violation_sort_sql.h"

namespace vigil::store::postgres {

namespace {

constexpr std::string_view kViolationSelect =
    "SELECT v.id, p.name, a.uid, a.type, a.account, a.region, a.name, v.status, v.severity, "
    "v.category, v.message, v.first_seen, v.last_change, v.close_reason, v.exception_id "
    "FROM violations v JOIN policies p ON p.id = v.policy JOIN assets a ON a.id = v.asset";

ViolationStatus status_of(std::string_view text) {
  return violation_status_from(text).value_or(ViolationStatus::Unknown);
}

void read_violation(const Rows& r, int i, Violation& v) {
  v.id = r.int64(i, 0);
  v.policy_id.assign(r.text(i, 1));
  v.asset.id.assign(r.text(i, 2));
  v.asset.type.assign(r.text(i, 3));
  v.asset.account.assign(r.text(i, 4));
  v.asset.region.assign(r.text(i, 5));
  v.asset.name.assign(r.text(i, 6));
  v.status = status_of(r.text(i, 7));
  v.severity.assign(r.text(i, 8));
  v.category.assign(r.text(i, 9));
  v.message.assign(r.text(i, 10));
  v.first_seen = from_ms(r.int64(i, 11));
  v.last_change = from_ms(r.int64(i, 12));
  v.close_reason.assign(r.text(i, 13));
  v.exception_id = r.opt_int64(i, 14);
}

}  // namespace

Status PgStore::for_each_violation(const ViolationFilter& f,
                                   const std::function<bool(const Violation&)>& visit) {
  return guard_status("violations", [&] {
    std::string sql(kViolationSelect);
    std::vector<std::string> where;
    Params p;
    auto arg = [&](auto value) {
      p.add(value);
      return "$" + std::to_string(p.size());
    };
    if (!f.statuses.empty()) {
      std::vector<std::string> names;
      for (ViolationStatus s : f.statuses) names.emplace_back(to_string(s));
      p.add_array(names);
      where.push_back(fmt::format("v.status = ANY(${}::text[])", p.size()));
    }
    if (f.policy_id) where.push_back("p.name = " + arg(*f.policy_id));
    if (f.account) where.push_back("a.account = " + arg(*f.account));
    if (f.region) where.push_back("a.region = " + arg(*f.region));
    if (f.type) where.push_back("a.type = " + arg(*f.type));
    if (f.severity) where.push_back("v.severity = " + arg(*f.severity));
    if (f.category) where.push_back("v.category = " + arg(*f.category));
    if (f.group) where.push_back(member_of_group_sql("v.asset", p, *f.group));
    std::string key = violation_sort_key_sql(f.sort);
    const char* after = f.descending ? " < " : " > ";
    if (f.after_id) {
      if (f.sort == ViolationSort::Id) {
        where.push_back("v.id" + std::string(after) + arg(f.after_id));
      } else {
        std::string value = arg(f.after_value);
        where.push_back("(" + key + ", v.id)" + after + "(" + value + ", " + arg(f.after_id) + ")");
      }
    }
    if (f.asset_id) where.push_back("a.uid = " + arg(*f.asset_id));
    if (!f.within_groups.empty())
      where.push_back(member_of_any_group_sql("v.asset", p, f.within_groups));
    for (size_t i = 0; i < where.size(); ++i) sql += (i == 0 ? " WHERE " : " AND ") + where[i];
    const char* direction = f.descending ? " DESC" : "";
    if (f.sort == ViolationSort::Id)
      sql += fmt::format(" ORDER BY v.id{}", direction);
    else
      sql += fmt::format(" ORDER BY {}{}, v.id{}", key, direction, direction);
    if (f.limit) sql += " LIMIT " + arg(static_cast<int64_t>(f.limit));
    Violation v;
    for_each_row(*db_, sql, p, [&](const Rows& r, int i) {
      read_violation(r, i, v);
      return visit(v);
    });
  });
}

Result<std::vector<Violation>> PgStore::violations(const ViolationFilter& filter) {
  std::vector<Violation> out;
  Status s = for_each_violation(filter, [&](const Violation& v) {
    out.push_back(v);
    return true;
  });
  if (!s.ok()) return s.error();
  return out;
}

Status PgStore::for_each_violation_state(const std::function<bool(const ViolationState&)>& visit) {
  return guard_status("violation_states", [&] {
    // No joins: the policy names (a few dozen) are read once; the asset is its key.
    std::unordered_map<int64_t, std::string> policy_names;
    {
      Rows r = db_->exec("SELECT id, name FROM policies");
      for (int i = 0; i < r.size(); ++i) policy_names.emplace(r.int64(i, 0), r.str(i, 1));
    }
    ViolationState v;
    {
      Rows r = db_->exec("SELECT max(id) FROM violations");
      v.rows_hint = r.opt_int64(0, 0).value_or(0);
    }
    for_each_row(
        *db_,
        "SELECT id, policy, asset, status, severity, message, exception_id, ever_violated FROM "
        "violations ORDER BY id",
        {}, [&](const Rows& r, int i) {
          v.id = r.int64(i, 0);
          auto policy = policy_names.find(r.int64(i, 1));
          if (policy == policy_names.end())
            throw PgError(fmt::format("violation {} names policy key {}, not in policies", v.id,
                                      r.int64(i, 1)),
                          Error::Kind::Corrupt);
          v.policy_id = policy->second;
          v.asset_key = r.int64(i, 2);
          v.status = status_of(r.text(i, 3));
          v.severity = r.text(i, 4);
          v.message = r.text(i, 5);
          v.exception_id = r.opt_int64(i, 6).value_or(0);
          v.ever_violated = r.boolean(i, 7);
          return visit(v);
        });
  });
}

Result<std::vector<std::string>> PgStore::policy_ids() {
  return guard<std::vector<std::string>>("policy_ids", [&] {
    std::vector<std::string> ids;
    Rows r = db_->exec("SELECT name FROM policies ORDER BY name COLLATE \"C\"");
    for (int i = 0; i < r.size(); ++i) ids.push_back(r.str(i, 0));
    return ids;
  });
}

Result<std::vector<ViolationCount>> PgStore::violation_counts(
    const std::vector<std::string>& policies, const std::optional<std::string>& account) {
  return guard<std::vector<ViolationCount>>("violation_counts", [&] {
    std::vector<ViolationCount> out;
    if (policies.empty()) return out;
    std::string sql =
        "SELECT p.name, a.account, v.status, count(*) FROM violations v "
        "JOIN assets a ON a.id = v.asset JOIN policies p ON p.id = v.policy "
        "WHERE p.name = ANY($1::text[]) AND v.status <> 'closed'";
    Params params;
    params.add_array(policies);
    if (account) {
      sql += " AND a.account = $2";
      params.add(*account);
    }
    sql +=
        " GROUP BY p.name, a.account, v.status ORDER BY p.name COLLATE \"C\", a.account COLLATE "
        "\"C\", v.status COLLATE \"C\"";
    Rows r = db_->exec(sql, params);
    for (int i = 0; i < r.size(); ++i) {
      ViolationCount c;
      c.policy_id = r.str(i, 0);
      c.account = r.str(i, 1);
      c.status = violation_status_from(r.text(i, 2)).value_or(ViolationStatus::Unknown);
      c.count = r.int64(i, 3);
      out.push_back(std::move(c));
    }
    return out;
  });
}

Result<std::vector<AssetCount>> PgStore::live_asset_counts(
    const std::optional<std::string>& account) {
  return guard<std::vector<AssetCount>>("live_asset_counts", [&] {
    std::vector<AssetCount> out;
    std::string sql = "SELECT account, type, count(*) FROM assets WHERE deleted_at IS NULL";
    Params params;
    if (account) {
      sql += " AND account = $1";
      params.add(*account);
    }
    sql += " GROUP BY account, type ORDER BY account COLLATE \"C\", type COLLATE \"C\"";
    Rows r = db_->exec(sql, params);
    for (int i = 0; i < r.size(); ++i) out.push_back({r.str(i, 0), r.str(i, 1), r.int64(i, 2)});
    return out;
  });
}

Result<std::optional<Violation>> PgStore::violation(int64_t id) {
  return guard<std::optional<Violation>>("violation", [&]() -> std::optional<Violation> {
    Rows r = db_->exec(std::string(kViolationSelect) + " WHERE v.id = $1", Params().add(id));
    if (r.empty()) return std::nullopt;
    Violation v;
    read_violation(r, 0, v);
    return v;
  });
}

Result<std::vector<ViolationEvent>> PgStore::violation_events(int64_t id) {
  return guard<std::vector<ViolationEvent>>("violation_events", [&] {
    std::vector<ViolationEvent> out;
    auto read = [&](const Rows& r) {
      for (int i = 0; i < r.size(); ++i) {
        ViolationEvent e;
        e.violation_id = id;
        e.at = from_ms(r.int64(i, 0));
        e.scan_id = r.opt_int64(i, 1).value_or(0);
        if (!r.is_null(i, 2)) e.from = violation_status_from(r.text(i, 2));
        e.to = status_of(r.text(i, 3));
        e.reason = r.str(i, 4);
        e.message = r.str(i, 5);
        out.push_back(std::move(e));
      }
    };
    read(db_->exec(
        "SELECT at, scan_id, from_status, to_status, reason, message FROM violation_events "
        "WHERE violation = $1 ORDER BY seq",
        Params().add(id)));
    if (out.empty())  // only the opening event, implied by the unchanged row
      read(db_->exec(
          "SELECT first_seen, opened_scan, NULL, status, CASE status WHEN 'open' THEN 'opened' "
          "ELSE status END, message FROM violations WHERE id = $1",
          Params().add(id)));
    return out;
  });
}

namespace {

// One batch of updates of distinct violations, written set-based.
void apply_distinct(Connection& c, const std::vector<const ViolationUpdate*>& batch, int64_t at,
                    std::optional<int64_t> scan) {
  temp_table(c, "vigil_updates",
             "ord BIGINT, id BIGINT, to_status TEXT, reason TEXT, message TEXT, severity TEXT, "
             "close_reason TEXT, exception_id BIGINT");
  size_t next = 0;
  bool exempted = false;  // some update names an exception
  c.copy_in("COPY vigil_updates FROM STDIN", [&](std::string& b) {
    if (next == batch.size()) return false;
    const ViolationUpdate& u = *batch[next];
    copy_field(b, std::to_string(next++));
    copy_field(b, std::to_string(u.id));
    copy_field(b, to_string(u.to));
    copy_field(b, u.reason);
    copy_field(b, u.message);
    copy_field(b, u.severity);
    copy_field(b, u.to == ViolationStatus::Closed ? u.close_reason : std::string());
    if (u.exception_id) {
      copy_field(b, std::to_string(*u.exception_id), true);
      exempted = true;
    } else {
      copy_null(b, true);
    }
    return true;
  });
  Rows unknown = c.exec(
      "SELECT u.id FROM vigil_updates u WHERE NOT EXISTS (SELECT 1 FROM violations v WHERE v.id "
      "= u.id) ORDER BY u.ord LIMIT 1");
  if (!unknown.empty())
    throw PgError(fmt::format("update of violation {}: no such violation", unknown.text(0, 0)),
                  Error::Kind::NotFound);
  // The exceptions named exist (violations.exception_id has no foreign key
  // since migration 6: this is its check).
  if (exempted) {
    Rows missing = c.exec(
        "SELECT u.id, u.exception_id FROM vigil_updates u WHERE u.exception_id IS NOT NULL AND "
        "NOT EXISTS (SELECT 1 FROM exceptions e WHERE e.id = u.exception_id) ORDER BY u.ord "
        "LIMIT 1");
    if (!missing.empty())
      throw PgError(fmt::format("update of violation {}: exception {} does not exist",
                                missing.text(0, 0), missing.text(0, 1)),
                    Error::Kind::NotFound);
  }
  // Materialize the opening events from the rows before they change (see
  // migrations.cpp, violation_events), then each update's event.
  c.exec(
      "INSERT INTO violation_events(violation, seq, at, scan_id, from_status, to_status, reason, "
      "message) SELECT v.id, 1, v.first_seen, v.opened_scan, NULL, v.status, CASE v.status WHEN "
      "'open' THEN 'opened' ELSE v.status END, v.message FROM violations v JOIN vigil_updates u "
      "ON u.id = v.id WHERE NOT EXISTS (SELECT 1 FROM violation_events e WHERE e.violation = "
      "v.id)");
  Params p;
  p.add(at).add(scan);
  c.exec(
      "INSERT INTO violation_events(violation, seq, at, scan_id, from_status, to_status, reason, "
      "message) SELECT u.id, (SELECT max(e.seq) FROM violation_events e WHERE e.violation = u.id) "
      "+ 1, $1, $2, v.status, u.to_status, u.reason, u.message FROM vigil_updates u JOIN "
      "violations v ON v.id = u.id",
      p);
  c.exec(
      "UPDATE violations v SET status = u.to_status, "
      "severity = coalesce(nullif(u.severity, ''), v.severity), message = u.message, "
      "close_reason = u.close_reason, exception_id = u.exception_id, last_change = $1, "
      // first found failing after being only unknown: that is when it was first seen
      "first_seen = CASE WHEN NOT v.ever_violated AND u.to_status IN ('open', 'exempted') "
      "THEN $1 ELSE v.first_seen END, "
      "ever_violated = v.ever_violated OR u.to_status IN ('open', 'exempted') "
      "FROM vigil_updates u WHERE v.id = u.id",
      Params().add(at));
}

}  // namespace

void PgStore::apply_updates(const std::vector<ViolationUpdate>& updates, int64_t at_ms,
                            std::optional<int64_t> scan_id) {
  // Batches of distinct violations, in order: a violation updated twice
  // gets its second update in the next batch, after the first.
  std::vector<const ViolationUpdate*> batch;
  std::unordered_set<int64_t> ids;
  for (const ViolationUpdate& u : updates) {
    if (!ids.insert(u.id).second) {
      apply_distinct(*db_, batch, at_ms, scan_id);
      batch.clear();
      ids = {u.id};
    }
    batch.push_back(&u);
  }
  if (!batch.empty()) apply_distinct(*db_, batch, at_ms, scan_id);
}

Status PgStore::update_violations(const std::vector<ViolationUpdate>& updates, Time at) {
  if (options_.read_only) return not_writable("update_violations");
  return guard_status("update_violations", [&] {
    Transaction tx(*db_);
    apply_updates(updates, to_ms(at), std::nullopt);
    tx.commit();
  });
}

}  // namespace vigil::store::postgres
