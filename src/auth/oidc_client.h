// The OpenID Connect relying party of `vigil serve`: the authorization code
// flow with PKCE (S256) against one provider (Okta, Entra ID, Google,
// Keycloak, ...), over libcurl (aws_client/transport/http.h: TLS verified
// against the system's CAs, no redirects followed, bounded responses,
// timeouts).
//
// Contract
// - Discovery (`<issuer>/.well-known/openid-configuration`) is fetched at
//   the first sign-in and kept; its `issuer` must equal the configured one
//   exactly, and its endpoints must be acceptable_oidc_url()s. A failed
//   fetch is retried at the next sign-in.
// - The JWKS is fetched when first needed and kept; a token whose kid it
//   lacks makes it fetched again once (key rotation), then refused.
// - begin(): a pending sign-in (oidc_pending.h), the provider URL to send
//   the browser to and the browser binding to set as a cookie.
// - finish(): the callback's parameters. The state is consumed first
//   (unknown, expired or replayed, or the binding cookie is not the one
//   set by begin(): "oidc.state"); an `iss` parameter other than the issuer
//   is refused ("oidc.provider", RFC 9207 mix-up defence); a provider's `error`
//   parameter is reported ("oidc.provider"); the code is exchanged at the
//   token endpoint with the code_verifier (client_secret_basic when a
//   secret is configured, else client_id in the body; a refusal, e.g. a PKCE
//   mismatch, is "oidc.exchange"); the ID token is verified (jwt.h, codes
//   "jwt.*"). Returns the verified claims.
// - Transport failures and malformed provider documents are Errors of kind
//   Unavailable with code "oidc.unavailable"; every other refusal is kind
//   InvalidInput. Provider texts in messages are clipped to 200 characters.
// - Thread-safe.
#pragma once

#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "auth/jwk.h"
#include "auth/oidc_pending.h"
#include "auth/oidc_settings.h"
#include "core/result.h"

namespace vigil::aws {
class HttpClient;
}

namespace vigil::auth {

struct OidcCallback {
  std::string state, code, error, error_description;
  std::string iss;      // the `iss` parameter (RFC 9207), when the provider sends one
  std::string browser;  // the browser binding cookie's value (oidc_pending.h)
};

struct OidcStart {
  std::string url;      // where to send the browser
  std::string browser;  // the value of the binding cookie to set on it
};

class OidcClient {
 public:
  // `http`: null for the libcurl client with OIDC's bounds (1 MiB, 10 s).
  OidcClient(OidcSettings settings, std::string client_secret,
             std::shared_ptr<aws::HttpClient> http = nullptr);
  ~OidcClient();

  const OidcSettings& settings() const { return settings_; }
  Result<OidcStart> begin();
  Result<nlohmann::json> finish(const OidcCallback& callback);
  size_t pending() const { return pending_.size(); }

 private:
  struct Provider {
    std::string authorization_endpoint, token_endpoint, jwks_uri;
  };
  Result<Provider> provider();
  Result<std::shared_ptr<const JwkSet>> keys(bool refresh);
  Result<nlohmann::json> get_json(const std::string& url, std::string_view what);
  Result<std::string> exchange(const Provider& p, const std::string& code,
                               const std::string& verifier);

  OidcSettings settings_;
  std::string client_secret_;
  std::shared_ptr<aws::HttpClient> http_;
  PendingLogins pending_;
  std::mutex mutex_;  // guards the two caches
  std::optional<Provider> provider_;
  std::shared_ptr<const JwkSet> keys_;
};

}  // namespace vigil::auth
