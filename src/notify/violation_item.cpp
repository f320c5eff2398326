// A stored violation as an item of a notice (violation_item.h).
#include "notify/violation_item.h"

namespace vigil::notify {

ViolationItem violation_item(const store::Violation& v) {
  ViolationItem item;
  item.policy_id = v.policy_id;
  item.title = v.policy_id;
  item.severity = v.severity;
  item.asset_id = v.asset.id;
  item.asset_name = v.asset.name;
  item.account = v.asset.account;
  item.region = v.asset.region;
  item.message = v.message;
  return item;
}

}  // namespace vigil::notify
