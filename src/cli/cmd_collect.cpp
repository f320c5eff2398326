// vigil collect aws [--profile P] [--accounts ID,... | --accounts-file F | --org] [--role R] [--external-id X]
//                   [--regions R,...] [--types T,...] [--endpoint-url U] [--concurrency N] --out DIR
// vigil collect aws --print-iam-policy | --print-trust-policy [--collector-account ID] [--external-id X]
#include <fmt/format.h>

#include <iostream>
#include <memory>

#include "cli/aws_live_options.h"
#include "cli/cli_util.h"
#include "cli/commands.h"
#include "cli/limit_option.h"
#include "cli/source_input.h"
#include "connectors/aws_live/iam_policy.h"

namespace vigil::cli {
namespace {

struct CollectCliOptions {
  AwsLiveOptions aws;
  std::string out;
  bool print_policy = false;
  bool print_trust = false;
  std::string collector_account;
};

int run_collect(const CollectCliOptions& o) {
  if (o.print_policy) {
    Result<std::string> policy = aws::readonly_policy_json();
    if (!policy.ok()) {
      std::cerr << "vigil collect aws: " << policy.error().message << '\n';
      return kExitError;
    }
    std::cout << *policy;
    return kExitOk;
  }
  if (o.print_trust) {
    std::cout << aws::trust_policy_json(o.collector_account, o.aws.accounts.external_id);
    return kExitOk;
  }
  if (o.out.empty()) {
    std::cerr << "vigil collect aws: --out DIR is required (the capture directory to write)\n";
    return kExitError;
  }
  Result<aws::CollectionRun> run = run_aws_collection(o.aws, o.out, false);
  if (!run.ok()) {
    std::cerr << "vigil collect aws: " << run.error().message << '\n';
    return kExitError;
  }
  if (run->nothing_collected()) return kExitError;
  return run->partial() ? kExitPartial : kExitOk;
}

}  // namespace

void add_collect_command(CLI::App& app, int* exit_code) {
  auto* collect = app.add_subcommand("collect", "Collect cloud assets into a capture directory");
  collect->require_subcommand(1);
  auto o = std::make_shared<CollectCliOptions>();
  auto* aws_cmd = collect->add_subcommand(
      "aws", "Collect AWS accounts live into a capture directory (docs/capture-format.md, docs/aws-collection.md)");
  add_aws_live_options(*aws_cmd, o->aws);
  add_limit_option(*aws_cmd, o->aws.limits);
  aws_cmd->add_option("--out", o->out, "Capture directory to write (<account>/<region>/<service>/<Operation>.json)");
  aws_cmd->add_flag("--print-iam-policy", o->print_policy,
                    "Print the read-only IAM policy Vigil needs in each account (deploy/aws/) and exit");
  aws_cmd->add_flag("--print-trust-policy", o->print_trust,
                    "Print the trust policy of the role (--collector-account, --external-id) and exit");
  aws_cmd->add_option("--collector-account", o->collector_account,
                      "With --print-trust-policy: the account whose principals may assume the role");
  aws_cmd->footer(
      "Exit codes: 0 every call succeeded (or answered \"not configured\"), 1 error or no account could be\n"
      "collected, 3 the capture was written with failed calls or accounts (listed in the summary; a scan\n"
      "of it reports what they cover as unknown).");
  aws_cmd->callback([=] { *exit_code = run_collect(*o); });
}

}  // namespace vigil::cli
