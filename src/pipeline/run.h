// The pipeline's assess step and the whole run: load (load.h) -> assess ->
// record (tracker/record_assessment.h). `vigil serve` runs it per scheduled
// source; `vigil scan` calls the same steps one by one, printing its report
// between assess and record.
#pragma once

#include <optional>

#include "engine/scan.h"
#include "inventory/company.h"
#include "pipeline/load.h"
#include "policy/policy_set.h"
#include "store/store.h"
#include "tracker/record_assessment.h"

namespace vigil::pipeline {

struct AssessSettings {
  unsigned threads = 0;  // 0: hardware concurrency
  store::Time now{};     // what the policies see as `now`
  Company company;       // who is outside the company (access analysis)
};

// Evaluates every policy over the loaded inventory (after giving it the
// company); Observer::finished(Stage::Assess) gets the counts.
ScanResult assess(LoadedSource& loaded, const PolicySet& policies, const AssessSettings& settings,
                  Observer& observer = no_observer());

// Records an assessment of `loaded` (its inventory and scopes): `request`
// as given, its scope the load's scope (unless set) and its collect time the
// load's. Observer::finished(Stage::Record) gets tracker::summary_line.
Result<tracker::RecordSummary> record(store::Store& store, const LoadedSource& loaded,
                                      const PolicySet& policies, const ScanResult& result,
                                      tracker::RecordRequest request,
                                      Observer& observer = no_observer());

struct RunSettings {
  LoadSettings load;
  AssessSettings assess;  // `now` is also the scan's observation time
  // The source, weights, sources and whole_policy_set of the record; its
  // scope, start and collect time are the run's.
  tracker::RecordRequest record;
  // Keys added to the recorded scope, failed scans included (a worker's job
  // run: daemon/jobs.h).
  nlohmann::json scope_tags = nlohmann::json::object();
};

struct RunReport {
  size_t assets = 0, evaluations = 0, violations = 0, unknown = 0;
  bool partial = false;
  std::string load_summary;  // LoadedSource::summary
  tracker::RecordSummary record;
};

// Load, assess, record. A source that cannot be loaded is recorded as a
// failed scan (tracker::record_failed_scan) and its Error returned.
Result<RunReport> run_scan(store::Store& store, const Source& source, const PolicySet& policies,
                           const RunSettings& settings, Observer& observer = no_observer());

// Assess and record a load made by the caller (run_scan is
// run_loaded(load_source(...))): a failed load is recorded as a failed scan
// and its Error returned.
Result<RunReport> run_loaded(store::Store& store, const Source& source, Result<LoadedSource> loaded,
                             const PolicySet& policies, const RunSettings& settings,
                             Observer& observer = no_observer());

}  // namespace vigil::pipeline
