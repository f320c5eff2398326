// A kind: aws source: collect live, read back as a capture (aws_source.h).
#include "daemon/aws_source.h"

#include <fmt/format.h>

#include "connectors/aws/capture_reader.h"
#include "tracker/tracker.h"

namespace vigil::daemon {
namespace {

std::string account_failures(const aws::CollectSummary& summary) {
  std::string out;
  for (const aws::AccountFailure& f : summary.account_failures)
    out += fmt::format("{}{}: {}: {}", out.empty() ? "" : "; ", f.account, f.code, f.message);
  return out;
}

}  // namespace

aws::CollectionRequest collection_request(const SourceConfig& s) {
  aws::CollectionRequest r;
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
  return r;
}

nlohmann::json aws_source_scope(const SourceConfig& s) {
  nlohmann::json scope = nlohmann::json::object();
  if (!s.accounts.empty()) scope["accounts"] = s.accounts;
  if (!s.accounts_file.empty()) scope["accounts_file"] = s.accounts_file;
  if (s.org) scope["org"] = true;
  if (!s.regions.empty()) scope["regions"] = s.regions;
  if (!s.types.empty()) scope["types"] = s.types;
  return scope;
}

Result<LoadedSource> load_aws_source(const SourceConfig& source, unsigned threads,
                                     const Limits& limits, const std::atomic<bool>* cancel) {
  auto where = [&](const std::string& message) {
    return Error(fmt::format("source '{}': {}", source.name, message));
  };
  auto folder = aws::TemporaryCapture::create();
  if (!folder.ok()) return where(folder.error().message);
  const std::string dir = folder.value()->path().string();
  aws::CollectionRequest request = collection_request(source);
  request.cancel = cancel;
  request.limits = limits;
  auto run = aws::run_collection(request, dir);
  if (!run.ok()) return where(run.error().message);
  if (run->nothing_collected())
    return where(fmt::format(
        "no account could be collected, nothing was assessed and no violation changed: {}",
        account_failures(run->summary).empty() ? "no account to collect"
                                               : account_failures(run->summary)));
  aws::CaptureOptions options;
  options.threads = threads;
  auto capture = aws::read_capture(dir, options);
  if (!capture.ok()) return where("reading the collected capture: " + capture.error().message);

  LoadedSource out;
  out.partial = capture->summary.partial() || run->partial();
  out.inventory = std::move(capture->inventory);
  out.scopes = tracker::scopes_of(out.inventory);
  out.scope = aws::scan_scope(*run, capture->summary.scopes);
  out.scope.erase("sources");
  const aws::CollectSummary& s = run->summary;
  out.summary = fmt::format("; collected {} account{} live: {} calls, {} failed", s.accounts,
                            s.accounts == 1 ? "" : "s", s.client.calls, s.failures.size());
  if (!s.account_failures.empty())
    out.summary += fmt::format("; {} account{} not collected (left as they were): {}",
                               s.account_failures.size(), s.account_failures.size() == 1 ? "" : "s",
                               account_failures(s));
  return out;
}

}  // namespace vigil::daemon
