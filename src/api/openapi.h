// The OpenAPI 3.1 document of the HTTP API (docs/api/openapi.json, compiled
// into the binary at build time): served at /api/v1/openapi.json, and the
// contract the API tests hold every route and response to.
#pragma once

#include <string_view>

namespace vigil::api {

std::string_view openapi_document();

}  // namespace vigil::api
