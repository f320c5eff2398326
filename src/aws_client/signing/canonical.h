// The pieces of a SigV4 canonical request: URL split, URI encoding, path
// normalization, the canonical query string and the canonical headers.
//
// Rules (AWS SigV4, as the published test suites pin them down):
//  - percent_encode (core/percent_encoding.h): every byte except A-Z a-z 0-9 - _ . ~ becomes %XX
//    (uppercase hex); '/' is kept when keep_slash.
//  - canonical_uri: the request path is already percent-encoded on the wire.
//    normalize removes "." and ".." segments and empty segments ("//"),
//    keeping a trailing slash; double_encode encodes the path once more
//    (every service but S3); without it only bytes that are not valid in an
//    encoded path are escaped and existing %XX escapes are kept (S3).
//  - canonical_query: each name=value is decoded and re-encoded strictly,
//    '+' is a literal plus; pairs are sorted by name then value; a name
//    without '=' gets an empty value.
//  - canonical_headers: names lowercased, sorted; values trimmed with runs of
//    whitespace (spaces, tabs, folded line breaks) collapsed to one space;
//    repeated names joined with ',' in request order. Hop-by-hop and
//    volatile headers (authorization, user-agent, expect, connection,
//    transfer-encoding, x-amzn-trace-id) are never signed.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "aws_client/transport/http.h"
#include "core/percent_encoding.h"
#include "core/result.h"

namespace vigil::aws {

struct UrlParts {
  std::string scheme;  // "https"
  std::string host;    // "ec2.us-east-1.amazonaws.com" (IPv6 literals keep their brackets)
  std::string port;    // "" when not given
  std::string path;    // "/" when the URL has none; as written (encoded)
  std::string query;   // without '?'; as written (encoded)
};

Result<UrlParts> split_url(std::string_view url);
// The Host header value for a URL: host, plus ":port" unless it is the
// scheme's default port.
std::string host_header_value(const UrlParts& url);

std::string canonical_uri(std::string_view path, bool normalize, bool double_encode);

using QueryParams = std::vector<std::pair<std::string, std::string>>;  // decoded
QueryParams parse_query(std::string_view query);
std::string canonical_query(const QueryParams& params);

std::string fold_header_value(std::string_view value);
bool is_unsigned_header(std::string_view lowercase_name);

struct CanonicalHeaders {
  std::string block;           // "name:value\n" per header
  std::string signed_headers;  // "host;x-amz-date"
};
// `host` is used when the request has no Host header.
CanonicalHeaders canonical_headers(const HttpHeaders& headers, std::string_view host);

}  // namespace vigil::aws
