// See capture_input.h.
#include "cli/capture_input.h"

#include <fmt/format.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <iostream>

namespace vigil::cli {

Result<aws::CaptureResult> load_capture(const std::string& directory, unsigned threads,
                                        bool quiet) {
  aws::CaptureOptions options;
  options.threads = threads;
  bool terminal = !quiet && ::isatty(STDERR_FILENO);
  if (terminal) {
    options.progress = [](size_t done, size_t total) {
      if (done == total || done % 8 == 0)
        std::cerr << fmt::format("\rreading capture: {}/{} folders", done, total) << std::flush;
    };
  }
  auto start = std::chrono::steady_clock::now();
  Result<aws::CaptureResult> result = aws::read_capture(directory, options);
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (terminal) std::cerr << "\r\033[K" << std::flush;
  if (result.ok() && !quiet) print_capture_summary(std::cerr, directory, result->summary, seconds);
  return result;
}

void print_capture_summary(std::ostream& out, const std::string& directory,
                           const aws::CaptureSummary& s, double seconds) {
  out << fmt::format(
      "read {}: {} account{}, {} region{}, {} type{}, {} asset{} ({} files, {:.1f} MB, {:.2f} s)\n",
      directory, s.accounts, s.accounts == 1 ? "" : "s", s.regions, s.regions == 1 ? "" : "s",
      s.types, s.types == 1 ? "" : "s", s.assets, s.assets == 1 ? "" : "s", s.files, s.bytes / 1e6,
      seconds);
  if (!s.errors_by_code.empty()) {
    std::string codes;
    for (const auto& [code, count] : s.errors_by_code)
      codes += fmt::format("{}{} {}", codes.empty() ? "" : ", ", code, count);
    out << "collection errors (parts unknown to policies): " << codes << '\n';
  }
  for (const std::string& problem : s.problems) out << "warning: " << problem << '\n';
  if (s.partial())
    out << fmt::format(
        "partial capture: {} failed scope{}, {} malformed file{}; the policies of those scopes "
        "report unknown\n",
        s.failed_scopes, s.failed_scopes == 1 ? "" : "s", s.malformed_files,
        s.malformed_files == 1 ? "" : "s");
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

}  // namespace vigil::cli
