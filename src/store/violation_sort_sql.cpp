// See violation_sort_sql.h.
#include "store/violation_sort_sql.h"

namespace vigil::store {

std::string violation_sort_key_sql(ViolationSort sort) {
  switch (sort) {
    case ViolationSort::Id:
      return "v.id";
    case ViolationSort::Severity:
      return "(CASE v.severity WHEN 'critical' THEN 4 WHEN 'high' THEN 3 WHEN 'medium' THEN 2 "
             "WHEN 'low' THEN 1 WHEN 'info' THEN 0 ELSE -1 END)";
    case ViolationSort::FirstSeen:
      return "v.first_seen";
    case ViolationSort::LastChange:
      return "v.last_change";
  }
  return "v.id";
}

}  // namespace vigil::store
