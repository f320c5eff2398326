// The dashboard on the API's port (api/ui.h), against a real ApiServer:
// index.html on / and on deep links, hashed files immutable, ETag and 304,
// the gzip'd copy for clients that accept it, the UI's CSP on UI answers
// only, and the API's JSON 404 kept for unknown API paths.
#include "api/ui.h"

#include <gtest/gtest.h>
#include <httplib.h>

#include <nlohmann/json.hpp>
#include <regex>

#include "api/server.h"
#include "web/web_assets.h"

namespace vigil::api {
namespace {

class UiServe : public ::testing::Test {
 protected:
  void SetUp() override {
    ServerOptions options;
    options.port = 0;
    server_ = std::make_unique<ApiServer>(ApiContext{}, options);
    auto port = server_->start();
    ASSERT_TRUE(port.ok()) << port.error().message;
    port_ = *port;
  }
  httplib::Result get(const std::string& path, httplib::Headers headers = {}) {
    httplib::Client client("127.0.0.1", port_);
    client.set_decompress(false);  // see the bytes as sent
    if (!headers.count("Accept-Encoding")) headers.emplace("Accept-Encoding", "identity");
    return client.Get(path, headers);
  }
  // The first script the app's index.html loads ("/static/index-....js").
  std::string entry_script() {
    std::smatch m;
    std::string index(web::index_page().body);
    if (!std::regex_search(index, m, std::regex("src=\"(/static/[^\"]+\\.js)\""))) return "";
    return m[1];
  }

  std::unique_ptr<ApiServer> server_;
  int port_ = 0;
};

TEST_F(UiServe, TheAppAnswersItsRootAndEveryDeepLinkWithIndexHtml) {
  for (std::string path : {"/", "/violations?status=open,unknown", "/policies/aws-s3-x",
                           "/admin/users", "/metricsx", "/apis"}) {
    auto r = get(path);
    ASSERT_TRUE(r) << path;
    EXPECT_EQ(r->status, 200) << path;
    EXPECT_EQ(r->get_header_value("Content-Type"), "text/html; charset=utf-8") << path;
    EXPECT_EQ(r->body, web::index_page().body) << path;
    EXPECT_EQ(r->get_header_value("Cache-Control"), "no-cache") << path;
    EXPECT_EQ(r->get_header_value_count("Cache-Control"), 1u) << path;
    EXPECT_EQ(r->get_header_value("Content-Security-Policy"), ui_csp) << path;
    EXPECT_EQ(r->get_header_value_count("Content-Security-Policy"), 1u) << path;
    EXPECT_EQ(r->get_header_value("ETag"), web::index_page().etag) << path;
    EXPECT_EQ(r->get_header_value("X-Frame-Options"), "DENY") << path;
    EXPECT_EQ(r->get_header_value("X-Content-Type-Options"), "nosniff") << path;
  }
}

TEST_F(UiServe, HashedFilesAreImmutableAndRevalidateWithTheirETag) {
  std::string script = entry_script();
  ASSERT_FALSE(script.empty()) << web::index_page().body;
  auto r = get(script);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(r->get_header_value("Content-Type"), "text/javascript; charset=utf-8");
  EXPECT_EQ(r->get_header_value("Cache-Control"), "public, max-age=31536000, immutable");
  EXPECT_EQ(r->body, web::lookup(script)->body);
  std::string etag = r->get_header_value("ETag");
  ASSERT_EQ(etag, web::lookup(script)->etag);
  auto again = get(script, {{"If-None-Match", etag}});
  ASSERT_TRUE(again);
  EXPECT_EQ(again->status, 304);
  EXPECT_TRUE(again->body.empty());
  auto other = get(script, {{"If-None-Match", "\"something-else\""}});
  ASSERT_TRUE(other);
  EXPECT_EQ(other->status, 200);
  // index.html revalidates too.
  auto index = get("/violations", {{"If-None-Match", std::string(web::index_page().etag)}});
  ASSERT_TRUE(index);
  EXPECT_EQ(index->status, 304);
}

TEST_F(UiServe, ClientsThatAcceptGzipGetTheBuildsGzipCopy) {
  std::string script = entry_script();
  auto asset = web::lookup(script);
  ASSERT_TRUE(asset);
  ASSERT_FALSE(asset->gzip.empty()) << "the build writes a .gz copy of every script";
  auto r = get(script, {{"Accept-Encoding", "gzip, deflate, br"}});
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(r->get_header_value("Content-Encoding"), "gzip");
  EXPECT_EQ(r->get_header_value("Vary"), "Accept-Encoding");
  EXPECT_EQ(r->body, asset->gzip);  // sent as built, not compressed again
  EXPECT_EQ(r->get_header_value("ETag"), asset->gzip_etag);
  EXPECT_NE(asset->gzip_etag, asset->etag);
  auto refused = get(script, {{"Accept-Encoding", "gzip;q=0"}});
  ASSERT_TRUE(refused);
  EXPECT_EQ(refused->get_header_value("Content-Encoding"), "");
  EXPECT_EQ(refused->body, asset->body);
}

TEST_F(UiServe, ApiPathsKeepTheApisAnswersAndHeaders) {
  for (std::string path : {"/api/v1/nope", "/api", "/metrics/x", "/healthz/x", "/static/gone.js"}) {
    auto r = get(path);
    ASSERT_TRUE(r) << path;
    EXPECT_EQ(r->status, 404) << path;
    EXPECT_EQ(r->get_header_value("Content-Type"), "application/json") << path;
    auto body = nlohmann::json::parse(r->body, nullptr, false);
    EXPECT_EQ(body["error"]["code"], "not_found") << path << " " << r->body;
  }
  auto health = get("/healthz");
  ASSERT_TRUE(health);
  EXPECT_EQ(health->status, 200);
  EXPECT_EQ(health->get_header_value("Cache-Control"), "no-store");
  EXPECT_EQ(health->get_header_value("Content-Security-Policy"),
            "default-src 'none'; frame-ancestors 'none'");
  auto post = httplib::Client("127.0.0.1", port_).Post("/violations", "{}", "application/json");
  ASSERT_TRUE(post);
  EXPECT_EQ(post->status, 404);  // the app answers GET only
}

TEST(UiPaths, TheRouteTableHoldsNoUiPath) {
  for (const Route& r : api_routes()) EXPECT_FALSE(ui_path(r.path)) << r.path;
}

TEST(WebAssets, EveryEmbeddedFileHasATypeAndAStrongETagAndTheTableIsSorted) {
  ASSERT_GT(web::asset_count(), 2u);
  for (size_t i = 0; i < web::asset_count(); ++i) {
    const web::Asset& a = web::asset_at(i);
    EXPECT_FALSE(a.content_type.empty()) << a.path;
    EXPECT_TRUE(a.etag.size() > 2 && a.etag.front() == '"' && a.etag.back() == '"') << a.path;
    if (i > 0) {
      EXPECT_LT(web::asset_at(i - 1).path, a.path);
    }
    EXPECT_EQ(web::lookup(a.path)->body.data(), a.body.data()) << a.path;
  }
  EXPECT_FALSE(web::lookup("/nope.js"));
  EXPECT_EQ(web::index_page().path, "/index.html");
}

}  // namespace
}  // namespace vigil::api
