// scopes_of_inventory, scopes_of_capture (tracker.h).
#include <map>

#include "tracker/groups.h"
#include "tracker/tracker.h"

namespace vigil::tracker {

CollectedScopes scopes_of_inventory(const Inventory& inventory) {
  std::map<store::ScopeKey, store::ScopeStatus> scopes;
  for (size_t i = 0; i < inventory.size(); ++i) {
    const Asset& a = inventory.at(i);
    store::ScopeKey key{std::string(a.account), std::string(a.region), std::string(a.type)};
    auto [it, fresh] = scopes.try_emplace(key);
    store::ScopeStatus& s = it->second;
    if (fresh) s.key = key;
    if (!is_placeholder_asset(a.id)) {
      ++s.assets;
      continue;
    }
    s.ok = false;
    JsonRef errors = a.doc.root().find("errors");
    if (s.error.empty() && errors.valid() && errors.kind() == JsonKind::Array &&
        errors.size() > 0) {
      JsonRef e = errors.at(0);
      JsonRef code = e.find("code"), message = e.find("message");
      if (code.valid() && code.kind() == JsonKind::String) s.error = std::string(code.as_string());
      if (message.valid() && message.kind() == JsonKind::String)
        s.error += (s.error.empty() ? "" : ": ") + std::string(message.as_string());
    }
    if (s.error.empty()) s.error = "collection failed";
  }
  CollectedScopes out;
  for (auto& [key, status] : scopes) out.scopes.push_back(std::move(status));
  return out;
}

CollectedScopes scopes_of_capture(const std::vector<aws::CollectedScope>& scopes) {
  CollectedScopes out;
  out.scopes.reserve(scopes.size());
  for (const aws::CollectedScope& s : scopes)
    out.scopes.push_back(
        store::ScopeStatus{{s.account, s.region, s.type}, s.ok, s.error, s.assets});
  return out;
}

}  // namespace vigil::tracker
