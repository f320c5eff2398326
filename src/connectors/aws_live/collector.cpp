// collect(): accounts are probed, then their folders scheduled on a worker
// pool (collector.h). The tasks themselves are in collect_tasks.cpp.
#include "connectors/aws_live/collector.h"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>

#include "connectors/aws/assemble.h"
#include "connectors/aws_live/collect_run.h"
#include "core/private_files.h"

namespace vigil::aws {

bool is_credential_error(std::string_view code) {
  static constexpr std::string_view kCodes[] = {"ExpiredToken",
                                                "ExpiredTokenException",
                                                "InvalidClientTokenId",
                                                "SignatureDoesNotMatch",
                                                "UnrecognizedClientException",
                                                "InvalidAccessKeyId",
                                                "AuthFailure",
                                                "InvalidToken",
                                                "ExpiredCredentials",
                                                "CredentialsError",
                                                "MissingAuthenticationToken"};
  return std::find(std::begin(kCodes), std::end(kCodes), code) != std::end(kCodes);
}

std::string global_region_for(std::string_view region) {
  std::string_view partition = partition_of(region);
  if (partition == "aws-cn") return "cn-north-1";
  if (partition == "aws-us-gov") return "us-gov-west-1";
  return "us-east-1";
}

namespace live {

CollectRun::CollectRun(AwsClient& client, ModelRepository& models, const CollectOptions& options)
    : client_(client), models_(models), options_(options) {}

std::string CollectRun::global_region() const { return global_region_for(options_.home_region); }

bool CollectRun::wanted(const ResourceType& type) const {
  return options_.types.empty() || options_.types.count(std::string(type.type)) ||
         options_.types.count(std::string(type.service));
}

bool CollectRun::settings_wanted() const {
  return options_.types.empty() || options_.types.count("aws.account");
}

void CollectRun::fail_account(AccountRun& account, std::string code, std::string message) {
  std::lock_guard<std::mutex> lock(account.mutex);
  if (account.failed.exchange(true)) return;
  account.failure_code = std::move(code);
  account.failure_message = std::move(message);
}

void CollectRun::probe(AccountRun& account) {
  const AccountTarget& t = account.target;
  account.label = t.id.empty() ? (t.name.empty() ? std::string("(default account)") : t.name)
                               : (t.name.empty() ? t.id : fmt::format("{} ({})", t.id, t.name));
  if (!t.credentials)
    return fail_account(account, "NoCredentials", "no credentials provider for this account");
  if (options_.cancel != nullptr && options_.cancel->load())
    return fail_account(
        account, "Cancelled",
        "the collection was stopped (SIGTERM or SIGINT) before the account was read");
  CallScope sts{"sts", options_.home_region, t.credentials};
  AwsResult<nlohmann::json> who = client_.call(sts, "GetCallerIdentity", nlohmann::json::object());
  if (const AwsCallError* e = std::get_if<AwsCallError>(&who))
    return fail_account(
        account, e->code,
        fmt::format(
            "STS GetCallerIdentity failed in {}: {}{}", options_.home_region, e->message,
            is_credential_error(e->code) ? " (the credentials are expired or invalid)" : ""));
  std::string id = std::get<nlohmann::json>(who).value("Account", "");
  if (!t.id.empty() && id != t.id)
    return fail_account(
        account, "WrongAccount",
        fmt::format("the credentials belong to account {}, not {}: check the role / profile", id,
                    t.id));
  if (id.empty())
    return fail_account(account, "MalformedResponse", "GetCallerIdentity returned no Account");
  account.id = id;
  if (t.id.empty()) account.label = t.name.empty() ? id : fmt::format("{} ({})", id, t.name);
  account.regions = options_.regions;
  if (account.regions.empty()) {
    CallScope ec2{"ec2", options_.home_region, t.credentials};
    AwsResult<nlohmann::json> regions =
        client_.call(ec2, "DescribeRegions", nlohmann::json::object());
    if (const AwsCallError* e = std::get_if<AwsCallError>(&regions))
      return fail_account(
          account, e->code,
          fmt::format(
              "cannot list the enabled regions (EC2 DescribeRegions in {}): {}; pass --regions "
              "or allow ec2:DescribeRegions",
              options_.home_region, e->message));
    for (const nlohmann::json& r :
         std::get<nlohmann::json>(regions).value("Regions", nlohmann::json::array()))
      if (r.contains("RegionName") && r["RegionName"].is_string())
        account.regions.push_back(r["RegionName"]);
    std::sort(account.regions.begin(), account.regions.end());
  }
}

void CollectRun::report_progress() {
  if (!options_.progress) return;
  CallStats stats = client_.stats();
  std::lock_guard<std::mutex> lock(mutex_);
  progress_.calls = stats.calls;
  progress_.throttles = stats.throttles;
  progress_.errors = stats.errors;
  options_.progress(progress_);
}

void CollectRun::guarded(AccountRun& account, const std::function<void()>& task) {
  try {
    task();
  } catch (const std::exception& e) {
    fail_account(
        account, "VigilInternalError",
        fmt::format("a collection task stopped on an unexpected error ({}); the account's data is "
                    "incomplete, so none of its findings change",
                    e.what()));
  } catch (...) {
    fail_account(account, "VigilInternalError",
                 "a collection task stopped on an unexpected error; the account's data is "
                 "incomplete, so none of "
                 "its findings change");
  }
}

void CollectRun::spawn(AccountRun& account, ScopeRun& scope, std::function<void()> task) {
  ++account.pending;
  ++scope.pending;
  pool_->submit([this, &account, &scope, task = std::move(task)] {
    guarded(account, task);
    bool scope_done = --scope.pending == 0;
    bool account_done = --account.pending == 0;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      if (scope_done) ++progress_.scopes_done;
      if (account_done) ++progress_.accounts_done;
    }
    report_progress();
  });
}

void CollectRun::schedule(AccountRun& account) {
  std::vector<std::string> folders = {"global"};
  folders.insert(folders.end(), account.regions.begin(), account.regions.end());
  if (!options_.folders.empty())
    std::erase_if(folders, [this](const std::string& f) { return !options_.folders.count(f); });
  {
    std::lock_guard<std::mutex> lock(mutex_);
    progress_.scopes += folders.size();
  }
  for (const std::string& folder : folders) {
    bool global = folder == "global";
    account.scopes.push_back(std::make_unique<ScopeRun>());
    ScopeRun& scope = *account.scopes.back();
    // Hold the scope open while its tasks are added.
    ++scope.pending;
    ++account.pending;
    std::string call_region = global ? global_region() : folder;
    for (const ResourceType& type : resource_catalog()) {
      if (type.global != global || !wanted(type)) continue;
      Place place{folder, call_region, std::string(type.service)};
      spawn(account, scope,
            [this, &account, &scope, place, &type] { list_task(account, scope, place, type); });
    }
    if (settings_wanted())
      for (const AccountSetting& s : account_settings()) {
        if ((s.scope == SettingScope::Global) != global) continue;
        Place place{folder, call_region, std::string(s.service)};
        spawn(account, scope, [this, &account, place, &s] { setting_task(account, place, s); });
      }
    // Release the hold (the probe task still holds the account).
    --account.pending;
    if (--scope.pending == 0) {
      std::lock_guard<std::mutex> lock(mutex_);
      ++progress_.scopes_done;
    }
  }
}

CollectSummary CollectRun::run() {
  auto start = std::chrono::steady_clock::now();
  for (const AccountTarget& t : options_.accounts) {
    accounts_.push_back(std::make_unique<AccountRun>());
    accounts_.back()->target = t;
  }
  progress_.accounts = accounts_.size();
  sensitive_key_ = options_.sensitive_key_file.empty()
                       ? SensitiveKey::load()
                       : SensitiveKey::load(options_.sensitive_key_file);
  pool_ = std::make_unique<WorkQueue>(std::max(1u, options_.concurrency));
  // Probing is a task too, so accounts are probed in parallel; a probed
  // account schedules its folders from there.
  for (auto& a : accounts_) {
    AccountRun& account = *a;
    ++account.pending;
    pool_->submit([this, &account] {
      guarded(account, [&] {
        probe(account);
        if (!account.failed) schedule(account);
      });
      bool done = --account.pending == 0;
      {
        std::lock_guard<std::mutex> lock(mutex_);
        if (done) ++progress_.accounts_done;
      }
      report_progress();
    });
  }
  pool_->wait_idle();
  // Every task runs guarded(); an exception escaping anyway is still reported.
  for (std::string& failure : pool_->take_failures())
    summary_.account_failures.push_back(
        {"(collection)", "", "VigilInternalError", std::move(failure)});
  pool_.reset();

  CollectSummary summary;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    summary = std::move(summary_);
  }
  for (auto& a : accounts_) {
    if (a->failed) {
      std::string message = a->failure_message;
      if (a->not_sent > 0)
        message += fmt::format(" ({} calls were not sent and are written as {} error files)",
                               a->not_sent.load(), a->failure_code);
      summary.account_failures.push_back(
          {a->label, a->target.credentials ? a->target.credentials->describe() : "",
           a->failure_code, std::move(message)});
    }
    if (!a->scopes.empty()) {
      ++summary.accounts;
      summary.regions += a->scopes.size();
    }
  }
  std::sort(summary.failures.begin(), summary.failures.end(),
            [](const CallFailure& x, const CallFailure& y) {
              return std::tie(x.account, x.region, x.service, x.operation, x.code, x.key) <
                     std::tie(y.account, y.region, y.service, y.operation, y.code, y.key);
            });
  summary.client = client_.stats();
  summary.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return summary;
}

}  // namespace live

Result<CollectSummary> collect(AwsClient& client, ModelRepository& models,
                               const CollectOptions& options) {
  if (options.accounts.empty()) {
    Error e;
    e.message = "no account to collect: give --profile, --accounts, --accounts-file or --org";
    return e;
  }
  if (Status made = create_private_directories(options.out); !made.ok()) {
    Error e;
    e.message = fmt::format("cannot create the capture folder {}: {}", options.out.string(),
                            made.error().message);
    return e;
  }
  live::CollectRun run(client, models, options);
  return run.run();
}

}  // namespace vigil::aws
