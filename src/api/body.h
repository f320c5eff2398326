// The JSON body of a state-changing request, checked like query parameters
// (query.h): it must be `application/json`, a JSON object, and name only
// members the route accepts; each getter checks its member's type.
// Errors are InvalidInput with the member in Error::subject (a 400 naming
// the field), except a wrong media type (415, sent by read_body).
#pragma once

#include <httplib.h>

#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/result.h"

namespace vigil::api {

class Body {
 public:
  // Parses and checks the request; on failure sends the error and returns nullopt.
  static std::optional<Body> read(const httplib::Request& req, httplib::Response& res,
                                  std::initializer_list<std::string_view> allowed);

  Result<std::optional<std::string>> text(const std::string& name) const;
  Result<std::string> required_text(const std::string& name) const;
  Result<std::optional<std::vector<std::string>>> texts(const std::string& name) const;
  Result<std::optional<bool>> flag(const std::string& name) const;
  Result<std::optional<int64_t>> whole(const std::string& name, int64_t min, int64_t max) const;
  // An array of 1 to `max_count` whole numbers, each from `min` to `max`.
  Result<std::optional<std::vector<int64_t>>> wholes(const std::string& name, int64_t min,
                                                     int64_t max, size_t max_count) const;

 private:
  explicit Body(nlohmann::json value) : value_(std::move(value)) {}
  nlohmann::json value_;
};

}  // namespace vigil::api
