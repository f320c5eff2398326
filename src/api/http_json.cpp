// JSON responses of the HTTP API (http_json.h).
#include "api/http_json.h"

namespace vigil::api {

void send_json(httplib::Response& res, const json& value, int status) {
  res.status = status;
  res.set_content(value.dump(-1, ' ', false, json::error_handler_t::replace), "application/json");
}

void send_json_text(httplib::Response& res, std::string body) {
  res.status = 200;
  res.set_content(std::move(body), "application/json");
}

void send_error(httplib::Response& res, int status, std::string_view code, std::string_view message,
                std::string_view field) {
  json error = {{"code", code}, {"message", message}};
  if (!field.empty()) error["field"] = field;
  send_json(res, {{"error", std::move(error)}}, status);
}

void send_error(httplib::Response& res, const Error& error) {
  std::string_view field = error.kind == Error::Kind::InvalidInput ? error.subject : "";
  send_error(res, status_of(error.kind), error_code(error.kind), error.message, field);
}

int status_of(Error::Kind kind) {
  switch (kind) {
    case Error::Kind::InvalidInput:
      return 400;
    case Error::Kind::LimitExceeded:
      return 413;
    case Error::Kind::NotFound:
      return 404;
    case Error::Kind::Conflict:
      return 409;
    case Error::Kind::Unavailable:
      return 503;
    default:
      return 500;
  }
}

std::string_view error_code(Error::Kind kind) {
  switch (kind) {
    case Error::Kind::InvalidInput:
      return "invalid_input";
    case Error::Kind::LimitExceeded:
      return "too_large";
    case Error::Kind::NotFound:
      return "not_found";
    case Error::Kind::Conflict:
      return "conflict";
    case Error::Kind::Unavailable:
      return "unavailable";
    default:
      return "internal";
  }
}

}  // namespace vigil::api
