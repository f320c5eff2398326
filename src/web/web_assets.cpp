// The embedded dashboard files (web_assets.h); the table itself is
// generated (tools/web/embed_assets.cmake).
#include "web/web_assets.h"

#include <algorithm>

namespace vigil::web {

namespace detail {
extern const Asset kAssets[];
extern const size_t kAssetCount;
}  // namespace detail

std::optional<Asset> lookup(std::string_view path) {
  const Asset* begin = detail::kAssets;
  const Asset* end = detail::kAssets + detail::kAssetCount;
  const Asset* at = std::lower_bound(begin, end, path,
                                     [](const Asset& a, std::string_view p) { return a.path < p; });
  if (at == end || at->path != path) return std::nullopt;
  return *at;
}

const Asset& index_page() {
  // The generator refuses a build without index.html, so it is always there.
  static const Asset index = *lookup("/index.html");
  return index;
}

bool immutable(std::string_view path) { return path.starts_with("/static/"); }

size_t asset_count() { return detail::kAssetCount; }

const Asset& asset_at(size_t i) { return detail::kAssets[i]; }

}  // namespace vigil::web
