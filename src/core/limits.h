// The bounds Vigil puts on untrusted input (docs/limits.md), as one set of
// settings: `limits:` in vigil.yaml and `--limit NAME=VALUE` on the command
// line set them; each module reads its own from here.
//
// Contract
// - Limits{} holds the defaults; the modules' own option structures
//   (cel::EvalLimits, aws::CurlOptions, aws::AwsClientOptions, the AWS Config
//   reader) take their defaults from it, so a default is written once.
// - set_limit() parses one value: a whole number, or for byte limits a
//   number with a binary suffix (KiB, MiB, GiB). Zero, negative numbers,
//   fractions and unknown names are errors (kind InvalidInput) that list what
//   is allowed. A limit may be raised or lowered; it is never "unlimited".
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "core/result.h"

namespace vigil {

struct Limits {
  uint64_t evaluation_steps = 10'000'000;         // one CEL evaluation: iterations and calls
  uint64_t evaluation_bytes = 64ull << 20;        // one CEL evaluation: values built
  uint64_t http_response_bytes = 256ull << 20;    // one HTTP response body
  uint64_t http_header_bytes = 256ull << 10;      // one HTTP response's headers
  uint64_t listing_pages = 10'000;                // pages of one paginated AWS call
  uint64_t listing_bytes = 1ull << 30;            // response bodies of one paginated AWS call
  uint64_t aws_config_file_bytes = 512ull << 20;  // one AWS Config file, once decompressed
};

struct LimitInfo {
  std::string_view name;  // as written in vigil.yaml and --limit: "evaluation_steps"
  uint64_t Limits::*member;
  bool bytes;  // accepts KiB / MiB / GiB suffixes
  std::string_view meaning;
};

// Every limit, in the order docs/limits.md lists them.
std::span<const LimitInfo> limit_table();

// Sets `name` from `value` ("64MiB", "10000000").
Status set_limit(Limits& limits, std::string_view name, std::string_view value);

// "NAME=VALUE" (the --limit flag).
Status set_limit_assignment(Limits& limits, std::string_view assignment);

// "64 MiB", "10000000": a value as people read it.
std::string format_limit(const LimitInfo& info, uint64_t value);

}  // namespace vigil
