// See load_text.h.
#include "pipeline/load_text.h"

#include <fmt/format.h>

namespace vigil::pipeline {
namespace {

const char* plural(size_t n) { return n == 1 ? "" : "s"; }

}  // namespace

std::string capture_summary_text(const std::string& where, const aws::CaptureSummary& s,
                                 double seconds) {
  std::string out = fmt::format(
      "read {}: {} account{}, {} region{}, {} type{}, {} asset{} ({} files, {:.1f} MB, {:.2f} s)\n",
      where, s.accounts, plural(s.accounts), s.regions, plural(s.regions), s.types, plural(s.types),
      s.assets, plural(s.assets), s.files, s.bytes / 1e6, seconds);
  if (!s.errors_by_code.empty()) {
    std::string codes;
    for (const auto& [code, count] : s.errors_by_code)
      codes += fmt::format("{}{} {}", codes.empty() ? "" : ", ", code, count);
    out += "collection errors (parts unknown to policies): " + codes + '\n';
  }
  for (const std::string& problem : s.problems) out += "warning: " + problem + '\n';
  if (s.partial())
    out += fmt::format(
        "partial capture: {} failed scope{}, {} malformed file{}; the policies of those scopes "
        "report unknown\n",
        s.failed_scopes, plural(s.failed_scopes), s.malformed_files, plural(s.malformed_files));
  return out;
}

std::string aws_config_summary_text(const std::string& where, const aws_config::AwsConfigSummary& s,
                                    double seconds) {
  std::string unsupported;
  for (const auto& [type, count] : s.unsupported_types)
    unsupported +=
        fmt::format("{}{} {}", unsupported.empty() ? "; types without a Vigil asset type: " : ", ",
                    type, count);
  return capture_summary_text(where, s.read, seconds) +
         fmt::format(
             "AWS Config: {} configuration item{}, {} deleted or not recorded (skipped), {} "
             "superseded by a later snapshot{}\n",
             s.items, plural(s.items), s.deleted, s.superseded, unsupported);
}

}  // namespace vigil::pipeline
