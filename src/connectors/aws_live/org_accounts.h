// Discovering the accounts of an AWS Organization from its management
// account: Organizations ListAccounts (all pages), ACTIVE accounts only.
// Needs organizations:ListAccounts on the management credentials (not part
// of the per-account read-only policy, deploy/aws/).
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "aws_client/client.h"
#include "core/result.h"

namespace vigil::aws {

struct OrgAccount {
  std::string id, name, status;
};

// `region`: any region of the partition (Organizations is global; it is
// called in the partition's global region). The Error names the AWS code.
Result<std::vector<OrgAccount>> list_organization_accounts(AwsClient& client,
                                                           std::shared_ptr<CredentialsProvider> management,
                                                           const std::string& region);

}  // namespace vigil::aws
