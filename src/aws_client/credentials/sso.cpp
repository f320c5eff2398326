// See sso.h.
#include "aws_client/credentials/sso.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <limits>
#include <sstream>
#include <vector>

#include <nlohmann/json.hpp>

#include "aws_client/credentials/credentials_json.h"
#include "aws_client/credentials/refreshing.h"
#include "aws_client/signing/canonical.h"
#include "core/crypto.h"

namespace vigil::aws {
namespace {

constexpr std::uintmax_t kMaxTokenFile = 1u << 20;  // a token file is a few KiB

std::string env_value(const EnvLookup& env, const char* name) {
  std::optional<std::string> value = env(name);
  return value ? *value : std::string();
}

std::string without_trailing_slashes(std::string url) {
  while (!url.empty() && url.back() == '/') url.pop_back();
  return url;
}

std::string portal_endpoint(const EnvLookup& env, const std::string& region) {
  if (env_value(env, "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS") != "true") {
    for (const char* name : {"AWS_ENDPOINT_URL_SSO", "AWS_ENDPOINT_URL"}) {
      std::string url = env_value(env, name);
      if (!url.empty()) return without_trailing_slashes(url);
    }
  }
  std::string suffix = region.rfind("cn-", 0) == 0 ? "amazonaws.com.cn" : "amazonaws.com";
  return "https://portal.sso." + region + "." + suffix;
}

// "profile dev (SSO session corp)" / "profile old (SSO start URL https://...)".
std::string subject(const SsoSettings& s) {
  return "profile " + s.profile +
         (s.session_name.empty() ? " (SSO start URL " + s.start_url + ")"
                                 : " (SSO session " + s.session_name + ")");
}

// The error code of a portal error response: x-amzn-ErrorType (up to its
// ':'), else the body's __type; "" when neither says.
std::string error_code(const HttpResponse& response, const nlohmann::json& body) {
  std::string code = header_value(response.headers, "x-amzn-ErrorType");
  if (code.empty() && body.is_object() && body.contains("__type") && body["__type"].is_string())
    code = body["__type"].get<std::string>();
  if (auto colon = code.find(':'); colon != std::string::npos) code.erase(colon);
  if (auto hash = code.rfind('#'); hash != std::string::npos) code.erase(0, hash + 1);
  return code;
}

std::string error_message(const nlohmann::json& body) {
  for (const char* key : {"message", "Message"}) {
    if (body.is_object() && body.contains(key) && body[key].is_string())
      return body[key].get<std::string>().substr(0, 300);
  }
  return "";
}

class SsoProvider final : public RefreshingProvider {
 public:
  SsoProvider(std::shared_ptr<HttpClient> http, SsoSettings settings, WallClock now)
      : RefreshingProvider(std::move(now)),
        http_(std::move(http)),
        settings_(std::move(settings)) {}

  std::string describe() const override {
    return "profile " + settings_.profile + ": SSO role " + settings_.role_name + " in account " +
           settings_.account_id + " (" + settings_.where + ")";
  }

