// Reading AWS Config data into an Inventory of the same assets a capture
// gives (docs/aws-config.md).
//
// Input: a file or a directory tree (searched recursively, in name order)
// of *.json and *.json.gz files, each gzipped or not (by content):
//   - configuration snapshots as delivered to S3
//     (AWSLogs/<account>/Config/<region>/<y>/<m>/<d>/ConfigSnapshot/*.json.gz:
//     {"fileVersion", "configSnapshotId", "configurationItems": [...]}) and
//     configuration history files (same shape);
//   - API output: GetResourceConfigHistory {"configurationItems": [...]},
//     BatchGetResourceConfig {"baseConfigurationItems": [...]}, a bare
//     array of items, or one item.
// Contract
//   - A multi-region trail recorded in a region other than its HomeRegion is
//     kept once, in its home region (counted as superseded), as for captures.
//   - The same resource in several files (daily snapshots): the item with
//     the latest configurationItemCaptureTime wins (the later file on ties).
//   - Deleted / not-recorded items are skipped and counted; items of types
//     Vigil does not model are counted per type and ignored.
//   - A malformed file (bad JSON, corrupt gzip) is an error naming the file
//     and the byte offset; the rest still loads and the result is partial().
//     When the file's path names its scope (AWSLogs/<account>/Config/<region>/),
//     that scope is failed: every Config-mapped type gets the capture reader's
//     placeholder asset vigil:collection-failed/<account>/<region>/<type>
//     (global types under "global"), all parts unavailable (MalformedJSON),
//     so policies report unknown there.
//     Other files (not a Config document) are reported and ignored.
//   - One aws.account asset per account: the account-wide settings AWS Config
//     does not record are unavailable (code NotInAwsConfig); the S3
//     account-level Block Public Access comes from
//     AWS::S3::AccountPublicAccessBlock when recorded.
//   - Parts of an asset Config does not record are unavailable (NotInAwsConfig).
//   - Values botocore marks sensitive are markers, never plaintext
//     (AwsConfigOptions::hide_sensitive).
#pragma once

#include <filesystem>
#include <map>
#include <string>

#include "connectors/aws/capture_reader.h"
#include "core/limits.h"
#include "core/result.h"
#include "inventory/inventory.h"

namespace vigil::aws_config {

struct AwsConfigSummary {
  aws::CaptureSummary
      read;          // accounts, regions, types, assets, files, bytes, malformed_files, problems...
  size_t items = 0;  // configuration items seen
  size_t deleted =
      0;  // skipped: ResourceDeleted / ResourceDeletedNotRecorded / ResourceNotRecorded
  size_t superseded = 0;  // older items of a resource also in a later snapshot
  std::map<std::string, size_t> unsupported_types;  // resourceType -> items ignored

  bool partial() const { return read.partial(); }
};

struct AwsConfigResult {
  Inventory inventory;
  AwsConfigSummary summary;
};

struct AwsConfigOptions {
  Limits limits;  // aws_config_file_bytes: a larger file is a malformed file
  // Secrets (botocore's sensitive trait: Lambda environment variable values)
  // are hidden as the collector hides them (config_sensitive.h), with the key
  // of `sensitive_key_file` (default: SensitiveKey::default_path()).
  bool hide_sensitive = true;
  std::filesystem::path sensitive_key_file;
};

// Hard errors only: `path` missing, or a directory holding no .json/.json.gz file.
Result<AwsConfigResult> read_aws_config(const std::string& path,
                                        const AwsConfigOptions& options = {});

}  // namespace vigil::aws_config
