// The libcurl HttpClient against a local httplib server: methods, headers
// and bodies round-trip unchanged, every HTTP status is a response (not an
// error), no response is an Error naming the URL, and one client serves many
// threads at once.
#include <httplib.h>

#include <atomic>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "aws_client/transport/http.h"

namespace vigil::aws {
namespace {

class LocalServer {
 public:
  LocalServer() {
    server_.Post("/echo", [](const httplib::Request& req, httplib::Response& res) {
      res.set_header("X-Method", req.method);
      res.set_header("X-Got-Target", req.get_header_value("X-Amz-Target"));
      res.set_header("X-Got-Content-Type", req.get_header_value("Content-Type"));
      res.set_header("X-Has-Expect", req.has_header("Expect") ? "yes" : "no");
      res.set_content(req.body, "application/octet-stream");
    });
    server_.Put("/echo", [](const httplib::Request& req, httplib::Response& res) {
      res.set_header("X-Method", req.method);
      res.set_content(req.body, "text/plain");
    });
    server_.Get("/status/403", [](const httplib::Request&, httplib::Response& res) {
      res.status = 403;
      res.set_content("<Error><Code>AccessDenied</Code></Error>", "text/xml");
    });
    server_.Get("/slow", [](const httplib::Request&, httplib::Response& res) {
      std::this_thread::sleep_for(std::chrono::milliseconds(1500));
      res.set_content("late", "text/plain");
    });
    server_.Get("/big", [](const httplib::Request&, httplib::Response& res) {
      res.set_content(std::string(100000, 'x'), "text/plain");
    });
    server_.Get("/chunked", [](const httplib::Request&, httplib::Response& res) {
      // No Content-Length: the limit must hold while the body streams in.
      res.set_chunked_content_provider("text/plain", [](size_t offset, httplib::DataSink& sink) {
        if (offset >= 1000000) {
          sink.done();
          return true;
        }
        std::string chunk(10000, 'y');
        return sink.write(chunk.data(), chunk.size());
      });
    });
    server_.Get("/many-headers", [](const httplib::Request&, httplib::Response& res) {
      for (int i = 0; i < 200; ++i)
        res.set_header("X-Pad-" + std::to_string(i), std::string(100, 'h'));
      res.set_content("ok", "text/plain");
    });
    server_.Get("/query", [](const httplib::Request& req, httplib::Response& res) {
      res.set_content(req.target, "text/plain");
    });
    port_ = server_.bind_to_any_port("127.0.0.1");
    thread_ = std::thread([this] { server_.listen_after_bind(); });
    while (!server_.is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  ~LocalServer() {
    server_.stop();
    thread_.join();
  }
  std::string url(const std::string& path) const {
    return "http://127.0.0.1:" + std::to_string(port_) + path;
  }

 private:
  httplib::Server server_;
  std::thread thread_;
  int port_ = 0;
};

TEST(HeaderValue, CaseInsensitiveFirstMatch) {
  HttpHeaders h{
      {"Content-Type", "text/xml"}, {"x-amzn-RequestId", "abc"}, {"X-AMZN-REQUESTID", "def"}};
  EXPECT_EQ(header_value(h, "content-type"), "text/xml");
  EXPECT_EQ(header_value(h, "X-Amzn-RequestId"), "abc");
  EXPECT_EQ(header_value(h, "Missing"), "");
}

TEST(CurlHttpClient, PostRoundTripsHeadersAndBody) {
  LocalServer server;
  auto http = make_curl_http_client();
  HttpRequest request;
  request.method = "POST";
  request.url = server.url("/echo");
  request.headers = {{"X-Amz-Target", "TrentService.ListKeys"},
                     {"Content-Type", "application/x-amz-json-1.1"}};
  request.body = std::string("{\"Limit\":10}") +
                 std::string(4096, ' ');  // large enough for curl's Expect logic
  auto response = http->send(request);
  ASSERT_TRUE(response.ok()) << response.error().message;
  EXPECT_EQ(response->status, 200);
  EXPECT_EQ(response->body, request.body);
  EXPECT_EQ(header_value(response->headers, "x-method"), "POST");
  EXPECT_EQ(header_value(response->headers, "X-Got-Target"), "TrentService.ListKeys");
  EXPECT_EQ(header_value(response->headers, "X-Got-Content-Type"), "application/x-amz-json-1.1");
  EXPECT_EQ(header_value(response->headers, "X-Has-Expect"), "no");
}

TEST(CurlHttpClient, PostWithoutContentTypeGetsNoneInvented) {
  LocalServer server;
  auto http = make_curl_http_client();
  HttpRequest request{"POST", server.url("/echo"), {}, "a=b", std::chrono::milliseconds(5000)};
  auto response = http->send(request);
  ASSERT_TRUE(response.ok()) << response.error().message;
  EXPECT_EQ(header_value(response->headers, "X-Got-Content-Type"), "");
}

TEST(CurlHttpClient, PutAndEncodedQueryArriveAsSent) {
  LocalServer server;
  auto http = make_curl_http_client();
  auto put = http->send(
      HttpRequest{"PUT", server.url("/echo"), {}, "payload", std::chrono::milliseconds(5000)});
  ASSERT_TRUE(put.ok()) << put.error().message;
  EXPECT_EQ(header_value(put->headers, "X-Method"), "PUT");
  EXPECT_EQ(put->body, "payload");
  auto get = http->send(HttpRequest{"GET",
                                    server.url("/query?Action=Describe&Filter.1.Name=tag%3AName"),
                                    {},
                                    "",
                                    std::chrono::milliseconds(5000)});
  ASSERT_TRUE(get.ok()) << get.error().message;
  EXPECT_EQ(get->body, "/query?Action=Describe&Filter.1.Name=tag%3AName");
}

TEST(CurlHttpClient, ErrorStatusIsAResponse) {
  LocalServer server;
  auto http = make_curl_http_client();
  auto response = http->send(
      HttpRequest{"GET", server.url("/status/403"), {}, "", std::chrono::milliseconds(5000)});
  ASSERT_TRUE(response.ok());
  EXPECT_EQ(response->status, 403);
  EXPECT_EQ(response->body, "<Error><Code>AccessDenied</Code></Error>");
  EXPECT_EQ(header_value(response->headers, "content-type"), "text/xml");
}

TEST(CurlHttpClient, NoResponseIsAnErrorNamingTheUrl) {
  int port;
  {  // a port that was just free: nothing listens there now
    httplib::Server probe;
    port = probe.bind_to_any_port("127.0.0.1");
  }
  auto http = make_curl_http_client();
  std::string url = "http://127.0.0.1:" + std::to_string(port) + "/";
  auto response = http->send(HttpRequest{"GET", url, {}, "", std::chrono::milliseconds(2000)});
  ASSERT_FALSE(response.ok());
  EXPECT_NE(response.error().message.find(url), std::string::npos) << response.error().message;
}

TEST(CurlHttpClient, TimeoutIsAnError) {
  LocalServer server;
  auto http = make_curl_http_client();
  auto response =
      http->send(HttpRequest{"GET", server.url("/slow"), {}, "", std::chrono::milliseconds(200)});
  ASSERT_FALSE(response.ok());
  EXPECT_NE(response.error().message.find("/slow"), std::string::npos) << response.error().message;
}

TEST(CurlHttpClient, ManyThreadsShareOneClient) {
  LocalServer server;
  CurlOptions options;
  options.max_connections_per_host = 4;
  auto http = make_curl_http_client(options);
  std::atomic<int> ok{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 25; ++i) {
        std::string body = "t" + std::to_string(t) + "-" + std::to_string(i);
        auto r = http->send(
            HttpRequest{"POST", server.url("/echo"), {}, body, std::chrono::milliseconds(5000)});
        if (r.ok() && r->status == 200 && r->body == body) ++ok;
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(ok.load(), 200);
}

// Reproduced on main: response bodies and headers grew without limit.
TEST(CurlHttp, ResponsesPastTheLimitsAreAbandonedWithAnError) {
  LocalServer server;
  CurlOptions options;
  options.max_response_bytes = 50000;
  options.max_header_bytes = 4096;
  auto client = make_curl_http_client(options);
  for (const char* path : {"/big", "/chunked"}) {
    HttpRequest request;
    request.url = server.url(path);
    Result<HttpResponse> r = client->send(request);
    ASSERT_FALSE(r.ok()) << path;
    EXPECT_NE(r.error().message.find("exceeded the limit of 50000 bytes"), std::string::npos)
        << r.error().message;
    EXPECT_NE(r.error().message.find(path), std::string::npos) << r.error().message;
  }
  HttpRequest headers;
  headers.url = server.url("/many-headers");
  Result<HttpResponse> h = client->send(headers);
  ASSERT_FALSE(h.ok());
  EXPECT_NE(h.error().message.find("response headers exceeded the limit of 4096"),
            std::string::npos)
      << h.error().message;
  // Within the limits, the same client goes on serving.
  HttpRequest small;
  small.url = server.url("/query?a=1");
  ASSERT_TRUE(client->send(small).ok());
}

}  // namespace
}  // namespace vigil::aws
