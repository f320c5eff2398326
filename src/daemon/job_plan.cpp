// Planning a run of jobs, and the outcome a recording job reports (jobs.h).
#include <fmt/format.h>

#include "daemon/jobs.h"

#include <algorithm>

#include "connectors/aws_live/collection.h"

namespace vigil::daemon {

namespace {

// Regions a collection without a region list covers, for sizing its jobs.
constexpr size_t kRegionsWhenUnlisted = 17;

int64_t epoch_ms(store::Time t) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count();
}

store::JobRecord planned_job(const SourceConfig& source, const WorkersConfig& workers,
                             const std::string& run, store::Time now, std::string kind,
                             nlohmann::json payload) {
  store::JobRecord job;
  job.run = run;
  job.kind = std::move(kind);
  job.source = source.name;
  job.payload = std::move(payload);
  job.payload["now_ms"] = epoch_ms(now);
  job.max_attempts = workers.attempts;
  job.created = now;
  return job;
}

}  // namespace

std::vector<store::JobRecord> plan_run(const SourceConfig& source, const WorkersConfig& workers,
                                       const std::string& run, store::Time now) {
  std::vector<std::string> regions = aws::split_commas(source.regions);
  bool by_accounts = source.accounts.size() > 1;
  bool by_folders = !by_accounts && !regions.empty();
  if (source.kind != SourceKind::Aws || (!by_accounts && !by_folders))
    return {planned_job(source, workers, run, now, "scan", nlohmann::json::object())};

  std::vector<store::JobRecord> jobs;
  if (by_accounts) {
    // Whole accounts, as many per job as fill job_folders (every enabled
    // region counted as kRegionsWhenUnlisted when none is listed).
    size_t folders = 1 + (regions.empty() ? kRegionsWhenUnlisted : regions.size());
    size_t per_job = std::max<size_t>(1, workers.job_folders / folders);
    for (size_t first = 0; first < source.accounts.size(); first += per_job) {
      size_t last = std::min(source.accounts.size(), first + per_job);
      nlohmann::json accounts =
          std::vector<std::string>(source.accounts.begin() + static_cast<std::ptrdiff_t>(first),
                                   source.accounts.begin() + static_cast<std::ptrdiff_t>(last));
      jobs.push_back(
          planned_job(source, workers, run, now, "collect", {{"accounts", std::move(accounts)}}));
    }
  } else {
    std::vector<std::string> folders = {"global"};
    folders.insert(folders.end(), regions.begin(), regions.end());
    for (const std::string& folder : folders)
      jobs.push_back(planned_job(source, workers, run, now, "collect",
                                 {{"folders", nlohmann::json::array({folder})}}));
  }
  jobs.push_back(planned_job(source, workers, run, now, "reconcile", nlohmann::json::object()));
  return jobs;
}

nlohmann::json to_json(const RunOutcome& o) {
  return {{"scan_id", o.scan_id}, {"completed", o.completed}, {"status", o.status}, {"log", o.log}};
}

RunOutcome run_outcome_from(const nlohmann::json& j) {
  RunOutcome o;
  if (!j.is_object()) {
    o.status = "failed: the job's result is not an outcome";
    return o;
  }
  o.scan_id = j.value("scan_id", int64_t{0});
  o.completed = j.value("completed", false);
  o.status = j.value("status", std::string("failed: no status"));
  o.log = j.value("log", std::string());
  return o;
}

}  // namespace vigil::daemon
