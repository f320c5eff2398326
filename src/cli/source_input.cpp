// See source_input.h.
#include "cli/source_input.h"

#include <unistd.h>

#include <filesystem>
#include <iostream>
#include <vector>

namespace vigil::cli {

TerminalObserver::TerminalObserver(bool quiet)
    : quiet_(quiet), terminal_(!quiet && ::isatty(STDERR_FILENO) == 1) {}

TerminalObserver::~TerminalObserver() {
  std::lock_guard lock(mutex_);
  clear_line();
}

void TerminalObserver::clear_line() {
  if (!line_shown_) return;
  std::cerr << "\r\033[K" << std::flush;
  line_shown_ = false;
}

void TerminalObserver::progress(const pipeline::Progress& p) {
  if (!terminal_) return;
  std::lock_guard lock(mutex_);
  auto now = std::chrono::steady_clock::now();
  if (p.done != p.total && now - last_ < std::chrono::milliseconds(100)) return;
  last_ = now;
  std::cerr << "\r\033[K" << p.line << std::flush;
  line_shown_ = true;
}

void TerminalObserver::finished(pipeline::Stage, std::string_view text) {
  std::lock_guard lock(mutex_);
  clear_line();
  if (!quiet_) std::cerr << text << std::flush;
}

Result<pipeline::LoadedSource> load_input(const pipeline::Source& source,
                                          const pipeline::LoadSettings& settings, bool quiet) {
  TerminalObserver observer(quiet);
  return pipeline::load_source(source, settings, observer);
}

std::string default_policies_dir() {
  namespace fs = std::filesystem;
  std::error_code ec;
  fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  fs::path bin = ec ? fs::path() : exe.parent_path();
  std::vector<fs::path> candidates;
#ifdef VIGIL_INSTALL_DATA_FROM_BIN
  if (!bin.empty()) candidates.push_back(bin / VIGIL_INSTALL_DATA_FROM_BIN / "policies");
#endif
#ifdef VIGIL_SOURCE_POLICIES_DIR
  candidates.push_back(VIGIL_SOURCE_POLICIES_DIR);
#endif
  if (!bin.empty()) candidates.push_back(bin.parent_path() / "policies");
  for (const fs::path& candidate : candidates)
    if (fs::is_directory(candidate, ec)) return candidate.lexically_normal().string();
  return "";
}

std::vector<std::string> policy_paths_or_builtin(std::vector<std::string> given) {
  if (given.empty())
    if (std::string builtin = default_policies_dir(); !builtin.empty()) given.push_back(builtin);
  return given;
}

std::string default_catalogs_dir() {
  std::string policies = default_policies_dir();
  if (policies.empty()) return "";
  return (std::filesystem::path(policies).parent_path() / "frameworks").string();
}

}  // namespace vigil::cli
