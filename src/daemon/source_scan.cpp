// One scan of one source: load -> assess -> record.
#include "daemon/source_scan.h"

#include <fmt/format.h>

#include <chrono>

#include "connectors/aws/capture_reader.h"
#include "connectors/aws/catalog.h"
#include "connectors/aws_config/config_reader.h"
#include "daemon/aws_source.h"

namespace vigil::daemon {
namespace {

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

cel::Value to_value(const nlohmann::json& j) {
  switch (j.type()) {
    case nlohmann::json::value_t::boolean:
      return cel::Value::boolean(j.get<bool>());
    case nlohmann::json::value_t::number_integer:
      return cel::Value::integer(j.get<int64_t>());
    case nlohmann::json::value_t::number_unsigned:
      return cel::Value::uinteger(j.get<uint64_t>());
    case nlohmann::json::value_t::number_float:
      return cel::Value::dbl(j.get<double>());
    case nlohmann::json::value_t::string:
      return cel::Value::string(j.get<std::string>());
    case nlohmann::json::value_t::array: {
      cel::ValueList items;
      for (const auto& item : j) items.push_back(to_value(item));
      return cel::Value::list(std::move(items));
    }
    case nlohmann::json::value_t::object: {
      std::vector<cel::MapEntry> entries;
      for (auto it = j.begin(); it != j.end(); ++it)
        entries.push_back(cel::MapEntry{cel::Value::string(it.key()), to_value(it.value())});
      return cel::Value::map(std::move(entries));
    }
    default:
      return cel::Value::null();
  }
}

std::string scope_summary(const Inventory& inventory, const tracker::CollectedScopes& scopes) {
  size_t failed = 0;
  for (const auto& s : scopes.scopes) failed += s.ok ? 0 : 1;
  return fmt::format("{} assets in {} scopes{}", inventory.size(), scopes.scopes.size(),
                     failed ? fmt::format(", {} failed", failed) : "");
}

}  // namespace

Result<LoadedSource> load_source(const SourceConfig& source, unsigned threads, const Limits& limits,
                                 const std::atomic<bool>* cancel) {
  auto start = std::chrono::steady_clock::now();
  LoadedSource out;
  switch (source.kind) {
    case SourceKind::Capture: {
      aws::CaptureOptions options;
      options.threads = threads;
      auto capture = aws::read_capture(source.path, options);
      if (!capture.ok()) return capture.error();
      out.partial = capture->summary.partial();
      out.inventory = std::move(capture->inventory);
      out.scopes = tracker::scopes_of(out.inventory);
      break;
    }
    case SourceKind::AwsConfig: {
      aws_config::AwsConfigOptions options;
      options.limits = limits;
      auto config = aws_config::read_aws_config(source.path, options);
      if (!config.ok()) return config.error();
      out.partial = config->summary.partial();
      out.inventory = std::move(config->inventory);
      out.scopes = tracker::scopes_of(out.inventory);
      break;
    }
    case SourceKind::Inventory: {
      auto inventory = Inventory::load_jsonl(source.path);
      if (!inventory.ok()) return inventory.error();
      out.inventory = std::move(inventory.value());
      out.scopes = tracker::scopes_of(out.inventory);
      break;
    }
    case SourceKind::Aws: {
      auto live = load_aws_source(source, threads, limits, cancel);
      if (!live.ok()) return live.error();
      out = std::move(live.value());
      break;
    }
  }
  out.summary = scope_summary(out.inventory, out.scopes) + out.summary;
  out.seconds = seconds_since(start);
  return out;
}

Result<LoadOptions> policy_load_options(const PoliciesConfig& policies, const Limits& limits) {
  LoadOptions options;
  options.limits = limits;
  for (const auto& [id, params] : policies.params)
    for (const auto& [name, value] : params) options.param_overrides[id][name] = to_value(value);
  options.disable = policies.disable;
  options.enable = policies.enable;
  options.severity_overrides = policies.severity;
  options.override_places = policies.places;
  options.known_types = aws::asset_types();
  return options;
}

Result<tracker::RecordSummary> record_assessment(store::Store& store, const Inventory& inventory,
                                                 const PolicySet& policies,
                                                 const ScanResult& result,
                                                 const tracker::CollectedScopes& scopes,
                                                 const RecordRequest& request) {
  store::ScanRecord record;
  record.source = request.source;
  record.scope = request.scope;
  record.started = request.started;
  auto id = store.begin_scan(record);
  if (!id.ok()) return id.error();
  tracker::RecordOptions options;
  options.scope = request.scope;
  options.now = request.started;
  options.score_weights = request.weights;
  options.timings = {{"collect_s", request.collect_seconds}, {"assess_s", result.seconds}};
  options.run_started = request.run_started;
  options.whole_policy_set = request.whole_policy_set;
  options.sources = request.sources;
  return tracker::record_scan(store, *id, inventory, policies, result, scopes, options);
}

Result<SourceScanReport> scan_source(store::Store& store, const SourceConfig& source,
                                     const PolicySet& policies, const Config& config,
                                     store::Time now, unsigned threads,
                                     const std::atomic<bool>* cancel) {
  nlohmann::json scope = {{"sources", {source.name}},
                          {"kind", std::string(to_string(source.kind))}};
  if (!source.path.empty()) scope["path"] = source.path;
  if (source.kind == SourceKind::Aws) scope.update(aws_source_scope(source));
  auto loaded = load_source(source, threads, config.limits, cancel);
  if (!loaded.ok()) {
    // Record the attempt: a scan that failed before assessing anything.
    store::ScanRecord record;
    record.source = source.name;
    record.scope = scope;
    record.started = now;
    auto id = store.begin_scan(record);
    if (id.ok()) {
      Status failed =
          store.fail_scan(*id, std::chrono::system_clock::now(), loaded.error().message);
      (void)failed;  // the load error is the one worth reporting
    }
    return loaded.error();
  }
  loaded->inventory.set_company(config.company);
  ScanOptions options;
  options.threads = threads;
  auto secs = std::chrono::duration_cast<std::chrono::seconds>(now.time_since_epoch()).count();
  options.now = cel::Value::timestamp(secs, 0);
  ScanResult result = scan(loaded->inventory, policies, options);

  SourceScanReport report;
  report.assets = result.assets;
  report.evaluations = result.evaluations;
  for (const Finding& f : result.findings) {
    if (f.status == FindingStatus::Violation) ++report.violations;
    if (f.status == FindingStatus::Unknown) ++report.unknown;
  }
  report.partial = loaded->partial;
  report.load_summary = loaded->summary;

  RecordRequest request;
  request.source = source.name;
  scope.update(loaded->scope);  // kind aws: the accounts and regions actually collected
  request.scope = scope;
  request.started = now;
  request.weights = config.scoring;
  request.collect_seconds = loaded->seconds;
  for (const SourceConfig& s : config.sources) request.sources.push_back(s.name);
  auto recorded =
      record_assessment(store, loaded->inventory, policies, result, loaded->scopes, request);
  if (!recorded.ok()) return recorded.error();
  report.record = std::move(recorded.value());
  return report;
}

std::string summary_line(const tracker::RecordSummary& s) {
  std::string line = fmt::format(
      "scan {}: opened {}, reopened {}, closed {}, exempted {}, unexempted {}, unknown {}, still "
      "open {}; "
      "assets created {}, changed {}, deleted {}; reconciled in {:.2f}s",
      s.scan_id, s.opened, s.reopened, s.closed, s.exempted, s.unexempted, s.unknown, s.still_open,
      s.assets_created, s.assets_changed, s.assets_deleted, s.seconds);
  return line;
}

}  // namespace vigil::daemon
