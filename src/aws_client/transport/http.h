// HTTP transport for AWS calls (and the credential endpoints: IMDS, container
// credentials). One request in, one response or a transport error out; no
// retries here (transport/retry.h decides), no AWS knowledge.
//
// Contract:
//  - send() returns a response for every HTTP status (4xx/5xx included);
//    an Error only when no response was received (DNS, connect, TLS,
//    timeout, reset) or it exceeded the size limits (CurlOptions). The Error
//    message names the URL and the cause.
//  - Thread-safe: one HttpClient is shared by all collection workers; the
//    curl implementation keeps a connection pool (keep-alive) per host.
#pragma once

#include <chrono>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "core/limits.h"
#include "core/result.h"

namespace vigil::aws {

using HttpHeaders = std::vector<std::pair<std::string, std::string>>;

struct HttpRequest {
  std::string method = "GET";  // GET, POST, PUT, ...
  std::string url;             // absolute: scheme://host[:port]/path?query (already encoded)
  HttpHeaders headers;         // sent as given (the signer adds Authorization etc.)
  std::string body;
  std::chrono::milliseconds timeout{30000};  // whole request, connect included
};

struct HttpResponse {
  int status = 0;
  HttpHeaders headers;  // names as received; look up case-insensitively (header_value)
  std::string body;
};

// Case-insensitive lookup of the first header named `name`; empty if absent.
std::string header_value(const HttpHeaders& headers, std::string_view name);

class HttpClient {
 public:
  virtual ~HttpClient() = default;
  virtual Result<HttpResponse> send(const HttpRequest& request) = 0;
};

struct CurlOptions {
  std::chrono::milliseconds connect_timeout{5000};
  size_t max_connections_per_host = 16;
  // A response whose body or headers would grow past these is abandoned as
  // it arrives (an Error naming the URL and the limit), so an endpoint cannot
  // make Vigil hold more than this in memory per call.
  size_t max_response_bytes = Limits{}.http_response_bytes;
  size_t max_header_bytes = Limits{}.http_header_bytes;
};

// libcurl-backed client (transport/curl_http.cpp).
std::unique_ptr<HttpClient> make_curl_http_client(CurlOptions options = {});

}  // namespace vigil::aws
