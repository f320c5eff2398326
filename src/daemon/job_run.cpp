// Running one job of the queue (jobs.h run_job).
#include <fmt/format.h>

#include <algorithm>
#include <thread>

#include "connectors/aws_live/collection.h"
#include "daemon/capture_part.h"
#include "daemon/jobs.h"
#include "daemon/source_scan.h"
#include "pipeline/load.h"
#include "pipeline/run.h"

namespace vigil::daemon {

namespace {

bool cancelled(const JobContext& context) { return context.cancel && context.cancel->load(); }

Result<const SourceConfig*> job_source(const store::JobRecord& job, const Config& config) {
  for (const SourceConfig& s : config.sources)
    if (s.name == job.source) return &s;
  return Error(fmt::format("job {} is for source '{}', which this worker's {} does not declare; "
                           "give every worker the same vigil.yaml as the scheduling vigil serve",
                           job.id, job.source, config.file))
      .with_kind(Error::Kind::NotFound);
}

store::Time job_now(const store::JobRecord& job) {
  return store::Time(std::chrono::milliseconds(job.payload.value("now_ms", int64_t{0})));
}

std::vector<std::string> string_list(const nlohmann::json& payload, const char* key) {
  std::vector<std::string> out;
  if (auto it = payload.find(key); it != payload.end() && it->is_array())
    for (const auto& item : *it)
      if (item.is_string()) out.push_back(item.get<std::string>());
  return out;
}

Result<std::string> collect_part(const store::JobRecord& job, const SourceConfig& source,
                                 JobContext& context) {
  if (source.kind != SourceKind::Aws)
    return Error(
        fmt::format("job {} collects source '{}', which is not of kind aws", job.id, source.name));
  aws::CollectionRequest request = pipeline_source(source).live;
  if (std::vector<std::string> accounts = string_list(job.payload, "accounts"); !accounts.empty())
    request.accounts.accounts = accounts;
  request.folders = string_list(job.payload, "folders");
  request.cancel = context.cancel;
  request.limits = context.config.limits;
  auto folder = aws::TemporaryCapture::create();
  if (!folder.ok()) return folder.error();
  auto run = aws::run_collection(request, (*folder)->path());
  if (!run.ok()) return source_error(source, run.error());
  if (cancelled(context))
    return Error(
        "cancelled before the collection finished (its lease was lost or the worker is "
        "stopping)");
  return pack_capture_part(*run, (*folder)->path());
}

// The scan a worker recorded for `run` before it died, if any.
Result<std::optional<store::ScanRecord>> recorded_scan(store::Store& store,
                                                       const std::string& run) {
  auto scans = store.list_scans({.limit = 200});
  if (!scans.ok()) return scans.error();
  for (const store::ScanRecord& s : *scans)
    if (s.scope.is_object() && s.scope.value("job_run", std::string()) == run &&
        (s.state == store::ScanState::Completed || s.state == store::ScanState::Failed))
      return std::optional<store::ScanRecord>(s);
  return std::optional<store::ScanRecord>();
}

// Holds the store's writer lock, waiting for it in one-second steps while
// not cancelled.
Status take_writer(JobContext& context) {
  Status locked = context.store.acquire_writer(std::chrono::seconds(1));
  for (int waited = 1; !locked.ok() && !cancelled(context) && waited < 600; ++waited)
    locked = context.store.acquire_writer(std::chrono::seconds(1));
  return locked;
}

// The reconcile job's load: the run's done collect parts, put back together.
Result<pipeline::LoadedSource> load_parts(const store::JobRecord& job, const SourceConfig& source,
                                          const pipeline::Source& pipeline_src,
                                          const pipeline::LoadSettings& settings,
                                          JobContext& context, aws::TemporaryCapture& folder) {
  auto jobs = context.store.jobs(
      store::JobFilter{.run = job.run, .unfinished_only = false, .with_results = true});
  if (!jobs.ok()) return jobs.error();
  std::vector<std::string> parts;
  std::vector<std::string> lost;
  for (const store::JobRecord& j : *jobs) {
    if (j.kind != "collect") continue;
    if (j.state == "done")
      parts.push_back(j.result);
    else
      lost.push_back(fmt::format("collect job {} ({}): {}", j.id, j.payload.dump(), j.error));
  }
  if (parts.empty())
    return Error(fmt::format(
        "no part of the collection was collected, nothing was assessed and "
        "no violation changed: {}",
        lost.empty() ? "the run has no collect job" : fmt::format("{}", fmt::join(lost, "; "))));
  auto run = unpack_capture_parts(parts, folder.path(), aws::split_commas(source.regions),
                                  aws::split_commas(source.types));
  if (!run.ok()) return run.error();
  // A lost part is a failure of the collection: the scan is partial and
  // its folders, absent, are not listed as collected.
  for (const std::string& why : lost)
    run->summary.failures.push_back({"", "", "", "", "", "JobFailed", why});
  return pipeline::load_collected(pipeline_src, *run, folder.path().string(), settings);
}

Result<std::string> record_run(const store::JobRecord& job, const SourceConfig& source,
                               JobContext& context) {
  if (Status locked = take_writer(context); !locked.ok()) return locked.error();
  store::WriterRelease release(context.store);
  auto prior = recorded_scan(context.store, job.run);
  if (!prior.ok()) return prior.error();
  if (*prior) {
    const store::ScanRecord& s = **prior;
    bool completed = s.state == store::ScanState::Completed;
    return to_json(RunOutcome{s.id, completed, completed ? "completed" : "failed: " + s.error,
                              fmt::format("scan {} was already recorded for this run", s.id)})
        .dump();
  }
  pipeline::RunSettings settings =
      run_settings(source, context.config, job_now(job), context.threads, context.cancel);
  settings.scope_tags = {{"job_run", job.run}};
  pipeline::Source pipeline_src = pipeline_source(source);
  Result<pipeline::RunReport> report = Error("not run");
  if (job.kind == "reconcile") {
    auto folder = aws::TemporaryCapture::create();
    if (!folder.ok()) return folder.error();
    report = pipeline::run_loaded(
        context.store, pipeline_src,
        load_parts(job, source, pipeline_src, settings.load, context, **folder), context.policies,
        settings);
  } else {
    report = pipeline::run_scan(context.store, pipeline_src, context.policies, settings);
  }
  RunOutcome outcome;
  if (report.ok()) {
    outcome = {report->record.scan_id, true, "completed", report_line(*report)};
  } else {
    auto failed = recorded_scan(context.store, job.run);  // the failed scan, when recorded
    outcome.scan_id = failed.ok() && *failed ? (*failed)->id : 0;
    outcome.status = "failed: " + source_error(source, report.error()).message;
    outcome.log = outcome.status;
  }
  return to_json(outcome).dump();
}

}  // namespace

Result<std::string> run_job(const store::JobRecord& job, JobContext& context) {
  auto source = job_source(job, context.config);
  if (!source.ok()) return source.error();
  if (job.kind == "collect") return collect_part(job, **source, context);
  if (job.kind == "scan" || job.kind == "reconcile") return record_run(job, **source, context);
  return Error(fmt::format("job {} has an unknown kind '{}'", job.id, job.kind))
      .with_kind(Error::Kind::Corrupt);
}

}  // namespace vigil::daemon
