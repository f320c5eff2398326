// The options, progress line and summary of a live AWS collection (aws_live_options.h).
#include "cli/aws_live_options.h"

#include <atomic>

#include "cli/signal_watch.h"
#include "cli/source_input.h"
#include "connectors/aws_live/collect_report.h"

namespace vigil::cli {

void add_aws_live_options(CLI::App& cmd, AwsLiveOptions& o) {
  aws::AccountSelection& a = o.accounts;
  cmd.add_option("--profile", a.profile,
                 "AWS profile of the base credentials (default: the standard chain)");
  cmd.add_option("--accounts", a.accounts,
                 "Account ids to collect (comma-separated or repeated); needs --role")
      ->delimiter(',');
  cmd.add_option("--accounts-file", a.accounts_file,
                 "YAML file of accounts: id, name, role (docs/aws-collection.md)")
      ->check(CLI::ExistingFile);
  cmd.add_flag("--org", a.org,
               "Collect every ACTIVE account of the organization (Organizations ListAccounts)");
  cmd.add_option("--role", a.role,
                 "Role name (or ARN) to assume in each account, e.g. vigil-readonly");
  cmd.add_option("--external-id", a.external_id,
                 "External id for AssumeRole (the trust policy's condition)");
  cmd.add_option("--regions", o.regions, "Regions (comma-separated); default: every enabled region")
      ->delimiter(',');
  cmd.add_option("--types", o.types,
                 "Asset types or services to collect (aws.ec2.instance, s3, aws.account)")
      ->delimiter(',');
  cmd.add_option("--endpoint-url", o.endpoint_url,
                 "Send every call to this endpoint (a local AWS-compatible server)");
  cmd.add_option("--botocore-data", o.botocore_dir,
                 "botocore data folder (service models, endpoints.json)");
  cmd.add_option("--concurrency", o.concurrency,
                 "Calls in flight at once across accounts x regions x services")
      ->check(CLI::Range(1u, 256u))
      ->capture_default_str();
}

Result<aws::CollectionRun> run_aws_collection(const AwsLiveOptions& o, const std::string& out,
                                              bool quiet) {
  AwsLiveOptions request = o;
  // The first SIGTERM/SIGINT cancels the collection (it ends promptly, every
  // unfinished account failed); a second removes the temporary capture and exits.
  static std::atomic<bool> cancelled{false};
  SignalWatch signals([] { cancelled = true; });
  request.cancel = &cancelled;
  TerminalObserver observer(quiet);
  request.progress = [&observer](const aws::CollectProgress& p) {
    observer.progress({pipeline::Stage::Collect, p.scopes_done, p.scopes, aws::progress_line(p)});
  };
  Result<aws::CollectionRun> run = aws::run_collection(request, out);
  if (run.ok()) observer.finished(pipeline::Stage::Collect, aws::summary_text(run->summary, out));
  return run;
}

}  // namespace vigil::cli
