// Construction of the AwsClient (client.h): botocore models + endpoints,
// libcurl transport, SigV4, AWS standard retries with the retry quota, and
// the adaptive client-side rate limiter. Everything is injectable so tests
// can point it at a local replay server and a test clock.
//
// One call: model -> serialize_request -> URL from the endpoint (+ the
// operation's host prefix, skipped for IP/localhost endpoints) -> per attempt:
// credentials -> SigV4 (signing name and region from the endpoint; S3 signs
// without path normalization and with X-Amz-Content-SHA256) -> rate limiter
// -> send -> parse_response; retries per transport/retry.h. Requests are
// signed at the client's corrected time (transport/clock_skew.h); a call
// refused for expired credentials or a skewed clock is signed again and
// resent once after refreshing them / correcting it (call_recovery.h).
//
// Pagination (call_all_pages) leaves the paginator's limit_key alone: pages
// have the service's default size unless the caller's params set it. It
// stops when a page repeats the previous page's tokens.
//
// Error codes beyond AWS's own (AwsCallError::code):
//   InvalidParameter  unknown service/operation, params not matching the
//                     model, no endpoint for the region (never sent)
//   CredentialsError  the scope's credentials provider failed (message names it)
//   TransportError    no HTTP response after all attempts
#pragma once

#include <chrono>
#include <memory>
#include <string>

#include "aws_client/client.h"
#include "aws_client/model/service_model.h"
#include "aws_client/transport/clock.h"
#include "aws_client/transport/endpoints.h"
#include "aws_client/transport/http.h"
#include "aws_client/transport/retry.h"
#include "core/result.h"

namespace vigil::aws {

struct AwsClientOptions {
  std::string botocore_data_dir = kDefaultBotocoreDataDir;  // service models and endpoints.json
  std::shared_ptr<ModelRepository> models;                  // null: one over botocore_data_dir
  std::shared_ptr<HttpClient> http;                         // null: make_curl_http_client(curl)
  // For the default HTTP client. max_connections_per_host bounds the calls in
  // flight to one host (all of them, against a single --endpoint-url): set it
  // to the collection's concurrency.
  CurlOptions curl;
  std::string endpoint_url;                       // --endpoint-url (every service)
  EnvLookup env;                                  // null: the process environment
  RetryOptions retry;                             // standard mode, 3 attempts
  bool adaptive_rate_limit = true;                // client-side rate limiting on throttles
  std::chrono::milliseconds call_timeout{30000};  // per attempt, connect included
  std::shared_ptr<Clock> clock;                   // null: the system clock (backoff, limiter)
  // call_all_pages: more pages than this is an error (PaginationLimit), as is
  // a page token sent before (PaginationLoop): the listing is incomplete.
  size_t max_pages = Limits{}.listing_pages;
  // call_all_pages: response bodies adding up to more than this across the
  // pages of one listing are an error (ListingTooLarge): the listing is
  // incomplete, and memory stays bounded whatever an endpoint answers.
  size_t max_listing_bytes = Limits{}.listing_bytes;
};

// Fails only when endpoints.json cannot be read (the Error names the path).
Result<std::unique_ptr<AwsClient>> make_aws_client(AwsClientOptions options = {});

}  // namespace vigil::aws
