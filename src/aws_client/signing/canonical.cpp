#include "aws_client/signing/canonical.h"

#include <algorithm>
#include <map>

namespace vigil::aws {
namespace {

bool is_unreserved(unsigned char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
         c == '_' || c == '.' || c == '~';
}

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

void append_escape(std::string& out, unsigned char c) {
  static constexpr char kDigits[] = "0123456789ABCDEF";
  out.push_back('%');
  out.push_back(kDigits[c >> 4]);
  out.push_back(kDigits[c & 0xF]);
}

std::string lowercase(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

// Path characters that may appear unescaped in an encoded path (RFC 3986
// pchar, plus '/'), for the S3 single-encoding mode.
bool is_path_safe(unsigned char c) {
  if (is_unreserved(c) || c == '/') return true;
  switch (c) {
    case '!':
    case '$':
    case '&':
    case '\'':
    case '(':
    case ')':
    case '*':
    case '+':
    case ',':
    case ';':
    case '=':
    case ':':
    case '@':
      return true;
    default:
      return false;
  }
}

std::string normalize_path(std::string_view path) {
  std::vector<std::string_view> segments;
  size_t start = 0;
  while (start <= path.size()) {
    size_t slash = path.find('/', start);
    if (slash == std::string_view::npos) slash = path.size();
    std::string_view segment = path.substr(start, slash - start);
    if (segment == "..") {
      if (!segments.empty()) segments.pop_back();
    } else if (!segment.empty() && segment != ".") {
      segments.push_back(segment);
    }
    start = slash + 1;
  }
  std::string out = "/";
  for (size_t i = 0; i < segments.size(); ++i) {
    if (i > 0) out += '/';
    out += segments[i];
  }
  if (!segments.empty() && path.size() > 1 && path.back() == '/') out += '/';
  return out;
}

}  // namespace

Result<UrlParts> split_url(std::string_view url) {
  UrlParts parts;
  size_t scheme_end = url.find("://");
  if (scheme_end == std::string_view::npos || scheme_end == 0) {
    return Error("cannot sign request: URL '" + std::string(url) +
                 "' is not absolute (scheme://host/path)");
  }
  parts.scheme = lowercase(url.substr(0, scheme_end));
  std::string_view rest = url.substr(scheme_end + 3);
  // The authority ends at the first '/', '?' or '#' (RFC 3986 3.2), as in
  // the HTTP client: "http://a.example#@127.0.0.1/" is host a.example.
  size_t authority_end = rest.find_first_of("/?#");
  std::string_view authority = rest.substr(0, authority_end);
  if (size_t at = authority.rfind('@'); at != std::string_view::npos)
    authority.remove_prefix(at + 1);
  size_t colon = authority.rfind(':');
  size_t bracket = authority.rfind(']');
  if (colon != std::string_view::npos && (bracket == std::string_view::npos || colon > bracket)) {
    parts.host = lowercase(authority.substr(0, colon));
    parts.port = std::string(authority.substr(colon + 1));
  } else {
    parts.host = lowercase(authority);
  }
  if (parts.host.empty()) {
    return Error("cannot sign request: URL '" + std::string(url) + "' has no host");
  }
  std::string_view tail = authority_end == std::string_view::npos ? "" : rest.substr(authority_end);
  tail = tail.substr(0, tail.find('#'));  // a fragment is never sent
  size_t question = tail.find('?');
  parts.path = std::string(tail.substr(0, question));
  if (question != std::string_view::npos) parts.query = std::string(tail.substr(question + 1));
  if (parts.path.empty()) parts.path = "/";
  return parts;
}

std::string host_header_value(const UrlParts& url) {
  bool default_port = url.port.empty() || (url.scheme == "https" && url.port == "443") ||
                      (url.scheme == "http" && url.port == "80");
  return default_port ? url.host : url.host + ":" + url.port;
}

std::string canonical_uri(std::string_view path, bool normalize, bool double_encode) {
  std::string working = path.empty() ? std::string("/") : std::string(path);
  if (normalize) working = normalize_path(working);
  if (double_encode) return percent_encode(working, /*keep_slash=*/true);
  std::string out;
  out.reserve(working.size());
  for (size_t i = 0; i < working.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(working[i]);
    bool escape_kept = c == '%' && i + 2 < working.size() && hex_value(working[i + 1]) >= 0 &&
                       hex_value(working[i + 2]) >= 0;
    if (escape_kept || is_path_safe(c)) {
      out.push_back(static_cast<char>(c));
    } else {
      append_escape(out, c);
    }
  }
  return out;
}

QueryParams parse_query(std::string_view query) {
  QueryParams params;
  size_t start = 0;
  while (start < query.size()) {
    size_t amp = query.find('&', start);
    if (amp == std::string_view::npos) amp = query.size();
    std::string_view pair = query.substr(start, amp - start);
    if (!pair.empty()) {
      size_t eq = pair.find('=');
      if (eq == std::string_view::npos) {
        params.emplace_back(percent_decode(pair), "");
      } else {
        params.emplace_back(percent_decode(pair.substr(0, eq)),
                            percent_decode(pair.substr(eq + 1)));
      }
    }
    start = amp + 1;
  }
  return params;
}

std::string canonical_query(const QueryParams& params) {
  std::vector<std::pair<std::string, std::string>> encoded;
  encoded.reserve(params.size());
  for (const auto& [name, value] : params) {
    encoded.emplace_back(percent_encode(name, false), percent_encode(value, false));
  }
  std::sort(encoded.begin(), encoded.end());
  std::string out;
  for (const auto& [name, value] : encoded) {
    if (!out.empty()) out += '&';
    out += name;
    out += '=';
    out += value;
  }
  return out;
}

std::string fold_header_value(std::string_view value) {
  std::string out;
  out.reserve(value.size());
  bool pending_space = false;
  for (char c : value) {
    if (is_space(c)) {
      pending_space = !out.empty();
      continue;
    }
    if (pending_space) out.push_back(' ');
    pending_space = false;
    out.push_back(c);
  }
  return out;
}

bool is_unsigned_header(std::string_view name) {
  return name == "authorization" || name == "user-agent" || name == "expect" ||
         name == "connection" || name == "transfer-encoding" || name == "x-amzn-trace-id";
}

CanonicalHeaders canonical_headers(const HttpHeaders& headers, std::string_view host) {
  std::map<std::string, std::string> joined;  // sorted by lowercase name
  for (const auto& [name, value] : headers) {
    std::string key = lowercase(fold_header_value(name));
    if (key.empty() || is_unsigned_header(key)) continue;
    auto [it, inserted] = joined.try_emplace(key, fold_header_value(value));
    if (!inserted) {
      it->second += ',';
      it->second += fold_header_value(value);
    }
  }
  if (!joined.count("host")) joined.emplace("host", std::string(host));
  CanonicalHeaders out;
  for (const auto& [name, value] : joined) {
    out.block += name + ':' + value + '\n';
    if (!out.signed_headers.empty()) out.signed_headers += ';';
    out.signed_headers += name;
  }
  return out;
}

}  // namespace vigil::aws
