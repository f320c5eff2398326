// The AwsClient implementation; see client_impl.h for the call pipeline.
#include "aws_client/client_impl.h"

#include <atomic>
#include <map>
#include <mutex>
#include <random>

#include <fmt/format.h>

#include <set>

#include "aws_client/call_recovery.h"
#include "aws_client/client_pagination.h"
#include "aws_client/protocols/protocol.h"
#include "aws_client/signing/sigv4.h"
#include "aws_client/transport/rate_limiter.h"

namespace vigil::aws {
namespace {

AwsCallError local_error(std::string code, std::string message) {
  AwsCallError error;
  error.code = std::move(code);
  error.message = std::move(message);
  return error;
}

double random01() {
  thread_local std::mt19937_64 engine{std::random_device{}()};
  return std::uniform_real_distribution<double>(0.0, 1.0)(engine);
}

// "https://host:port/base" + host prefix + request path.
std::string build_url(const std::string& endpoint, const std::string& host_prefix,
                      const std::string& path) {
  auto scheme_end = endpoint.find("://");
  size_t host_start = scheme_end == std::string::npos ? 0 : scheme_end + 3;
  size_t path_start = endpoint.find('/', host_start);
  std::string origin = endpoint.substr(0, path_start);
  std::string base = path_start == std::string::npos ? "" : endpoint.substr(path_start);
  if (!host_prefix.empty()) {
    std::string host = origin.substr(host_start);
    bool literal = host.starts_with("localhost") || host.starts_with("[") ||
                   host.find_first_not_of("0123456789.:") == std::string::npos;
    if (!literal) origin.insert(host_start, host_prefix);
  }
  if (!base.empty() && base.back() == '/') base.pop_back();
  return origin + base + (path.empty() || path[0] != '/' ? "/" : "") + path;
}

class AwsClientImpl final : public AwsClient {
 public:
  AwsClientImpl(AwsClientOptions options, EndpointResolver endpoints)
      : options_(std::move(options)), endpoints_(std::move(endpoints)), limiters_(options_.clock) {}

  AwsResult<nlohmann::json> call(const CallScope& scope, std::string_view operation,
                                 const nlohmann::json& params) override {
    return counted_call(scope, operation, params, nullptr);
  }

  AwsResult<nlohmann::json> counted_call(const CallScope& scope, std::string_view operation,
                                         const nlohmann::json& params, size_t* body_bytes) {
    calls_.fetch_add(1, std::memory_order_relaxed);
    auto result = call_once(scope, operation, params, body_bytes);
    if (std::holds_alternative<AwsCallError>(result))
      errors_.fetch_add(1, std::memory_order_relaxed);
    return result;
  }

  AwsResult<nlohmann::json> call_all_pages(const CallScope& scope, std::string_view operation,
                                           const nlohmann::json& params) override {
    auto model = options_.models->service(scope.service);
    const Paginator* paginator = model.ok() ? (*model)->paginator(operation) : nullptr;
    if (paginator == nullptr) return call(scope, operation, params);

    PageMerger merger(*paginator);
    nlohmann::json request = params.is_object() ? params : nlohmann::json::object();
    std::set<std::string> seen;  // every token set sent so far: a cycle never ends on its own
    size_t listing_bytes = 0;
    while (true) {
      size_t page_bytes = 0;
      auto page = counted_call(scope, operation, request, &page_bytes);
      if (auto* error = std::get_if<AwsCallError>(&page)) return *error;
      listing_bytes += page_bytes;
      if (listing_bytes > options_.max_listing_bytes)
        return local_error(
            "ListingTooLarge",
            fmt::format("{} {} in {}: its {} pages add up to more than {} bytes; the listing is "
                        "incomplete (raise max_listing_bytes only for an endpoint you trust)",
                        scope.service, operation, scope.region, merger.pages() + 1,
                        options_.max_listing_bytes));
      const auto& output = std::get<nlohmann::json>(page);
      merger.add(output);
      auto tokens = next_page_tokens(*paginator, output);
      if (tokens.empty()) break;  // the last page
      if (!seen.insert(nlohmann::json(tokens).dump()).second)
        return local_error(
            "PaginationLoop",
            fmt::format(
                "{} {} in {} returned page token {} a second time after {} pages; the listing "
                "would never end, so it is incomplete (botocore stops the same way)",
                scope.service, operation, scope.region, nlohmann::json(tokens).dump(),
                merger.pages()));
      if (merger.pages() >= options_.max_pages)
        return local_error(
            "PaginationLimit",
            fmt::format("{} {} in {} has more than {} pages; the listing is incomplete (raise "
                        "max_pages to read it whole)",
                        scope.service, operation, scope.region, options_.max_pages));
      for (size_t i = 0; i < tokens.size() && i < paginator->input_token.size(); ++i) {
        if (tokens[i].is_null()) {
          request.erase(paginator->input_token[i]);
        } else {
          request[paginator->input_token[i]] = tokens[i];
        }
      }
    }
    return merger.result();
  }

