// The load step (load.h): read a capture, AWS Config data or an inventory
// file, or collect live and read the capture.
#include "pipeline/load.h"

#include <fmt/format.h>

#include <chrono>

#include "connectors/aws/capture_reader.h"
#include "connectors/aws_config/config_reader.h"
#include "connectors/aws_live/collect_report.h"
#include "pipeline/load_text.h"

namespace vigil::pipeline {
namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

Result<aws::CaptureResult> read_capture(const std::string& dir, const LoadSettings& settings,
                                        Observer& observer) {
  aws::CaptureOptions options;
  options.threads = settings.threads;
  options.progress = [&observer](size_t done, size_t total) {
    observer.progress(
        {Stage::Read, done, total, fmt::format("reading capture: {}/{} folders", done, total)});
  };
  auto start = Clock::now();
  auto capture = aws::read_capture(dir, options);
  if (capture.ok())
    observer.finished(Stage::Read,
                      capture_summary_text(dir, capture->summary, seconds_since(start)));
  return capture;
}

Status load_capture(const Source& source, const LoadSettings& settings, Observer& observer,
                    LoadedSource& out) {
  auto capture = read_capture(source.path, settings, observer);
  if (!capture.ok()) return capture.error();
  out.partial = capture->summary.partial();
  out.inventory = std::move(capture->inventory);
  return {};
}

Status load_aws_config(const Source& source, const LoadSettings& settings, Observer& observer,
                       LoadedSource& out) {
  aws_config::AwsConfigOptions options;
  options.limits = settings.limits;
  auto start = Clock::now();
  auto config = aws_config::read_aws_config(source.path, options);
  if (!config.ok()) return config.error();
  observer.finished(Stage::Read,
                    aws_config_summary_text(source.path, config->summary, seconds_since(start)));
  out.partial = config->summary.partial();
  out.inventory = std::move(config->inventory);
  return {};
}

Status load_inventory(const Source& source, LoadedSource& out) {
  auto inventory = Inventory::load_jsonl(source.path);
  if (!inventory.ok()) return inventory.error();
  out.inventory = std::move(inventory).value();
  return {};
}

std::string account_failures(const aws::CollectSummary& summary) {
  std::string out;
  for (const aws::AccountFailure& f : summary.account_failures)
    out += fmt::format("{}{}: {}: {}", out.empty() ? "" : "; ", f.account, f.code, f.message);
  return out;
}

// Kind Aws, once collected into `dir`: read it back.
Status read_collected(const aws::CollectionRun& run, const std::string& dir,
                      const LoadSettings& settings, Observer& observer, LoadedSource& out) {
  if (run.nothing_collected()) {
    std::string failures = account_failures(run.summary);
    return Error(fmt::format(
        "no account could be collected, nothing was assessed and no violation changed: {}",
        failures.empty() ? "no account to collect" : failures));
  }
  auto capture = read_capture(dir, settings, observer);
  if (!capture.ok()) return Error("reading the collected capture: " + capture.error().message);
  out.partial = capture->summary.partial() || run.partial();
  out.inventory = std::move(capture->inventory);
  nlohmann::json collected = aws::scan_scope(run, capture->summary.scopes);
  collected.erase("sources");
  out.scope.update(collected);
  const aws::CollectSummary& s = run.summary;
  out.summary = fmt::format("; collected {} account{} live: {} calls, {} failed", s.accounts,
                            s.accounts == 1 ? "" : "s", s.client.calls, s.failures.size());
  if (!s.account_failures.empty())
    out.summary += fmt::format("; {} account{} not collected (left as they were): {}",
                               s.account_failures.size(), s.account_failures.size() == 1 ? "" : "s",
                               account_failures(s));
  return {};
}

// Kind Aws: collect into the kept or a temporary folder, then read it back.
Status load_aws(const Source& source, const LoadSettings& settings, Observer& observer,
                LoadedSource& out) {
  std::unique_ptr<aws::TemporaryCapture> temporary;
  std::string dir = source.keep_capture;
  if (dir.empty()) {
    auto made = aws::TemporaryCapture::create();
    if (!made.ok()) return made.error();
    temporary = std::move(made).value();
    dir = temporary->path().string();
  }
  aws::CollectionRequest request = source.live;
  request.cancel = settings.cancel;
  request.limits = settings.limits;
  request.progress = [&observer](const aws::CollectProgress& p) {  // serialized by the collector
    observer.progress({Stage::Collect, p.scopes_done, p.scopes, aws::progress_line(p)});
  };
  auto run = aws::run_collection(request, dir);
  if (!run.ok()) return run.error();
  observer.finished(Stage::Collect, aws::summary_text(run->summary, dir));
  return read_collected(*run, dir, settings, observer, out);
}

std::string scope_summary(const Inventory& inventory, const tracker::CollectedScopes& scopes) {
  size_t failed = 0;
  for (const auto& s : scopes.scopes) failed += s.ok ? 0 : 1;
  return fmt::format("{} assets in {} scopes{}", inventory.size(), scopes.scopes.size(),
                     failed ? fmt::format(", {} failed", failed) : "");
}

}  // namespace

Result<LoadedSource> load_source(const Source& source, const LoadSettings& settings,
                                 Observer& observer) {
  auto start = Clock::now();
  LoadedSource out;
  out.scope = configured_scope(source);
  Status loaded;
  switch (source.kind) {
    case SourceKind::Capture:
      loaded = load_capture(source, settings, observer, out);
      break;
    case SourceKind::AwsConfig:
      loaded = load_aws_config(source, settings, observer, out);
      break;
    case SourceKind::Inventory:
      loaded = load_inventory(source, out);
      break;
    case SourceKind::Aws:
      loaded = load_aws(source, settings, observer, out);
      break;
  }
  if (!loaded.ok()) return loaded.error();
  out.scopes = tracker::scopes_of(out.inventory);
  out.summary = scope_summary(out.inventory, out.scopes) + out.summary;
  out.seconds = seconds_since(start);
  return out;
}

Result<LoadedSource> load_collected(const Source& source, const aws::CollectionRun& run,
                                    const std::string& dir, const LoadSettings& settings,
                                    Observer& observer) {
  auto start = Clock::now();
  LoadedSource out;
  out.scope = configured_scope(source);
  if (Status read = read_collected(run, dir, settings, observer, out); !read.ok())
    return read.error();
  out.scopes = tracker::scopes_of(out.inventory);
  out.summary = scope_summary(out.inventory, out.scopes) + out.summary;
  out.seconds = seconds_since(start);
  return out;
}

}  // namespace vigil::pipeline
