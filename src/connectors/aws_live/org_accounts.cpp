// Organizations account discovery (org_accounts.h).
#include "connectors/aws_live/org_accounts.h"

#include <fmt/format.h>

#include <optional>

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
  const nlohmann::json& answer = std::get<nlohmann::json>(result);
  const nlohmann::json* accounts =
      answer.is_object() && answer.contains("Accounts") ? &answer["Accounts"] : nullptr;
  if (accounts == nullptr || !accounts->is_array())
    return Error("--org: Organizations ListAccounts answered without an 'Accounts' list");
  // Fields are read by their type: an answer is data, and a malformed one is
  // an error that names it, never an exception in the middle of a scan.
  auto text = [](const nlohmann::json& a, const char* key) -> std::optional<std::string> {
    auto it = a.find(key);
    if (it == a.end()) return std::string();
    if (!it->is_string()) return std::nullopt;
    return it->get<std::string>();
  };
  for (const nlohmann::json& a : *accounts) {
    std::optional<std::string> id = a.is_object() ? text(a, "Id") : std::nullopt;
    std::optional<std::string> name = a.is_object() ? text(a, "Name") : std::nullopt;
    std::optional<std::string> status = a.is_object() ? text(a, "Status") : std::nullopt;
    if (!id || !name || !status)
      return Error(fmt::format(
          "--org: Organizations ListAccounts answered a malformed account (Id, Name and Status "
          "must be strings): {}",
          a.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace).substr(0, 200)));
    OrgAccount account{std::move(*id), std::move(*name), std::move(*status)};
    if (!account.id.empty() && account.status == "ACTIVE") out.push_back(std::move(account));
  }
  return out;
}

}  // namespace vigil::aws
