// Loading a source for the vigil subcommands (scan, inventory, access):
// the pipeline's load step (pipeline/load.h) with a terminal observer, so
// every command shows the same progress and summaries.
#pragma once

#include <chrono>
#include <mutex>
#include <string>
#include <vector>

#include "core/result.h"
#include "pipeline/load.h"
#include "pipeline/observer.h"

namespace vigil::cli {

// Exit status of `vigil scan --capture` (and inventory, collect) when the
// input was read partially (failed scopes or malformed files) and no
// violation reached --fail-on.
inline constexpr int kExitPartial = 3;

// Progress on stderr as one rewritten line when stderr is a terminal (at
// most every 100 ms); each stage's summary on stderr. Quiet: nothing.
class TerminalObserver : public pipeline::Observer {
 public:
  explicit TerminalObserver(bool quiet = false);
  ~TerminalObserver() override;
  void progress(const pipeline::Progress& progress) override;
  void finished(pipeline::Stage stage, std::string_view text) override;

 private:
  void clear_line();  // with mutex_ held
  bool quiet_, terminal_;
  std::mutex mutex_;
  bool line_shown_ = false;
  std::chrono::steady_clock::time_point last_{};
};

// load_source with a TerminalObserver.
Result<pipeline::LoadedSource> load_input(const pipeline::Source& source,
                                          const pipeline::LoadSettings& settings,
                                          bool quiet = false);

// The policies scanned when --policies is not given (the built-in pack), the
// one place every command asks. In order:
// 1. installed: the data folder beside the executable's (found through
//    /proc/self/exe): BIN/../share/vigil/policies for `cmake --install` and
//    the Debian package (VIGIL_INSTALL_DATA_FROM_BIN, from GNUInstallDirs);
// 2. the source tree the binary was built from (VIGIL_SOURCE_POLICIES_DIR),
//    for a binary run from its build folder;
// 3. BIN/../policies, for an unpacked copy of the repository's layout.
// Empty when none exists.
std::string default_policies_dir();
// `given` when it names any path, else the built-in policies (the one
// folder of default_policies_dir()); empty when neither exists, for the
// caller to say what to give.
std::vector<std::string> policy_paths_or_builtin(std::vector<std::string> given);
// The framework catalogues beside those policies: frameworks/ next to policies/.
std::string default_catalogs_dir();

}  // namespace vigil::cli
