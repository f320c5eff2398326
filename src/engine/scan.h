// Assessment: every enabled policy against every asset of its resource type.
//
// Contract
// - Policies are indexed by type, so an asset only meets the policies that
//   apply to it. Assets are split into contiguous chunks evaluated in
//   parallel on `threads` workers (default: all cores).
// - Output is deterministic: findings are ordered by asset (inventory
//   order), then by policy (load order), whatever the thread count.
// - Every evaluated (policy, asset) pair yields one finding, compliant ones
//   included (with an empty message). Findings point into `inventory` and
//   `policies`: keep both alive while the result is in use.
#pragma once

#include <string>
#include <vector>

#include "inventory/inventory.h"
#include "policy/evaluate.h"
#include "policy/policy_set.h"

namespace vigil {

struct Finding {
  const CompiledPolicy* policy = nullptr;
  const Asset* asset = nullptr;
  FindingStatus status = FindingStatus::Unknown;
  std::string message;
};

struct ScanOptions {
  unsigned threads = 0;  // 0: std::thread::hardware_concurrency()
  cel::Value now;        // Timestamp; null means the current time
};

struct ScanResult {
  std::vector<Finding> findings;
  size_t assets = 0;
  size_t evaluations = 0;
  double seconds = 0;  // wall time of the assessment
};

ScanResult scan(const Inventory& inventory, const PolicySet& policies, const ScanOptions& options = {});

}  // namespace vigil
