// Re-reading one resource live, through the scan's own code: the live
// collector (connectors/aws_live) for the asset's account, regions and
// type, read back by the capture reader into an Inventory, exactly as
// `vigil scan --aws` does; and re-evaluating the policy on it with the
// engine (policy/evaluate.h).
//
// Contract
//  - read_live() returns the inventory and the asset in it. The asset
//    absent from a scope that was listed successfully: NotFound (the
//    resource is gone). Absent because its scope failed, or the collection
//    was partial for it: Unavailable (never taken as "fixed" or "gone").
//  - evaluate_live() is the policy's verdict on that asset (violation,
//    compliant or unknown, with the message), as a scan would report it.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/result.h"
#include "fix/aws_session.h"
#include "inventory/inventory.h"
#include "policy/evaluate.h"
#include "policy/policy_set.h"

namespace vigil::fix {

struct LiveAsset {
  std::unique_ptr<Inventory> inventory;
  const Asset* asset = nullptr;
  nlohmann::json json() const;  // the asset object
};

// `regions`: where to read (the asset's region; the regions of an
// account-wide setting); global assets are read with any one of them.
Result<LiveAsset> read_live(const AwsAccess& access, const std::string& asset_id,
                            const std::string& type, const std::string& account,
                            const std::vector<std::string>& regions);

Evaluation evaluate_live(const CompiledPolicy& policy, const LiveAsset& live, int64_t now_seconds);

}  // namespace vigil::fix
