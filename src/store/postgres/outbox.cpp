// The notification outbox of the PostgreSQL store (store.h, OutboxMessage).
#include <fmt/format.h>

#include "store/postgres/pg_codec.h"
#include "store/postgres/pg_store.h"

namespace vigil::store::postgres {

namespace {

constexpr std::string_view kOutboxColumns =
    "id, key, channel, kind, payload, created, next_attempt, attempts, last_error, sent, abandoned";

OutboxMessage read_outbox_row(const Rows& r, int i) {
  OutboxMessage m;
  m.id = r.int64(i, 0);
  m.key = r.str(i, 1);
  m.channel = r.str(i, 2);
  m.kind = r.str(i, 3);
  m.payload = r.str(i, 4);
  m.created = from_ms(r.int64(i, 5));
  m.next_attempt = from_ms(r.int64(i, 6));
  m.attempts = static_cast<int>(r.int64(i, 7));
  m.last_error = r.str(i, 8);
  if (auto sent = r.opt_int64(i, 9)) m.sent = from_ms(*sent);
  m.abandoned = r.boolean(i, 10);
  return m;
}

}  // namespace

size_t PgStore::insert_outbox(const std::vector<OutboxMessage>& messages) {
  size_t added = 0;
  for (const OutboxMessage& m : messages) {
    if (m.key.empty())
      throw PgError("an outbox message needs an idempotency key", Error::Kind::InvalidInput);
    Rows r = db_->exec(
        "INSERT INTO outbox(key, channel, kind, payload, created, next_attempt) "
        "VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (key) DO NOTHING",
        Params()
            .add(m.key)
            .add(m.channel)
            .add(m.kind)
            .add(m.payload)
            .add(to_ms(m.created))
            .add(to_ms(m.next_attempt)));
    added += static_cast<size_t>(r.affected());
  }
  return added;
}

Result<size_t> PgStore::enqueue_messages(const std::vector<OutboxMessage>& messages) {
  return guard<size_t>("enqueue_messages", [&] {
    Transaction tx(*db_);
    size_t added = insert_outbox(messages);
    tx.commit();
    return added;
  });
}

Result<std::vector<OutboxMessage>> PgStore::due_messages(Time now, size_t limit) {
  return guard<std::vector<OutboxMessage>>("due_messages", [&] {
    Params p;
    p.add(to_ms(now));
    if (limit) p.add(static_cast<int64_t>(limit));
    Rows r = db_->exec(fmt::format("SELECT {} FROM outbox WHERE sent IS NULL AND NOT abandoned AND "
                                   "next_attempt <= $1 ORDER BY next_attempt, id{}",
                                   kOutboxColumns, limit ? " LIMIT $2" : ""),
                       p);
    std::vector<OutboxMessage> out;
    for (int i = 0; i < r.size(); ++i) out.push_back(read_outbox_row(r, i));
    return out;
  });
}

Status PgStore::mark_message_sent(int64_t id, Time at) {
  return guard_status("mark_message_sent", [&] {
    Rows r = db_->exec("UPDATE outbox SET sent = $2, attempts = attempts + 1 WHERE id = $1",
                       Params().add(id).add(to_ms(at)));
    if (r.affected() == 0)
      throw PgError(fmt::format("no outbox message with id {}", id), Error::Kind::NotFound);
  });
}

Status PgStore::mark_message_failed(int64_t id, const std::string& error,
                                    std::optional<Time> next_attempt) {
  return guard_status("mark_message_failed", [&] {
    Rows r = db_->exec(
        "UPDATE outbox SET attempts = attempts + 1, last_error = $2, "
        "next_attempt = coalesce($3, next_attempt), abandoned = ($3::bigint IS NULL) WHERE id = $1",
        Params().add(id).add(error).add(opt_ms(next_attempt)));
    if (r.affected() == 0)
      throw PgError(fmt::format("no outbox message with id {}", id), Error::Kind::NotFound);
  });
}

Result<std::vector<OutboxMessage>> PgStore::outbox_messages(size_t limit) {
  return guard<std::vector<OutboxMessage>>("outbox_messages", [&] {
    Params p;
    if (limit) p.add(static_cast<int64_t>(limit));
    Rows r = db_->exec(
        fmt::format("SELECT {} FROM outbox ORDER BY id DESC{}", kOutboxColumns, limit ? " LIMIT $1" : ""),
        p);
    std::vector<OutboxMessage> out;
    for (int i = 0; i < r.size(); ++i) out.push_back(read_outbox_row(r, i));
    return out;
  });
}

}  // namespace vigil::store::postgres
