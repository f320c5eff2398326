// The route table and the OpenAPI document name the same routes: a route
// that exists but is undocumented (or documented but missing) fails here.
#include "api/routes.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <nlohmann/json.hpp>
#include <set>

#include "api/openapi.h"

namespace vigil::api {
namespace {

std::string lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return std::tolower(c); });
  return out;
}

TEST(ApiRoutes, EveryRouteIsDocumentedAndEveryDocumentedRouteExists) {
  nlohmann::json document = nlohmann::json::parse(openapi_document());
  EXPECT_EQ(document["openapi"], "3.1.0");
  std::set<std::pair<std::string, std::string>> documented, served;
  for (const auto& [path, operations] : document["paths"].items())
    for (const auto& [method, _] : operations.items()) documented.insert({lower(method), path});
  for (const Route& r : api_routes()) served.insert({lower(r.method), std::string(r.path)});
  for (const auto& [method, path] : served)
    EXPECT_TRUE(documented.count({method, path})) << method << " " << path << " is undocumented";
  for (const auto& [method, path] : documented)
    EXPECT_TRUE(served.count({method, path})) << method << " " << path << " is not served";
}

TEST(ApiRoutes, TheDocumentNamesWhoMayCallEachRouteAsTheServerEnforcesIt) {
  nlohmann::json document = nlohmann::json::parse(openapi_document());
  for (const Route& r : api_routes()) {
    const auto& op = document["paths"][std::string(r.path)][lower(r.method)];
    EXPECT_EQ(op.value("x-vigil-access", ""), access_name(r.access)) << r.method << " " << r.path;
    if (r.access == Access::Public) {
      EXPECT_EQ(op["security"], nlohmann::json::array()) << r.path;
    } else {
      EXPECT_TRUE(op["responses"].contains("401")) << r.method << " " << r.path;
      EXPECT_TRUE(op["responses"].contains("403")) << r.method << " " << r.path;
    }
  }
}

TEST(ApiRoutes, EveryOperationDocumentsItsErrorsAsTheErrorSchema) {
  nlohmann::json document = nlohmann::json::parse(openapi_document());
  for (const auto& [path, operations] : document["paths"].items())
    for (const auto& [method, op] : operations.items())
      for (const auto& [status, response] : op["responses"].items())
        if (status[0] == '4' || status[0] == '5')
          EXPECT_EQ(response["content"]["application/json"]["schema"]["$ref"],
                    "#/components/schemas/Error")
              << method << " " << path << " " << status;
}

}  // namespace
}  // namespace vigil::api