  CallStats stats() const override {
    CallStats s;
    s.calls = calls_.load();
    s.retries = retries_.load();
    s.throttles = throttles_.load();
    s.errors = errors_.load();
    return s;
  }

 private:
  struct Route {  // per service+region: the resolved endpoint and its retry quota
    Endpoint endpoint;
    std::shared_ptr<RetryQuota> quota;
  };

  Result<Route> route(const ServiceModel& model, const std::string& service,
                      const std::string& region) {
    std::string key = service + "/" + region;
    std::lock_guard lock(routes_mutex_);
    if (auto it = routes_.find(key); it != routes_.end()) return it->second;
    EndpointOverrides overrides{options_.endpoint_url, options_.env};
    auto endpoint = endpoints_.resolve(model.metadata(), region, overrides);
    if (!endpoint.ok()) return endpoint.error();
    Route r{std::move(*endpoint), std::make_shared<RetryQuota>(options_.retry)};
    routes_.emplace(key, r);
    return r;
  }

  // What every attempt of one call sends.
  struct PreparedCall {
    std::shared_ptr<const ServiceModel> model;
    Route route;
    HttpRequest base;  // unsigned
  };

  // One call, retried as retry.h says. `body_bytes`, when given, receives
  // the size of the successful response's body.
  AwsResult<nlohmann::json> call_once(const CallScope& scope, std::string_view operation,
                                      const nlohmann::json& params, size_t* body_bytes = nullptr) {
    std::variant<PreparedCall, AwsCallError> prepared = prepare(scope, operation, params);
    if (auto* error = std::get_if<AwsCallError>(&prepared)) return std::move(*error);
    return send_with_retries(scope, operation, std::get<PreparedCall>(prepared), body_bytes);
  }

  // The call's model, route and request; the error when it cannot be sent
  // (unknown operation, invalid parameters, no endpoint, no credentials).
  std::variant<PreparedCall, AwsCallError> prepare(const CallScope& scope,
                                                   std::string_view operation,
                                                   const nlohmann::json& params) {
    auto model_result = options_.models->service(scope.service);
    if (!model_result.ok()) return local_error("InvalidParameter", model_result.error().message);
    const ServiceModel& model = **model_result;
    if (model.operation(operation) == nullptr) {
      return local_error("InvalidParameter", fmt::format("{} has no operation {} (model {})",
                                                         scope.service, operation, model.origin()));
    }
    auto wire = serialize_request(model, operation, params);
    if (!wire.ok()) {
      return local_error("InvalidParameter",
                         fmt::format("{} {}: {}", scope.service, operation, wire.error().message));
    }
    auto route_result = route(model, scope.service, scope.region);
    if (!route_result.ok()) {
      return local_error("InvalidParameter",
                         fmt::format("{} {} in {}: {}", scope.service, operation, scope.region,
                                     route_result.error().message));
    }
    if (!scope.credentials) {
      return local_error("CredentialsError",
                         fmt::format("{} {}: no credentials provider in the call scope",
                                     scope.service, operation));
    }
    PreparedCall call{std::move(*model_result), std::move(*route_result), {}};
    call.base.method = wire->method;
    call.base.url = build_url(call.route.endpoint.url, wire->host_prefix, wire->path);
    call.base.headers = wire->headers;
    call.base.body = wire->body;
    call.base.timeout = options_.call_timeout;
    return call;
  }

  // The scope's adaptive rate limiter (per service, region and credentials);
  // null when adaptive rate limiting is off.
  std::shared_ptr<AdaptiveRateLimiter> rate_limiter(const CallScope& scope) {
    if (!options_.adaptive_rate_limit) return nullptr;
    return limiters_.get(fmt::format("{}/{}/{}", scope.service, scope.region,
                                     static_cast<const void*>(scope.credentials.get())));
  }

