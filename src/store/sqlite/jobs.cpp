// The job queue of the SQLite store (store.h JobRecord, migration 13).
// Claims run in one write transaction (BEGIN IMMEDIATE), which is what
// makes them exclusive between processes sharing the file.
#include <fmt/format.h>

#include "store/sqlite/sqlite_store.h"

namespace vigil::store::sqlite {

namespace {

constexpr std::string_view kJobColumns =
    "id, run, kind, source, payload, state, attempts, max_attempts, worker, created, started, "
    "lease_until, finished, error";

JobRecord read_job_row(Query& q) {
  JobRecord j;
  j.id = q.int64(0);
  j.run = q.str(1);
  j.kind = q.str(2);
  j.source = q.str(3);
  j.payload = json_from(q.text(4));
  j.state = q.str(5);
  j.attempts = static_cast<int>(q.int64(6));
  j.max_attempts = static_cast<int>(q.int64(7));
  j.worker = q.str(8);
  j.created = from_ms(q.int64(9));
  if (auto t = q.opt_int64(10)) j.started = from_ms(*t);
  if (auto t = q.opt_int64(11)) j.lease_until = from_ms(*t);
  if (auto t = q.opt_int64(12)) j.finished = from_ms(*t);
  j.error = q.str(13);
  return j;
}

// The conditions of store.h's claim rules, shared by the claim and its
// expired-lease sweep. ?1 is now (ms).
constexpr std::string_view kClaimable =
    "(j.state = 'queued' OR (j.state = 'running' AND j.lease_until < ?1)) "
    "AND (j.kind <> 'reconcile' OR NOT EXISTS (SELECT 1 FROM jobs c WHERE c.run = j.run "
    "AND c.kind = 'collect' AND (c.state = 'queued' OR c.state = 'running')))";

}  // namespace

Result<std::vector<int64_t>> SqliteStore::enqueue_jobs(const std::vector<JobRecord>& jobs) {
  return guard<std::vector<int64_t>>("enqueue_jobs", [&] {
    Transaction tx(*db_);
    std::vector<int64_t> ids;
    for (const JobRecord& j : jobs) {
      db_->query(
             "INSERT INTO jobs(run, kind, source, payload, state, max_attempts, created) "
             "VALUES (?1, ?2, ?3, ?4, 'queued', ?5, ?6)")
          .bind(1, j.run)
          .bind(2, j.kind)
          .bind(3, j.source)
          .bind(4, json_text(j.payload))
          .bind(5, static_cast<int64_t>(std::max(1, j.max_attempts)))
          .bind(6, to_ms(j.created))
          .run();
      ids.push_back(db_->last_insert_rowid());
    }
    tx.commit();
    return ids;
  });
}

Result<std::optional<JobRecord>> SqliteStore::claim_job(const std::string& worker, Time now,
                                                        Time lease_until) {
  return guard<std::optional<JobRecord>>("claim_job", [&]() -> std::optional<JobRecord> {
    Transaction tx(*db_);
    db_->query("DELETE FROM jobs WHERE finished < ?1").bind(1, to_ms(now - kJobsKept)).run();
    // Jobs lost by their workers too often fail instead of being taken again.
    db_->query(
           "UPDATE jobs SET state = 'failed', finished = ?1, error = 'lost by its worker (' || "
           "worker || ') ' || attempts || ' times: its lease expired' "
           "WHERE state = 'running' AND lease_until < ?1 AND attempts >= max_attempts")
        .bind(1, to_ms(now))
        .run();
    auto pick = db_->query(
        fmt::format("SELECT j.id FROM jobs j WHERE {} ORDER BY j.id LIMIT 1", kClaimable));
    pick.bind(1, to_ms(now));
    if (!pick.step()) {
      tx.commit();
      return std::nullopt;
    }
    int64_t id = pick.int64(0);
    pick.reset();
    db_->query(
           "UPDATE jobs SET state = 'running', worker = ?2, started = ?3, lease_until = ?4, "
           "attempts = attempts + 1 WHERE id = ?1")
        .bind(1, id)
        .bind(2, worker)
        .bind(3, to_ms(now))
        .bind(4, to_ms(lease_until))
        .run();
    auto q = db_->query(fmt::format("SELECT {} FROM jobs WHERE id = ?1", kJobColumns));
    q.bind(1, id);
    if (!q.step()) throw SqliteError(fmt::format("job {} vanished while claimed", id));
    JobRecord job = read_job_row(q);
    q.reset();
    tx.commit();
    return job;
  });
}

Status SqliteStore::renew_job(int64_t id, const std::string& worker, Time lease_until) {
  return guard_status("renew_job", [&] {
    db_->query(
           "UPDATE jobs SET lease_until = ?3 WHERE id = ?1 AND worker = ?2 AND state = 'running'")
        .bind(1, id)
        .bind(2, worker)
        .bind(3, to_ms(lease_until))
        .run();
    if (db_->changes() == 0)
      throw SqliteError(fmt::format("job {} is no longer held by worker {}", id, worker),
                        Error::Kind::Conflict);
  });
}

Status SqliteStore::finish_job(int64_t id, const std::string& worker, const std::string& state,
                               const std::string& result, const std::string& error, Time at) {
  return guard_status("finish_job", [&] {
    Transaction tx(*db_);
    if (state != "done" && state != "failed")
      throw SqliteError(fmt::format("a job finishes done or failed, not '{}'", state),
                        Error::Kind::InvalidInput);
    db_->query(
           "UPDATE jobs SET state = ?3, result = ?4, error = ?5, finished = ?6, lease_until = NULL "
           "WHERE id = ?1 AND worker = ?2 AND state = 'running'")
        .bind(1, id)
        .bind(2, worker)
        .bind(3, state)
        .bind(4, result)
        .bind(5, error)
        .bind(6, to_ms(at))
        .run();
    if (db_->changes() == 0)
      throw SqliteError(fmt::format("job {} is no longer held by worker {}", id, worker),
                        Error::Kind::Conflict);
    // A finished reconcile job leaves nothing for the collected parts to do.
    db_->query(
           "UPDATE jobs SET result = '' WHERE kind = 'collect' AND result <> '' AND run = "
           "(SELECT run FROM jobs WHERE id = ?1 AND kind = 'reconcile')")
        .bind(1, id)
        .run();
    tx.commit();
  });
}

Result<std::vector<JobRecord>> SqliteStore::jobs(const JobFilter& filter) {
  return guard<std::vector<JobRecord>>("jobs", [&] {
    std::string where = "1";
    if (!filter.run.empty()) where += " AND run = ?1";
    if (filter.unfinished_only) where += " AND state IN ('queued', 'running')";
    auto q = db_->query(fmt::format("SELECT {}, {} FROM jobs WHERE {} ORDER BY id LIMIT ?2",
                                    kJobColumns, filter.with_results ? "result" : "''", where));
    if (!filter.run.empty()) q.bind(1, filter.run);
    q.bind(2, filter.limit == 0 ? int64_t{-1} : static_cast<int64_t>(filter.limit));
    std::vector<JobRecord> out;
    while (q.step()) {
      out.push_back(read_job_row(q));
      out.back().result = q.str(14);
    }
    return out;
  });
}

Result<bool> SqliteStore::try_leadership() {
  return guard<bool>("try_leadership", [&] {
    if (!leader_) leader_ = std::make_unique<WriterLock>(db_->path() + ".leader");
    return leader_->acquire(std::chrono::milliseconds(0));
  });
}

}  // namespace vigil::store::sqlite
