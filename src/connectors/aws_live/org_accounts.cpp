// Organizations account discovery (org_accounts.h).
#include "connectors/aws_live/org_accounts.h"

#include <fmt/format.h>

#include "connectors/aws_live/collector.h"

namespace vigil::aws {

Result<std::vector<OrgAccount>> list_organization_accounts(
    AwsClient& client, std::shared_ptr<CredentialsProvider> management, const std::string& region) {
  std::string described = management ? management->describe() : "no credentials";
  CallScope scope{"organizations", global_region_for(region), std::move(management)};
  AwsResult<nlohmann::json> result =
      client.call_all_pages(scope, "ListAccounts", nlohmann::json::object());
  if (const AwsCallError* e = std::get_if<AwsCallError>(&result)) {
    Error error;
    error.message = fmt::format(
        "--org: Organizations ListAccounts failed with {}: {} (credentials: {}); run it with the "
        "organization's "
        "management account (or a delegated administrator) and organizations:ListAccounts",
        e->code, e->message, described);
    return error;
  }
  std::vector<OrgAccount> out;
  for (const nlohmann::json& a :
       std::get<nlohmann::json>(result).value("Accounts", nlohmann::json::array())) {
    OrgAccount account{a.value("Id", ""), a.value("Name", ""), a.value("Status", "")};
    if (!account.id.empty() && account.status == "ACTIVE") out.push_back(std::move(account));
  }
  return out;
}

}  // namespace vigil::aws
