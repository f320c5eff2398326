// `vigil scan ... --db FILE`: records the assessment just reported in the
// store (pipeline::record: violation lifecycle, asset history, scores) and
// prints what changed.
#pragma once

#include <chrono>
#include <memory>
#include <string>

#include "engine/scan.h"
#include "pipeline/load.h"
#include "policy/policy_set.h"
#include "tracker/record_assessment.h"

namespace vigil::cli {

// Opens (creating) the --db store and takes its writer lock, waiting up to
// `wait` for another process's scan (store.h acquire_writer): done first, so
// a bad path or a busy store fails before any collection or assessment.
// Null after printing why.
std::unique_ptr<store::Store> open_store_to_record(const std::string& db,
                                                   std::chrono::seconds wait);

struct PersistRequest {
  std::string db;                 // --db, for messages
  tracker::RecordRequest record;  // its scope null: the load's (LoadedSource::scope)
  bool summary_to_stdout = true;  // false for json/csv reports (stdout stays machine-readable)
};

// Returns kExitOk, or kExitError after printing why the scan was not recorded.
// `store` comes from open_store_to_record().
int persist_scan(store::Store& store, const PersistRequest& request,
                 const pipeline::LoadedSource& loaded, const PolicySet& policies,
                 const ScanResult& result);

}  // namespace vigil::cli