  AwsResult<nlohmann::json> send_with_retries(const CallScope& scope, std::string_view operation,
                                              const PreparedCall& call, size_t* body_bytes) {
    std::shared_ptr<AdaptiveRateLimiter> limiter = rate_limiter(scope);
    int last_retry_cost = 0;
    CallRecovery recovery(*scope.credentials, clock_skew_);
    for (int attempt = 1;; ++attempt) {
      auto credentials = scope.credentials->get();
      if (!credentials.ok())
        return attempt_error(
            fmt::format("{} {} in {}: credentials from {}: {}", scope.service, operation,
                        scope.region, scope.credentials->describe(), credentials.error().message),
            attempt);
      HttpRequest request = call.base;
      auto signing = SigningParams::for_service(
          call.route.endpoint.signing_name, call.route.endpoint.signing_region, clock_skew_.now());
      auto signed_request = signer_.sign(request, *credentials, signing);
      if (!signed_request.ok())
        return attempt_error(
            fmt::format("{} {}: signing with {} failed: {}", scope.service, operation,
                        scope.credentials->describe(), signed_request.error().message),
            attempt);
      double sent_at = -1;
      if (limiter) {
        limiter->acquire();
        sent_at = limiter->now();
      }
      auto response = options_.http->send(request);
      if (response.ok() && response->status >= 200 && response->status < 300) {
        if (limiter) limiter->update(false);
        call.route.quota->release(last_retry_cost);
        if (body_bytes != nullptr) *body_bytes = response->body.size();
        auto parsed = parse_response(*call.model, operation, *response);
        if (auto* error = std::get_if<AwsCallError>(&parsed)) error->attempts = attempt;
        return parsed;
      }
      AwsCallError failure = failure_of(*call.model, operation, response);
      failure.attempts = attempt;
      ErrorKind kind = classify_error(failure);
      if (kind == ErrorKind::Throttling) throttles_.fetch_add(1, std::memory_order_relaxed);
      if (limiter) limiter->update(kind == ErrorKind::Throttling, sent_at);
      if (recovery.resend(failure, response.ok() ? &*response : nullptr, *credentials,
                          signing.time)) {
        retries_.fetch_add(1, std::memory_order_relaxed);
        continue;
      }
      if (kind == ErrorKind::Fatal || attempt - recovery.resends() >= options_.retry.max_attempts)
        return failure;
      if (!call.route.quota->acquire(kind, &last_retry_cost)) {
        failure.message += " (retry quota exhausted: not retried)";
        return failure;
      }
      retries_.fetch_add(1, std::memory_order_relaxed);
      options_.clock->sleep_for(backoff_delay(options_.retry, attempt, random01()));
    }
  }

  // A CredentialsError before attempt `attempt` was sent.
  static AwsCallError attempt_error(std::string message, int attempt) {
    AwsCallError error = local_error("CredentialsError", std::move(message));
    error.attempts = attempt - 1;
    return error;
  }

  // The error of a failed attempt: the AWS error the response holds, or
  // what went wrong in transport.
  static AwsCallError failure_of(const ServiceModel& model, std::string_view operation,
                                 const Result<HttpResponse>& response) {
    AwsCallError failure;
    if (response.ok()) {
      auto parsed = parse_response(model, operation, *response);
      if (auto* error = std::get_if<AwsCallError>(&parsed)) {
        failure = std::move(*error);
      } else {  // a non-2xx the protocol could not read as an AWS error
        failure = local_error("HttpError", fmt::format("HTTP {}", response->status));
      }
      if (failure.http_status == 0) failure.http_status = response->status;
    } else {
      // A response past the size limits would be as large again: not retried.
      bool too_large = response.error().kind == Error::Kind::LimitExceeded;
      failure =
          local_error(too_large ? "ResponseTooLarge" : "TransportError", response.error().message);
    }
    return failure;
  }

  AwsClientOptions options_;
  EndpointResolver endpoints_;
  RateLimiterRegistry limiters_;
  SigV4Signer signer_;
  ClockSkew clock_skew_;  // the signing time: this machine's clock, corrected
  std::mutex routes_mutex_;
  std::map<std::string, Route> routes_;
  std::atomic<uint64_t> calls_{0}, retries_{0}, throttles_{0}, errors_{0};
};

}  // namespace

Result<std::unique_ptr<AwsClient>> make_aws_client(AwsClientOptions options) {
  auto endpoints = EndpointResolver::load(options.botocore_data_dir);
  if (!endpoints.ok()) return endpoints.error();
  if (!options.models)
    options.models = std::make_shared<ModelRepository>(options.botocore_data_dir);
  if (!options.http) options.http = make_curl_http_client(options.curl);
  if (!options.env) options.env = process_environment();
  if (!options.clock) options.clock = system_clock();
  if (options.retry.max_attempts < 1) options.retry.max_attempts = 1;
  return std::unique_ptr<AwsClient>(
      std::make_unique<AwsClientImpl>(std::move(options), std::move(*endpoints)));
}

}  // namespace vigil::aws
