// The finding every standard format (SARIF, OCSF, ASFF, JUnit) renders:
// one (policy, asset) pair and what Vigil knows about it, whether it comes
// from a scan (engine/scan.h) or from the store (`vigil violations list`).
//
// Contract
// - Views only: the policy, the texts and the source they come from must
//   outlive the writer call. A FindingSource is read by index, in order, and
//   may be read more than once (JUnit groups by policy).
// - Outcome is what the finding says now. Unknown is never a pass: every
//   format renders it as "could not be evaluated" with `message` as the
//   reason. Gone (only from the store) is a violation closed because its
//   asset or its policy went away: no longer evaluated, neither pass nor fail.
// - From the store, `tracked_id` is the violation's id (> 0), `exempted`
//   marks a violation an exception covers, `close_reason` says why a closed
//   one closed, and the times are its first sighting and last change. From
//   a scan they are 0, false, empty and the epoch: writers use the report's
//   time instead.
#pragma once

#include <chrono>
#include <cstdint>
#include <string_view>

#include "policy/policy.h"

namespace vigil::formats {

enum class Outcome : uint8_t { Violation, Compliant, Unknown, Gone };

struct ReportFinding {
  const Policy* policy = nullptr;  // never null
  std::string_view asset_id, asset_type, account, region, asset_name;
  Outcome outcome = Outcome::Unknown;
  std::string_view message;  // the violation's text or the unknown's reason; may be empty
  int64_t tracked_id = 0;
  bool exempted = false;
  std::string_view close_reason;
  std::chrono::system_clock::time_point first_seen{}, last_change{};
};

class FindingSource {
 public:
  virtual ~FindingSource() = default;
  virtual size_t size() const = 0;
  virtual ReportFinding at(size_t index) const = 0;
};

// What a document says besides its findings.
struct ReportMeta {
  std::chrono::system_clock::time_point generated_at{};  // the scan's `now`, or the listing's time
  bool partial = false;  // some scopes failed: their findings are unknown
  // ASFF: the region of findings on global assets (IAM, the account) and
  // of those with no region; Security Hub needs one per finding.
  std::string_view home_region = "us-east-1";
  // ASFF, for an import through one account (`vigil export securityhub`):
  // every finding filed in home_region under this account's product
  // (Security Hub takes only its own region's and account's ProductArn);
  // AwsAccountId stays the asset's. Empty: each finding under its own.
  std::string_view import_account{};
};

}  // namespace vigil::formats