 protected:
  Result<Credentials> fetch() override {
    Result<SsoToken> token = load_sso_token(settings_, now());
    if (!token.ok()) return token.error();
    HttpRequest request;
    request.url = settings_.endpoint_url +
                  "/federation/credentials?role_name=" + percent_encode(settings_.role_name) +
                  "&account_id=" + percent_encode(settings_.account_id);
    request.timeout = settings_.timeout;
    request.headers.emplace_back("x-amz-sso_bearer_token", token->access_token);
    const std::string call = "SSO GetRoleCredentials at " + settings_.endpoint_url;
    Result<HttpResponse> response = http_->send(request);
    if (!response.ok())
      return Error(describe() + ": " + call + " failed: " + response.error().message);
    nlohmann::json body = nlohmann::json::parse(response->body, nullptr, false);
    if (response->status != 200) {
      std::string code = error_code(*response, body);
      std::string detail = code.empty() ? "HTTP " + std::to_string(response->status)
                                        : code + " (HTTP " + std::to_string(response->status) + ")";
      if (std::string message = error_message(body); !message.empty()) detail += ": " + message;
      if (response->status == 401 || code == "UnauthorizedException") {
        return Error(describe() + ": the SSO portal refused the sign-in token of " +
                     sso_token_path(settings_) + " (" + detail +
                     "); the SSO session has ended: " + sso_login_advice(settings_));
      }
      if (response->status == 403 || code == "ForbiddenException") {
        return Error(describe() + ": " + call + " refused: " + detail +
                     "; check that your SSO user is assigned role " + settings_.role_name +
                     " in account " + settings_.account_id);
      }
      return Error(describe() + ": " + call + " failed: " + detail);
    }
    const nlohmann::json* role =
        body.is_object() && body.contains("roleCredentials") ? &body["roleCredentials"] : nullptr;
    auto text = [&](const char* key) {
      return role && role->is_object() && role->contains(key) && (*role)[key].is_string()
                 ? (*role)[key].get<std::string>()
                 : std::string();
    };
    Credentials credentials;
    credentials.access_key_id = text("accessKeyId");
    credentials.secret_access_key = text("secretAccessKey");
    credentials.session_token = text("sessionToken");
    if (credentials.access_key_id.empty() || credentials.secret_access_key.empty() ||
        credentials.session_token.empty()) {
      return Error(describe() + ": " + call +
                   " answered without roleCredentials accessKeyId/secretAccessKey/sessionToken");
    }
    if (role->contains("expiration")) {
      const nlohmann::json& expiration = (*role)["expiration"];
      if (!expiration.is_number_integer() && !expiration.is_number_unsigned())
        return Error(describe() + ": " + call +
                     " answered an expiration that is not epoch milliseconds");
      int64_t ms = expiration.get<int64_t>();
      // Far-future values are clamped to what system_clock holds.
      constexpr int64_t kMaxMs = std::numeric_limits<int64_t>::max() / 1000000 - 1;
      credentials.expiration = std::chrono::system_clock::time_point(
          std::chrono::duration_cast<std::chrono::system_clock::duration>(
              std::chrono::milliseconds(std::clamp<int64_t>(ms, -kMaxMs, kMaxMs))));
    }
    credentials.source = "profile " + settings_.profile + " (SSO role " + settings_.role_name +
                         " in account " + settings_.account_id + ")";
    return credentials;
  }

