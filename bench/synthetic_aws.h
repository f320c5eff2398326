// Synthetic AWS inventories for the benchmark, in the asset format of
// docs/assets.md with the AWS APIs' own PascalCase shapes.
//
// The mix (per 1000 assets, roughly): 220 security groups (1-14 ingress
// rules, some open to 0.0.0.0/0 or ::/0 on admin ports, port ranges,
// protocol "-1"), 150 S3 buckets (ACL grants incl. public groups, bucket
// policies with Principal "*" with and without conditions, public access
// blocks, encryption, versioning, logging), 130 IAM users (0-2 access keys
// of ages up to ~3 years, MFA, attached policies, credential report row),
// 160 EC2 instances each followed by its 1-3 EBS volumes (relationships
// both ways), some unattached volumes, CloudTrail trails, and one
// aws.account asset per account (one account per ~5000 assets). About 0.5%
// of buckets and users carry a collection error (an unavailable part).
//
// Output is deterministic for a given (assets, seed): same bytes every run.
// Dates are relative to kNow (2026-11-01T00:00:00Z), the scan time the
// benchmark uses.
#pragma once

#include <cstdint>
#include <cstdio>
#include <string>

namespace vigil::bench {

inline constexpr int64_t kNow = 1793491200;  // 2026-11-01T00:00:00Z
inline constexpr const char* kNowText = "2026-11-01T00:00:00Z";

// RFC 3339 UTC text ("YYYY-MM-DDThh:mm:ssZ") for Unix seconds.
std::string rfc3339(int64_t seconds);

// Writes `assets` JSON lines to `out`. Returns the number of bytes written.
size_t write_inventory(std::FILE* out, size_t assets, uint64_t seed);

}  // namespace vigil::bench
