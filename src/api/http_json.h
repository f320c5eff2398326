// JSON responses of the HTTP API: the one way a handler answers.
//
// Contract
// - send_json: the body is `value` as JSON, Content-Type application/json.
// - send_error: `{"error": {"code", "message", "field"?}}` with `status`;
//   `code` is a stable machine-readable word ("not_found", "invalid_input",
//   ...), `field` names the query parameter or body member at fault.
// - status_of(kind): the HTTP status of an Error kind (core/result.h):
//   InvalidInput 400, LimitExceeded 413, NotFound 404, Conflict 409,
//   Unavailable 503, everything else 500. error_code(kind) is its word.
#pragma once

#include <httplib.h>

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "core/result.h"

namespace vigil::api {

using json = nlohmann::ordered_json;

void send_json(httplib::Response& res, const json& value, int status = 200);
// A body already written as JSON text (core/json_text_writer.h), 200.
void send_json_text(httplib::Response& res, std::string body);
void send_error(httplib::Response& res, int status, std::string_view code, std::string_view message,
                std::string_view field = {});
// An Error, with the status and code of its kind; an InvalidInput error's
// subject is the field (api/query.h puts the parameter there).
void send_error(httplib::Response& res, const Error& error);

int status_of(Error::Kind kind);
std::string_view error_code(Error::Kind kind);

}  // namespace vigil::api
