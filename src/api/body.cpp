// Request bodies (body.h).
#include "api/body.h"

#include <fmt/format.h>

#include <algorithm>

#include "api/http_json.h"
#include "core/invalid_input.h"

namespace vigil::api {

std::optional<Body> Body::read(const httplib::Request& req, httplib::Response& res,
                               std::initializer_list<std::string_view> allowed) {
  std::string type = req.get_header_value("Content-Type");
  if (type.substr(0, type.find(';')) != "application/json") {
    send_error(res, 415, "unsupported_media_type", "send the request body as application/json");
    return std::nullopt;
  }
  // No request needs nesting deeper than 8: deeper input stops the parse
  // (the body limit bounds its size, this its depth).
  bool too_deep = false;
  auto limit_depth = [&](int depth, nlohmann::json::parse_event_t, nlohmann::json&) {
    if (depth > 8) too_deep = true;
    return !too_deep;
  };
  nlohmann::json value = nlohmann::json::parse(req.body, limit_depth, false);
  if (too_deep) {
    send_error(res, 400, "invalid_input", "the request body nests deeper than 8 levels");
    return std::nullopt;
  }
  if (value.is_discarded()) {
    send_error(res, 400, "invalid_json", "the request body is not valid JSON");
    return std::nullopt;
  }
  if (!value.is_object()) {
    send_error(res, 400, "invalid_input", "the request body must be a JSON object");
    return std::nullopt;
  }
  for (const auto& [name, member] : value.items())
    if (std::find(allowed.begin(), allowed.end(), name) == allowed.end()) {
      send_error(res, 400, "invalid_input", fmt::format("unknown member `{}`", name), name);
      return std::nullopt;
    }
  return Body(std::move(value));
}

Result<std::optional<std::string>> Body::text(const std::string& name) const {
  auto it = value_.find(name);
  if (it == value_.end() || it->is_null()) return std::optional<std::string>();
  if (!it->is_string()) return invalid_input(fmt::format("`{}` must be a string", name), name);
  return std::optional<std::string>(it->get<std::string>());
}

Result<std::string> Body::required_text(const std::string& name) const {
  auto t = text(name);
  if (!t.ok()) return t.error();
  if (!*t || (*t)->empty()) return invalid_input(fmt::format("`{}` is required", name), name);
  return **t;
}

Result<std::optional<std::vector<std::string>>> Body::texts(const std::string& name) const {
  auto it = value_.find(name);
  if (it == value_.end() || it->is_null()) return std::optional<std::vector<std::string>>();
  if (!it->is_array())
    return invalid_input(fmt::format("`{}` must be an array of strings", name), name);
  std::vector<std::string> out;
  for (const auto& v : *it) {
    if (!v.is_string())
      return invalid_input(fmt::format("`{}` must be an array of strings", name), name);
    out.push_back(v.get<std::string>());
  }
  return std::optional<std::vector<std::string>>(std::move(out));
}

Result<std::optional<bool>> Body::flag(const std::string& name) const {
  auto it = value_.find(name);
  if (it == value_.end() || it->is_null()) return std::optional<bool>();
  if (!it->is_boolean())
    return invalid_input(fmt::format("`{}` must be true or false", name), name);
  return std::optional<bool>(it->get<bool>());
}

Result<std::optional<int64_t>> Body::whole(const std::string& name, int64_t min,
                                           int64_t max) const {
  auto it = value_.find(name);
  if (it == value_.end() || it->is_null()) return std::optional<int64_t>();
  if (!it->is_number_integer())
    return invalid_input(fmt::format("`{}` must be a whole number", name), name);
  int64_t v = it->get<int64_t>();
  if (v < min || v > max)
    return invalid_input(fmt::format("`{}` must be between {} and {}", name, min, max), name);
  return std::optional<int64_t>(v);
}

Result<std::optional<std::vector<int64_t>>> Body::wholes(const std::string& name, int64_t min,
                                                         int64_t max, size_t max_count) const {
  auto it = value_.find(name);
  if (it == value_.end() || it->is_null()) return std::optional<std::vector<int64_t>>();
  if (!it->is_array() || it->empty() || it->size() > max_count)
    return invalid_input(
        fmt::format("`{}` must be an array of 1 to {} whole numbers", name, max_count), name);
  std::vector<int64_t> out;
  for (const auto& element : *it) {
    if (!element.is_number_integer() || element.get<int64_t>() < min ||
        element.get<int64_t>() > max)
      return invalid_input(
          fmt::format("`{}` must hold whole numbers between {} and {}", name, min, max), name);
    out.push_back(element.get<int64_t>());
  }
  return std::optional<std::vector<int64_t>>(std::move(out));
}

}  // namespace vigil::api
