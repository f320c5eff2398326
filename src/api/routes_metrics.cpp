// GET /metrics: Prometheus text format. The store's view (scans by source
// and state, the latest scan of each source: its findings by status, step
// durations and failed collection scopes by account, region, service and
// error code) and the API's own requests (metrics.h).
#include <fmt/format.h>

#include <map>

#include "api/http_json.h"
#include "api/metrics.h"
#include "api/routes.h"

namespace vigil::api {

namespace {

// "AccessDenied: User ... is not authorized" -> "AccessDenied"; "" when the
// error does not start with a code.
std::string error_code_of(const std::string& error) {
  size_t colon = error.find(':');
  if (colon == std::string::npos || colon == 0 || colon > 64) return "";
  for (size_t i = 0; i < colon; ++i)
    if (!std::isalnum(static_cast<unsigned char>(error[i])) && error[i] != '.' && error[i] != '_')
      return "";
  return error.substr(0, colon);
}

// "aws.s3.bucket" -> "s3"
std::string service_of(const std::string& type) {
  size_t first = type.find('.');
  if (first == std::string::npos) return type;
  size_t second = type.find('.', first + 1);
  return type.substr(first + 1,
                     second == std::string::npos ? std::string::npos : second - first - 1);
}

}  // namespace

void get_metrics(const httplib::Request&, httplib::Response& res, ApiContext& context,
                 const Caller& caller) {
  if (!require_unrestricted(caller, res)) return;
  auto db = store_or_error(context, res);
  if (!db) return;
  auto scans = (*db)->list_scans({1000});
  if (!scans.ok()) return send_error(res, scans.error());
  std::map<std::pair<std::string, std::string>, uint64_t> by_state;
  std::map<std::string, const store::ScanRecord*> latest;  // per source: the newest scan that ended
  for (const auto& s : *scans) {
    ++by_state[{s.source, std::string(store::to_string(s.state))}];
    if (s.state != store::ScanState::Running && !latest.count(s.source)) latest[s.source] = &s;
  }
  std::string out =
      "# HELP vigil_scans Recorded scans by source and state (the newest 1000).\n"
      "# TYPE vigil_scans gauge\n";
  for (const auto& [key, n] : by_state)
    out += fmt::format("vigil_scans{{source=\"{}\",state=\"{}\"}} {}\n", label_value(key.first),
                       key.second, n);
  out +=
      "# HELP vigil_last_scan_timestamp_seconds When the latest finished scan of each source "
      "started.\n"
      "# TYPE vigil_last_scan_timestamp_seconds gauge\n";
  for (const auto& [source, s] : latest)
    out += fmt::format("vigil_last_scan_timestamp_seconds{{source=\"{}\",state=\"{}\"}} {:.3f}\n",
                       label_value(source), store::to_string(s->state),
                       std::chrono::duration<double>(s->started.time_since_epoch()).count());
  out +=
      "# HELP vigil_last_scan_findings Findings of the latest finished scan of each source, by "
      "status.\n"
      "# TYPE vigil_last_scan_findings gauge\n";
  for (const auto& [source, s] : latest)
    for (auto [status, n] :
         {std::pair{"violation", s->violations}, std::pair{"compliant", s->compliant},
          std::pair{"unknown", s->unknown}, std::pair{"exempted", s->exempted}})
      out += fmt::format("vigil_last_scan_findings{{source=\"{}\",status=\"{}\"}} {}\n",
                         label_value(source), status, n);
  out +=
      "# HELP vigil_last_scan_step_seconds Step durations of the latest finished scan of each "
      "source.\n"
      "# TYPE vigil_last_scan_step_seconds gauge\n";
  for (const auto& [source, s] : latest)
    if (s->timings.is_object())
      for (const auto& [key, value] : s->timings.items())
        if (value.is_number() && key.size() > 2 && key.compare(key.size() - 2, 2, "_s") == 0)
          out += fmt::format("vigil_last_scan_step_seconds{{source=\"{}\",step=\"{}\"}} {}\n",
                             label_value(source), label_value(key.substr(0, key.size() - 2)),
                             value.get<double>());
  out +=
      "# HELP vigil_last_scan_collection_failures Scopes the latest finished scan of each source "
      "could not "
      "collect, by account, region, service and error code.\n"
      "# TYPE vigil_last_scan_collection_failures gauge\n";
  for (const auto& [source, s] : latest) {
    auto full = (*db)->get_scan(s->id);  // with its scopes
    if (!full.ok()) return send_error(res, full.error());
    if (!*full) continue;
    std::map<std::tuple<std::string, std::string, std::string, std::string>, uint64_t> failures;
    for (const auto& scope : (*full)->scopes)
      if (!scope.ok)
        ++failures[{scope.key.account, scope.key.region, service_of(scope.key.type),
                    error_code_of(scope.error)}];
    for (const auto& [key, n] : failures) {
      const auto& [account, region, service, code] = key;
      out += fmt::format(
          "vigil_last_scan_collection_failures{{source=\"{}\",account=\"{}\",region=\"{}\",service="
          "\"{}\",code=\"{}\"}} "
          "{}\n",
          label_value(source), label_value(account), label_value(region), label_value(service),
          label_value(code), n);
    }
  }
  if (context.metrics) out += context.metrics->exposition();
  res.set_content(out, "text/plain; version=0.0.4; charset=utf-8");
}

}  // namespace vigil::api
