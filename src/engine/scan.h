// Assessment: every enabled policy against every asset of its resource type.
//
// Contract
// - Policies are indexed by type, so an asset only meets the policies that
//   apply to it. Assets are split into contiguous chunks evaluated in
//   parallel on `threads` workers (default: all cores).
// - Output is deterministic: findings are ordered by asset (inventory
//   order), then by policy (load order), whatever the thread count.
// - Every evaluated (policy, asset) pair yields one finding, compliant ones
//   included (with an empty message). Findings point into `inventory`,
//   `policies` and the ScanResult's message storage: keep the inventory, the
//   policies and the ScanResult (or a copy of it: copies share the storage)
//   alive while findings are in use; copy a message into a std::string to
//   keep it longer.
// - A Finding is 40 bytes and trivially copyable: a violation's message is
//   a view of the policy title, or of a string built once (rendered
//   template, an unknown's reason) held by ScanResult::message_storage.
//   The scan allocates nothing per compliant finding.
#pragma once

#include <deque>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "inventory/inventory.h"
#include "policy/evaluate.h"
#include "policy/policy_set.h"

namespace vigil {

struct Finding {
  const CompiledPolicy* policy = nullptr;
  const Asset* asset = nullptr;
  FindingStatus status = FindingStatus::Unknown;
  std::string_view message;  // empty for compliant findings
};

struct ScanOptions {
  unsigned threads = 0;  // 0: std::thread::hardware_concurrency()
  cel::Value now;        // Timestamp; null means the current time
};

struct ScanResult {
  std::vector<Finding> findings;
  // Owns the messages that are neither empty nor a policy title (one deque
  // per chunk of work; deque elements never move, so views stay valid).
  std::shared_ptr<const std::vector<std::deque<std::string>>> message_storage;
  size_t assets = 0;
  size_t evaluations = 0;
  double seconds = 0;  // wall time of the assessment
};

ScanResult scan(const Inventory& inventory, const PolicySet& policies, const ScanOptions& options = {});

}  // namespace vigil
