// How an API answer's body goes on the wire: gzip (zlib, a fast level)
// when the client accepts it, else as it is.
//
// Contract
// - encode_body(req, res) is applied to every API route's answer after its
//   handler. A body set with set_content (res.body) of at least 1 KiB goes
//   out gzip'd (Content-Encoding: gzip) when Accept-Encoding accepts gzip
//   ("gzip" or "*" with a q-value above 0); otherwise, and for smaller
//   bodies, as it is. Either way `Vary: Accept-Encoding` is set and the body
//   is handed to httplib as a provider of known length, which httplib sends
//   unchanged: its own compression would use Brotli at quality 11 for any
//   client that accepts br (every browser), about 4 s for a 700 KB answer
//   on this machine, 100 ms for a 20 KB one.
// - Answers streamed by their handler (a content provider: exports, Server-
//   Sent Events), bodies already encoded, and errors (status 400 and up:
//   small, and the server's error handler fills the bodies it finds empty)
//   are left to httplib.
#pragma once

#include <httplib.h>

#include <string>
#include <string_view>

namespace vigil::api {

void encode_body(const httplib::Request& req, httplib::Response& res);

// Whether an Accept-Encoding header value accepts gzip.
bool accepts_gzip_encoding(std::string_view accept_encoding);

}  // namespace vigil::api
