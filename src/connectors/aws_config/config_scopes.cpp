// Scopes of an AWS Config read (config_scopes.h).
#include "connectors/aws_config/config_scopes.h"

#include <map>
#include <tuple>

#include "connectors/aws/catalog.h"
#include "connectors/aws_config/config_types.h"

namespace vigil::aws_config {

std::optional<DeliveredScope> delivered_scope(const std::filesystem::path& path) {
  std::vector<std::string> parts;
  for (const std::filesystem::path& part : path) parts.push_back(part.string());
  for (size_t i = 0; i + 3 < parts.size(); ++i)
    if (parts[i] == "AWSLogs" && parts[i + 2] == "Config") {
      DeliveredScope s{parts[i + 1], parts[i + 3], false};
      for (size_t j = i + 4; j < parts.size(); ++j) s.snapshot |= parts[j] == "ConfigSnapshot";
      return s;
    }
  return std::nullopt;
}

std::vector<aws::CollectedScope> collected_scopes(
    const std::set<std::pair<std::string, std::string>>& snapshots,
    const std::vector<std::tuple<std::string, std::string, std::string>>& failed,
    const Inventory& inventory) {
  using Key = std::tuple<std::string, std::string, std::string>;
  std::map<Key, aws::CollectedScope> scopes;
  auto cover = [&](const std::string& account, const std::string& region, bool ok,
                   const std::string& error) {
    auto put = [&](const std::string& r, std::string_view type) {
      Key k{account, r, std::string(type)};
      auto [it, fresh] =
          scopes.try_emplace(k, aws::CollectedScope{account, r, std::string(type), ok, error, 0});
      if (!fresh && !ok && it->second.ok) {
        it->second.ok = false;
        it->second.error = error;
      }
    };
    for (const ConfigType& ct : config_types()) {
      const aws::ResourceType* rt = aws::find_resource_type(ct.vigil_type);
      if (rt) put(rt->global ? "global" : region, ct.vigil_type);
    }
    if (ok) put("global", "aws.account");
  };
  for (const auto& [account, region] : snapshots) cover(account, region, true, "");
  for (const auto& [account, region, error] : failed)
    cover(account, region, false, "MalformedJSON: " + error);
  for (size_t i = 0; i < inventory.size(); ++i) {
    const Asset& a = inventory.at(i);
    auto it = scopes.find(Key{std::string(a.account), std::string(a.region), std::string(a.type)});
    if (it != scopes.end() && it->second.ok && !a.is_placeholder()) ++it->second.assets;
  }
  std::vector<aws::CollectedScope> out;
  for (auto& [key, scope] : scopes) out.push_back(std::move(scope));
  return out;
}

}  // namespace vigil::aws_config
