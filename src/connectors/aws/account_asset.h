// The `aws.account` asset of one account, from the account-wide settings
// (catalog.h AccountSetting) read by every folder of the account.
//
// id "arn:<partition>:iam::<account>:root", region "global", name the
// account id. config.<name> per setting: Global and AnyRegion settings
// directly; PerRegion ones as a map region -> value over every region folder
// of the account (null where "not configured"). A setting with no file is
// unavailable with code NotCaptured; a failed call is unavailable with its
// AWS error; both are listed in `errors`.
#pragma once

#include <string>
#include <vector>

#include "connectors/aws/capture_unit.h"
#include "core/result.h"
#include "inventory/asset.h"

namespace vigil::aws {

// `values`: every SettingValue of the account's folders, in folder order.
// `regions`: the account's region folders other than "global", sorted.
Result<Asset> build_account_asset(const std::string& account,
                                  const std::vector<std::string>& regions,
                                  std::vector<const SettingValue*> values);

}  // namespace vigil::aws
