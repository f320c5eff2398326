// One live AWS collection, end to end (collection.h).
#include "connectors/aws_live/collection.h"

#include "connectors/aws_live/capture_writer.h"

#include <fmt/format.h>
#include <stdlib.h>

#include <algorithm>
#include <cstdlib>
#include <mutex>
#include <set>

#include "aws_client/client_impl.h"
#include "aws_client/credentials/sts.h"
#include "connectors/aws/catalog.h"

namespace vigil::aws {

namespace {

// AWS_REGION / AWS_DEFAULT_REGION, else the first requested region, else us-east-1.
std::string home_region(const std::vector<std::string>& regions) {
  if (!regions.empty()) return regions.front();
  for (const char* name : {"AWS_REGION", "AWS_DEFAULT_REGION"})
    if (const char* v = std::getenv(name); v && *v) return v;
  return "us-east-1";
}

}  // namespace

std::vector<std::string> split_commas(const std::vector<std::string>& values) {
  std::vector<std::string> out;
  for (const std::string& v : values) {
    size_t start = 0;
    while (start <= v.size()) {
      size_t comma = v.find(',', start);
      std::string item =
          v.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
      if (!item.empty()) out.push_back(item);
      if (comma == std::string::npos) break;
      start = comma + 1;
    }
  }
  return out;
}

std::vector<std::string> type_selectors() {
  std::set<std::string> names = {"aws.account"};
  for (const ResourceType& t : resource_catalog()) {
    names.insert(std::string(t.type));
    names.insert(std::string(t.service));
  }
  return {names.begin(), names.end()};
}

Status check_type_selectors(const std::vector<std::string>& types) {
  std::vector<std::string> known = type_selectors();
  for (const std::string& t : types)
    if (!std::binary_search(known.begin(), known.end(), t))
      return Error(fmt::format(
          "types: '{}' is neither an asset type (aws.ec2.instance), a service (ec2) nor "
          "aws.account; the types are listed in docs/assets.md",
          t));
  return {};
}

Result<CollectionRun> run_collection(const CollectionRequest& request,
                                     const std::filesystem::path& out) {
  CollectionRun run;
  run.regions = split_commas(request.regions);
  run.types = split_commas(request.types);
  if (Status checked = check_type_selectors(run.types); !checked.ok()) return checked.error();

  AwsClientOptions client_options;
  if (!request.botocore_dir.empty()) client_options.botocore_data_dir = request.botocore_dir;
  client_options.endpoint_url = request.endpoint_url;
  client_options.curl.max_response_bytes = request.limits.http_response_bytes;
  client_options.curl.max_header_bytes = request.limits.http_header_bytes;
  client_options.max_pages = request.limits.listing_pages;
  client_options.max_listing_bytes = request.limits.listing_bytes;
  auto models = std::make_shared<ModelRepository>(client_options.botocore_data_dir);
  client_options.models = models;
  Result<std::unique_ptr<AwsClient>> made = make_aws_client(client_options);
  if (!made.ok()) return made.error();
  std::shared_ptr<AwsClient> client = std::move(made).value();

  CollectOptions options;
  options.out = out;
  options.regions = run.regions;
  options.home_region = home_region(options.regions);
  options.types.insert(run.types.begin(), run.types.end());
  options.concurrency = request.concurrency;
  options.folders.insert(request.folders.begin(), request.folders.end());
  options.progress = request.progress;
  options.cancel = request.cancel;
  CredentialsContext context;
  context.http = make_curl_http_client();
  StsOptions sts;
  sts.region = options.home_region;
  sts.endpoint_url = request.endpoint_url;
  context.sts = make_sts_api(client, context.http, sts);
  Result<std::vector<AccountTarget>> accounts =
      resolve_accounts(request.accounts, *client, context, options.home_region);
  if (!accounts.ok()) return accounts.error();
  options.accounts = std::move(accounts).value();

  Result<CollectSummary> summary = collect(*client, *models, options);
  if (!summary.ok()) return summary.error();
  run.summary = std::move(summary).value();
  return run;
}

nlohmann::json scan_scope(const CollectionRun& run, const std::vector<CollectedScope>& scopes) {
  std::set<std::string> accounts, regions(run.regions.begin(), run.regions.end());
  for (const CollectedScope& s : scopes) {
    accounts.insert(s.account);
    if (run.regions.empty() && s.region != "global") regions.insert(s.region);
  }
  nlohmann::json scope = {{"sources", {"aws"}},
                          {"accounts", std::vector<std::string>(accounts.begin(), accounts.end())},
                          {"regions", std::vector<std::string>(regions.begin(), regions.end())}};
  if (!run.types.empty()) scope["types"] = run.types;
  if (!run.summary.account_failures.empty()) {
    nlohmann::json failed = nlohmann::json::array();
    for (const AccountFailure& f : run.summary.account_failures) failed.push_back(f.account);
    scope["failed_accounts"] = failed;
  }
  return scope;
}

namespace {

std::mutex& alive_mutex() {
  static std::mutex m;
  return m;
}
std::set<std::filesystem::path>& alive_folders() {
  static std::set<std::filesystem::path> folders;
  return folders;
}

}  // namespace

void TemporaryCapture::remove_all_alive() {
  close_capture_writes();  // no collector thread may recreate a folder removed below
  std::lock_guard lock(alive_mutex());
  for (const std::filesystem::path& folder : alive_folders()) {
    std::error_code ec;
    std::filesystem::remove_all(folder, ec);
  }
  alive_folders().clear();
}

Result<std::unique_ptr<TemporaryCapture>> TemporaryCapture::create() {
  std::error_code ec;
  std::filesystem::path base = std::filesystem::temp_directory_path(ec);
  if (ec) base = "/tmp";
  std::string pattern = (base / "vigil-aws-XXXXXX").string();
  if (!mkdtemp(pattern.data()))
    return Error(fmt::format(
        "cannot create a temporary folder {} (set TMPDIR to a writable folder)", pattern));
  std::lock_guard lock(alive_mutex());
  alive_folders().insert(pattern);
  return std::unique_ptr<TemporaryCapture>(new TemporaryCapture(pattern));
}

TemporaryCapture::~TemporaryCapture() {
  std::lock_guard lock(alive_mutex());
  std::error_code ec;
  std::filesystem::remove_all(path_, ec);
  alive_folders().erase(path_);
}

}  // namespace vigil::aws
