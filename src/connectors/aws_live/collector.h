// The live AWS collector: calls every list call, per-resource call and
// account setting of the catalog (connectors/aws/catalog.h) for each account
// x region, and writes the outputs as a capture directory in exactly the
// format scripts/aws-capture.sh writes (docs/capture-format.md), so every
// live collection can be read (and replayed) by the capture reader.
//
// Contract:
//  - Folders: <out>/<account>/<region>/<service>; global services (IAM, S3,
//    CloudFront, s3control) go to the "global" folder and are called in the
//    partition's global signing region (us-east-1 for "aws"). S3
//    per-bucket calls are sent to the bucket's own region (GetBucketLocation).
//  - Every call that fails after the client's retries is written as an
//    error file {"Error": {"Code", "Message"}} in place of its output, so
//    the reader marks the scope failed / the member unavailable: failure is
//    never absence. Errors whose code is an absence code of the call are
//    written the same way and counted as "not configured", not as failures.
//  - Credentials: each account is probed first (STS GetCallerIdentity). An
//    expired or invalid credential there (ExpiredToken, InvalidClientTokenId,
//    SignatureDoesNotMatch, UnrecognizedClientException, ...) or a
//    credentials provider that cannot produce credentials fails the account
//    at once with one AccountFailure naming the credentials and the account;
//    nothing is written for it. If credentials go bad later, the remaining
//    calls of that account are not sent: their files are written as error
//    files with that code, so their scopes are failed, and the account is
//    reported once. Any other error (AccessDenied on one call) affects only
//    that call.
//  - Scheduling: a fixed pool of `concurrency` workers runs folder tasks
//    across accounts x regions x resource types; a list call's per-resource
//    calls become tasks of their own. Rate limiting and retries are the
//    client's (aws_client/client.h).
//  - Thread-safe progress callback (serialized); summary after the run.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "aws_client/client.h"
#include "aws_client/model/service_model.h"
#include "core/result.h"

namespace vigil::aws {

struct AccountTarget {
  std::string id;    // 12-digit account id; empty: whatever GetCallerIdentity says
  std::string name;  // label for messages ("prod"); may be empty
  std::shared_ptr<CredentialsProvider> credentials;
};

struct CollectProgress {
  size_t accounts = 0, accounts_done = 0;
  size_t scopes = 0, scopes_done = 0;             // account x region folders (global included)
  uint64_t calls = 0, throttles = 0, errors = 0;  // from the client's stats
};

struct CollectOptions {
  std::filesystem::path out;
  std::vector<AccountTarget> accounts;
  std::vector<std::string> regions;  // empty: each account's enabled regions (EC2 DescribeRegions)
  std::string home_region =
      "us-east-1";  // STS, DescribeRegions; its partition picks the global region
  // Asset types ("aws.ec2.instance") or services ("ec2") to collect; empty: all.
  // "aws.account" selects the account settings (collected when empty too).
  std::set<std::string> types;
  // Folders to collect ("global" and region names; a part of a collection
  // shared between workers, daemon/jobs.h); empty: "global" and every region.
  std::set<std::string> folders;
  unsigned concurrency = 16;
  // GetCredentialReport: how often to ask IAM to generate it, and the pause between.
  int credential_report_attempts = 10;
  std::chrono::milliseconds credential_report_pause{2000};
  std::function<void(const CollectProgress&)> progress;
  // Set (e.g. by a signal) to stop promptly: every account not finished
  // fails with code Cancelled, its remaining calls are not sent (error files),
  // so the capture never looks complete.
  const std::atomic<bool>* cancel = nullptr;
  // The key that hides secrets in outputs (sensitive.h); empty: the default file.
  std::filesystem::path sensitive_key_file;
};

struct CallFailure {
  std::string account, region, service, operation;
  std::string key;  // per-resource calls: the resource key; "" for region-wide calls
  std::string code, message;
};

struct AccountFailure {
  std::string account;      // id, or the label when the id is unknown
  std::string credentials;  // CredentialsProvider::describe()
  std::string code, message;
};

struct CollectSummary {
  size_t accounts = 0;                // accounts collected (failed ones not included)
  size_t regions = 0;                 // account x region folders written (global included)
  uint64_t files = 0;                 // capture files written
  uint64_t not_configured = 0;        // error files with an absence code
  std::vector<CallFailure> failures;  // calls written as error files (not absence)
  std::vector<AccountFailure> account_failures;
  CallStats client;  // the client's counters at the end
  double seconds = 0;

  bool partial() const { return !failures.empty() || !account_failures.empty(); }
};

// Collects into options.out (created). Errors only for unusable options
// (no accounts, an output folder that cannot be created); everything that
// goes wrong with AWS is in the summary.
Result<CollectSummary> collect(AwsClient& client, ModelRepository& models,
                               const CollectOptions& options);

// Whether an AWS error code means the credentials themselves are bad.
bool is_credential_error(std::string_view code);

// The partition's global signing region: "aws" -> us-east-1, "aws-cn" ->
// cn-north-1, "aws-us-gov" -> us-gov-west-1.
std::string global_region_for(std::string_view region);

}  // namespace vigil::aws
