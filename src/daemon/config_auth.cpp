// vigil.yaml: the `auth:` block, single sign-on with OpenID Connect
// (auth/oidc_settings.h, docs/configuration.md "auth"). Every rule that
// keeps a mistake from widening access is checked here, at load.
#include <fmt/format.h>

#include <algorithm>

#include "core/suggest.h"
#include "daemon/config_reader.h"

namespace vigil::daemon::detail {

namespace {

const std::vector<std::string> kOidcKeys = {
    "issuer",   "client_id",      "client_secret_env",  "redirect_uri",
    "scopes",   "username_claim", "roles_claim",        "groups_claim",
    "role_map", "group_map",      "unrestricted_values"};
constexpr std::string_view kCallbackPath = "/api/v1/session/oidc/callback";

bool is_env_name(const std::string& s) {
  if (s.empty() || (s[0] >= '0' && s[0] <= '9')) return false;
  return std::all_of(s.begin(), s.end(), [](char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
  });
}

}  // namespace

void ConfigReader::read_auth(const YAML::Node& key, const YAML::Node& value, Config& config) {
  for_keys(value, &key, "'auth'", {"oidc"},
           [&](const YAML::Node& k, const YAML::Node& v) { read_oidc(k, v, config); });
}

bool ConfigReader::read_claim_map(const YAML::Node& key, const YAML::Node& value,
                                  std::vector<std::pair<std::string, YAML::Node>>& out) {
  if (!value.IsMap() || value.size() == 0) {
    error(at(value.IsNull() ? key : value),
          fmt::format("'{}' must be a map of claim value: {}", key.Scalar(),
                      key.Scalar() == "role_map" ? "role" : "asset group"),
          key.Scalar() == "role_map"
              ? "write e.g.\n  role_map:\n    vigil-admins: admin\n    secops: operator\n    "
                "engineering: viewer"
              : "write e.g.\n  group_map:\n    payments-team: payments");
    return false;
  }
  for (auto it = value.begin(); it != value.end(); ++it) {
    const YAML::Node k = it->first, v = it->second;
    if (!k.IsScalar() || k.Scalar().empty() || !v.IsScalar() || v.Scalar().empty()) {
      error(at(v.IsScalar() ? k : v),
            fmt::format("entries of '{}' are claim value: name", key.Scalar()),
            "quote values with special characters, e.g. \"Vigil Admins\": admin");
      return false;
    }
    out.emplace_back(k.Scalar(), v);
  }
  return true;
}

void ConfigReader::read_oidc(const YAML::Node& key, const YAML::Node& value, Config& config) {
  auth::OidcSettings o;
  size_t before = error_count();
  bool has_unrestricted = false;
  for_keys(value, &key, "'oidc'", kOidcKeys, [&](const YAML::Node& k, const YAML::Node& v) {
    const std::string& name = k.Scalar();
    if (name == "issuer" && read_string(k, v, o.issuer, false) &&
        (!auth::acceptable_oidc_url(o.issuer) || o.issuer.find_first_of("?#") != std::string::npos))
      error(at(v), fmt::format("'issuer' must be an https:// URL, got '{}'", o.issuer),
            "write the provider's issuer exactly as its discovery document names it, e.g. "
            "https://login.example.com/realms/acme (http:// only for a loopback test issuer)");
    if (name == "client_id") read_string(k, v, o.client_id, false);
    if (name == "client_secret_env" && read_string(k, v, o.client_secret_env, false) &&
        !is_env_name(o.client_secret_env))
      error(at(v),
            fmt::format("'client_secret_env' names an environment variable, got '{}'",
                        o.client_secret_env),
            "write e.g. `client_secret_env: VIGIL_OIDC_CLIENT_SECRET` and put the secret in that "
            "variable, never in this file");
    if (name == "redirect_uri" && read_string(k, v, o.redirect_uri, false) &&
        (!auth::acceptable_oidc_url(o.redirect_uri) || !o.redirect_uri.ends_with(kCallbackPath)))
      error(at(v),
            fmt::format("'redirect_uri' must be the https:// URL of Vigil's {}, got '{}'",
                        kCallbackPath, o.redirect_uri),
            fmt::format("write e.g. `redirect_uri: https://vigil.example.com{}`, the same URL as "
                        "registered at the provider",
                        kCallbackPath));
    if (name == "scopes") {
      std::vector<std::string> scopes;
      if (!read_string_list(k, v, scopes)) return;
      if (std::find(scopes.begin(), scopes.end(), "openid") == scopes.end())
        error(at(v), "'scopes' must include openid",
              "write e.g. `scopes: [openid, email, profile]`");
      else
        o.scopes = std::move(scopes);
    }
    if (name == "username_claim") read_string(k, v, o.username_claim, false);
    if (name == "roles_claim") read_string(k, v, o.roles_claim, false);
    if (name == "groups_claim") read_string(k, v, o.groups_claim, false);
    std::vector<std::pair<std::string, YAML::Node>> entries;
    if (name == "role_map" && read_claim_map(k, v, entries))
      for (const auto& [claim, node] : entries) {
        auto role = auth::parse_role(node.Scalar());
        if (!role) {
          std::string guess = closest(node.Scalar(), {"viewer", "operator", "admin"});
          error(at(node), fmt::format("'{}' is not a role", node.Scalar()),
                guess.empty() ? "roles are viewer, operator and admin"
                              : fmt::format("did you mean '{}'?", guess));
          continue;
        }
        o.role_map[claim] = *role;
      }
    if (name == "group_map" && read_claim_map(k, v, entries))
      for (const auto& [claim, node] : entries) {
        o.group_map[claim] = node.Scalar();
        oidc_groups_.emplace_back(node.Scalar(), at(node));
      }
    if (name == "unrestricted_values")
      has_unrestricted = read_string_list(k, v, o.unrestricted_values);
  });
  if (error_count() != before) return;
  std::vector<std::string> missing;
  for (auto [field, name] : {std::pair{&o.issuer, "issuer"},
                             {&o.client_id, "client_id"},
                             {&o.redirect_uri, "redirect_uri"},
                             {&o.roles_claim, "roles_claim"}})
    if (field->empty()) missing.push_back(name);
  if (o.role_map.empty()) missing.push_back("role_map");
  if (!missing.empty()) {
    error(at(key), fmt::format("'oidc' needs {}", join(missing)),
          "see docs/configuration.md (auth) for an example per provider");
    return;
  }
  if (!o.group_map.empty() && o.groups_claim.empty()) {
    error(at(key), "'oidc' has a 'group_map' but no 'groups_claim'",
          "name the claim whose values group_map maps, e.g. `groups_claim: groups`");
    return;
  }
  if (o.group_map.empty() && !has_unrestricted) {
    error(at(key), "'oidc' gives nobody an asset group, so every sign-in would be refused",
          "map claim values to asset groups with `group_map`, and/or list in "
          "`unrestricted_values` the claim values whose holders see every group");
    return;
  }
  config.oidc = std::move(o);
}

void ConfigReader::check_oidc_groups(const Config& config) {
  std::vector<std::string> names;
  for (const auto& g : config.groups) names.push_back(g.name);
  for (const auto& [group, pos] : oidc_groups_) {
    if (std::find(names.begin(), names.end(), group) != names.end()) continue;
    std::string guess = closest(group, names);
    error(pos, fmt::format("'{}' is not an asset group of this file", group),
          guess.empty()
              ? "define it under `groups:` (a user mapped to no defined group sees nothing)"
              : fmt::format("did you mean '{}'?", guess));
  }
}

}  // namespace vigil::daemon::detail
