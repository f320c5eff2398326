// One live AWS collection, driven end to end: build the client (botocore
// models, endpoint override) and the credentials context (STS), resolve
// the accounts (accounts.h), collect into a capture directory
// (collector.h). Shared by `vigil collect aws`, `vigil scan --aws` and the
// `kind: aws` sources of `vigil serve`; the callers only print.
//
// Contract:
//  - run_collection() returns an Error for unusable input, before any
//    collection call is sent: an unknown type selector, a bad accounts
//    selection (accounts.h), no credentials, unreadable botocore models, an
//    output folder that cannot be created. Everything that goes wrong with
//    AWS is in the run's summary (failed calls are error files in the
//    capture; failed accounts are not in the capture at all).
//  - nothing_collected(): every account failed. The capture then holds
//    nothing, and callers must not take it for "no resources".
//  - TemporaryCapture removes its folder (recursively) when destroyed, so a
//    collection into it is cleaned up on every path, errors included; the
//    folder is private (mkdtemp: 0700). remove_all_alive() covers the exits
//    that skip destructors.
#pragma once

#include <atomic>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "connectors/aws/capture_reader.h"
#include "connectors/aws_live/accounts.h"
#include "connectors/aws_live/collector.h"
#include "core/limits.h"
#include "core/result.h"

namespace vigil::aws {

struct CollectionRequest {
  AccountSelection accounts;
  std::vector<std::string>
      regions;  // entries may hold comma-separated lists; empty: every enabled region
  std::vector<std::string>
      types;  // asset types (aws.ec2.instance), services (s3) or aws.account; empty: all
  // Only these folders ("global", region names): CollectOptions::folders.
  std::vector<std::string> folders;
  std::string endpoint_url;   // every call goes there (local AWS-compatible endpoints, tests)
  std::string botocore_dir;   // empty: the default botocore data folder
  unsigned concurrency = 16;  // calls in flight across accounts x regions x services
  std::function<void(const CollectProgress&)> progress;  // optional, serialized
  const std::atomic<bool>* cancel = nullptr;             // CollectOptions::cancel
  Limits limits;  // HTTP response and listing bounds (core/limits.h)
};

struct CollectionRun {
  CollectSummary summary;
  std::vector<std::string> regions;  // as requested (commas split); empty: every enabled region
  std::vector<std::string> types;    // as requested (commas split)
  bool partial() const { return summary.partial(); }
  bool nothing_collected() const { return summary.accounts == 0; }
};

// Collects into `out` (created if missing).
Result<CollectionRun> run_collection(const CollectionRequest& request,
                                     const std::filesystem::path& out);

// Every name a type selector may take: the catalog's asset types, their
// services, and "aws.account" (the account settings). Sorted.
std::vector<std::string> type_selectors();

// An Error naming the first selector that is not one of type_selectors().
Status check_type_selectors(const std::vector<std::string>& types);

// "a,b", "c" -> "a", "b", "c" (empty items dropped).
std::vector<std::string> split_commas(const std::vector<std::string>& values);

// The scope of a scan of a live collection, for the store's scan record:
// {"sources": ["aws"], "accounts": [ids collected], "regions": [...],
//  "types": [...] (when selected), "failed_accounts": [...] (when any)}.
// Regions are the requested ones, else those collected (without "global").
nlohmann::json scan_scope(const CollectionRun& run, const std::vector<CollectedScope>& scopes);

// A fresh folder under the system's temporary directory, removed with
// everything in it by the destructor.
class TemporaryCapture {
 public:
  static Result<std::unique_ptr<TemporaryCapture>> create();
  // Removes the folders of every TemporaryCapture alive, for a process about
  // to exit without running destructors (a second SIGTERM). Thread-safe; not
  // for a signal handler (call it from a thread that took the signal).
  static void remove_all_alive();
  ~TemporaryCapture();
  TemporaryCapture(const TemporaryCapture&) = delete;
  TemporaryCapture& operator=(const TemporaryCapture&) = delete;
  const std::filesystem::path& path() const { return path_; }

 private:
  explicit TemporaryCapture(std::filesystem::path path) : path_(std::move(path)) {}
  std::filesystem::path path_;
};

}  // namespace vigil::aws
