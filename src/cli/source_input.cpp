// See source_input.h.
#include "cli/source_input.h"

#include <unistd.h>

#include <filesystem>
#include <iostream>

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
#ifdef VIGIL_POLICIES_DIR
  if (fs::is_directory(VIGIL_POLICIES_DIR, ec)) return VIGIL_POLICIES_DIR;
#endif
  fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    for (fs::path candidate : {exe.parent_path().parent_path() / "policies",
                               exe.parent_path().parent_path() / "share" / "vigil" / "policies"})
      if (fs::is_directory(candidate, ec)) return candidate.string();
  }
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
