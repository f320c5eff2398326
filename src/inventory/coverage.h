// What a source looked at: the (account, region, type) scopes it listed,
// each successfully or not. An inventory holds the assets a source found;
// its coverage says where "no asset of this type" means "there are none"
// and where it means "nobody looked".
//
// Contract
// - gap(type, account) is empty when the inventory holds every asset of
//   `type` in `account`: the type was listed successfully in every region
//   the source read for that account (or once for the whole account, region
//   "global"). Otherwise it names the first reason, e.g.
//   "aws.cloudtrail.trail was not collected in 111111111111/us-east-1".
// - A type never listed for the account is a gap, even with no region read:
//   a capture of only ec2/ says nothing about IAM roles.
// - of_assets() derives the coverage of a file that lists assets only
//   (inventory JSON lines): each (account, region, type) holding an asset is
//   listed ok, a placeholder (Asset::is_placeholder) marks its scope failed.
//   A type with no line in the file is not covered: such a file cannot say
//   "none".
// - Immutable once built; safe for concurrent reads.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "inventory/asset.h"

namespace vigil {

class Inventory;

struct ListedScope {
  std::string account, region, type;
  bool ok = true;
  std::string error;  // why the listing failed, when !ok
  size_t assets = 0;  // assets found in the scope
};

class Coverage {
 public:
  explicit Coverage(std::vector<ListedScope> scopes);
  static Coverage of_assets(const Inventory& inventory);

  std::string gap(std::string_view type, std::string_view account) const;
  const std::vector<ListedScope>& scopes() const { return scopes_; }

 private:
  std::vector<ListedScope> scopes_;
  // type '\0' account -> the gap (empty: covered); a key absent is a type
  // never listed for the account.
  std::unordered_map<std::string, std::string> gaps_;
};

}  // namespace vigil
