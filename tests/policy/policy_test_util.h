// Helpers shared by the policy tests: a temporary folder of policy files
// and shorthands for loading and inspecting diagnostics.
#pragma once

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include "policy/policy_set.h"

namespace vigil::testing {

class TempDir {
 public:
  TempDir() {
    std::string tmpl = (std::filesystem::temp_directory_path() / "vigil-policy-XXXXXX").string();
    char* made = mkdtemp(tmpl.data());
    if (made) path_ = made;
  }
  ~TempDir() {
    std::error_code ec;
    if (!path_.empty()) std::filesystem::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  // Writes `text` to `name` (sub-folders created) and returns the full path.
  std::string write(const std::string& name, const std::string& text) const {
    std::filesystem::path p = std::filesystem::path(path_) / name;
    std::filesystem::create_directories(p.parent_path());
    std::ofstream(p, std::ios::binary) << text;
    return p.string();
  }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

// All diagnostics rendered, one after another (for failure messages).
inline std::string render_all(const PolicySet::LoadResult& r) {
  std::string out;
  for (const auto& d : r.diagnostics) out += d.render() + "\n";
  return out;
}

}  // namespace vigil::testing
