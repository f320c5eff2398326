// Which accounts a live collection covers, and as whom. Shared by
// `vigil collect aws`, `vigil scan --aws` and `kind: aws` sources of
// `vigil serve` (docs/aws-collection.md, docs/configuration.md).
//
//  - nothing selected: the account of the base credentials;
//  - `accounts` (ID,...): each account, assuming `role` in it (without a role
//    only one account can be given: the base credentials' own);
//  - `accounts_file` (YAML):
//        role: vigil-readonly          # default role name (or ARN) for every account
//        external_id: my-external-id   # optional
//        accounts:
//          - id: "111111111111"
//            name: prod                # optional label
//            role: audit-role          # optional, overrides the default
//  - `org`: every ACTIVE account of the organization (ListAccounts from the
//    management account of the base credentials), assuming `role` in each.
// A role is a name (vigil-readonly: arn:<partition>:iam::<account>:role/NAME)
// or an ARN, in which "{account}" is replaced by the account id.
// Base credentials: `profile`, else the standard chain (environment, shared
// files, web identity, container, IMDS).
//
// Contract: every problem is an Error before any collection call is sent
// (only --org calls Organizations): a malformed accounts file (file:line),
// an account id that is not 12 digits, two selections at once, several
// accounts without a role, no base credentials.
#pragma once

#include <string>
#include <vector>

#include "aws_client/client.h"
#include "aws_client/credentials/profile_provider.h"
#include "connectors/aws_live/collector.h"
#include "core/result.h"

namespace vigil::aws {

// One account of an accounts file.
struct AccountSpec {
  std::string id, name, role, external_id;
};

// What the user selected (CLI options or a vigil.yaml aws source).
struct AccountSelection {
  std::string profile;                // base credentials; empty: the standard chain
  std::vector<std::string> accounts;  // 12-digit ids
  std::string accounts_file;          // YAML, as above
  bool org = false;                   // Organizations ListAccounts
  std::string role;                   // assumed in each account (name or ARN)
  std::string external_id;            // AssumeRole ExternalId
};

// Parses an accounts file (errors name file:line).
Result<std::vector<AccountSpec>> read_accounts_file(const std::string& path);

// Whether `id` is a 12-digit account id.
bool is_account_id(std::string_view id);

// The targets of the collection with their credentials providers.
// `context` gives the chain its environment, HTTP client and STS;
// `home_region` picks the partition (role ARNs, Organizations).
Result<std::vector<AccountTarget>> resolve_accounts(const AccountSelection& selection,
                                                    AwsClient& client,
                                                    const CredentialsContext& context,
                                                    const std::string& home_region);

}  // namespace vigil::aws
