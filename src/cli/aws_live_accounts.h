// Which accounts a live collection covers, and as whom (aws_live_options.h):
//  - no --accounts/--accounts-file/--org: the account of the base credentials;
//  - --accounts ID,...: each account, assuming --role in it (without --role
//    only the base credentials' own account can be given);
//  - --accounts-file FILE (YAML):
//        role: vigil-readonly          # default role name (or ARN) for every account
//        external_id: my-external-id   # optional
//        accounts:
//          - id: "111111111111"
//            name: prod                # optional label
//            role: audit-role          # optional, overrides the default
//  - --org: every ACTIVE account of the organization (ListAccounts from the
//    management account of the base credentials), assuming --role in each.
// Base credentials: --profile, else the standard chain (environment,
// shared files, web identity, container, IMDS).
#pragma once

#include <string>
#include <vector>

#include "aws_client/client.h"
#include "aws_client/credentials/profile_provider.h"
#include "cli/aws_live_options.h"

namespace vigil::cli {

struct AccountSpec {
  std::string id, name, role, external_id;
};

// Parses the accounts file (errors name file:line).
Result<std::vector<AccountSpec>> read_accounts_file(const std::string& path);

// The targets of the collection, with their credentials providers
// (`context` gives the chain its environment, HTTP client and STS).
Result<std::vector<aws::AccountTarget>> resolve_accounts(const AwsLiveOptions& options, aws::AwsClient& client,
                                                         const aws::CredentialsContext& context,
                                                         const std::string& home_region);

}  // namespace vigil::cli
