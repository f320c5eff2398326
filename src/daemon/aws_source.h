// A `kind: aws` source (vigil.yaml): one live AWS collection
// (connectors/aws_live/collection.h) into a temporary capture folder, read
// back with the capture reader, the folder removed on every path.
#pragma once

#include <atomic>
#include <nlohmann/json.hpp>

#include "connectors/aws_live/collection.h"
#include "core/result.h"
#include "daemon/config.h"
#include "daemon/source_scan.h"

namespace vigil::daemon {

// The source's settings as a collection request.
aws::CollectionRequest collection_request(const SourceConfig& source);

// What the source is configured to cover, for the scope of a scan that
// failed before collecting: {"accounts", "regions", "types"} as given
// (only the keys set), "org": true, "accounts_file".
nlohmann::json aws_source_scope(const SourceConfig& source);

// Collects and reads the source. Errors: unusable settings (credentials,
// accounts file, endpoint), every account failed (the message lists each
// account's error), an unreadable capture. A partial collection (failed
// calls: failed scopes; failed accounts: absent, so untouched) is a
// LoadedSource with partial set. Its `summary` holds only the collection's
// part (", 1 account not collected: ..."), which load_source appends;
// its `scope` is aws::scan_scope without "sources".
// `cancel` (may be null) stops the collection promptly (CollectOptions::cancel).
Result<LoadedSource> load_aws_source(const SourceConfig& source, unsigned threads,
                                     const Limits& limits,
                                     const std::atomic<bool>* cancel = nullptr);

}  // namespace vigil::daemon
