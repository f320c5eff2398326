// PgStore exceptions and the audit log. A grant or revoke writes its audit
// entry (and a revoke the moves of its violations) in the same transaction
// as the change.
#include <fmt/format.h>

#include "store/postgres/pg_codec.h"
#include "store/postgres/pg_store.h"

namespace vigil::store::postgres {

void PgStore::insert_audit(const AuditEntry& a) {
  db_->exec(
      "INSERT INTO audit_log(at, actor, action, object, details) VALUES ($1, $2, $3, $4, "
      "$5::jsonb)",
      Params().add(to_ms(a.at)).add(a.actor).add(a.action).add(a.object).add(json_text(a.details)));
}

Result<int64_t> PgStore::add_exception(const ExceptionRecord& e, const AuditEntry& audit) {
  return guard<int64_t>("add_exception", [&] {
    if (e.expires == Time{})
      throw PgError("an exception needs an expiry time", Error::Kind::InvalidInput);
    Transaction tx(*db_);
    Rows r = db_->exec(
        "INSERT INTO exceptions(sticky, policy_id, asset_id, policy_ids, category, severity, "
        "group_name, condition, reason, requested_by, granted_by, ticket, created, expires) "
        "VALUES ($1, $2, $3, $4::jsonb, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) RETURNING id",
        Params()
            .add(e.sticky)
            .add(e.policy_id)
            .add(e.asset_id)
            .add(nlohmann::json(e.policy_ids).dump())
            .add(e.category)
            .add(e.severity)
            .add(e.group)
            .add(e.condition)
            .add(e.reason)
            .add(e.requested_by)
            .add(e.granted_by)
            .add(e.ticket)
            .add(to_ms(e.created))
            .add(to_ms(e.expires)));
    int64_t id = r.int64(0, 0);
    AuditEntry entry = audit;
    if (entry.object.empty()) entry.object = fmt::format("exception:{}", id);
    insert_audit(entry);
    tx.commit();
    return id;
  });
}

Status PgStore::revoke_exception(int64_t id, Time at, const std::string& by,
                                 const std::string& reason, const AuditEntry& audit) {
  return revoke_exception(id, at, by, reason, audit, {});
}

Status PgStore::revoke_exception(int64_t id, Time at, const std::string& by,
                                 const std::string& reason, const AuditEntry& audit,
                                 const std::vector<ViolationUpdate>& updates) {
  return guard_status("revoke_exception", [&] {
    Transaction tx(*db_);
    Rows r = db_->exec("SELECT revoked FROM exceptions WHERE id = $1 FOR UPDATE", Params().add(id));
    if (r.empty()) throw PgError(fmt::format("no exception with id {}", id), Error::Kind::NotFound);
    if (!r.is_null(0, 0))
      throw PgError(fmt::format("exception {} is already revoked", id), Error::Kind::Conflict);
    db_->exec(
        "UPDATE exceptions SET revoked = $2, revoked_by = $3, revoke_reason = $4 WHERE id = $1",
        Params().add(id).add(to_ms(at)).add(by).add(reason));
    insert_audit(audit);
    apply_updates(updates, to_ms(at), std::nullopt);
    tx.commit();
  });
}

namespace {

constexpr std::string_view kExceptionSelect =
    "SELECT id, sticky, policy_id, asset_id, policy_ids::text, category, severity, group_name, "
    "condition, reason, requested_by, granted_by, ticket, created, expires, revoked, revoked_by, "
    "revoke_reason FROM exceptions";

ExceptionRecord read_exception(const Rows& r, int i) {
  ExceptionRecord e;
  e.id = r.int64(i, 0);
  e.sticky = r.boolean(i, 1);
  e.policy_id = r.str(i, 2);
  e.asset_id = r.str(i, 3);
  nlohmann::json ids = json_from(r.text(i, 4));
  if (ids.is_array())
    for (const auto& id : ids)
      if (id.is_string()) e.policy_ids.push_back(id.get<std::string>());
  e.category = r.str(i, 5);
  e.severity = r.str(i, 6);
  e.group = r.str(i, 7);
  e.condition = r.str(i, 8);
  e.reason = r.str(i, 9);
  e.requested_by = r.str(i, 10);
  e.granted_by = r.str(i, 11);
  e.ticket = r.str(i, 12);
  e.created = from_ms(r.int64(i, 13));
  e.expires = from_ms(r.int64(i, 14));
  if (!r.is_null(i, 15)) e.revoked = from_ms(r.int64(i, 15));
  e.revoked_by = r.str(i, 16);
  e.revoke_reason = r.str(i, 17);
  return e;
}

}  // namespace

Result<std::vector<ExceptionRecord>> PgStore::exceptions(bool include_inactive, Time now) {
  return guard<std::vector<ExceptionRecord>>("exceptions", [&] {
    std::vector<ExceptionRecord> out;
    Rows r = include_inactive ? db_->exec(std::string(kExceptionSelect) + " ORDER BY id")
                              : db_->exec(std::string(kExceptionSelect) +
                                              " WHERE revoked IS NULL AND expires > $1 ORDER BY id",
                                          Params().add(to_ms(now)));
    for (int i = 0; i < r.size(); ++i) out.push_back(read_exception(r, i));
    return out;
  });
}

Result<std::optional<ExceptionRecord>> PgStore::exception(int64_t id) {
  return guard<std::optional<ExceptionRecord>>(
      "exception", [&]() -> std::optional<ExceptionRecord> {
        Rows r = db_->exec(std::string(kExceptionSelect) + " WHERE id = $1", Params().add(id));
        if (r.empty()) return std::nullopt;
        return read_exception(r, 0);
      });
}

Result<std::vector<AuditEntry>> PgStore::audit_log(const RecordPage& page) {
  return guard<std::vector<AuditEntry>>("audit_log", [&] {
    std::vector<AuditEntry> out;
    Params p;
    std::string sql = "SELECT id, at, actor, action, object, details::text FROM audit_log ";
    sql += record_page_sql(page, p);
    Rows r = db_->exec(sql, p);
    for (int i = 0; i < r.size(); ++i) {
      AuditEntry a;
      a.id = r.int64(i, 0);
      a.at = from_ms(r.int64(i, 1));
      a.actor = r.str(i, 2);
      a.action = r.str(i, 3);
      a.object = r.str(i, 4);
      a.details = json_from(r.text(i, 5));
      out.push_back(std::move(a));
    }
    return out;
  });
}

Status PgStore::record_audit(const AuditEntry& audit) {
  return guard_status("record_audit", [&] { insert_audit(audit); });
}

}  // namespace vigil::store::postgres