 private:
  std::shared_ptr<HttpClient> http_;
  SsoSettings settings_;
};

}  // namespace

bool is_sso_profile(const Profile& profile) {
  for (const char* key : {"sso_session", "sso_start_url", "sso_account_id", "sso_role_name"})
    if (profile.get(key)) return true;
  return false;
}

Result<SsoSettings> sso_settings(const SharedConfig& config, const Profile& p,
                                 const EnvLookup& given_env) {
  EnvLookup env = given_env ? given_env : process_environment();
  const std::string label = "profile " + p.name;
  SsoSettings s;
  s.profile = p.name;
  s.where = p.origin;
  s.account_id = p.value_of("sso_account_id");
  s.role_name = p.value_of("sso_role_name");
  s.start_url = p.value_of("sso_start_url");
  s.region = p.value_of("sso_region");
  s.session_name = p.value_of("sso_session");
  const Profile* session = nullptr;
  if (p.get("sso_session")) {
    if (s.session_name.empty())
      return Error(label + ": sso_session at " + p.where("sso_session") + " is empty");
    session = config.sso_session(s.session_name);
    if (session == nullptr) {
      return Error(label + ": sso_session '" + s.session_name + "' at " + p.where("sso_session") +
                   " names no [sso-session " + s.session_name + "] section in " +
                   config.config_path);
    }
    for (const char* key : {"sso_start_url", "sso_region"}) {
      std::string& mine = std::string_view(key) == "sso_start_url" ? s.start_url : s.region;
      std::string theirs = session->value_of(key);
      if (!mine.empty() && !theirs.empty() && mine != theirs) {
        return Error(label + ": " + key + " '" + mine + "' at " + p.where(key) +
                     " disagrees with '" + theirs + "' of [sso-session " + s.session_name +
                     "] at " + session->where(key) + "; remove the profile's");
      }
      if (mine.empty()) mine = theirs;
    }
  }
  std::vector<std::string> missing;
  if (s.start_url.empty()) missing.push_back("sso_start_url");
  if (s.region.empty()) missing.push_back("sso_region");
  if (s.account_id.empty()) missing.push_back("sso_account_id");
  if (s.role_name.empty()) missing.push_back("sso_role_name");
  if (!missing.empty()) {
    std::string list;
    for (const std::string& key : missing) list += (list.empty() ? "" : ", ") + key;
    std::string where =
        session ? " (with [sso-session " + s.session_name + "] at " + session->origin + ")" : "";
    return Error(label + " (" + p.origin + ") is an SSO profile but lacks " + list + where);
  }
  if (s.region.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789-") != std::string::npos) {
    return Error(
        label + ": sso_region '" + s.region + "' at " +
        (session && !p.get("sso_region") ? session->where("sso_region") : p.where("sso_region")) +
        " is not a region name");
  }
  s.cache_dir = env_value(env, "HOME") + "/.aws/sso/cache";
  s.endpoint_url = portal_endpoint(env, s.region);
  return s;
}

std::string sso_token_path(const SsoSettings& settings) {
  const std::string& key =
      settings.session_name.empty() ? settings.start_url : settings.session_name;
  return settings.cache_dir + "/" + hex(sha1(key)) + ".json";
}

std::string sso_login_advice(const SsoSettings& settings) {
  std::string advice = "run `aws sso login --profile " + settings.profile + "`";
  if (!settings.session_name.empty())
    advice += " (or `aws sso login --sso-session " + settings.session_name + "`)";
  return advice + " and try again";
}

Result<SsoToken> load_sso_token(const SsoSettings& settings,
                                std::chrono::system_clock::time_point now) {
  const std::string path = sso_token_path(settings);
  const std::string who = subject(settings);
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) {
    return Error(who + ": not signed in: there is no SSO token " + path + "; " +
                 sso_login_advice(settings));
  }
  std::uintmax_t size = std::filesystem::file_size(path, ec);
  if (ec || size > kMaxTokenFile)
    return Error(who + ": the SSO token file " + path + " cannot be read; " +
                 sso_login_advice(settings));
  std::ifstream in(path, std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  if (!in && !in.eof())
    return Error(who + ": the SSO token file " + path + " cannot be read; " +
                 sso_login_advice(settings));
  // Never quote the file: it holds the token.
  nlohmann::json document = nlohmann::json::parse(buffer.str(), nullptr, false);
  auto text = [&](const char* key) {
    return document.is_object() && document.contains(key) && document[key].is_string()
               ? document[key].get<std::string>()
               : std::string();
  };
  SsoToken token;
  token.access_token = text("accessToken");
  std::string expires = text("expiresAt");
  if (token.access_token.empty() || expires.empty()) {
    return Error(who + ": the SSO token file " + path +
                 " is not a token (no accessToken/expiresAt); " + sso_login_advice(settings));
  }
  if (expires.size() > 3 && expires.compare(expires.size() - 3, 3, "UTC") == 0)
    expires.replace(expires.size() - 3, 3, "Z");  // "2024-01-02T03:04:05UTC", older CLIs
  Result<std::chrono::system_clock::time_point> at = parse_aws_timestamp(expires);
  if (!at.ok()) {
    return Error(who + ": the SSO token file " + path + " has an unreadable expiresAt (" +
                 at.error().message + "); " + sso_login_advice(settings));
  }
  token.expires_at = *at;
  if (token.expires_at <= now) {
    return Error(who + ": the SSO session expired at " + format_utc(token.expires_at) + " (token " +
                 path + "); " + sso_login_advice(settings));
  }
  return token;
}

std::shared_ptr<CredentialsProvider> make_sso_provider(std::shared_ptr<HttpClient> http,
                                                       SsoSettings settings, WallClock now) {
  return std::make_shared<SsoProvider>(std::move(http), std::move(settings), std::move(now));
}

}  // namespace vigil::aws
