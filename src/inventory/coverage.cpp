// See coverage.h.
#include "inventory/coverage.h"

#include <fmt/format.h>

#include <map>
#include <set>
#include <tuple>

#include "inventory/inventory.h"
#include "inventory/inventory_impl.h"

namespace vigil {

namespace {

// The first message of a placeholder's "errors" list, "code: message".
std::string placeholder_error(const Asset& a) {
  std::string error;
  JsonRef errors = a.doc.root().find("errors");
  if (errors.valid() && errors.kind() == JsonKind::Array && errors.size() > 0) {
    JsonRef e = errors.at(0);
    JsonRef code = e.find("code"), message = e.find("message");
    if (code.valid() && code.kind() == JsonKind::String) error = std::string(code.as_string());
    if (message.valid() && message.kind() == JsonKind::String)
      error += (error.empty() ? "" : ": ") + std::string(message.as_string());
  }
  return error.empty() ? "collection failed" : error;
}

}  // namespace

Coverage::Coverage(std::vector<ListedScope> scopes) : scopes_(std::move(scopes)) {
  std::map<std::string, std::set<std::string>> regions_of;  // account -> regions read
  struct TypeScopes {
    bool global_ok = false;
    const ListedScope* failed = nullptr;
    std::set<std::string> ok_regions;
  };
  std::map<std::pair<std::string, std::string>, TypeScopes> of_type;  // (account, type)
  for (const ListedScope& s : scopes_) {
    if (s.region != "global") regions_of[s.account].insert(s.region);
    TypeScopes& t = of_type[{s.account, s.type}];
    if (!s.ok) {
      if (!t.failed) t.failed = &s;
    } else if (s.region == "global") {
      t.global_ok = true;
    } else {
      t.ok_regions.insert(s.region);
    }
  }
  for (const auto& [at, t] : of_type) {
    const auto& [account, type] = at;
    std::string gap;
    if (t.failed) {
      gap = fmt::format("{} was not collected in {}/{} ({})", type, account, t.failed->region,
                        t.failed->error.empty() ? "collection failed" : t.failed->error);
    } else if (!t.global_ok) {
      for (const std::string& region : regions_of[account])
        if (!t.ok_regions.count(region)) {
          gap = fmt::format("{} was not collected in {}/{}", type, account, region);
          break;
        }
    }
    gaps_.emplace(type_account_key(type, account), std::move(gap));
  }
}

Coverage Coverage::of_assets(const Inventory& inventory) {
  std::map<std::tuple<std::string_view, std::string_view, std::string_view>, ListedScope> scopes;
  ListedScope* last = nullptr;  // neighbouring assets mostly share their scope: no lookup
  for (size_t i = 0; i < inventory.size(); ++i) {
    const Asset& a = inventory.at(i);
    if (!last || last->type != a.type || last->account != a.account || last->region != a.region) {
      auto [it, fresh] = scopes.try_emplace({a.account, a.region, a.type});
      last = &it->second;
      if (fresh) {
        last->account = std::string(a.account);
        last->region = std::string(a.region);
        last->type = std::string(a.type);
      }
    }
    ListedScope& s = *last;
    if (!a.is_placeholder()) {
      ++s.assets;
    } else if (s.ok) {
      s.ok = false;
      s.error = placeholder_error(a);
    }
  }
  std::vector<ListedScope> out;
  out.reserve(scopes.size());
  for (auto& [key, s] : scopes) out.push_back(std::move(s));
  return Coverage(std::move(out));
}

std::string Coverage::gap(std::string_view type, std::string_view account) const {
  auto it = gaps_.find(type_account_key(type, account));
  if (it != gaps_.end()) return it->second;
  return fmt::format("{} was not collected for account {}", type, account);
}

}  // namespace vigil
