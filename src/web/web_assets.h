// The dashboard's files (web/, built by Vite at build time) compiled into
// the binary (cmake/web.cmake, tools/web/embed_assets.cmake), for
// `vigil serve` to answer from memory.
//
// Contract
// - lookup(path) finds a file by its URL path ("/index.html",
//   "/static/index-1a2b3c.js"); nullopt when the build has no such file.
// - Every asset has its bytes, its content type and a strong ETag (quoted,
//   from the SHA-256 of its bytes). `gzip` holds a gzip'd copy when the build
//   made one (then `gzip_etag` is that copy's own ETag), else it is empty.
// - Files under /static/ have content hashes in their names: they never
//   change under one name (immutable(), for long-lived caching).
// - The views point into static storage: valid for the whole process.
#pragma once

#include <cstddef>
#include <optional>
#include <string_view>

namespace vigil::web {

struct Asset {
  std::string_view path;          // "/index.html"
  std::string_view content_type;  // "text/html; charset=utf-8"
  std::string_view body;
  std::string_view etag;       // "\"3f2a...\""
  std::string_view gzip;       // empty: no gzip'd copy
  std::string_view gzip_etag;  // of `gzip`
};

std::optional<Asset> lookup(std::string_view path);

// The single-page app's entry (index.html): the answer to any UI path that
// is not a file.
const Asset& index_page();

// True for a path whose name carries its content hash (/static/...).
bool immutable(std::string_view path);

// Every embedded file, sorted by path.
size_t asset_count();
const Asset& asset_at(size_t i);

}  // namespace vigil::web
