// The options of a live AWS collection, shared by `vigil collect aws` and
// `vigil scan --aws`, and the run itself: build the client and the account
// list, collect into a capture directory with a progress line on a
// terminal, print the summary of failures (docs/aws-collection.md).
#pragma once

#include <CLI/CLI.hpp>
#include <string>
#include <vector>

#include "connectors/aws_live/collector.h"
#include "core/result.h"

namespace vigil::cli {

struct AwsLiveOptions {
  std::string profile;                // --profile: base credentials (default chain when empty)
  std::vector<std::string> accounts;  // --accounts 111111111111,222222222222
  std::string accounts_file;          // --accounts-file accounts.yaml
  bool org = false;                   // --org: Organizations ListAccounts
  std::string role;                   // --role vigil-readonly: assumed in each account
  std::string external_id;            // --external-id
  std::vector<std::string> regions;   // --regions; default: every enabled region
  std::vector<std::string> types;     // --types aws.ec2.instance,s3
  std::string endpoint_url;           // --endpoint-url (tests, local endpoints)
  std::string botocore_dir;           // --botocore-data
  unsigned concurrency = 16;          // --concurrency
};

// Registers the options above on `cmd` (collect aws, scan).
void add_aws_live_options(CLI::App& cmd, AwsLiveOptions& options);

struct AwsLiveRun {
  aws::CollectSummary summary;
  bool partial = false;        // failed calls or accounts
  bool nothing_collected = false;  // every account failed
};

// Collects into `out` (created); progress on stderr when it is a terminal,
// the summary on stderr unless quiet. An Error for unusable options
// (accounts file, no credentials, bad endpoint) before anything is sent.
Result<AwsLiveRun> run_aws_collection(const AwsLiveOptions& options, const std::string& out, bool quiet);

}  // namespace vigil::cli
