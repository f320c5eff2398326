// Where the third-party conformance data (../shared beside the checkout)
// is, found at run time so that a moved or copied build cannot silently
// skip the suites because a path baked in at configure time went stale.
//
// Contract
// - The environment variable VIGIL_SHARED_DIR, when set, wins; then the
//   VIGIL_SHARED_DIR the build was configured with, when it names a folder;
//   then the first ancestor of the current directory, then of
//   VIGIL_SOURCE_DIR, that has a `shared/conformance` folder beside it
//   (the checkout's `../shared`).
// - Nothing found: an empty path; callers GTEST_SKIP naming where they looked
//   (looked_for_shared_dir()).
#pragma once

#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

namespace vigil::test_support {

// The first `start` ancestor (itself included) whose `shared/conformance`
// exists; its `shared` folder, or empty.
inline std::filesystem::path find_shared_beside(const std::filesystem::path& start) {
  namespace fs = std::filesystem;
  std::error_code ec;
  fs::path dir = fs::absolute(start, ec);
  if (ec) return {};
  for (;;) {
    if (fs::is_directory(dir / "shared" / "conformance", ec)) return dir / "shared";
    if (!dir.has_parent_path() || dir.parent_path() == dir) return {};
    dir = dir.parent_path();
  }
}

// The shared/ folder by the rules above, with the inputs passed in.
inline std::filesystem::path locate_shared_dir(const char* env_override,
                                               const std::filesystem::path& configured,
                                               const std::vector<std::filesystem::path>& starts) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (env_override && *env_override) return fs::path(env_override);
  if (!configured.empty() && fs::is_directory(configured / "conformance", ec)) return configured;
  for (const auto& start : starts)
    if (fs::path found = find_shared_beside(start); !found.empty()) return found;
  return {};
}

inline std::filesystem::path shared_dir() {
  std::error_code ec;
  return locate_shared_dir(std::getenv("VIGIL_SHARED_DIR"), VIGIL_SHARED_DIR,
                           {std::filesystem::current_path(ec), VIGIL_SOURCE_DIR});
}

// `shared_dir() / relative`, or empty when there is no shared folder.
inline std::filesystem::path conformance_path(const std::string& relative) {
  std::filesystem::path shared = shared_dir();
  return shared.empty() ? shared : shared / "conformance" / relative;
}

// For skip messages: where the data was looked for.
inline std::string looked_for_shared_dir() {
  return "looked for $VIGIL_SHARED_DIR, the configured " + std::string(VIGIL_SHARED_DIR) +
         ", and a shared/conformance folder beside the ancestors of the current directory and of " +
         std::string(VIGIL_SOURCE_DIR);
}

}  // namespace vigil::test_support
