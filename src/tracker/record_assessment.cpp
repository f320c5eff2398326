// See record_assessment.h.
#include "tracker/record_assessment.h"

#include <fmt/format.h>

#include <chrono>

namespace vigil::tracker {
namespace {

store::ScanRecord scan_record(const RecordRequest& request) {
  store::ScanRecord record;
  record.source = request.source;
  record.scope = request.scope;
  record.started = request.started;
  return record;
}

}  // namespace

Result<RecordSummary> record_assessment(store::Store& store, const Inventory& inventory,
                                        const PolicySet& policies, const ScanResult& result,
                                        const CollectedScopes& scopes,
                                        const RecordRequest& request) {
  auto id = store.begin_scan(scan_record(request));
  if (!id.ok()) return id.error();
  RecordOptions options;
  options.scope = request.scope;
  options.now = request.started;
  options.score_weights = request.weights;
  options.timings = {{"collect_s", request.collect_seconds}, {"assess_s", result.seconds}};
  options.run_started = request.run_started;
  options.whole_policy_set = request.whole_policy_set;
  options.sources = request.sources;
  options.notify_opened = request.notify_opened;
  return record_scan(store, *id, inventory, policies, result, scopes, options);
}

Status record_failed_scan(store::Store& store, const RecordRequest& request,
                          const std::string& why) {
  auto id = store.begin_scan(scan_record(request));
  if (!id.ok()) return id.error();
  return store.fail_scan(*id, std::chrono::system_clock::now(), why);
}

std::string summary_line(const RecordSummary& s) {
  return fmt::format(
      "scan {}: opened {}, reopened {}, closed {}, exempted {}, unexempted {}, unknown {}, still "
      "open {}; assets created {}, changed {}, deleted {}; reconciled in {:.2f}s",
      s.scan_id, s.opened, s.reopened, s.closed, s.exempted, s.unexempted, s.unknown, s.still_open,
      s.assets_created, s.assets_changed, s.assets_deleted, s.seconds);
}

}  // namespace vigil::tracker
