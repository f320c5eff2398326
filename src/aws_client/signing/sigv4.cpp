#include "aws_client/signing/sigv4.h"

#include <ctime>

#include "aws_client/signing/canonical.h"
#include "core/crypto.h"

namespace vigil::aws {
namespace {

constexpr char kAlgorithm[] = "AWS4-HMAC-SHA256";
constexpr size_t kMaxCachedKeys = 1024;
constexpr std::chrono::seconds kMaxExpires{604800};  // 7 days

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    char x = a[i], y = b[i];
    if (x >= 'A' && x <= 'Z') x = static_cast<char>(x - 'A' + 'a');
    if (y >= 'A' && y <= 'Z') y = static_cast<char>(y - 'A' + 'a');
    if (x != y) return false;
  }
  return true;
}

// Replaces the first header named `name` (case-insensitively) and drops the
// others; appends when there is none.
void set_header(HttpHeaders& headers, std::string_view name, std::string value) {
  bool replaced = false;
  for (auto it = headers.begin(); it != headers.end();) {
    if (!iequals(it->first, name)) {
      ++it;
    } else if (!replaced) {
      it->second = value;
      replaced = true;
      ++it;
    } else {
      it = headers.erase(it);
    }
  }
  if (!replaced) headers.emplace_back(std::string(name), std::move(value));
}

Status check_credentials(const Credentials& credentials) {
  if (credentials.access_key_id.empty() || credentials.secret_access_key.empty()) {
    std::string source =
        credentials.source.empty() ? "the credentials provider" : credentials.source;
    return Error("cannot sign request: credentials from " + source +
                 " have no access key id or secret access key");
  }
  return Status::Ok();
}

std::string scope_of(const std::string& date, const SigningParams& params) {
  return date.substr(0, 8) + "/" + params.region + "/" + params.service + "/aws4_request";
}

std::string string_to_sign(const std::string& date, const std::string& scope,
                           const std::string& canonical_request) {
  return std::string(kAlgorithm) + "\n" + date + "\n" + scope + "\n" +
         sha256_hex(canonical_request);
}

bool is_presign_param(std::string_view name) {
  return name == "X-Amz-Algorithm" || name == "X-Amz-Credential" || name == "X-Amz-Date" ||
         name == "X-Amz-Expires" || name == "X-Amz-SignedHeaders" ||
         name == "X-Amz-Security-Token" || name == "X-Amz-Signature";
}

// The URL's query without presign parameters from an earlier presign(), as written.
std::string query_without_presign_params(std::string_view query) {
  std::string kept;
  size_t start = 0;
  while (start < query.size()) {
    size_t amp = query.find('&', start);
    if (amp == std::string_view::npos) amp = query.size();
    std::string_view pair = query.substr(start, amp - start);
    std::string name = percent_decode(pair.substr(0, pair.find('=')));
    if (!pair.empty() && !is_presign_param(name)) {
      if (!kept.empty()) kept += '&';
      kept += pair;
    }
    start = amp + 1;
  }
  return kept;
}

}  // namespace

SigningParams SigningParams::for_service(std::string service, std::string region,
                                         std::chrono::system_clock::time_point time) {
  SigningParams params;
  bool s3 = service == "s3" || service == "s3-object-lambda" || service == "s3-outposts" ||
            service == "s3control";
  params.service = std::move(service);
  params.region = std::move(region);
  params.time = time;
  params.normalize_path = !s3;
  params.double_encode = !s3;
  params.sign_body = s3;
  return params;
}

std::string amz_date(std::chrono::system_clock::time_point time) {
  std::time_t seconds = std::chrono::system_clock::to_time_t(time);
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  char buffer[32];
  std::strftime(buffer, sizeof buffer, "%Y%m%dT%H%M%SZ", &utc);
  return buffer;
}

std::string SigV4Signer::signing_key(const std::string& secret, const std::string& date,
                                     const std::string& region, const std::string& service) {
  std::string cache_key = sha256(secret) + "\n" + date + "\n" + region + "\n" + service;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (auto it = keys_.find(cache_key); it != keys_.end()) return it->second;
  }
  std::string key = hmac_sha256("AWS4" + secret, date);
  key = hmac_sha256(key, region);
  key = hmac_sha256(key, service);
  key = hmac_sha256(key, "aws4_request");
  std::lock_guard<std::mutex> lock(mutex_);
  if (keys_.size() >= kMaxCachedKeys) keys_.clear();
  keys_.emplace(std::move(cache_key), key);
  return key;
}

size_t SigV4Signer::cached_keys() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return keys_.size();
}

