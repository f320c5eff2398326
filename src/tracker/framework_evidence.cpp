// One page of a framework control's evidence (framework_evidence.h).
#include "tracker/framework_evidence.h"

#include <algorithm>

namespace vigil::tracker {

namespace {

EvidenceStatus control_evidence_status(store::ViolationStatus status) {
  switch (status) {
    case store::ViolationStatus::Exempted:
      return EvidenceStatus::Exempted;
    case store::ViolationStatus::Unknown:
      return EvidenceStatus::Unknown;
    default:
      return EvidenceStatus::Violation;
  }
}

}  // namespace

Result<EvidencePage> control_evidence_page(store::Store& store,
                                           const std::vector<std::string>& policies,
                                           const std::optional<std::string>& account,
                                           int64_t after_id, size_t limit) {
  // Each policy's first limit+1 rows after the cursor: their union's first
  // limit+1 rows by id are the control's (keyset pages over several lists).
  std::vector<EvidenceItem> rows;
  for (const std::string& policy : policies) {
    store::ViolationFilter filter;
    filter.statuses = {store::ViolationStatus::Open, store::ViolationStatus::Exempted,
                       store::ViolationStatus::Unknown};
    filter.policy_id = policy;
    filter.account = account;
    filter.after_id = after_id;
    filter.limit = limit + 1;
    Status read = store.for_each_violation(filter, [&](const store::Violation& v) {
      rows.push_back({v.id,
                      {control_evidence_status(v.status), v.policy_id, v.asset.id, v.asset.type,
                       v.asset.region, v.message, v.exception_id.value_or(0)}});
      return true;
    });
    if (!read.ok()) return read.error();
  }
  std::sort(rows.begin(), rows.end(), [](const EvidenceItem& a, const EvidenceItem& b) {
    return a.violation_id < b.violation_id;
  });
  EvidencePage page;
  page.more = rows.size() > limit;
  if (page.more) rows.resize(limit);
  page.items = std::move(rows);
  return page;
}

}  // namespace vigil::tracker
