// Reading an AWS capture directory for the vigil subcommands (scan,
// inventory): progress on a terminal, then a summary of what was read.
#pragma once

#include <iosfwd>
#include <string>

#include "connectors/aws/capture_reader.h"
#include "core/result.h"

namespace vigil::cli {

// Exit status of `vigil scan --capture` when the capture was read partially
// (failed scopes or malformed files) and no violation reached --fail-on.
inline constexpr int kExitPartial = 3;

// Reads the capture. While reading, a progress line goes to stderr when
// stderr is a terminal; afterwards the summary (accounts, regions, types,
// assets, collection errors by code, problems) goes to stderr unless quiet.
Result<aws::CaptureResult> load_capture(const std::string& directory, unsigned threads, bool quiet);

void print_capture_summary(std::ostream& out, const std::string& directory,
                           const aws::CaptureSummary& summary, double seconds);

// The policies scanned when --policies is not given: the repository's
// policies/ folder (VIGIL_POLICIES_DIR, fixed at build time), or
// policies/ next to the binary's folder. Empty when neither exists.
std::string default_policies_dir();

}  // namespace vigil::cli