Result<SigningDetails> SigV4Signer::sign(HttpRequest& request, const Credentials& credentials,
                                         const SigningParams& params) {
  if (Status status = check_credentials(credentials); !status.ok()) return status.error();
  Result<UrlParts> url = split_url(request.url);
  if (!url.ok()) return url.error();
  const std::string date = amz_date(params.time);
  const std::string payload_hash =
      params.payload_hash.empty() ? sha256_hex(request.body) : params.payload_hash;

  bool has_token = !credentials.session_token.empty();
  if (has_token) set_header(request.headers, "X-Amz-Security-Token", credentials.session_token);
  set_header(request.headers, "X-Amz-Date", date);
  if (params.sign_body) set_header(request.headers, "x-amz-content-sha256", payload_hash);

  HttpHeaders to_sign;
  for (const auto& header : request.headers) {
    if (has_token && params.omit_session_token && iequals(header.first, "X-Amz-Security-Token"))
      continue;
    to_sign.push_back(header);
  }
  CanonicalHeaders headers = canonical_headers(to_sign, host_header_value(*url));

  SigningDetails details;
  details.signed_headers = headers.signed_headers;
  details.canonical_request =
      request.method + "\n" +
      canonical_uri(url->path, params.normalize_path, params.double_encode) + "\n" +
      canonical_query(parse_query(url->query)) + "\n" + headers.block + "\n" +
      headers.signed_headers + "\n" + payload_hash;
  const std::string scope = scope_of(date, params);
  details.string_to_sign = string_to_sign(date, scope, details.canonical_request);
  details.signature = hex(hmac_sha256(
      signing_key(credentials.secret_access_key, date.substr(0, 8), params.region, params.service),
      details.string_to_sign));
  details.authorization = std::string(kAlgorithm) + " Credential=" + credentials.access_key_id +
                          "/" + scope + ", SignedHeaders=" + headers.signed_headers +
                          ", Signature=" + details.signature;
  set_header(request.headers, "Authorization", details.authorization);
  return details;
}

Result<SigningDetails> SigV4Signer::presign(HttpRequest& request, const Credentials& credentials,
                                            const SigningParams& params) {
  if (Status status = check_credentials(credentials); !status.ok()) return status.error();
  if (params.expires.count() < 1 || params.expires > kMaxExpires) {
    return Error("cannot presign request: X-Amz-Expires must be 1..604800 seconds, got " +
                 std::to_string(params.expires.count()));
  }
  Result<UrlParts> url = split_url(request.url);
  if (!url.ok()) return url.error();
  const std::string date = amz_date(params.time);
  const std::string scope = scope_of(date, params);
  const std::string payload_hash =
      params.payload_hash.empty() ? sha256_hex(request.body) : params.payload_hash;
  CanonicalHeaders headers = canonical_headers(request.headers, host_header_value(*url));

  const std::string kept_query = query_without_presign_params(url->query);
  QueryParams added = {
      {"X-Amz-Algorithm", kAlgorithm},
      {"X-Amz-Credential", credentials.access_key_id + "/" + scope},
      {"X-Amz-Date", date},
      {"X-Amz-SignedHeaders", headers.signed_headers},
      {"X-Amz-Expires", std::to_string(params.expires.count())},
  };
  bool has_token = !credentials.session_token.empty();
  if (has_token) added.emplace_back("X-Amz-Security-Token", credentials.session_token);

  QueryParams signed_params = parse_query(kept_query);
  for (const auto& param : added) {
    if (has_token && params.omit_session_token && param.first == "X-Amz-Security-Token") continue;
    signed_params.push_back(param);
  }

  SigningDetails details;
  details.signed_headers = headers.signed_headers;
  details.canonical_request =
      request.method + "\n" +
      canonical_uri(url->path, params.normalize_path, params.double_encode) + "\n" +
      canonical_query(signed_params) + "\n" + headers.block + "\n" + headers.signed_headers + "\n" +
      payload_hash;
  details.string_to_sign = string_to_sign(date, scope, details.canonical_request);
  details.signature = hex(hmac_sha256(
      signing_key(credentials.secret_access_key, date.substr(0, 8), params.region, params.service),
      details.string_to_sign));
  added.emplace_back("X-Amz-Signature", details.signature);

  std::string query = kept_query;
  for (const auto& [name, value] : added) {
    if (!query.empty()) query += '&';
    query += name + "=" + percent_encode(value, false);
  }
  std::string base = request.url.substr(0, request.url.find_first_of("?#"));
  request.url = base + "?" + query;
  return details;
}

SigV4Signer& default_signer() {
  static SigV4Signer signer;
  return signer;
}

}  // namespace vigil::aws
