// Who owns an asset, for notifications (OwnerRules in settings.h):
//  1. its tags: the first key of `tag_keys` (in order) whose value holds
//     e-mail addresses (several separated by commas, semicolons or spaces);
//  2. else the owners of the asset groups it is in (every group listed in
//     `group_owners`, in group order);
//  3. else the fallback addresses.
// Tag values that are not addresses (e.g. "team-payments") are skipped, and
// the next rule decides: a message is never dropped for want of an owner
// while a fallback is configured. Addresses are de-duplicated, in order.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "inventory/asset.h"
#include "notify/settings.h"

namespace vigil::notify {

using Tags = std::vector<std::pair<std::string, std::string>>;

struct Owners {
  std::vector<std::string> addresses;  // empty: nobody (no rule matched, no fallback)
  std::string via;                     // "tag owner", "group prod", "fallback", ""
};

Owners resolve_owners(const Tags& tags, const std::vector<std::string>& groups,
                      const OwnerRules& rules);

// The asset's tags (its `tags` object; string values only).
Tags asset_tags(const Asset& asset);
// The e-mail addresses in a tag value ("a@x.org, b@y.org").
std::vector<std::string> addresses_in(std::string_view value);

}  // namespace vigil::notify
