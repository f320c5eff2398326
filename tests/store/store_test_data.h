// Test data shared by the Store suite and the backend tests: millisecond
// times, assets with a recognisable content, violations of them.
#pragma once

#include <chrono>
#include <string>

#include "store/store.h"

namespace vigil::store::testing {

inline Time at_ms(int64_t ms) { return Time(std::chrono::milliseconds(ms)); }
inline constexpr int64_t kT0 = 1'790'000'000'000;  // 2026-09-21, a millisecond time

inline AssetVersionWrite asset(const std::string& id, uint64_t hash,
                               const std::string& account = "111",
                               const std::string& type = "aws.s3.bucket",
                               const std::string& region = "us-east-1") {
  AssetVersionWrite w;
  w.identity = {id, type, account, region, id + "-name"};
  w.content_hash = hash;
  w.content = R"({"id":")" + id + R"(","hash":)" + std::to_string(hash) + R"(,"pad":")" +
              std::string(200, 'x') + "\"}";
  return w;
}

inline Violation violation(const std::string& policy, const AssetVersionWrite& a,
                           const std::string& severity = "high",
                           ViolationStatus status = ViolationStatus::Open) {
  Violation v;
  v.policy_id = policy;
  v.asset = a.identity;
  v.status = status;
  v.severity = severity;
  v.category = "security";
  v.message = policy + " fails on " + a.identity.id;
  return v;
}

}  // namespace vigil::store::testing
