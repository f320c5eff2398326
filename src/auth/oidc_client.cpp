// The OpenID Connect relying party (oidc_client.h).
#include "auth/oidc_client.h"

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <openssl/evp.h>

#include "auth/jwt.h"
#include "auth/secrets.h"
#include "aws_client/transport/http.h"
#include "core/percent_encoding.h"

namespace vigil::auth {

namespace {

constexpr size_t kMaxResponse = 1 << 20;
constexpr std::chrono::seconds kTimeout{10};

Error unavailable(std::string message) {
  return Error(std::move(message))
      .with_kind(Error::Kind::Unavailable)
      .with_code("oidc.unavailable");
}

Error oidc_refused(std::string code, std::string message) {
  return Error(std::move(message)).with_kind(Error::Kind::InvalidInput).with_code(std::move(code));
}

// Text from a provider, safe to put in a message: printable ASCII, short.
std::string clip(std::string_view text) {
  std::string out;
  for (char c : text.substr(0, 200)) out += (c >= 0x20 && c < 0x7f) ? c : '?';
  return out;
}

std::string string_member(const nlohmann::json& object, const char* name) {
  auto it = object.find(name);
  return it != object.end() && it->is_string() ? it->get<std::string>() : std::string();
}

std::string base64(std::string_view bytes) {
  std::string out(4 * ((bytes.size() + 2) / 3) + 1, '\0');
  int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                          reinterpret_cast<const unsigned char*>(bytes.data()),
                          static_cast<int>(bytes.size()));
  out.resize(static_cast<size_t>(n));
  return out;
}

std::string form(std::initializer_list<std::pair<std::string_view, std::string_view>> fields) {
  std::string out;
  for (const auto& [k, v] : fields) {
    if (!out.empty()) out += '&';
    out += percent_encode(k) + "=" + percent_encode(v);
  }
  return out;
}

}  // namespace

OidcClient::OidcClient(OidcSettings settings, std::string client_secret,
                       std::shared_ptr<aws::HttpClient> http)
    : settings_(std::move(settings)),
      client_secret_(std::move(client_secret)),
      http_(std::move(http)) {
  if (!http_) {
    aws::CurlOptions options;
    options.max_response_bytes = kMaxResponse;
    options.max_header_bytes = 64 << 10;
    options.max_connections_per_host = 4;
    http_ = aws::make_curl_http_client(options);
  }
}

OidcClient::~OidcClient() = default;

Result<nlohmann::json> OidcClient::get_json(const std::string& url, std::string_view what) {
  if (!acceptable_oidc_url(url))
    return unavailable(fmt::format("the provider's {} URL {} is neither https nor loopback http",
                                   what, clip(url)));
  aws::HttpRequest request;
  request.url = url;
  request.headers = {{"Accept", "application/json"}};
  request.timeout = kTimeout;
  auto response = http_->send(request);
  if (!response.ok())
    return unavailable(
        fmt::format("cannot fetch the provider's {}: {}", what, response.error().message));
  if (response->status != 200)
    return unavailable(fmt::format("the provider's {} answered HTTP {}", what, response->status));
  auto doc = nlohmann::json::parse(response->body, nullptr, false);
  if (doc.is_discarded() || !doc.is_object())
    return unavailable(fmt::format("the provider's {} is not a JSON object", what));
  return doc;
}

Result<OidcClient::Provider> OidcClient::provider() {
  {
    std::lock_guard lock(mutex_);
    if (provider_) return *provider_;
  }
  std::string base = settings_.issuer;
  while (base.ends_with('/')) base.pop_back();
  auto doc = get_json(base + "/.well-known/openid-configuration", "discovery document");
  if (!doc.ok()) return doc.error();
  if (string_member(*doc, "issuer") != settings_.issuer)
    return unavailable(fmt::format(
        "the discovery document names issuer '{}', not the configured '{}' (auth.oidc.issuer "
        "must be exactly the provider's)",
        clip(string_member(*doc, "issuer")), settings_.issuer));
  Provider p{string_member(*doc, "authorization_endpoint"), string_member(*doc, "token_endpoint"),
             string_member(*doc, "jwks_uri")};
  for (const std::string* url : {&p.authorization_endpoint, &p.token_endpoint, &p.jwks_uri})
    if (!acceptable_oidc_url(*url))
      return unavailable(fmt::format(
          "the discovery document's endpoint '{}' is missing, or neither https nor loopback http",
          clip(*url)));
  if (auto methods = doc->find("code_challenge_methods_supported");
      methods != doc->end() && methods->is_array() &&
      std::find(methods->begin(), methods->end(), "S256") == methods->end())
    return unavailable("the provider does not support PKCE with S256");
  std::lock_guard lock(mutex_);
  provider_ = p;
  return p;
}

