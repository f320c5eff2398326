// Progress and summary text of a live collection (collect_report.h).
#include "connectors/aws_live/collect_report.h"

#include <fmt/format.h>

#include <map>
#include <tuple>

namespace vigil::aws {

std::string progress_line(const CollectProgress& p) {
  return fmt::format("accounts {}/{}  regions {}/{}  calls {}  throttles {}  errors {}", p.accounts_done, p.accounts,
                     p.scopes_done, p.scopes, p.calls, p.throttles, p.errors);
}

std::string summary_text(const CollectSummary& s, const std::string& out_dir) {
  std::string out = fmt::format(
      "collected {} account{}, {} account x region folders into {}: {} files, {} calls ({} retries, {} throttled), "
      "{} not configured, {} failed, in {:.1f} s\n",
      s.accounts, s.accounts == 1 ? "" : "s", s.regions, out_dir, s.files, s.client.calls, s.client.retries,
      s.client.throttles, s.not_configured, s.failures.size(), s.seconds);
  if (!s.account_failures.empty()) {
    out += fmt::format("accounts not collected ({}):\n", s.account_failures.size());
    for (const AccountFailure& f : s.account_failures)
      out += fmt::format("  account {}: {}: {} [credentials: {}]\n", f.account, f.code, f.message,
                         f.credentials.empty() ? "none" : f.credentials);
  }
  if (!s.failures.empty()) {
    struct Group {
      size_t count = 0;
      std::string key, message;
    };
    std::map<std::tuple<std::string, std::string, std::string, std::string, std::string>, Group> groups;
    for (const CallFailure& f : s.failures) {
      Group& g = groups[{f.account, f.region, f.service, f.operation, f.code}];
      if (g.count++ == 0) {
        g.key = f.key;
        g.message = f.message;
      }
    }
    out += "failed calls (written as error files; what they cover is unknown in a scan):\n";
    for (const auto& [k, g] : groups) {
      const auto& [account, region, service, operation, code] = k;
      out += fmt::format("  {} {} {} {}: {} x{}", account, region, service, operation, code, g.count);
      if (!g.key.empty()) out += fmt::format(" (e.g. {})", g.key);
      if (!g.message.empty()) out += fmt::format(": {}", g.message);
      out += "\n";
    }
  }
  return out;
}

}  // namespace vigil::aws
