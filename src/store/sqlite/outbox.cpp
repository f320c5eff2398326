// The notification outbox of the SQLite store (store.h, OutboxMessage).
#include <fmt/format.h>

#include "store/sqlite/sqlite_store.h"

namespace vigil::store::sqlite {

namespace {

constexpr std::string_view kOutboxColumns =
    "id, key, channel, kind, payload, created, next_attempt, attempts, last_error, sent, abandoned";

OutboxMessage read_outbox_row(Query& q) {
  OutboxMessage m;
  m.id = q.int64(0);
  m.key = q.str(1);
  m.channel = q.str(2);
  m.kind = q.str(3);
  m.payload = q.str(4);
  m.created = from_ms(q.int64(5));
  m.next_attempt = from_ms(q.int64(6));
  m.attempts = static_cast<int>(q.int64(7));
  m.last_error = q.str(8);
  if (auto sent = q.opt_int64(9)) m.sent = from_ms(*sent);
  m.abandoned = q.int64(10) != 0;
  return m;
}

}  // namespace

size_t SqliteStore::insert_outbox(const std::vector<OutboxMessage>& messages) {
  size_t added = 0;
  for (const OutboxMessage& m : messages) {
    if (m.key.empty()) throw SqliteError("an outbox message needs an idempotency key");
    db_->query(
           "INSERT INTO outbox(key, channel, kind, payload, created, next_attempt) "
           "VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT(key) DO NOTHING")
        .bind(1, m.key)
        .bind(2, m.channel)
        .bind(3, m.kind)
        .bind(4, m.payload)
        .bind(5, to_ms(m.created))
        .bind(6, to_ms(m.next_attempt))
        .run();
    added += static_cast<size_t>(db_->changes());
  }
  return added;
}

Result<size_t> SqliteStore::enqueue_messages(const std::vector<OutboxMessage>& messages) {
  return guard<size_t>("enqueue_messages", [&] {
    Transaction tx(*db_);
    size_t added = insert_outbox(messages);
    tx.commit();
    return added;
  });
}

Result<std::vector<OutboxMessage>> SqliteStore::due_messages(Time now, size_t limit) {
  return guard<std::vector<OutboxMessage>>("due_messages", [&] {
    auto q = db_->query(fmt::format(
        "SELECT {} FROM outbox WHERE sent IS NULL AND abandoned = 0 AND next_attempt <= ?1 "
        "ORDER BY next_attempt, id LIMIT ?2",
        kOutboxColumns));
    q.bind(1, to_ms(now)).bind(2, limit == 0 ? int64_t{-1} : static_cast<int64_t>(limit));
    std::vector<OutboxMessage> out;
    while (q.step()) out.push_back(read_outbox_row(q));
    return out;
  });
}

Status SqliteStore::mark_message_sent(int64_t id, Time at) {
  return guard_status("mark_message_sent", [&] {
    db_->query("UPDATE outbox SET sent = ?2, attempts = attempts + 1 WHERE id = ?1")
        .bind(1, id)
        .bind(2, to_ms(at))
        .run();
    if (db_->changes() == 0) throw SqliteError(fmt::format("no outbox message with id {}", id));
  });
}

Status SqliteStore::mark_message_failed(int64_t id, const std::string& error,
                                        std::optional<Time> next_attempt) {
  return guard_status("mark_message_failed", [&] {
    db_->query(
           "UPDATE outbox SET attempts = attempts + 1, last_error = ?2, "
           "next_attempt = coalesce(?3, next_attempt), abandoned = (?3 IS NULL) WHERE id = ?1")
        .bind(1, id)
        .bind(2, error)
        .bind(3, next_attempt ? std::optional<int64_t>(to_ms(*next_attempt)) : std::nullopt)
        .run();
    if (db_->changes() == 0) throw SqliteError(fmt::format("no outbox message with id {}", id));
  });
}

Result<std::vector<OutboxMessage>> SqliteStore::outbox_messages(size_t limit) {
  return guard<std::vector<OutboxMessage>>("outbox_messages", [&] {
    auto q = db_->query(fmt::format("SELECT {} FROM outbox ORDER BY id DESC LIMIT ?1", kOutboxColumns));
    q.bind(1, limit == 0 ? int64_t{-1} : static_cast<int64_t>(limit));
    std::vector<OutboxMessage> out;
    while (q.step()) out.push_back(read_outbox_row(q));
    return out;
  });
}

}  // namespace vigil::store::sqlite
