// The dashboard's files on the API's port (ui.h).
#include "api/ui.h"

#include <string>
#include <vector>

#include "api/body_encoding.h"
#include "web/web_assets.h"

namespace vigil::api {

const char* const ui_csp =
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; font-src 'self'; base-uri 'none'; form-action 'self'; "
    "frame-ancestors 'none'";

namespace {

// `prefix` itself or a path under it.
bool at_or_under(std::string_view path, std::string_view prefix) {
  return path.starts_with(prefix) && (path.size() == prefix.size() || path[prefix.size()] == '/');
}

// The items of a comma-separated header value, without spaces around them.
std::vector<std::string_view> items(std::string_view header) {
  std::vector<std::string_view> out;
  while (!header.empty()) {
    size_t comma = header.find(',');
    std::string_view item = header.substr(0, comma);
    header = comma == std::string_view::npos ? std::string_view{} : header.substr(comma + 1);
    while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
    while (!item.empty() && item.back() == ' ') item.remove_suffix(1);
    if (!item.empty()) out.push_back(item);
  }
  return out;
}

// If-None-Match names `etag` (weak comparison, as RFC 9110 asks), or is "*".
bool none_match(std::string_view header, std::string_view etag) {
  for (std::string_view item : items(header)) {
    if (item.starts_with("W/")) item.remove_prefix(2);
    if (item == etag || item == "*") return true;
  }
  return false;
}

void replace_header(httplib::Response& res, const std::string& name, const std::string& value) {
  res.headers.erase(name);
  res.set_header(name, value);
}

}  // namespace

bool ui_path(std::string_view path) {
  for (std::string_view api : {"/api", "/metrics", "/healthz", "/readyz"})
    if (at_or_under(path, api)) return false;
  return true;
}

void serve_ui(const httplib::Request& req, httplib::Response& res) {
  std::optional<web::Asset> found = web::lookup(req.path == "/" ? "/index.html" : req.path);
  if (!found && web::immutable(req.path)) {
    res.status = 404;  // the error handler writes the JSON body
    return;
  }
  const web::Asset asset = found ? *found : web::index_page();
  bool gzip = !asset.gzip.empty() && accepts_gzip_encoding(req.get_header_value("Accept-Encoding"));
  std::string_view body = gzip ? asset.gzip : asset.body;
  std::string etag(gzip ? asset.gzip_etag : asset.etag);

  replace_header(res, "Content-Security-Policy", ui_csp);
  replace_header(res, "Cache-Control",
                 web::immutable(asset.path) ? "public, max-age=31536000, immutable" : "no-cache");
  res.set_header("ETag", etag);
  res.set_header("Vary", "Accept-Encoding");
  if (none_match(req.get_header_value("If-None-Match"), etag)) {
    res.status = 304;
    return;
  }
  if (gzip) res.set_header("Content-Encoding", "gzip");
  // A provider of known length: httplib sends it as it is (it compresses
  // only bodies set with set_content), straight from the embedded bytes.
  res.set_content_provider(body.size(), std::string(asset.content_type),
                           [body](size_t offset, size_t length, httplib::DataSink& sink) {
                             return sink.write(body.data() + offset, length);
                           });
}

}  // namespace vigil::api
