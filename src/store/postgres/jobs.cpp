// The job queue of the PostgreSQL store (store.h JobRecord, migration 4).
// A claim is one statement: the oldest claimable row is locked with
// FOR UPDATE SKIP LOCKED, so concurrent workers each get a different job
// without waiting for one another.
#include <fmt/format.h>

#include "store/postgres/pg_codec.h"
#include "store/postgres/pg_store.h"

namespace vigil::store::postgres {

namespace {

constexpr std::string_view kJobColumns =
    "id, run, kind, source, payload, state, attempts, max_attempts, worker, created, started, "
    "lease_until, finished, error";

JobRecord read_job_row(const Rows& r, int i) {
  JobRecord j;
  j.id = r.int64(i, 0);
  j.run = r.str(i, 1);
  j.kind = r.str(i, 2);
  j.source = r.str(i, 3);
  j.payload = json_from(r.text(i, 4));
  j.state = r.str(i, 5);
  j.attempts = static_cast<int>(r.int64(i, 6));
  j.max_attempts = static_cast<int>(r.int64(i, 7));
  j.worker = r.str(i, 8);
  j.created = from_ms(r.int64(i, 9));
  if (auto t = r.opt_int64(i, 10)) j.started = from_ms(*t);
  if (auto t = r.opt_int64(i, 11)) j.lease_until = from_ms(*t);
  if (auto t = r.opt_int64(i, 12)) j.finished = from_ms(*t);
  j.error = r.str(i, 13);
  return j;
}

}  // namespace

Result<std::vector<int64_t>> PgStore::enqueue_jobs(const std::vector<JobRecord>& jobs) {
  if (options_.read_only) return not_writable("enqueue_jobs").error();
  return guard<std::vector<int64_t>>("enqueue_jobs", [&] {
    Transaction tx(*db_);
    std::vector<int64_t> ids;
    for (const JobRecord& j : jobs) {
      Rows r = db_->exec(
          "INSERT INTO jobs(run, kind, source, payload, state, max_attempts, created) "
          "VALUES ($1, $2, $3, $4::jsonb, 'queued', $5, $6) RETURNING id",
          Params()
              .add(j.run)
              .add(j.kind)
              .add(j.source)
              .add(json_text(j.payload))
              .add(std::max(1, j.max_attempts))
              .add(to_ms(j.created)));
      ids.push_back(r.int64(0, 0));
    }
    tx.commit();
    return ids;
  });
}

Result<std::optional<JobRecord>> PgStore::claim_job(const std::string& worker, Time now,
                                                    Time lease_until) {
  if (options_.read_only) return not_writable("claim_job").error();
  return guard<std::optional<JobRecord>>("claim_job", [&]() -> std::optional<JobRecord> {
    db_->exec("DELETE FROM jobs WHERE finished < $1", Params().add(to_ms(now - kJobsKept)));
    // Jobs lost by their workers too often fail instead of being taken again.
    db_->exec(
        "UPDATE jobs SET state = 'failed', finished = $1, error = 'lost by its worker (' || "
        "worker || ') ' || attempts || ' times: its lease expired' "
        "WHERE state = 'running' AND lease_until < $1 AND attempts >= max_attempts",
        Params().add(to_ms(now)));
    Rows r = db_->exec(
        fmt::format(
            "UPDATE jobs SET state = 'running', worker = $2, started = $1, lease_until = $3, "
            "attempts = attempts + 1 WHERE id = ("
            "SELECT j.id FROM jobs j "
            "WHERE (j.state = 'queued' OR (j.state = 'running' AND j.lease_until < $1)) "
            "AND (j.kind <> 'reconcile' OR NOT EXISTS (SELECT 1 FROM jobs c WHERE c.run = j.run "
            "AND c.kind = 'collect' AND c.state IN ('queued', 'running'))) "
            "ORDER BY j.id LIMIT 1 FOR UPDATE SKIP LOCKED) RETURNING {}",
            kJobColumns),
        Params().add(to_ms(now)).add(worker).add(to_ms(lease_until)));
    if (r.empty()) return std::nullopt;
    return read_job_row(r, 0);
  });
}

Status PgStore::renew_job(int64_t id, const std::string& worker, Time lease_until) {
  if (options_.read_only) return not_writable("renew_job");
  return guard_status("renew_job", [&] {
    Rows r = db_->exec(
        "UPDATE jobs SET lease_until = $3 WHERE id = $1 AND worker = $2 AND state = 'running'",
        Params().add(id).add(worker).add(to_ms(lease_until)));
    if (r.affected() == 0)
      throw PgError(fmt::format("job {} is no longer held by worker {}", id, worker),
                    Error::Kind::Conflict);
  });
}

Status PgStore::finish_job(int64_t id, const std::string& worker, const std::string& state,
                           const std::string& result, const std::string& error, Time at) {
  if (options_.read_only) return not_writable("finish_job");
  return guard_status("finish_job", [&] {
    if (state != "done" && state != "failed")
      throw PgError(fmt::format("a job finishes done or failed, not '{}'", state),
                    Error::Kind::InvalidInput);
    Transaction tx(*db_);
    Rows r = db_->exec(
        "UPDATE jobs SET state = $3, result = $4, error = $5, finished = $6, lease_until = NULL "
        "WHERE id = $1 AND worker = $2 AND state = 'running'",
        Params().add(id).add(worker).add(state).add(result).add(error).add(to_ms(at)));
    if (r.affected() == 0)
      throw PgError(fmt::format("job {} is no longer held by worker {}", id, worker),
                    Error::Kind::Conflict);
    // A finished reconcile job leaves nothing for the collected parts to do.
    db_->exec(
        "UPDATE jobs SET result = '' WHERE kind = 'collect' AND result <> '' AND run = "
        "(SELECT run FROM jobs WHERE id = $1 AND kind = 'reconcile')",
        Params().add(id));
    tx.commit();
  });
}

Result<std::vector<JobRecord>> PgStore::jobs(const JobFilter& filter) {
  return guard<std::vector<JobRecord>>("jobs", [&] {
    Params p;
    std::string where = "TRUE";
    if (!filter.run.empty()) {
      p.add(filter.run);
      where += " AND run = $" + std::to_string(p.size());
    }
    if (filter.unfinished_only) where += " AND state IN ('queued', 'running')";
    std::string limit;
    if (filter.limit) {
      p.add(static_cast<int64_t>(filter.limit));
      limit = " LIMIT $" + std::to_string(p.size());
    }
    Rows r = db_->exec(fmt::format("SELECT {}, {} FROM jobs WHERE {} ORDER BY id{}", kJobColumns,
                                   filter.with_results ? "result" : "''", where, limit),
                       p);
    std::vector<JobRecord> out;
    for (int i = 0; i < r.size(); ++i) {
      out.push_back(read_job_row(r, i));
      out.back().result = r.str(i, 14);
    }
    return out;
  });
}

Result<bool> PgStore::try_leadership() {
  if (options_.read_only) return not_writable("try_leadership").error();
  if (leader_held_) return true;
  return guard<bool>("try_leadership", [&] {
    Rows r = db_->exec("SELECT pg_try_advisory_lock($1)", Params().add(kLeaderLock));
    leader_held_ = r.boolean(0, 0);
    return leader_held_;
  });
}

}  // namespace vigil::store::postgres
