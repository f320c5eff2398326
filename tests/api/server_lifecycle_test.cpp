// api/server.h: stop() right after start() returns, every time (httplib's
// stop() acts only on a server already running; a stop that came before the
// serving thread began listening used to leave that thread serving forever,
// and stop() waiting for it). Each round also proves the port was given back.
#include <gtest/gtest.h>

#include "api/server.h"

namespace vigil::api {
namespace {

TEST(ApiServerLifecycle, StopRightAfterStartReturnsAndFreesThePort) {
  ServerOptions options;
  options.port = 0;
  for (int round = 0; round < 200; ++round) {
    ApiServer server(ApiContext{}, options);
    auto port = server.start();
    ASSERT_TRUE(port.ok()) << port.error().message;
    server.stop();
    // The same port binds again at once: the listening socket is closed.
    ServerOptions again = options;
    again.port = *port;
    ApiServer next(ApiContext{}, again);
    auto bound = next.start();
    ASSERT_TRUE(bound.ok()) << "round " << round << ": " << bound.error().message;
    EXPECT_EQ(*bound, *port);
  }  // next's destructor stops it, as soon as it started, too
}

// A port in use is refused, naming it, while its server runs (httplib's
// default SO_REUSEPORT let a second server bind it and take half the
// connections).
TEST(ApiServerLifecycle, ASecondServerOnTheSamePortIsRefused) {
  ServerOptions options;
  options.port = 0;
  ApiServer first(ApiContext{}, options);
  auto port = first.start();
  ASSERT_TRUE(port.ok()) << port.error().message;
  ServerOptions same = options;
  same.port = *port;
  ApiServer second(ApiContext{}, same);
  auto bound = second.start();
  ASSERT_FALSE(bound.ok()) << "a second server listens on port " << *port;
  EXPECT_EQ(bound.error().kind, Error::Kind::Unavailable);
  EXPECT_NE(bound.error().message.find(std::to_string(*port)), std::string::npos)
      << bound.error().message;
}

}  // namespace
}  // namespace vigil::api
