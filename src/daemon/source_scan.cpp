// A configured source through the pipeline (source_scan.h).
#include "daemon/source_scan.h"

#include "daemon/notifications.h"

#include <fmt/format.h>

#include "cel/json_value.h"
#include "connectors/aws/catalog.h"

namespace vigil::daemon {

pipeline::Source pipeline_source(const SourceConfig& s) {
  pipeline::Source source;
  source.kind = s.kind;
  source.name = s.name;
  source.path = s.path;
  if (s.kind != SourceKind::Aws) return source;
  aws::CollectionRequest& r = source.live;
  r.accounts.profile = s.profile;
  r.accounts.accounts = s.accounts;
  r.accounts.accounts_file = s.accounts_file;
  r.accounts.org = s.org;
  r.accounts.role = s.role;
  r.accounts.external_id = s.external_id;
  r.regions = s.regions;
  r.types = s.types;
  r.endpoint_url = s.endpoint_url;
  r.botocore_dir = s.botocore_data;
  r.concurrency = s.concurrency;
  return source;
}

Result<LoadOptions> policy_load_options(const PoliciesConfig& policies, const Limits& limits) {
  LoadOptions options;
  options.limits = limits;
  for (const auto& [id, params] : policies.params)
    for (const auto& [name, value] : params) {
      auto converted = cel::value_from_json(value);
      if (!converted.ok())
        return Error(fmt::format("policies.params.{}.{}: {}", id, name, converted.error().message));
      options.param_overrides[id][name] = std::move(converted).value();
    }
  options.disable = policies.disable;
  options.enable = policies.enable;
  options.severity_overrides = policies.severity;
  options.override_places = policies.places;
  options.known_types = aws::asset_types();
  return options;
}

pipeline::RunSettings run_settings(const SourceConfig& source, const Config& config,
                                   store::Time now, unsigned threads,
                                   const std::atomic<bool>* cancel) {
  pipeline::RunSettings settings;
  settings.load = {.threads = threads, .limits = config.limits, .cancel = cancel};
  settings.assess = {.threads = threads, .now = now, .company = config.company};
  settings.record.source = source.name;
  settings.record.weights = config.scoring;
  for (const SourceConfig& s : config.sources) settings.record.sources.push_back(s.name);
  if (config.notifications.enabled)
    settings.record.notify_opened = notify_opened_hook(config.notifications, now);
  return settings;
}

std::string report_line(const pipeline::RunReport& report) {
  return fmt::format("{}; {} evaluations, {} violations, {} unknown{}; {}", report.load_summary,
                     report.evaluations, report.violations, report.unknown,
                     report.partial ? " (read partially)" : "",
                     tracker::summary_line(report.record));
}

Error source_error(const SourceConfig& source, Error error) {
  error.message = fmt::format("source '{}': {}", source.name, error.message);
  return error;
}

Result<pipeline::RunReport> scan_source(store::Store& store, const SourceConfig& source,
                                        const PolicySet& policies, const Config& config,
                                        store::Time now, unsigned threads,
                                        const std::atomic<bool>* cancel,
                                        pipeline::Observer& observer) {
  auto report = pipeline::run_scan(store, pipeline_source(source), policies,
                                   run_settings(source, config, now, threads, cancel), observer);
  if (!report.ok()) return source_error(source, report.error());  // kind, code, subject kept
  return report;
}

}  // namespace vigil::daemon
