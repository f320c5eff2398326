// Shared set-up for engine tests: policies from YAML text and inventories
// built from asset JSON, both through the real loaders.
#pragma once

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "engine/scan.h"
#include "inventory/inventory.h"
#include "policy/policy_set.h"

namespace vigil::testing {

inline PolicySet load_policies(const std::string& yaml) {
  auto loaded = PolicySet::load_text(yaml, "test.yaml");
  for (const auto& d : loaded.diagnostics) ADD_FAILURE() << d.render();
  EXPECT_TRUE(loaded.ok());
  return std::move(loaded.set);
}

inline Inventory make_inventory(const std::vector<std::string>& assets) {
  Inventory inventory;
  for (const auto& json : assets) {
    auto asset = Asset::parse(json);
    EXPECT_TRUE(asset.ok()) << json << ": " << (asset.ok() ? "" : asset.error().message);
    if (!asset.ok()) continue;
    auto added = inventory.add(std::move(asset.value()));
    EXPECT_TRUE(added.ok());
  }
  inventory.finalize();
  return inventory;
}

// Three policies over two types, one disabled, one that errors on some assets.
inline const char* kPolicies = R"(
id: t-open-port
title: Port open
resource: aws.ec2.security-group
severity: high
category: security
condition: resource.config.Port == 22
message: "port {{ resource.config.Port }} is open"
---
id: t-unencrypted
title: Unencrypted
resource: aws.ec2.volume
severity: medium
category: security
condition: resource.config.Encrypted == false
---
id: t-sg-named
title: Security group has a name
resource: aws.ec2.security-group
severity: low
category: tagging
condition: resource.config.GroupName == ""
message: "unnamed group"
---
id: t-disabled
title: Never evaluated
resource: aws.ec2.security-group
severity: critical
category: security
enabled: false
condition: "true"
)";

// `n` assets alternating types; every 7th security group lacks GroupName
// (an evaluation error -> unknown), every 3rd has port 22.
inline std::vector<std::string> synthetic_assets(int n) {
  std::vector<std::string> out;
  for (int i = 0; i < n; ++i) {
    if (i % 2 == 0) {
      std::string name = (i % 7 == 0) ? "" : ",\"GroupName\":\"g" + std::to_string(i) + "\"";
      out.push_back("{\"id\":\"sg-" + std::to_string(i) +
                    "\",\"type\":\"aws.ec2.security-group\",\"account\":\"111111111111\","
                    "\"region\":\"us-east-1\","
                    "\"config\":{\"Port\":" +
                    std::to_string(i % 3 == 0 ? 22 : 443) + name + "}}");
    } else {
      out.push_back(
          "{\"id\":\"vol-" + std::to_string(i) +
          "\",\"type\":\"aws.ec2.volume\",\"account\":\"222222222222\",\"region\":\"eu-west-1\","
          "\"config\":{\"Encrypted\":" +
          (i % 5 == 0 ? "false" : "true") + "}}");
    }
  }
  return out;
}

}  // namespace vigil::testing
