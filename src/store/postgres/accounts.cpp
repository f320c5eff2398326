// PgStore users, sessions and API tokens (store.h). Every change but a
// session writes its audit entry in the same transaction.
#include <fmt/format.h>

#include "store/postgres/pg_codec.h"
#include "store/postgres/pg_store.h"

namespace vigil::store::postgres {

namespace {

std::string groups_text(const std::vector<std::string>& groups) {
  return nlohmann::json(groups).dump();
}

std::vector<std::string> groups_from(std::string_view text) {
  std::vector<std::string> out;
  nlohmann::json j = json_from(text);
  if (j.is_array())
    for (const auto& g : j)
      if (g.is_string()) out.push_back(g.get<std::string>());
  return out;
}

constexpr std::string_view kUserColumns =
    "id, name, password_hash, role, groups::text, must_change_password, disabled, created, "
    "sso_subject";

UserRecord read_user(const Rows& r, int i) {
  UserRecord u;
  u.id = r.int64(i, 0);
  u.name = r.str(i, 1);
  u.password_hash = r.str(i, 2);
  u.role = r.str(i, 3);
  u.groups = groups_from(r.text(i, 4));
  u.must_change_password = r.boolean(i, 5);
  u.disabled = r.boolean(i, 6);
  u.created = from_ms(r.int64(i, 7));
  u.sso_subject = r.str(i, 8);
  return u;
}

constexpr std::string_view kTokenColumns =
    "t.id, t.name, t.digest, t.user_id, u.name, t.role, t.groups::text, t.created, t.expires, "
    "t.revoked";

TokenRecord read_token(const Rows& r, int i) {
  TokenRecord t;
  t.id = r.int64(i, 0);
  t.name = r.str(i, 1);
  t.digest = r.str(i, 2);
  t.user_id = r.int64(i, 3);
  t.user = r.str(i, 4);
  t.role = r.str(i, 5);
  t.groups = groups_from(r.text(i, 6));
  t.created = from_ms(r.int64(i, 7));
  t.expires = from_ms(r.int64(i, 8));
  if (!r.is_null(i, 9)) t.revoked = from_ms(r.int64(i, 9));
  return t;
}

}  // namespace

Result<int64_t> PgStore::add_user(const UserRecord& u, const AuditEntry& audit) {
  return guard<int64_t>("add_user", [&] {
    Transaction tx(*db_);
    Rows r = db_->exec(
        "INSERT INTO users(name, password_hash, role, groups, must_change_password, disabled, "
        "created, sso_subject) VALUES ($1, $2, $3, $4::jsonb, $5, $6, $7, $8) "
        "ON CONFLICT (name) DO NOTHING RETURNING id",
        Params()
            .add(u.name)
            .add(u.password_hash)
            .add(u.role)
            .add(groups_text(u.groups))
            .add(u.must_change_password)
            .add(u.disabled)
            .add(to_ms(u.created))
            .add(u.sso_subject));
    if (r.empty())
      throw PgError(fmt::format("a user named {} exists", u.name), Error::Kind::Conflict);
    int64_t id = r.int64(0, 0);
    insert_audit(audit);
    tx.commit();
    return id;
  });
}

Status PgStore::update_user(const UserRecord& u, bool end_sessions, const AuditEntry& audit) {
  return guard_status("update_user", [&] {
    Transaction tx(*db_);
    Rows r = db_->exec(
        "UPDATE users SET password_hash = $2, role = $3, groups = $4::jsonb, "
        "must_change_password = $5, disabled = $6 WHERE name = $1",
        Params()
            .add(u.name)
            .add(u.password_hash)
            .add(u.role)
            .add(groups_text(u.groups))
            .add(u.must_change_password)
            .add(u.disabled));
    if (r.affected() == 0)
      throw PgError(fmt::format("no user named {}", u.name), Error::Kind::NotFound);
    if (end_sessions)
      db_->exec("DELETE FROM sessions WHERE user_id = (SELECT id FROM users WHERE name = $1)",
                Params().add(u.name));
    insert_audit(audit);
    tx.commit();
  });
}

Status PgStore::delete_user(const std::string& name, const AuditEntry& audit) {
  return guard_status("delete_user", [&] {
    Transaction tx(*db_);
    Rows r = db_->exec("DELETE FROM users WHERE name = $1", Params().add(name));
    if (r.affected() == 0)
      throw PgError(fmt::format("no user named {}", name), Error::Kind::NotFound);
    insert_audit(audit);
    tx.commit();
  });
}

Result<std::optional<UserRecord>> PgStore::user(const std::string& name) {
  return guard<std::optional<UserRecord>>("user", [&]() -> std::optional<UserRecord> {
    Rows r = db_->exec(fmt::format("SELECT {} FROM users WHERE name = $1", kUserColumns),
                       Params().add(name));
    if (r.empty()) return std::nullopt;
    return read_user(r, 0);
  });
}

Result<std::optional<UserRecord>> PgStore::user_by_id(int64_t id) {
  return guard<std::optional<UserRecord>>("user_by_id", [&]() -> std::optional<UserRecord> {
    Rows r = db_->exec(fmt::format("SELECT {} FROM users WHERE id = $1", kUserColumns),
                       Params().add(id));
    if (r.empty()) return std::nullopt;
    return read_user(r, 0);
  });
}

Result<std::vector<UserRecord>> PgStore::users() {
  return guard<std::vector<UserRecord>>("users", [&] {
    std::vector<UserRecord> out;
    Rows r =
        db_->exec(fmt::format("SELECT {} FROM users ORDER BY name COLLATE \"C\"", kUserColumns));
    for (int i = 0; i < r.size(); ++i) out.push_back(read_user(r, i));
    return out;
  });
}

Status PgStore::add_session(const SessionRecord& s) {
  return guard_status("add_session", [&] {
    Transaction tx(*db_);
    // Expired sessions go as new ones come: the table holds live ones only.
    db_->exec("DELETE FROM sessions WHERE expires <= $1", Params().add(to_ms(s.created)));
    db_->exec(
        "INSERT INTO sessions(digest, user_id, csrf, address, created, expires) "
        "VALUES ($1, $2, $3, $4, $5, $6)",
        Params()
            .add(s.digest)
            .add(s.user_id)
            .add(s.csrf)
            .add(s.address)
            .add(to_ms(s.created))
            .add(to_ms(s.expires)));
    tx.commit();
  });
}

Result<std::optional<SessionRecord>> PgStore::session(const std::string& digest, Time now) {
  return guard<std::optional<SessionRecord>>("session", [&]() -> std::optional<SessionRecord> {
    Rows r = db_->exec(
        "SELECT digest, user_id, csrf, address, created, expires FROM sessions "
        "WHERE digest = $1 AND expires > $2",
        Params().add(digest).add(to_ms(now)));
    if (r.empty()) return std::nullopt;
    return SessionRecord{r.str(0, 0), r.int64(0, 1),          r.str(0, 2),
                         r.str(0, 3), from_ms(r.int64(0, 4)), from_ms(r.int64(0, 5))};
  });
}

Status PgStore::delete_session(const std::string& digest) {
  return guard_status("delete_session", [&] {
    db_->exec("DELETE FROM sessions WHERE digest = $1", Params().add(digest));
  });
}

Result<int64_t> PgStore::add_token(const TokenRecord& t, const AuditEntry& audit) {
  return guard<int64_t>("add_token", [&] {
    if (t.expires == Time{})
      throw PgError("an API token needs an expiry time", Error::Kind::InvalidInput);
    Transaction tx(*db_);
    Rows r = db_->exec(
        "INSERT INTO api_tokens(name, digest, user_id, role, groups, created, expires) "
        "VALUES ($1, $2, $3, $4, $5::jsonb, $6, $7) RETURNING id",
        Params()
            .add(t.name)
            .add(t.digest)
            .add(t.user_id)
            .add(t.role)
            .add(groups_text(t.groups))
            .add(to_ms(t.created))
            .add(to_ms(t.expires)));
    int64_t id = r.int64(0, 0);
    AuditEntry entry = audit;
    if (entry.object.empty()) entry.object = fmt::format("token:{}", id);
    insert_audit(entry);
    tx.commit();
    return id;
  });
}

Result<std::optional<TokenRecord>> PgStore::token(const std::string& digest) {
  return guard<std::optional<TokenRecord>>("token", [&]() -> std::optional<TokenRecord> {
    Rows r = db_->exec(
        fmt::format(
            "SELECT {} FROM api_tokens t JOIN users u ON u.id = t.user_id WHERE t.digest = $1",
            kTokenColumns),
        Params().add(digest));
    if (r.empty()) return std::nullopt;
    return read_token(r, 0);
  });
}

Result<std::vector<TokenRecord>> PgStore::tokens() {
  return guard<std::vector<TokenRecord>>("tokens", [&] {
    std::vector<TokenRecord> out;
    Rows r = db_->exec(fmt::format(
        "SELECT {} FROM api_tokens t JOIN users u ON u.id = t.user_id ORDER BY t.id DESC",
        kTokenColumns));
    for (int i = 0; i < r.size(); ++i) out.push_back(read_token(r, i));
    return out;
  });
}

Status PgStore::revoke_token(int64_t id, Time at, const AuditEntry& audit) {
  return guard_status("revoke_token", [&] {
    Transaction tx(*db_);
    Rows r = db_->exec("SELECT revoked FROM api_tokens WHERE id = $1 FOR UPDATE", Params().add(id));
    if (r.empty()) throw PgError(fmt::format("no API token with id {}", id), Error::Kind::NotFound);
    if (!r.is_null(0, 0))
      throw PgError(fmt::format("API token {} is already revoked", id), Error::Kind::Conflict);
    db_->exec("UPDATE api_tokens SET revoked = $2 WHERE id = $1", Params().add(id).add(to_ms(at)));
    insert_audit(audit);
    tx.commit();
  });
}

}  // namespace vigil::store::postgres
