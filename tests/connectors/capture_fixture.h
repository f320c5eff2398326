// Test helper: a capture directory written by the test, removed afterwards,
// and lookups into the inventory read from it.
#pragma once

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "connectors/aws/capture_reader.h"
#include "connectors/aws/catalog.h"
#include "core/json_doc.h"

namespace vigil::aws::testing {

class CaptureDir {
 public:
  CaptureDir() {
    static int counter = 0;
    root_ = std::filesystem::temp_directory_path() /
            ("vigil-capture-" + std::to_string(::getpid()) + "-" + std::to_string(++counter));
    std::filesystem::remove_all(root_);
    std::filesystem::create_directories(root_);
  }
  ~CaptureDir() { std::filesystem::remove_all(root_); }
  CaptureDir(const CaptureDir&) = delete;
  CaptureDir& operator=(const CaptureDir&) = delete;

  // Writes `text` at root/relative, creating folders.
  void write(const std::string& relative, const std::string& text) const {
    std::filesystem::path p = root_ / relative;
    std::filesystem::create_directories(p.parent_path());
    std::ofstream(p, std::ios::binary) << text;
  }
  std::string path() const { return root_.string(); }

 private:
  std::filesystem::path root_;
};

// Writes every list file of `service`'s catalog types in account/region as an
// empty list ({"Volumes": []}), so a test only writes the files it is about.
inline void write_empty_lists(const CaptureDir& dir, const std::string& account,
                              const std::string& region, const std::string& service) {
  for (const ResourceType& t : resource_catalog()) {
    if (t.service != service || t.global != (region == "global")) continue;
    std::string_view items = t.items;
    std::string top(items.substr(0, items.find_first_of(".[")));
    dir.write(
        account + "/" + region + "/" + service + "/" + std::string(t.list_operation) + ".json",
        "{\"" + top + "\": []}");
  }
}

inline CaptureResult read_ok(const CaptureDir& dir, unsigned threads = 2) {
  CaptureOptions options;
  options.threads = threads;
  Result<CaptureResult> r = read_capture(dir.path(), options);
  EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().message);
  if (!r.ok()) return CaptureResult{};
  return std::move(r).value();
}

// The asset's member at a dotted path ("config.Domain.DomainStatus.ARN"), or an invalid ref.
// The asset with that id; a test failure (and an empty asset) when absent.
inline const Asset& get(const CaptureResult& r, const std::string& id) {
  const Asset* a = r.inventory.find(id);
  if (!a) {
    ADD_FAILURE() << "no asset " << id;
    static Asset none;
    return none;
  }
  return *a;
}

inline JsonRef at_path(const Asset& a, const std::string& dotted) {
  JsonRef ref = a.doc.root();
  size_t start = 0;
  while (ref.valid() && start <= dotted.size()) {
    size_t dot = dotted.find('.', start);
    std::string key =
        dotted.substr(start, dot == std::string::npos ? std::string::npos : dot - start);
    if (ref.kind() != JsonKind::Object) return JsonRef();
    ref = ref.find(key);
    if (dot == std::string::npos) break;
    start = dot + 1;
  }
  return ref;
}

inline std::vector<std::string> strings_at(const Asset& a, const std::string& dotted) {
  std::vector<std::string> out;
  JsonRef list = at_path(a, dotted);
  for (uint32_t i = 0; list.valid() && list.kind() == JsonKind::Array && i < list.size(); ++i)
    out.emplace_back(list.at(i).as_string());
  return out;
}

inline bool has_problem(const CaptureSummary& s, const std::string& needle) {
  for (const std::string& p : s.problems)
    if (p.find(needle) != std::string::npos) return true;
  return false;
}

}  // namespace vigil::aws::testing
