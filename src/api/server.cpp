// The HTTP API server (server.h).
#include "api/server.h"

#include <fmt/format.h>
#include <httplib.h>
#include <sys/socket.h>

#include "api/body_encoding.h"
#include "api/http_json.h"
#include "api/ui.h"

namespace vigil::api {

namespace {

// "/api/v1/violations/{id}" -> "/api/v1/violations/([^/]+)"
std::string route_pattern(std::string_view path) {
  std::string out;
  for (size_t i = 0; i < path.size(); ++i) {
    if (path[i] != '{') {
      if (std::string_view(".+*?()[]^$|\\").find(path[i]) != std::string_view::npos) out += '\\';
      out += path[i];
      continue;
    }
    i = path.find('}', i);
    out += "([^/]+)";
  }
  return out;
}

}  // namespace

ApiServer::ApiServer(ApiContext context, ServerOptions options)
    : context_(std::move(context)), options_(std::move(options)) {
  context_.throttle = &throttle_;
  context_.metrics = &metrics_;
  context_.summaries = &summaries_;
  context_.event_streams = &event_streams_;
  context_.tls = !options_.tls_cert.empty();
  if (context_.tls)
    server_ =
        std::make_unique<httplib::SSLServer>(options_.tls_cert.c_str(), options_.tls_key.c_str());
  else
    server_ = std::make_unique<httplib::Server>();
  install_routes();
}

ApiServer::~ApiServer() { stop(); }

void ApiServer::install_routes() {
  httplib::Server& s = *server_;
  s.set_payload_max_length(options_.max_body);
  // Small JSON answers on kept-alive connections: without TCP_NODELAY each
  // waits out the client's delayed ACK (~40 ms a response, measured with
  // bench/api_bench.sh).
  s.set_tcp_nodelay(true);
  // httplib serves a connection on one pool thread until it closes, and
  // closes it after 5 requests by default: under load clients reconnected
  // all the time, overflowing httplib's listen backlog of 5, and a dropped
  // handshake cost a 200 ms retransmission (bench/api_bench.sh: ~210 ms
  // stalls on every route, /healthz included). Connections now stay for
  // up to kKeepAliveRequests, and kThreads threads serve them, so dozens
  // of kept-alive clients are served without waiting for a thread.
  s.set_keep_alive_max_count(kKeepAliveRequests);
  // httplib's default options set SO_REUSEPORT: a second `vigil serve` on
  // the same port bound too, and the kernel split the connections between
  // the two processes. SO_REUSEADDR only: the port can be bound again as
  // soon as its server is gone, never twice at once.
  s.set_socket_options([this](int sock) {
    int yes = 1;
    ::setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
    listen_socket_ = sock;
  });
  s.new_task_queue = [] { return new httplib::ThreadPool(kThreads); };
  s.set_read_timeout(options_.timeout);
  s.set_write_timeout(options_.timeout);
  httplib::Headers headers = {
      {"X-Content-Type-Options", "nosniff"},
      {"X-Frame-Options", "DENY"},
      {"Referrer-Policy", "no-referrer"},
      {"Cache-Control", "no-store"},
      {"Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'"}};
  if (context_.tls) headers.emplace("Strict-Transport-Security", "max-age=31536000");
  s.set_default_headers(headers);
  for (const Route& route : api_routes()) {
    auto bound = [this, &route](const httplib::Request& req, httplib::Response& res) {
      auto began = std::chrono::steady_clock::now();
      if (auto caller = authorize(req, res, context_, route.access))
        route.handler(req, res, context_, *caller);
      encode_body(req, res);  // gzip, never httplib's Brotli at quality 11
      metrics_.record(
          route.method, route.path, res.status,
          std::chrono::duration<double>(std::chrono::steady_clock::now() - began).count());
    };
    std::string pattern = route_pattern(route.path);
    if (route.method == "GET")
      s.Get(pattern, bound);
    else if (route.method == "POST")
      s.Post(pattern, bound);
    else if (route.method == "PATCH")
      s.Patch(pattern, bound);
    else if (route.method == "DELETE")
      s.Delete(pattern, bound);
  }
  // The dashboard: any other GET outside the API's own paths (ui.h). Last,
  // so every API route is matched first; an unknown API path stays a 404.
  s.Get(".*", [](const httplib::Request& req, httplib::Response& res) {
    if (ui_path(req.path))
      serve_ui(req, res);
    else
      res.status = 404;
  });
  // Errors without a body (no route, a body too large, ...) get the JSON one.
  s.set_error_handler(
      httplib::Server::HandlerWithResponse([](const httplib::Request& req, httplib::Response& res) {
        if (!res.body.empty()) return httplib::Server::HandlerResponse::Unhandled;
        if (res.status == 404)
          send_error(res, 404, "not_found", fmt::format("no route {} {}", req.method, req.path));
        else if (res.status == 413)
          send_error(res, 413, "too_large", "the request body is too large");
        else
          send_error(res, res.status, "bad_request", "the request cannot be served");
        return httplib::Server::HandlerResponse::Handled;
      }));
  s.set_exception_handler(
      [](const httplib::Request&, httplib::Response& res, std::exception_ptr e) {
        std::string what = "unexpected error";
        try {
          if (e) std::rethrow_exception(e);
        } catch (const std::exception& x) {
          what = x.what();
        } catch (...) {
        }
        send_error(res, 500, "internal", what);
      });
  if (options_.log)
    s.set_logger([log = options_.log](const httplib::Request& req, const httplib::Response& res) {
      log(fmt::format("{} {} {} {}", req.remote_addr, req.method, req.path, res.status));
    });
}

Result<int> ApiServer::start() {
  int port = options_.port == 0
                 ? server_->bind_to_any_port(options_.host)
                 : (server_->bind_to_port(options_.host, options_.port) ? options_.port : -1);
  if (!server_->is_valid())
    return Error(
               fmt::format("cannot serve TLS with certificate {} and key {} (unreadable, or not a "
                           "matching PEM pair)",
                           options_.tls_cert, options_.tls_key))
        .with_kind(Error::Kind::InvalidInput);
  if (port < 0)
    return Error(fmt::format("cannot listen on {}:{} (in use, or not an address of this machine)",
                             options_.host, options_.port))
        .with_kind(Error::Kind::Unavailable);
  // A listening socket's backlog is replaced by listening again (Linux).
  if (listen_socket_ >= 0) ::listen(listen_socket_, kListenBacklog);
  listen_returned_ = false;
  thread_ = std::thread([this] {
    server_->listen_after_bind();
    listen_returned_ = true;
  });
  return port;
}

void ApiServer::stop() {
  if (!thread_.joinable()) return;
  // httplib's stop() closes the listening socket only once the server runs:
  // a stop between start() and the serving thread's first step would be
  // lost, and the join below would wait forever. Wait for it to run (or to
  // have returned, failing), then stop.
  while (!server_->is_running() && !listen_returned_)
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  server_->stop();
  thread_.join();
}

}  // namespace vigil::api
