// Synthetic AWS *captures* for the ingestion benchmark: the directory format
// of docs/capture-format.md (<dir>/<account>/<region>/<service>/<Operation>.json
// and <Operation>/<percent-encoded key>.json), each file shaped and indented
// as `aws <service> <operation> --output json` prints it, like the sample
// estate (examples/estate) but of any size.
//
// The mix (per 1000 resources, roughly): 150 S3 buckets (10 per-bucket
// files each: ACL with public grants, policies with Principal "*" with and
// without conditions, NoSuchBucketPolicy / NoSuchPublicAccessBlockConfiguration
// / ServerSideEncryptionConfigurationNotFoundError absences), 130 IAM users
// (7 per-user files each, the credential report), and in each region a VPC
// with subnets, security groups (some open to 0.0.0.0/0 or ::/0 on admin
// ports, port ranges, protocol "-1"), instances with 1-3 volumes and a
// network interface each, unattached volumes, and a CloudTrail trail per
// account; plus every account-wide settings file. One account per ~5000
// resources, two to six regions per account. About 0.5% of per-resource
// calls are AccessDenied error files (collection errors).
//
// Deterministic for a given (resources, seed). Dates are relative to kNow
// (synthetic_aws.h), the benchmark's scan time.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace vigil::bench {

struct CaptureStats {
  size_t resources = 0;  // assets the capture reader will produce (aws.account assets excluded)
  size_t accounts = 0;
  size_t files = 0;
  size_t bytes = 0;
};

// Writes a capture of about `resources` resources under `dir` (created if
// needed; existing files with the same names are overwritten). Returns an
// error message naming the path on an I/O failure.
std::optional<std::string> write_capture(const std::string& dir, size_t resources, uint64_t seed,
                                         CaptureStats& stats);

}  // namespace vigil::bench
