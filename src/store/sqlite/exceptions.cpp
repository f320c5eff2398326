// SqliteStore exceptions and the audit log. A grant or revoke writes its
// audit entry (and a revoke the moves of its violations) in the same
// transaction as the change.
#include <fmt/format.h>

#include "store/sqlite/codec.h"
#include "store/sqlite/sqlite_store.h"

namespace vigil::store::sqlite {

void SqliteStore::insert_audit(const AuditEntry& a) {
  db_->query(
         "INSERT INTO audit_log(at, actor, action, object, details) VALUES (?1, ?2, ?3, ?4, ?5)")
      .bind(1, to_ms(a.at))
      .bind(2, a.actor)
      .bind(3, a.action)
      .bind(4, a.object)
      .bind(5, json_text(a.details))
      .run();
}

Result<int64_t> SqliteStore::add_exception(const ExceptionRecord& e, const AuditEntry& audit) {
  return guard<int64_t>("add_exception", [&] {
    if (e.expires == Time{}) throw SqliteError("an exception needs an expiry time");
    Transaction tx(*db_);
    db_->query(
           "INSERT INTO exceptions(sticky, policy_id, asset_id, policy_ids, category, severity, "
           "group_name, "
           "condition, reason, requested_by, granted_by, ticket, created, expires) "
           "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)")
        .bind(1, int64_t{e.sticky ? 1 : 0})
        .bind(2, e.policy_id)
        .bind(3, e.asset_id)
        .bind(4, nlohmann::json(e.policy_ids).dump())
        .bind(5, e.category)
        .bind(6, e.severity)
        .bind(7, e.group)
        .bind(8, e.condition)
        .bind(9, e.reason)
        .bind(10, e.requested_by)
        .bind(11, e.granted_by)
        .bind(12, e.ticket)
        .bind(13, to_ms(e.created))
        .bind(14, to_ms(e.expires))
        .run();
    int64_t id = db_->last_insert_rowid();
    AuditEntry entry = audit;
    if (entry.object.empty()) entry.object = fmt::format("exception:{}", id);
    insert_audit(entry);
    tx.commit();
    return id;
  });
}

Status SqliteStore::revoke_exception(int64_t id, Time at, const std::string& by,
                                     const std::string& reason, const AuditEntry& audit) {
  return revoke_exception(id, at, by, reason, audit, {});
}

Status SqliteStore::revoke_exception(int64_t id, Time at, const std::string& by,
                                     const std::string& reason, const AuditEntry& audit,
                                     const std::vector<ViolationUpdate>& updates) {
  return guard_status("revoke_exception", [&] {
    Transaction tx(*db_);
    {
      auto q = db_->query("SELECT revoked FROM exceptions WHERE id = ?1");
      q.bind(1, id);
      if (!q.step()) throw SqliteError(fmt::format("no exception with id {}", id));
      if (!q.is_null(0)) throw SqliteError(fmt::format("exception {} is already revoked", id));
    }
    db_->query(
           "UPDATE exceptions SET revoked = ?2, revoked_by = ?3, revoke_reason = ?4 WHERE id = ?1")
        .bind(1, id)
        .bind(2, to_ms(at))
        .bind(3, by)
        .bind(4, reason)
        .run();
    insert_audit(audit);
    for (const ViolationUpdate& u : updates) apply_update(u, to_ms(at), std::nullopt);
    tx.commit();
  });
}

namespace {

constexpr std::string_view kExceptionSelect =
    "SELECT id, sticky, policy_id, asset_id, policy_ids, category, severity, group_name, "
    "condition, reason, "
    "requested_by, granted_by, ticket, created, expires, revoked, revoked_by, revoke_reason FROM "
    "exceptions";

ExceptionRecord read_exception(const Query& q) {
  ExceptionRecord e;
  e.id = q.int64(0);
  e.sticky = q.int64(1) != 0;
  e.policy_id = q.str(2);
  e.asset_id = q.str(3);
  nlohmann::json ids = json_from(q.text(4));
  if (ids.is_array())
    for (const auto& id : ids)
      if (id.is_string()) e.policy_ids.push_back(id.get<std::string>());
  e.category = q.str(5);
  e.severity = q.str(6);
  e.group = q.str(7);
  e.condition = q.str(8);
  e.reason = q.str(9);
  e.requested_by = q.str(10);
  e.granted_by = q.str(11);
  e.ticket = q.str(12);
  e.created = from_ms(q.int64(13));
  e.expires = from_ms(q.int64(14));
  if (!q.is_null(15)) e.revoked = from_ms(q.int64(15));
  e.revoked_by = q.str(16);
  e.revoke_reason = q.str(17);
  return e;
}

}  // namespace

Result<std::vector<ExceptionRecord>> SqliteStore::exceptions(bool include_inactive, Time now) {
  return guard<std::vector<ExceptionRecord>>("exceptions", [&] {
    std::vector<ExceptionRecord> out;
    auto q =
        db_->query(include_inactive ? std::string(kExceptionSelect) + " ORDER BY id"
                                    : std::string(kExceptionSelect) +
                                          " WHERE revoked IS NULL AND expires > ?1 ORDER BY id");
    if (!include_inactive) q.bind(1, to_ms(now));
    while (q.step()) out.push_back(read_exception(q));
    return out;
  });
}

Result<std::optional<ExceptionRecord>> SqliteStore::exception(int64_t id) {
  return guard<std::optional<ExceptionRecord>>(
      "exception", [&]() -> std::optional<ExceptionRecord> {
        auto q = db_->query(std::string(kExceptionSelect) + " WHERE id = ?1");
        q.bind(1, id);
        if (!q.step()) return std::nullopt;
        return read_exception(q);
      });
}

Result<std::vector<AuditEntry>> SqliteStore::audit_log(const RecordPage& page) {
  return guard<std::vector<AuditEntry>>("audit_log", [&] {
    std::vector<AuditEntry> out;
    auto q =
        db_->query(std::string("SELECT id, at, actor, action, object, details FROM audit_log ") +
                   (page.before_id ? "WHERE id < ?2 " : "") + "ORDER BY id DESC LIMIT ?1");
    q.bind(1, page.limit == 0 ? int64_t{-1} : static_cast<int64_t>(page.limit));
    if (page.before_id) q.bind(2, page.before_id);
    while (q.step()) {
      AuditEntry a;
      a.id = q.int64(0);
      a.at = from_ms(q.int64(1));
      a.actor = q.str(2);
      a.action = q.str(3);
      a.object = q.str(4);
      a.details = json_from(q.text(5));
      out.push_back(std::move(a));
    }
    return out;
  });
}

}  // namespace vigil::store::sqlite
