// API answers on the wire (api/body_encoding.h), against a real ApiServer:
// gzip for a client that accepts it (a browser's "gzip, deflate, br" too,
// never httplib's Brotli), as they are for one that does not, small answers
// as they are, errors with their JSON; Accept-Encoding's q-values.
#include "api/body_encoding.h"

#include <gtest/gtest.h>
#include <httplib.h>

#include <memory>

#include "api/openapi.h"
#include "api/server.h"

namespace vigil::api {
namespace {

class BodyEncoding : public ::testing::Test {
 protected:
  void SetUp() override {
    ServerOptions options;
    options.port = 0;
    server_ = std::make_unique<ApiServer>(ApiContext{}, options);
    auto port = server_->start();
    ASSERT_TRUE(port.ok()) << port.error().message;
    port_ = *port;
  }
  httplib::Result get(const std::string& path, const std::string& accept, bool decompress) {
    httplib::Client client("127.0.0.1", port_);
    client.set_decompress(decompress);
    return client.Get(path, {{"Accept-Encoding", accept}});
  }
  std::unique_ptr<ApiServer> server_;
  int port_ = 0;
};

TEST_F(BodyEncoding, ABrowserGetsGzipAndTheSameDocument) {
  std::string document(openapi_document());
  ASSERT_GT(document.size(), 1024u);
  auto raw = get("/api/v1/openapi.json", "gzip, deflate, br", false);
  ASSERT_TRUE(raw);
  EXPECT_EQ(raw->status, 200);
  EXPECT_EQ(raw->get_header_value("Content-Encoding"), "gzip");
  EXPECT_EQ(raw->get_header_value("Vary"), "Accept-Encoding");
  EXPECT_EQ(raw->get_header_value("Content-Type"), "application/json");
  EXPECT_LT(raw->body.size(), document.size() / 3);
  auto decoded = get("/api/v1/openapi.json", "gzip, deflate, br", true);
  ASSERT_TRUE(decoded);
  EXPECT_EQ(decoded->body, document);
}

TEST_F(BodyEncoding, OtherClientsGetTheBodyAsItIs) {
  std::string document(openapi_document());
  for (const char* accept : {"identity", "br", "gzip;q=0, br", ""}) {
    auto r = get("/api/v1/openapi.json", accept, false);
    ASSERT_TRUE(r) << accept;
    EXPECT_EQ(r->get_header_value("Content-Encoding"), "") << accept;
    EXPECT_EQ(r->get_header_value("Vary"), "Accept-Encoding") << accept;
    EXPECT_EQ(r->body, document) << accept;
  }
  // Small answers are sent as they are; errors keep their JSON.
  auto health = get("/healthz", "gzip", false);
  ASSERT_TRUE(health);
  EXPECT_EQ(health->get_header_value("Content-Encoding"), "");
  auto missing = get("/api/v1/nothing-here", "gzip", true);
  ASSERT_TRUE(missing);
  EXPECT_EQ(missing->status, 404);
  EXPECT_NE(missing->body.find("not_found"), std::string::npos) << missing->body;
}

TEST(AcceptEncoding, GzipOrAnyUnlessItsQValueIsZero) {
  EXPECT_TRUE(accepts_gzip_encoding("gzip"));
  EXPECT_TRUE(accepts_gzip_encoding("deflate, gzip;q=0.5, br"));
  EXPECT_TRUE(accepts_gzip_encoding("*"));
  EXPECT_FALSE(accepts_gzip_encoding("gzip;q=0"));
  EXPECT_FALSE(accepts_gzip_encoding("br, deflate"));
  EXPECT_FALSE(accepts_gzip_encoding(""));
}

}  // namespace
}  // namespace vigil::api
