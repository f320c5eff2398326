// Planning a run of jobs, and the outcome a recording job reports (jobs.h).
#include <fmt/format.h>

#include "daemon/jobs.h"

namespace vigil::daemon {

namespace {

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
  bool split_accounts = source.accounts.size() > 1;
  bool split_folders = !source.regions.empty();
  if (source.kind != SourceKind::Aws || (!split_accounts && !split_folders))
    return {planned_job(source, workers, run, now, "scan", nlohmann::json::object())};

  std::vector<nlohmann::json> accounts;  // null: the source's own selection
  if (split_accounts)
    for (const std::string& account : source.accounts) accounts.push_back({account});
  else
    accounts.push_back(nullptr);
  std::vector<nlohmann::json> folders;  // null: all
  if (split_folders) {
    folders.push_back({"global"});
    for (const std::string& region : source.regions) folders.push_back({region});
  } else {
    folders.push_back(nullptr);
  }
  std::vector<store::JobRecord> jobs;
  for (const nlohmann::json& account : accounts)
    for (const nlohmann::json& folder : folders) {
      nlohmann::json payload = nlohmann::json::object();
      if (!account.is_null()) payload["accounts"] = account;
      if (!folder.is_null()) payload["folders"] = folder;
      jobs.push_back(planned_job(source, workers, run, now, "collect", std::move(payload)));
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