Result<std::shared_ptr<const JwkSet>> OidcClient::keys(bool refresh) {
  {
    std::lock_guard lock(mutex_);
    if (keys_ && !refresh) return keys_;
  }
  auto p = provider();
  if (!p.ok()) return p.error();
  auto doc = get_json(p->jwks_uri, "JWKS");
  if (!doc.ok()) return doc.error();
  auto set = parse_jwks(*doc);
  if (!set.ok()) return unavailable(set.error().message);
  auto shared = std::make_shared<const JwkSet>(std::move(*set));
  std::lock_guard lock(mutex_);
  keys_ = shared;
  return shared;
}

Result<OidcStart> OidcClient::begin() {
  auto p = provider();
  if (!p.ok()) return p.error();
  PendingLogin login = pending_.start(PendingLogins::Clock::now());
  std::string scope = fmt::format("{}", fmt::join(settings_.scopes, " "));
  std::string query = form({{"response_type", "code"},
                            {"client_id", settings_.client_id},
                            {"redirect_uri", settings_.redirect_uri},
                            {"scope", scope},
                            {"state", login.state},
                            {"nonce", login.nonce},
                            {"code_challenge", code_challenge(login.code_verifier)},
                            {"code_challenge_method", "S256"}});
  char joiner = p->authorization_endpoint.find('?') == std::string::npos ? '?' : '&';
  return OidcStart{p->authorization_endpoint + joiner + query, login.browser};
}

Result<std::string> OidcClient::exchange(const Provider& p, const std::string& code,
                                         const std::string& verifier) {
  aws::HttpRequest request;
  request.method = "POST";
  request.url = p.token_endpoint;
  request.timeout = kTimeout;
  request.headers = {{"Content-Type", "application/x-www-form-urlencoded"},
                     {"Accept", "application/json"}};
  if (client_secret_.empty()) {
    request.body = form({{"grant_type", "authorization_code"},
                         {"code", code},
                         {"redirect_uri", settings_.redirect_uri},
                         {"code_verifier", verifier},
                         {"client_id", settings_.client_id}});
  } else {
    // RFC 6749 section 2.3.1: id and secret form-encoded, then Basic.
    request.headers.emplace_back("Authorization",
                                 "Basic " + base64(percent_encode(settings_.client_id) + ":" +
                                                   percent_encode(client_secret_)));
    request.body = form({{"grant_type", "authorization_code"},
                         {"code", code},
                         {"redirect_uri", settings_.redirect_uri},
                         {"code_verifier", verifier}});
  }
  auto response = http_->send(request);
  if (!response.ok())
    return unavailable("cannot reach the provider's token endpoint: " + response.error().message);
  auto doc = nlohmann::json::parse(response->body, nullptr, false);
  if (response->status != 200) {
    std::string error = doc.is_object() ? string_member(doc, "error") : "";
    std::string description = doc.is_object() ? string_member(doc, "error_description") : "";
    return oidc_refused("oidc.exchange",
                        fmt::format("the provider refused the sign-in code (HTTP {}{}{})",
                                    response->status, error.empty() ? "" : ": " + clip(error),
                                    description.empty() ? "" : ", " + clip(description)));
  }
  if (!doc.is_object() || string_member(doc, "id_token").empty())
    return unavailable("the provider's token response has no id_token");
  return string_member(doc, "id_token");
}

Result<nlohmann::json> OidcClient::finish(const OidcCallback& callback) {
  // The state first: a replayed or forged callback learns nothing else.
  auto login = callback.state.empty() || callback.state.size() > 256
                   ? std::nullopt
                   : pending_.take(callback.state, PendingLogins::Clock::now());
  if (!login)
    return oidc_refused(
        "oidc.state", "this sign-in is unknown, expired (10 minutes) or already used; start again");
  if (!same_secret(callback.browser, login->browser))
    return oidc_refused(
        "oidc.state",
        "this sign-in was started in another browser (its cookie is missing); start "
        "again");
  if (!callback.iss.empty() && callback.iss != settings_.issuer)
    return oidc_refused("oidc.provider", "the answer comes from another issuer (iss)");
  if (!callback.error.empty())
    return oidc_refused("oidc.provider",
                        fmt::format("the provider refused the sign-in: {}{}", clip(callback.error),
                                    callback.error_description.empty()
                                        ? ""
                                        : " (" + clip(callback.error_description) + ")"));
  if (callback.code.empty() || callback.code.size() > 4096)
    return oidc_refused("oidc.provider", "the provider's answer has no usable code");
  auto p = provider();
  if (!p.ok()) return p.error();
  auto token = exchange(*p, callback.code, login->code_verifier);
  if (!token.ok()) return token.error();
  IdTokenCheck check{settings_.issuer, settings_.client_id, login->nonce,
                     std::chrono::system_clock::now()};
  auto set = keys(false);
  if (!set.ok()) return set.error();
  auto claims = verify_id_token(*token, **set, check);
  if (!claims.ok() && claims.error().code == "jwt.unknown_kid") {
    set = keys(true);
    if (!set.ok()) return set.error();
    claims = verify_id_token(*token, **set, check);
  }
  return claims;
}

}  // namespace vigil::auth
