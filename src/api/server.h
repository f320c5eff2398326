// The HTTP API server of `vigil serve` (cpp-httplib): the routes of
// api/routes.h on their own threads, until stop().
//
// Contract
// - start() binds host:port (port 0: any free port) and returns the bound
//   port; requests are served on httplib's thread pool until stop() (or the
//   destructor), which waits for the serving thread.
// - Every API response is JSON, errors included: an unknown path or method
//   is a 404, a body over `max_body` a 413, a handler that throws a 500,
//   each as {"error": {"code", "message"}} (api/http_json.h).
// - A GET outside /api, /metrics, /healthz and /readyz is the dashboard's
//   (api/ui.h): its embedded files, index.html for any other path, with
//   caching headers and the UI's own CSP.
// - Security headers on every response: no sniffing, no framing, no
//   referrer; the API's `Cache-Control: no-store` and a CSP that loads
//   nothing.
// - Reads and writes time out (`timeout`), so a slow client cannot hold a
//   thread forever.
// - Every route but the public ones (health, the OpenAPI document, sign-in)
//   needs a signed-in caller with the route's role (api/access.h).
// - TLS when `tls_cert` and `tls_key` name a PEM certificate and its key;
//   then HSTS is sent and session cookies are Secure. start() fails when
//   they cannot be loaded.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <thread>

#include "api/routes.h"
#include "core/result.h"

namespace httplib {
class Server;
}

namespace vigil::api {

struct ServerOptions {
  std::string host = "127.0.0.1";
  int port = 8470;
  size_t max_body = size_t(1) << 20;
  std::chrono::seconds timeout{30};
  std::function<void(const std::string&)> log;  // one line per request; may be empty
  std::string tls_cert, tls_key;                // PEM files; both or neither
};

class ApiServer {
 public:
  ApiServer(ApiContext context, ServerOptions options);
  ~ApiServer();
  ApiServer(const ApiServer&) = delete;
  ApiServer& operator=(const ApiServer&) = delete;

  Result<int> start();
  void stop();

  // Threads serving connections (each kept-alive connection holds one while
  // it is open) and requests a connection may carry before it is closed.
  static constexpr size_t kThreads = 32;
  static constexpr size_t kKeepAliveRequests = 1000;
  // Connections waiting to be accepted (httplib listens with 5: clients
  // opening 16 connections at once overflowed it, nstat ListenOverflows,
  // and each dropped handshake waited out a SYN retransmission).
  static constexpr int kListenBacklog = 1024;

 private:
  void install_routes();

  ApiContext context_;
  ServerOptions options_;
  auth::LoginThrottle throttle_;
  RequestMetrics metrics_;
  SummaryCache summaries_;
  std::atomic<int> event_streams_{0};  // GET /api/v1/scans/events streams open now
  std::unique_ptr<httplib::Server> server_;
  int listen_socket_ = -1;  // the socket httplib bound last (set_socket_options)
  std::thread thread_;
  std::atomic<bool> listen_returned_{false};  // the serving thread's listen ended
};

}  // namespace vigil::api
