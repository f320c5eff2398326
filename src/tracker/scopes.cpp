// scopes_of (tracker.h).
#include "tracker/tracker.h"

namespace vigil::tracker {

CollectedScopes scopes_of(const Inventory& inventory) {
  CollectedScopes out;
  const Coverage* coverage = inventory.coverage();
  if (!coverage) return out;
  out.scopes.reserve(coverage->scopes().size());
  for (const ListedScope& s : coverage->scopes())
    out.scopes.push_back(
        store::ScopeStatus{{s.account, s.region, s.type}, s.ok, s.error, s.assets});
  return out;
}

}  // namespace vigil::tracker
