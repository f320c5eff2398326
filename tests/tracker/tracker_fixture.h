// Shared set-up for tracker tests: policies and assets through the real
// loaders, a real SQLite store in a fresh temporary directory.
#pragma once

#include <gtest/gtest.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <string>
#include <vector>

#include "engine/scan.h"
#include "inventory/inventory.h"
#include "policy/policy_set.h"
#include "store/store.h"

namespace vigil::tracker::testing {

inline PolicySet load_policies(const std::string& yaml) {
  auto loaded = PolicySet::load_text(yaml, "test.yaml");
  for (const auto& d : loaded.diagnostics) ADD_FAILURE() << d.render();
  EXPECT_TRUE(loaded.ok());
  return std::move(loaded.set);
}

inline Asset parse_asset(const std::string& json) {
  auto asset = Asset::parse(json);
  EXPECT_TRUE(asset.ok()) << json << ": " << (asset.ok() ? "" : asset.error().message);
  return std::move(asset.value());
}

// As an inventory file would load: its coverage is its own assets'.
inline Inventory make_inventory(const std::vector<std::string>& assets) {
  Inventory inventory;
  for (const auto& json : assets) {
    auto added = inventory.add(parse_asset(json));
    EXPECT_TRUE(added.ok());
  }
  inventory.finalize();
  inventory.set_coverage(Coverage::of_assets(inventory));
  return inventory;
}

// 2026-11-26T00:00:00Z plus `days` (and `hours`).
inline store::Time day(int days, int hours = 0) {
  return store::Time{} + std::chrono::seconds(1795651200) + std::chrono::hours(24 * days + hours);
}

// A temporary directory removed at the end of the test.
class TempDir {
 public:
  TempDir() {
    path_ = std::filesystem::temp_directory_path() /
            ("vigil-tracker-" + std::to_string(::getpid()) + "-" + std::to_string(counter()++));
    std::filesystem::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  std::string file(const std::string& name) const { return (path_ / name).string(); }

 private:
  static int& counter() {
    static int n = 0;
    return n;
  }
  std::filesystem::path path_;
};

}  // namespace vigil::tracker::testing
