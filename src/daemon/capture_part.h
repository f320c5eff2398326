// A part of a live AWS collection (one collect job's folders, daemon/jobs.h)
// as text for the store's jobs table, and the parts of a run put back
// together as one capture folder and one collection.
//
// Contract
// - pack: every file under `dir` (relative path, modification time, text)
//   and the run's summary (accounts, call and account failures, client
//   counters) as one JSON document. A file that is not UTF-8 text is an
//   Error (the collector writes JSON only).
// - unpack: writes every part's files under `dir` (folders 0700, files 0600,
//   modification times kept: they are the resources' collect times) and
//   returns the collection they make together: `regions`/`types` as given,
//   accounts counted from the account folders written, call failures of
//   every part, each failed account once, client counters summed. A path
//   that is absolute, empty or climbs out (`..`) is an Error (kind
//   Corrupt), as is a part that is not such a document; nothing outside
//   `dir` is ever written.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "connectors/aws_live/collection.h"
#include "core/result.h"

namespace vigil::daemon {

Result<std::string> pack_capture_part(const aws::CollectionRun& run,
                                      const std::filesystem::path& dir);

Result<aws::CollectionRun> unpack_capture_parts(const std::vector<std::string>& parts,
                                                const std::filesystem::path& dir,
                                                std::vector<std::string> regions,
                                                std::vector<std::string> types);

}  // namespace vigil::daemon
