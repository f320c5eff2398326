// Which scopes an AWS Config read collected (AwsConfigSummary::read.scopes).
//
// Only a configuration *snapshot* delivered to S3
// (AWSLogs/<account>/Config/<region>/.../ConfigSnapshot/...) lists every
// recorded resource of its account and region, so only those make scopes
// ok: every Config-mapped type in that region (global types under
// "global"), plus aws.account. History files and API output hold some
// items only and make no scope. A malformed delivered file makes its
// scope failed (its placeholder assets say so too); failed wins over ok.
#pragma once

#include <filesystem>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "connectors/aws/capture_reader.h"
#include "inventory/inventory.h"

namespace vigil::aws_config {

struct DeliveredScope {
  std::string account, region;
  bool snapshot = false;  // a ConfigSnapshot folder is on the path
};

// The scope a delivered file's path names, or none.
std::optional<DeliveredScope> delivered_scope(const std::filesystem::path& path);

// `snapshots`: (account, region) of snapshot files read; `failed`:
// (account, region, error) of malformed delivered files.
std::vector<aws::CollectedScope> collected_scopes(
    const std::set<std::pair<std::string, std::string>>& snapshots,
    const std::vector<std::tuple<std::string, std::string, std::string>>& failed,
    const Inventory& inventory);

}  // namespace vigil::aws_config
