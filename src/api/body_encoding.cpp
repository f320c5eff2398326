// See body_encoding.h.
#include "api/body_encoding.h"

#include <zlib.h>

#include <cstdlib>
#include <memory>

namespace vigil::api {

namespace {

constexpr size_t kSmallestEncodedBody = 1024;
// zlib's level 4: about 4x the speed of level 9 on JSON, a few percent larger.
constexpr int kGzipLevel = 4;

std::string_view trimmed_coding(std::string_view s) {
  while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
  while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
  return s;
}

// `data` gzip'd, or empty when zlib fails.
std::string gzip_text(std::string_view data) {
  z_stream z{};
  // 15 + 16: a gzip header and trailer, not zlib's.
  if (deflateInit2(&z, kGzipLevel, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK) return {};
  std::string out(deflateBound(&z, data.size()), '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  z.avail_in = static_cast<uInt>(data.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  int done = deflate(&z, Z_FINISH);
  out.resize(z.total_out);
  deflateEnd(&z);
  return done == Z_STREAM_END ? out : std::string();
}

}  // namespace

bool accepts_gzip_encoding(std::string_view header) {
  while (!header.empty()) {
    size_t comma = header.find(',');
    std::string_view item = trimmed_coding(header.substr(0, comma));
    header = comma == std::string_view::npos ? std::string_view{} : header.substr(comma + 1);
    std::string_view coding = trimmed_coding(item.substr(0, item.find(';')));
    if (coding != "gzip" && coding != "*") continue;
    size_t q = item.find("q=");
    return q == std::string_view::npos ||
           std::strtod(std::string(item.substr(q + 2)).c_str(), nullptr) > 0;
  }
  return false;
}

void encode_body(const httplib::Request& req, httplib::Response& res) {
  // Errors keep their body: the server's error handler fills empty ones.
  if (res.status >= 400 || res.body.empty() || res.has_header("Content-Encoding")) return;
  auto body = std::make_shared<std::string>(std::move(res.body));
  res.body.clear();
  res.set_header("Vary", "Accept-Encoding");
  if (body->size() >= kSmallestEncodedBody &&
      accepts_gzip_encoding(req.get_header_value("Accept-Encoding"))) {
    if (std::string gz = gzip_text(*body); !gz.empty()) {
      *body = std::move(gz);
      res.set_header("Content-Encoding", "gzip");
    }
  }
  std::string type = res.get_header_value("Content-Type");
  res.set_content_provider(body->size(), type,
                           [body](size_t offset, size_t length, httplib::DataSink& sink) {
                             return sink.write(body->data() + offset, length);
                           });
}

}  // namespace vigil::api
