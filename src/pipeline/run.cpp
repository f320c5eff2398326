// See run.h.
#include "pipeline/run.h"

#include <fmt/format.h>

#include <chrono>

namespace vigil::pipeline {
namespace {

struct FindingCounts {
  size_t violations = 0, unknown = 0;
};

FindingCounts count_findings(const ScanResult& result) {
  FindingCounts n;
  for (const Finding& f : result.findings) {
    n.violations += f.status == FindingStatus::Violation ? 1 : 0;
    n.unknown += f.status == FindingStatus::Unknown ? 1 : 0;
  }
  return n;
}

}  // namespace

ScanResult assess(LoadedSource& loaded, const PolicySet& policies, const AssessSettings& settings,
                  Observer& observer) {
  loaded.inventory.set_company(settings.company);
  ScanOptions options;
  options.threads = settings.threads;
  options.now = cel::Value::timestamp_at(settings.now);
  ScanResult result = scan(loaded.inventory, policies, options);
  const FindingCounts n = count_findings(result);
  observer.finished(
      Stage::Assess,
      fmt::format("assessed {} assets: {} evaluations, {} violations, {} unknown "
                  "({:.2f} s)\n",
                  result.assets, result.evaluations, n.violations, n.unknown, result.seconds));
  return result;
}

Result<tracker::RecordSummary> record(store::Store& store, const LoadedSource& loaded,
                                      const PolicySet& policies, const ScanResult& result,
                                      tracker::RecordRequest request, Observer& observer) {
  if (request.scope.is_null()) request.scope = loaded.scope;
  request.collect_seconds = loaded.seconds;
  auto summary =
      tracker::record_assessment(store, loaded.inventory, policies, result, loaded.scopes, request);
  if (summary.ok()) observer.finished(Stage::Record, tracker::summary_line(*summary) + '\n');
  return summary;
}

Result<RunReport> run_scan(store::Store& store, const Source& source, const PolicySet& policies,
                           const RunSettings& settings, Observer& observer) {
  return run_loaded(store, source, load_source(source, settings.load, observer), policies, settings,
                    observer);
}

Result<RunReport> run_loaded(store::Store& store, const Source& source, Result<LoadedSource> loaded,
                             const PolicySet& policies, const RunSettings& settings,
                             Observer& observer) {
  tracker::RecordRequest request = settings.record;
  request.started = settings.assess.now;
  if (!loaded.ok()) {
    request.scope = configured_scope(source);
    request.scope.update(settings.scope_tags);
    Status failed = tracker::record_failed_scan(store, request, loaded.error().message);
    (void)failed;  // the load error is the one worth reporting
    return loaded.error();
  }
  if (request.scope.is_null()) request.scope = loaded->scope;
  request.scope.update(settings.scope_tags);
  ScanResult result = assess(*loaded, policies, settings.assess, observer);
  RunReport report;
  report.assets = result.assets;
  report.evaluations = result.evaluations;
  const FindingCounts n = count_findings(result);
  report.violations = n.violations;
  report.unknown = n.unknown;
  report.partial = loaded->partial;
  report.load_summary = loaded->summary;
  auto recorded = record(store, *loaded, policies, result, std::move(request), observer);
  if (!recorded.ok()) return recorded.error();
  report.record = std::move(recorded).value();
  return report;
}

}  // namespace vigil::pipeline
