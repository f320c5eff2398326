// Reading an AWS capture directory into an Inventory of assets.
//
// Contract
// - Layout and semantics: docs/capture-format.md; what each type reads:
//   catalog.h. Folders are read in parallel, one task per
//   account/region/service folder; the resulting inventory is in a fixed
//   order (account, region, service, catalog order, API order), whatever
//   the thread count.
// - Never silently drops data it could not read:
//   * a failed per-resource call (error file whose code is not an absence
//     code, a missing file, a malformed file) -> an `errors` entry on the
//     asset and that part unavailable, so policies reading it are unknown;
//   * a failed list call, a missing list file in a captured service folder
//     or a malformed list file -> a *failed scope* (account x region x type):
//     one asset `vigil:collection-failed/<account>/<region>/<type>` of that
//     type whose config, tags and relationships are unavailable, so every
//     policy for the type reports `unknown` there with the AWS error text;
//   * malformed files and failed scopes make the result `partial()`.
// - Unknown service folders and operation files are reported once each and
//   ignored. The only hard errors are a capture root that cannot be read or
//   holds no account folder.
#pragma once

#include <filesystem>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "core/result.h"
#include "inventory/inventory.h"

namespace vigil::aws {

struct CaptureOptions {
  unsigned threads = 0;  // 0: hardware concurrency
  // Secrets (botocore's sensitive trait) in files written by other tools are
  // replaced by keyed markers as they are read (sensitive.h); the key file
  // defaults to SensitiveKey::default_path(). Needs the botocore models.
  bool hide_sensitive = true;
  std::filesystem::path sensitive_key_file;
  // Called after each folder is read (from worker threads, serialized).
  std::function<void(size_t done, size_t total)> progress;
};

// One collected scope: every (account, region, type) the reader looked at,
// whether it was listed successfully (ok: its assets, possibly none, are
// all there is) or failed (error: "Code: message"). The tracker closes
// violations and deletes assets only in ok scopes; policies asking for all
// assets of a type get an answer only where it was listed (coverage.h). The
// reader sets them as its inventory's coverage.
using CollectedScope = ListedScope;

struct CaptureSummary {
  size_t accounts = 0;
  size_t regions = 0;  // distinct region folders, "global" included
  size_t types = 0;    // distinct asset types with at least one asset
  size_t assets = 0;
  size_t files = 0;
  size_t bytes = 0;
  size_t failed_scopes = 0;
  size_t malformed_files = 0;
  std::map<std::string, size_t> errors_by_code;  // every collection error recorded on assets
  std::map<std::string, size_t> assets_by_type;
  // Every scope read, ok or failed, in inventory order (account, region,
  // service, catalog order); aws.account is one scope per account (region
  // "global").
  std::vector<CollectedScope> scopes;
  // Human-readable problems, each naming the file: malformed files (with
  // the byte offset), failed scopes, unknown folders/operations (once each).
  std::vector<std::string> problems;

  bool partial() const { return failed_scopes > 0 || malformed_files > 0; }
};

struct CaptureResult {
  Inventory inventory;
  CaptureSummary summary;
};

Result<CaptureResult> read_capture(const std::string& directory,
                                   const CaptureOptions& options = {});

// The id of a failed scope's placeholder asset.
std::string failed_scope_id(std::string_view account, std::string_view region,
                            std::string_view type);

}  // namespace vigil::aws
