// One page of a framework control's evidence from the store's tracked state:
// the violations that are not closed (open: violation, exempted, unknown) of
// the control's policies, on one account's assets or on every account's,
// by violation id (keyset: the rows after `after_id`). The API's summary
// (/api/v1/frameworks/{id}) judges from counts; this lists what it counted,
// a page at a time (/api/v1/frameworks/{id}/controls/{control}/evidence).
//
// Contract (control_evidence_page)
// - policies: the control's policies the data's scan assessed (as
//   judge_framework counts them: an unassessed policy adds no evidence).
// - items: at most `limit`, ascending violation id, each above after_id.
// - more: whether rows follow the page (then the next page starts after
//   items.back().violation_id).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/result.h"
#include "engine/framework_results.h"
#include "store/store.h"

namespace vigil::tracker {

struct EvidenceItem {
  int64_t violation_id = 0;
  ControlEvidence evidence;
};

struct EvidencePage {
  std::vector<EvidenceItem> items;
  bool more = false;
};

Result<EvidencePage> control_evidence_page(store::Store& store,
                                           const std::vector<std::string>& policies,
                                           const std::optional<std::string>& account,
                                           int64_t after_id, size_t limit);

}  // namespace vigil::tracker
