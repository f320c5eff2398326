// SqliteStore users, sessions and API tokens (store.h). Every change but a
// session writes its audit entry in the same transaction.
#include <fmt/format.h>

#include "store/sqlite/codec.h"
#include "store/sqlite/sqlite_store.h"

namespace vigil::store::sqlite {

namespace {

std::string groups_text(const std::vector<std::string>& groups) {
  return nlohmann::json(groups).dump();
}

std::vector<std::string> groups_from(std::string_view text) {
  std::vector<std::string> out;
  for (const auto& g : json_from(text)) out.push_back(g.get<std::string>());
  return out;
}

constexpr std::string_view kUserColumns =
    "id, name, password_hash, role, groups, must_change_password, disabled, created, sso_subject";

UserRecord read_user(const Query& q) {
  UserRecord u;
  u.id = q.int64(0);
  u.name = q.str(1);
  u.password_hash = q.str(2);
  u.role = q.str(3);
  u.groups = groups_from(q.text(4));
  u.must_change_password = q.int64(5) != 0;
  u.disabled = q.int64(6) != 0;
  u.created = from_ms(q.int64(7));
  u.sso_subject = q.str(8);
  return u;
}

constexpr std::string_view kTokenColumns =
    "t.id, t.name, t.digest, t.user_id, u.name, t.role, t.groups, t.created, t.expires, t.revoked";

TokenRecord read_token(const Query& q) {
  TokenRecord t;
  t.id = q.int64(0);
  t.name = q.str(1);
  t.digest = q.str(2);
  t.user_id = q.int64(3);
  t.user = q.str(4);
  t.role = q.str(5);
  t.groups = groups_from(q.text(6));
  t.created = from_ms(q.int64(7));
  t.expires = from_ms(q.int64(8));
  if (!q.is_null(9)) t.revoked = from_ms(q.int64(9));
  return t;
}

}  // namespace

Result<int64_t> SqliteStore::add_user(const UserRecord& u, const AuditEntry& audit) {
  return guard<int64_t>("add_user", [&] {
    Transaction tx(*db_);
    {
      auto q = db_->query("SELECT 1 FROM users WHERE name = ?1");
      q.bind(1, u.name);
      if (q.step())
        throw SqliteError(fmt::format("a user named {} exists", u.name), Error::Kind::Conflict);
    }
    db_->query(
           "INSERT INTO users(name, password_hash, role, groups, must_change_password, disabled, "
           "created, sso_subject) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)")
        .bind(1, u.name)
        .bind(2, u.password_hash)
        .bind(3, u.role)
        .bind(4, groups_text(u.groups))
        .bind(5, int64_t{u.must_change_password})
        .bind(6, int64_t{u.disabled})
        .bind(7, to_ms(u.created))
        .bind(8, u.sso_subject)
        .run();
    int64_t id = db_->last_insert_rowid();
    insert_audit(audit);
    tx.commit();
    return id;
  });
}

Status SqliteStore::update_user(const UserRecord& u, bool end_sessions, const AuditEntry& audit) {
  return guard_status("update_user", [&] {
    Transaction tx(*db_);
    db_->query(
           "UPDATE users SET password_hash = ?2, role = ?3, groups = ?4, must_change_password = "
           "?5, "
           "disabled = ?6 WHERE name = ?1")
        .bind(1, u.name)
        .bind(2, u.password_hash)
        .bind(3, u.role)
        .bind(4, groups_text(u.groups))
        .bind(5, int64_t{u.must_change_password})
        .bind(6, int64_t{u.disabled})
        .run();
    if (db_->changes() == 0)
      throw SqliteError(fmt::format("no user named {}", u.name), Error::Kind::NotFound);
    if (end_sessions)
      db_->query("DELETE FROM sessions WHERE user_id = (SELECT id FROM users WHERE name = ?1)")
          .bind(1, u.name)
          .run();
    insert_audit(audit);
    tx.commit();
  });
}

Status SqliteStore::delete_user(const std::string& name, const AuditEntry& audit) {
  return guard_status("delete_user", [&] {
    Transaction tx(*db_);
    db_->query("DELETE FROM users WHERE name = ?1").bind(1, name).run();
    if (db_->changes() == 0)
      throw SqliteError(fmt::format("no user named {}", name), Error::Kind::NotFound);
    insert_audit(audit);
    tx.commit();
  });
}

Result<std::optional<UserRecord>> SqliteStore::user(const std::string& name) {
  return guard<std::optional<UserRecord>>("user", [&]() -> std::optional<UserRecord> {
    auto q = db_->query(fmt::format("SELECT {} FROM users WHERE name = ?1", kUserColumns));
    q.bind(1, name);
    if (!q.step()) return std::nullopt;
    return read_user(q);
  });
}

Result<std::optional<UserRecord>> SqliteStore::user_by_id(int64_t id) {
  return guard<std::optional<UserRecord>>("user_by_id", [&]() -> std::optional<UserRecord> {
    auto q = db_->query(fmt::format("SELECT {} FROM users WHERE id = ?1", kUserColumns));
    q.bind(1, id);
    if (!q.step()) return std::nullopt;
    return read_user(q);
  });
}

Result<std::vector<UserRecord>> SqliteStore::users() {
  return guard<std::vector<UserRecord>>("users", [&] {
    std::vector<UserRecord> out;
    auto q = db_->query(fmt::format("SELECT {} FROM users ORDER BY name", kUserColumns));
    while (q.step()) out.push_back(read_user(q));
    return out;
  });
}

Status SqliteStore::add_session(const SessionRecord& s) {
  return guard_status("add_session", [&] {
    Transaction tx(*db_);
    // Expired sessions go as new ones come: the table holds live ones only.
    db_->query("DELETE FROM sessions WHERE expires <= ?1").bind(1, to_ms(s.created)).run();
    db_->query(
           "INSERT INTO sessions(digest, user_id, csrf, address, created, expires) "
           "VALUES (?1, ?2, ?3, ?4, ?5, ?6)")
        .bind(1, s.digest)
        .bind(2, s.user_id)
        .bind(3, s.csrf)
        .bind(4, s.address)
        .bind(5, to_ms(s.created))
        .bind(6, to_ms(s.expires))
        .run();
    tx.commit();
  });
}

Result<std::optional<SessionRecord>> SqliteStore::session(const std::string& digest, Time now) {
  return guard<std::optional<SessionRecord>>("session", [&]() -> std::optional<SessionRecord> {
    auto q = db_->query(
        "SELECT digest, user_id, csrf, address, created, expires FROM sessions "
        "WHERE digest = ?1 AND expires > ?2");
    q.bind(1, digest).bind(2, to_ms(now));
    if (!q.step()) return std::nullopt;
    return SessionRecord{q.str(0), q.int64(1),          q.str(2),
                         q.str(3), from_ms(q.int64(4)), from_ms(q.int64(5))};
  });
}

Status SqliteStore::delete_session(const std::string& digest) {
  return guard_status("delete_session", [&] {
    db_->query("DELETE FROM sessions WHERE digest = ?1").bind(1, digest).run();
  });
}

Result<int64_t> SqliteStore::add_token(const TokenRecord& t, const AuditEntry& audit) {
  return guard<int64_t>("add_token", [&] {
    if (t.expires == Time{})
      throw SqliteError("an API token needs an expiry time", Error::Kind::InvalidInput);
    Transaction tx(*db_);
    db_->query(
           "INSERT INTO api_tokens(name, digest, user_id, role, groups, created, expires) "
           "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)")
        .bind(1, t.name)
        .bind(2, t.digest)
        .bind(3, t.user_id)
        .bind(4, t.role)
        .bind(5, groups_text(t.groups))
        .bind(6, to_ms(t.created))
        .bind(7, to_ms(t.expires))
        .run();
    int64_t id = db_->last_insert_rowid();
    AuditEntry entry = audit;
    if (entry.object.empty()) entry.object = fmt::format("token:{}", id);
    insert_audit(entry);
    tx.commit();
    return id;
  });
}

Result<std::optional<TokenRecord>> SqliteStore::token(const std::string& digest) {
  return guard<std::optional<TokenRecord>>("token", [&]() -> std::optional<TokenRecord> {
    auto q = db_->query(fmt::format(
        "SELECT {} FROM api_tokens t JOIN users u ON u.id = t.user_id WHERE t.digest = ?1",
        kTokenColumns));
    q.bind(1, digest);
    if (!q.step()) return std::nullopt;
    return read_token(q);
  });
}

Result<std::vector<TokenRecord>> SqliteStore::tokens() {
  return guard<std::vector<TokenRecord>>("tokens", [&] {
    std::vector<TokenRecord> out;
    auto q = db_->query(fmt::format(
        "SELECT {} FROM api_tokens t JOIN users u ON u.id = t.user_id ORDER BY t.id DESC",
        kTokenColumns));
    while (q.step()) out.push_back(read_token(q));
    return out;
  });
}

Status SqliteStore::revoke_token(int64_t id, Time at, const AuditEntry& audit) {
  return guard_status("revoke_token", [&] {
    Transaction tx(*db_);
    {
      auto q = db_->query("SELECT revoked FROM api_tokens WHERE id = ?1");
      q.bind(1, id);
      if (!q.step())
        throw SqliteError(fmt::format("no API token with id {}", id), Error::Kind::NotFound);
      if (!q.is_null(0))
        throw SqliteError(fmt::format("API token {} is already revoked", id),
                          Error::Kind::Conflict);
    }
    db_->query("UPDATE api_tokens SET revoked = ?2 WHERE id = ?1")
        .bind(1, id)
        .bind(2, to_ms(at))
        .run();
    insert_audit(audit);
    tx.commit();
  });
}

Status SqliteStore::record_audit(const AuditEntry& audit) {
  return guard_status("record_audit", [&] { insert_audit(audit); });
}

}  // namespace vigil::store::sqlite
