// What an AWS Config read decides across items (config_reader.h), once every
// item is converted: one asset per id, and the reverse relations.
//
// Contract
//   - drop_duplicate_assets: two items of different Config types can give
//     one asset (a domain recorded both as AWS::OpenSearch::Domain and
//     AWS::Elasticsearch::Domain). The later configurationItemCaptureTime is
//     kept (the first item on ties); returns how many were dropped.
//   - add_reverse_relations: a reverse relation of the catalog (security group
//     -> network_interfaces, VPC -> flow_logs, KMS key -> aliases) lists EVERY
//     source asset pointing at its target, so it is present (possibly empty:
//     "none") only where a configuration snapshot of the target's account and
//     region (any region for a global source type) was read and no Config
//     file of that scope was malformed. Elsewhere, or when no Config type gives
//     the source type (load balancer -> target_groups), it is unavailable
//     (NotInAwsConfig) and listed in the target's errors: a missing or partial
//     list never reads as "none".
#pragma once

#include <set>
#include <string>
#include <utility>
#include <vector>

#include "connectors/aws/assemble.h"

namespace vigil::aws_config {

size_t drop_duplicate_assets(std::vector<aws::PendingAsset>& pending);

// `snapshots`: (account, region) of the snapshot files read; `failed`: (account,
// region) of the malformed delivered files.
void add_reverse_relations(std::vector<aws::PendingAsset>& pending,
                           const std::set<std::pair<std::string, std::string>>& snapshots,
                           const std::vector<std::pair<std::string, std::string>>& failed);

}  // namespace vigil::aws_config
