// HttpClient over libcurl's easy interface.
//
// Thread safety and keep-alive: easy handles are pooled (taken by one request
// at a time, returned afterwards); each keeps its own connections open, so a
// returned handle carries a warm connection to the next request. All handles
// share one curl share handle for the DNS cache and TLS sessions (one mutex
// per curl_lock_data). The connection cache is deliberately not shared:
// measured against the replay server, a shared cache closed connections
// under load (its size is bounded) and stalled callers on reconnects. At most
// max_connections_per_host requests run against one host at once (a per-host
// counting gate); further callers wait for a slot rather than opening more
// sockets.
//
// No signals (CURLOPT_NOSIGNAL): timeouts work in threads. Proxies come from
// the standard environment variables (libcurl's default behaviour).
#include <curl/curl.h>

#include <array>
#include <condition_variable>
#include <map>
#include <mutex>
#include <vector>

#include <fmt/format.h>

#include "aws_client/transport/http.h"

namespace vigil::aws {
namespace {

// curl_global_init once per process, before any other curl call.
void init_curl_once() {
  static std::once_flag flag;
  std::call_once(flag, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

// Where a response goes while it arrives, with the limits it may not pass.
struct ResponseSink {
  HttpResponse* response = nullptr;
  size_t max_body = 0, max_headers = 0;
  size_t header_bytes = 0;
  const char* exceeded = nullptr;  // "body" or "headers" once a limit was hit
};

size_t on_body(char* data, size_t size, size_t count, void* user) {
  auto* sink = static_cast<ResponseSink*>(user);
  size_t n = size * count;
  if (sink->response->body.size() + n > sink->max_body) {
    sink->exceeded = "body";
    return 0;  // curl stops with CURLE_WRITE_ERROR
  }
  sink->response->body.append(data, n);
  return n;
}

std::string trim(std::string_view s) {
  size_t b = 0, e = s.size();
  while (b < e && (s[b] == ' ' || s[b] == '\t')) ++b;
  while (e > b && (s[e - 1] == ' ' || s[e - 1] == '\t' || s[e - 1] == '\r' || s[e - 1] == '\n'))
    --e;
  return std::string(s.substr(b, e - b));
}

// One header line per call; a status line starts a new response (interim
// 100 Continue responses are discarded that way).
size_t on_header(char* data, size_t size, size_t count, void* user) {
  auto* sink = static_cast<ResponseSink*>(user);
  HttpHeaders* headers = &sink->response->headers;
  std::string_view line(data, size * count);
  sink->header_bytes += line.size();
  if (sink->header_bytes > sink->max_headers) {
    sink->exceeded = "headers";
    return 0;
  }
  if (line.starts_with("HTTP/")) {
    headers->clear();
  } else if (auto colon = line.find(':'); colon != std::string_view::npos) {
    headers->emplace_back(trim(line.substr(0, colon)), trim(line.substr(colon + 1)));
  }
  return size * count;
}

// The "scheme://host[:port]" part of a URL: the unit of the per-host gate.
std::string host_key(const std::string& url) {
  auto scheme = url.find("://");
  size_t start = scheme == std::string::npos ? 0 : scheme + 3;
  auto end = url.find_first_of("/?#", start);
  return url.substr(0, end == std::string::npos ? url.size() : end);
}

class CurlHttpClient final : public HttpClient {
 public:
  explicit CurlHttpClient(CurlOptions options) : options_(options) {
    init_curl_once();
    share_ = curl_share_init();
    curl_share_setopt(share_, CURLSHOPT_LOCKFUNC, &CurlHttpClient::lock);
    curl_share_setopt(share_, CURLSHOPT_UNLOCKFUNC, &CurlHttpClient::unlock);
    curl_share_setopt(share_, CURLSHOPT_USERDATA, this);
    curl_share_setopt(share_, CURLSHOPT_SHARE, CURL_LOCK_DATA_DNS);
    curl_share_setopt(share_, CURLSHOPT_SHARE, CURL_LOCK_DATA_SSL_SESSION);
  }

  ~CurlHttpClient() override {
    for (CURL* easy : idle_) curl_easy_cleanup(easy);
    curl_share_cleanup(share_);
  }

  Result<HttpResponse> send(const HttpRequest& request) override {
    HostSlot slot(*this, host_key(request.url));
    CURL* easy = take_handle();
    auto result = perform(easy, request);
    give_back(easy);
    return result;
  }

 private:
  // Holds one of the max_connections_per_host slots of a host while alive.
  class HostSlot {
   public:
    HostSlot(CurlHttpClient& owner, std::string host) : owner_(owner), host_(std::move(host)) {
      std::unique_lock lock(owner_.gate_mutex_);
      owner_.gate_cv_.wait(lock, [&] { return owner_.in_flight_[host_] < owner_.limit(); });
      ++owner_.in_flight_[host_];
    }
    ~HostSlot() {
      {
        std::lock_guard lock(owner_.gate_mutex_);
        if (--owner_.in_flight_[host_] == 0) owner_.in_flight_.erase(host_);
      }
      owner_.gate_cv_.notify_all();
    }
    HostSlot(const HostSlot&) = delete;
    HostSlot& operator=(const HostSlot&) = delete;

   private:
    CurlHttpClient& owner_;
    std::string host_;
  };

  size_t limit() const {
    return options_.max_connections_per_host == 0 ? 1 : options_.max_connections_per_host;
  }

  static void lock(CURL*, curl_lock_data data, curl_lock_access, void* user) {
    static_cast<CurlHttpClient*>(user)->share_locks_[static_cast<size_t>(data) % kLocks].lock();
  }
  static void unlock(CURL*, curl_lock_data data, void* user) {
    static_cast<CurlHttpClient*>(user)->share_locks_[static_cast<size_t>(data) % kLocks].unlock();
  }

  CURL* take_handle() {
    {
      std::lock_guard lock(pool_mutex_);
      if (!idle_.empty()) {
        CURL* easy = idle_.back();
        idle_.pop_back();
        return easy;
      }
    }
    return curl_easy_init();
  }

  void give_back(CURL* easy) {
    std::lock_guard lock(pool_mutex_);
    idle_.push_back(easy);
  }

  Result<HttpResponse> perform(CURL* easy, const HttpRequest& request) {
    curl_easy_reset(easy);  // keeps the handle's caches; clears the previous request's options
    HttpResponse response;
    char error_buffer[CURL_ERROR_SIZE] = {0};
    curl_easy_setopt(easy, CURLOPT_SHARE, share_);
    curl_easy_setopt(easy, CURLOPT_URL, request.url.c_str());
    curl_easy_setopt(easy, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(easy, CURLOPT_ERRORBUFFER, error_buffer);
    curl_easy_setopt(easy, CURLOPT_TIMEOUT_MS, static_cast<long>(request.timeout.count()));
    curl_easy_setopt(easy, CURLOPT_CONNECTTIMEOUT_MS,
                     static_cast<long>(options_.connect_timeout.count()));
    curl_easy_setopt(easy, CURLOPT_TCP_KEEPALIVE, 1L);
    curl_easy_setopt(easy, CURLOPT_FOLLOWLOCATION, 0L);
    ResponseSink sink{&response, options_.max_response_bytes, options_.max_header_bytes};
    curl_easy_setopt(easy, CURLOPT_WRITEFUNCTION, &on_body);
    curl_easy_setopt(easy, CURLOPT_WRITEDATA, &sink);
    curl_easy_setopt(easy, CURLOPT_HEADERFUNCTION, &on_header);
    curl_easy_setopt(easy, CURLOPT_HEADERDATA, &sink);
    curl_easy_setopt(easy, CURLOPT_MAXFILESIZE_LARGE,
                     static_cast<curl_off_t>(options_.max_response_bytes));

    if (request.method == "GET") {
      curl_easy_setopt(easy, CURLOPT_HTTPGET, 1L);
    } else if (request.method == "HEAD") {
      curl_easy_setopt(easy, CURLOPT_NOBODY, 1L);
    } else {
      curl_easy_setopt(easy, CURLOPT_CUSTOMREQUEST, request.method.c_str());
    }
    if (!request.body.empty() || request.method == "POST" || request.method == "PUT") {
      curl_easy_setopt(easy, CURLOPT_POSTFIELDSIZE_LARGE,
                       static_cast<curl_off_t>(request.body.size()));
      curl_easy_setopt(easy, CURLOPT_POSTFIELDS, request.body.data());
    }

    // Headers exactly as given. "Expect:" stops curl's 100-continue round trip;
    // an empty Content-Type entry stops curl inventing a form content type.
    curl_slist* list = nullptr;
    bool has_content_type = !header_value(request.headers, "Content-Type").empty();
    for (const auto& [name, value] : request.headers) {
      std::string line = value.empty() ? name + ";" : name + ": " + value;
      list = curl_slist_append(list, line.c_str());
    }
    list = curl_slist_append(list, "Expect:");
    if (!has_content_type) list = curl_slist_append(list, "Content-Type:");
    curl_easy_setopt(easy, CURLOPT_HTTPHEADER, list);

    CURLcode code = curl_easy_perform(easy);
    curl_slist_free_all(list);
    curl_easy_setopt(easy, CURLOPT_ERRORBUFFER, nullptr);
    if (sink.exceeded != nullptr || code == CURLE_FILESIZE_EXCEEDED) {
      bool headers = sink.exceeded != nullptr && std::string_view(sink.exceeded) == "headers";
      return Error(fmt::format(
                       "HTTP {} {}: the response {} exceeded the limit of {} bytes; the answer was "
                       "abandoned (raise max_{}_bytes only for an endpoint you trust)",
                       request.method, request.url, headers ? "headers" : "body",
                       headers ? options_.max_header_bytes : options_.max_response_bytes,
                       headers ? "header" : "response"))
          .with_kind(Error::Kind::LimitExceeded);
    }
    if (code != CURLE_OK) {
      std::string detail = error_buffer[0] ? error_buffer : curl_easy_strerror(code);
      return Error(
                 fmt::format(
                     "HTTP {} {} failed: {} (curl error {}); check the network, proxy settings and "
                     "the endpoint URL",
                     request.method, request.url, detail, static_cast<int>(code)))
          .with_kind(Error::Kind::Unavailable);
    }
    long status = 0;
    curl_easy_getinfo(easy, CURLINFO_RESPONSE_CODE, &status);
    response.status = static_cast<int>(status);
    return response;
  }

  static constexpr size_t kLocks = 16;
  CurlOptions options_;
  CURLSH* share_ = nullptr;
  std::array<std::mutex, kLocks> share_locks_;
  std::mutex pool_mutex_;
  std::vector<CURL*> idle_;
  std::mutex gate_mutex_;
  std::condition_variable gate_cv_;
  std::map<std::string, size_t> in_flight_;
};

}  // namespace

std::unique_ptr<HttpClient> make_curl_http_client(CurlOptions options) {
  return std::make_unique<CurlHttpClient>(options);
}

}  // namespace vigil::aws
