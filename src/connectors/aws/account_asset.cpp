// build_account_asset (account_asset.h).
#include "connectors/aws/account_asset.h"

#include <fmt/format.h>

#include "connectors/aws/assemble.h"
#include "connectors/aws/catalog.h"

namespace vigil::aws {

Result<Asset> build_account_asset(const std::string& account,
                                  const std::vector<std::string>& regions,
                                  std::vector<const SettingValue*> values) {
  PendingAsset p;
  p.type = "aws.account";
  p.parts.account = account;
  p.parts.region = "global";
  p.parts.name = account;
  p.parts.id = fmt::format("arn:{}:iam::{}:root",
                           regions.empty() ? "aws" : partition_of(regions.front()), account);
  p.parts.config = JsonTree::object();
  p.parts.tags = JsonTree::object();

  const std::vector<AccountSetting>& settings = account_settings();
  auto not_captured = [&](const AccountSetting& s, const std::string& part,
                          std::string_view where) {
    CollectionError e{
        part, std::string(s.operation), "NotCaptured",
        fmt::format("no {}/{}/{}.json in the capture", where, s.service, s.operation)};
    JsonTree t = JsonTree::unavailable(e.reason());
    p.errors.push_back(std::move(e));
    return t;
  };
  auto failed = [&](const SettingValue& v, const std::string& part) {
    CollectionError e = v.error;
    e.part = part;
    JsonTree t = JsonTree::unavailable(e.reason());
    p.errors.push_back(std::move(e));
    return t;
  };

  for (size_t i = 0; i < settings.size(); ++i) {
    const AccountSetting& s = settings[i];
    std::string name = config_name_of(s);
    std::string part = "config." + name;
    if (s.scope != SettingScope::PerRegion) {
      const SettingValue* found = nullptr;
      // AnyRegion: the first region that answered wins over regions whose call failed.
      for (const SettingValue* v : values) {
        if (v->setting != i) continue;
        if (!found || (found->state == SettingValue::State::Failed &&
                       v->state != SettingValue::State::Failed))
          found = v;
      }
      if (!found) {
        p.parts.config.add(
            name,
            not_captured(s, part,
                         fmt::format("{}/{}", account,
                                     s.scope == SettingScope::Global ? "global" : "<region>")));
      } else if (found->state == SettingValue::State::Value) {
        p.parts.config.add(name, found->value);
      } else if (found->state == SettingValue::State::Failed) {
        p.parts.config.add(name, failed(*found, part));
      }
      continue;
    }
    JsonTree map = JsonTree::object();
    for (const std::string& region : regions) {
      const SettingValue* found = nullptr;
      for (const SettingValue* v : values)
        if (v->setting == i && v->region == region) found = v;
      std::string region_part = part + "." + region;
      if (!found)
        map.add(region, not_captured(s, region_part, fmt::format("{}/{}", account, region)));
      else if (found->state == SettingValue::State::Value)
        map.add(region, found->value);
      else if (found->state == SettingValue::State::Absent)
        map.add(region, JsonTree());
      else
        map.add(region, failed(*found, region_part));
    }
    p.parts.config.add(name, std::move(map));
  }
  return freeze_asset(p);
}

}  // namespace vigil::aws
