// The load step of the pipeline: a Source (source.h) becomes an inventory
// and the scopes it covered. One function for every kind and every caller.
//
// Contract
//  - Capture, AwsConfig, Inventory: the folder or file is read; a read that
//    fails as a whole (missing path, unreadable inventory) is an Error; failed
//    scopes and malformed files make the load `partial` (their findings are
//    unknown), never an Error and never "no resources".
//  - Aws: collected live into a capture folder (Source::keep_capture, else a
//    temporary one removed before returning, on every path), then read as a
//    capture. Unusable settings (credentials, accounts file, endpoint) and a
//    collection in which every account failed are Errors naming the source;
//    accounts that failed are absent from the inventory (left as they were)
//    and make the load partial.
//  - `scopes` is what the source listed (tracker::scopes_of): only those may
//    close violations or delete assets when recorded.
//  - The observer gets Stage::Collect (kind Aws) and Stage::Read progress
//    and summaries.
#pragma once

#include <atomic>
#include <nlohmann/json.hpp>
#include <string>

#include "core/limits.h"
#include "core/result.h"
#include "inventory/inventory.h"
#include "pipeline/observer.h"
#include "pipeline/source.h"
#include "tracker/tracker.h"

namespace vigil::pipeline {

struct LoadSettings {
  unsigned threads = 0;                       // capture reading; 0: hardware concurrency
  Limits limits;                              // AWS Config file sizes, HTTP responses, listings
  const std::atomic<bool>* cancel = nullptr;  // stops a live collection promptly
};

struct LoadedSource {
  Inventory inventory;
  tracker::CollectedScopes scopes;
  bool partial = false;  // failed scopes, malformed files or accounts not collected
  std::string
      summary;  // one line: "479 assets in 36 scopes, 2 failed; collected 3 accounts live: ..."
  double seconds = 0;  // wall time of the whole load, collection included
  // configured_scope(source), refined by what was collected (kind Aws: the
  // accounts and regions collected, "failed_accounts").
  nlohmann::json scope = nlohmann::json::object();
};

Result<LoadedSource> load_source(const Source& source, const LoadSettings& settings,
                                 Observer& observer = no_observer());

// Kind Aws collected elsewhere (the parts of a collection shared between
// workers, daemon/jobs.h): reads the capture folder `dir` holding the
// collection `run` exactly as load_source reads what it collected itself
// (the same errors, partial flag, scope and summary).
Result<LoadedSource> load_collected(const Source& source, const aws::CollectionRun& run,
                                    const std::string& dir, const LoadSettings& settings,
                                    Observer& observer = no_observer());

}  // namespace vigil::pipeline
