// See tracker_scan.h.
#include "cli/tracker_scan.h"

#include <fmt/format.h>

#include <iostream>

#include "cli/cli_util.h"
#include "cli/tracker_common.h"
#include "pipeline/run.h"

namespace vigil::cli {

std::unique_ptr<store::Store> open_store_to_record(const std::string& db,
                                                   std::chrono::seconds wait) {
  StoreOptions where;
  where.db = db;
  auto store = open_store_for(where, "scan", StoreAccess::Create);
  if (!store) return nullptr;
  if (Status locked = store->acquire_writer(wait); !locked.ok()) {
    command_error("scan", locked.error().message);
    return nullptr;
  }
  return store;
}

int persist_scan(store::Store& store, const PersistRequest& request,
                 const pipeline::LoadedSource& loaded, const PolicySet& policies,
                 const ScanResult& result) {
  auto summary = pipeline::record(store, loaded, policies, result, request.record);
  if (!summary.ok())
    return command_error(
        "scan", fmt::format("the scan was not recorded in {} (its previous state is intact): {}",
                            request.db, summary.error().message));
  std::ostream& out = request.summary_to_stdout ? std::cout : std::cerr;
  const tracker::RecordSummary& s = *summary;
  out << fmt::format(
      "recorded as scan {} in {}: {} opened, {} reopened, {} closed, {} exempted, {} unexempted, "
      "{} unknown, {} still open; assets {} created, {} changed, {} deleted\n",
      s.scan_id, request.db, s.opened, s.reopened, s.closed, s.exempted, s.unexempted, s.unknown,
      s.still_open, s.assets_created, s.assets_changed, s.assets_deleted);
  for (const std::string& w : s.warnings) std::cerr << "vigil scan: warning: " << w << '\n';
  return kExitOk;
}

}  // namespace vigil::cli
