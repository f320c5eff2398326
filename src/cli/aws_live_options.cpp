// The live AWS collection run shared by `collect aws` and `scan --aws` (aws_live_options.h).
#include "cli/aws_live_options.h"

#include <fmt/format.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <iostream>
#include <mutex>

#include "aws_client/client_impl.h"
#include "aws_client/credentials/sts.h"
#include "cli/aws_live_accounts.h"
#include "cli/cli_util.h"
#include "connectors/aws_live/collect_report.h"

namespace vigil::cli {

namespace {

std::vector<std::string> split_commas(const std::vector<std::string>& values) {
  std::vector<std::string> out;
  for (const std::string& v : values) {
    size_t start = 0;
    while (start <= v.size()) {
      size_t comma = v.find(',', start);
      std::string item = v.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
      if (!item.empty()) out.push_back(item);
      if (comma == std::string::npos) break;
      start = comma + 1;
    }
  }
  return out;
}

// AWS_REGION / AWS_DEFAULT_REGION, else the first --regions, else us-east-1.
std::string home_region(const std::vector<std::string>& regions) {
  if (!regions.empty()) return regions.front();
  for (const char* name : {"AWS_REGION", "AWS_DEFAULT_REGION"})
    if (const char* v = std::getenv(name); v && *v) return v;
  return "us-east-1";
}

}  // namespace

void add_aws_live_options(CLI::App& cmd, AwsLiveOptions& o) {
  cmd.add_option("--profile", o.profile, "AWS profile of the base credentials (default: the standard chain)");
  cmd.add_option("--accounts", o.accounts, "Account ids to collect (comma-separated or repeated); needs --role")
      ->delimiter(',');
  cmd.add_option("--accounts-file", o.accounts_file, "YAML file of accounts: id, name, role (docs/aws-collection.md)")
      ->check(CLI::ExistingFile);
  cmd.add_flag("--org", o.org, "Collect every ACTIVE account of the organization (Organizations ListAccounts)");
  cmd.add_option("--role", o.role, "Role name (or ARN) to assume in each account, e.g. vigil-readonly");
  cmd.add_option("--external-id", o.external_id, "External id for AssumeRole (the trust policy's condition)");
  cmd.add_option("--regions", o.regions, "Regions (comma-separated); default: every enabled region")->delimiter(',');
  cmd.add_option("--types", o.types, "Asset types or services to collect (aws.ec2.instance, s3, aws.account)")
      ->delimiter(',');
  cmd.add_option("--endpoint-url", o.endpoint_url, "Send every call to this endpoint (a local AWS-compatible server)");
  cmd.add_option("--botocore-data", o.botocore_dir, "botocore data folder (service models, endpoints.json)");
  cmd.add_option("--concurrency", o.concurrency, "Calls in flight at once across accounts x regions x services")
      ->check(CLI::Range(1u, 256u))
      ->capture_default_str();
}

Result<AwsLiveRun> run_aws_collection(const AwsLiveOptions& o, const std::string& out, bool quiet) {
  aws::AwsClientOptions client_options;
  if (!o.botocore_dir.empty()) client_options.botocore_data_dir = o.botocore_dir;
  client_options.endpoint_url = o.endpoint_url;
  auto models = std::make_shared<aws::ModelRepository>(client_options.botocore_data_dir);
  client_options.models = models;
  Result<std::unique_ptr<aws::AwsClient>> made = aws::make_aws_client(client_options);
  if (!made.ok()) return made.error();
  std::shared_ptr<aws::AwsClient> client = std::move(made).value();

  aws::CollectOptions options;
  options.out = out;
  options.regions = split_commas(o.regions);
  options.home_region = home_region(options.regions);
  for (const std::string& t : split_commas(o.types)) options.types.insert(t);
  options.concurrency = o.concurrency;
  aws::CredentialsContext context;
  context.http = aws::make_curl_http_client();
  aws::StsOptions sts;
  sts.region = options.home_region;
  sts.endpoint_url = o.endpoint_url;
  context.sts = aws::make_sts_api(client, context.http, sts);
  Result<std::vector<aws::AccountTarget>> accounts = resolve_accounts(o, *client, context, options.home_region);
  if (!accounts.ok()) return accounts.error();
  options.accounts = std::move(accounts).value();

  bool tty = isatty(STDERR_FILENO) == 1 && !quiet;
  std::mutex print_mutex;
  auto last = std::chrono::steady_clock::now() - std::chrono::seconds(1);
  if (tty)
    options.progress = [&](const aws::CollectProgress& p) {
      std::lock_guard<std::mutex> lock(print_mutex);
      auto now = std::chrono::steady_clock::now();
      if (now - last < std::chrono::milliseconds(100)) return;
      last = now;
      std::cerr << "\r\033[K" << aws::progress_line(p) << std::flush;
    };
  Result<aws::CollectSummary> summary = aws::collect(*client, *models, options);
  if (tty) std::cerr << "\r\033[K";
  if (!summary.ok()) return summary.error();
  if (!quiet) std::cerr << aws::summary_text(*summary, out);
  AwsLiveRun run;
  run.partial = summary->partial();
  run.nothing_collected = summary->accounts == 0;
  run.summary = std::move(summary).value();
  return run;
}

}  // namespace vigil::cli
