// See violation_csv.h.
#include "tracker/violation_csv.h"

#include "core/time_text.h"

namespace vigil::tracker {

std::vector<std::string> violation_csv_header() {
  return {"id",         "status",      "severity",     "category",  "policy",
          "account",    "region",      "type",         "asset_id",  "asset_name",
          "first_seen", "last_change", "close_reason", "exception", "message"};
}

std::vector<std::string> violation_csv_row(const store::Violation& v) {
  return {std::to_string(v.id),
          std::string(store::to_string(v.status)),
          v.severity,
          v.category,
          v.policy_id,
          v.asset.account,
          v.asset.region,
          v.asset.type,
          v.asset.id,
          v.asset.name,
          vigil::format_time(v.first_seen),
          vigil::format_time(v.last_change),
          v.close_reason,
          v.exception_id ? std::to_string(*v.exception_id) : "",
          v.message};
}

}  // namespace vigil::tracker
