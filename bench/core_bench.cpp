// vigil-core-bench: the core's id index, text arena and hash against the
// standard library's, at inventory scale (docs/performance.md, "Core
// building blocks").
//
// For N asset ids (ARN-shaped, 40-90 bytes), in one process:
//   index   std::unordered_map<std::string, uint32_t> (the baseline) vs
//           TextArena + a vector of views + IdIndex (what the inventory, the
//           reconciler and the SQLite store use): build, N hits, N misses,
//           and the heap bytes each holds (glibc mallinfo2, exact).
//   hash    std::hash<std::string_view> vs hash_text over the same ids.
// Ratios are baseline / Vigil (above 1: Vigil is faster or smaller). The
// best of --runs timings is reported.
#include <malloc.h>

#include <CLI/CLI.hpp>
#include <chrono>
#include <cstdio>
#include <functional>
#include <random>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/hash.h"
#include "core/id_index.h"
#include "core/text_arena.h"

using Clock = std::chrono::steady_clock;

namespace {

double since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

size_t heap_bytes() { return mallinfo2().uordblks + mallinfo2().hblkhd; }

std::vector<std::string> make_ids(size_t n, uint64_t seed, const char* prefix) {
  static const char* kTypes[] = {
      "ec2:us-east-1:123456789012:instance/i-", "ec2:eu-west-1:210987654321:volume/vol-",
      "s3:::company-logs-bucket-", "iam::123456789012:user/engineering/service-account-"};
  std::mt19937_64 rng(seed);
  std::vector<std::string> ids;
  ids.reserve(n);
  char hex[17];
  for (size_t i = 0; i < n; ++i) {
    std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(rng()));
    ids.push_back(std::string(prefix) + kTypes[i % 4] + hex + std::to_string(i));
  }
  return ids;
}

struct Timing {
  double build = 1e9, hits = 1e9, misses = 1e9;
  size_t bytes = 0;
};

struct VigilIndex {
  vigil::TextArena arena;
  std::vector<std::string_view> rows;
  vigil::IdIndex index;
};

template <class Build, class Find>
void time_index(Timing& best, const std::vector<std::string>& ids,
                const std::vector<std::string>& absent, Build build, Find find) {
  size_t before = heap_bytes();
  auto start = Clock::now();
  auto table = build();
  best.build = std::min(best.build, since(start));
  best.bytes = heap_bytes() - before;
  size_t found = 0;
  start = Clock::now();
  for (const std::string& id : ids) found += find(*table, id);
  best.hits = std::min(best.hits, since(start));
  start = Clock::now();
  for (const std::string& id : absent) found += find(*table, id);
  best.misses = std::min(best.misses, since(start));
  if (found != ids.size()) std::fprintf(stderr, "lookup mismatch: %zu of %zu\n", found, ids.size());
}

}  // namespace

int main(int argc, char** argv) {
  size_t n = 1000000;
  int runs = 3;
  CLI::App app{"The core's id index, arena and hash vs the standard library's"};
  app.add_option("--ids", n, "Asset ids")->capture_default_str();
  app.add_option("--runs", runs, "Runs (the best is reported)")->capture_default_str();
  CLI11_PARSE(app, argc, argv);

  const std::vector<std::string> ids = make_ids(n, 1, "arn:aws:");
  const std::vector<std::string> absent = make_ids(n, 2, "arn:aws:");
  size_t text_bytes = 0;
  for (const std::string& id : ids) text_bytes += id.size();

  Timing std_map, vigil_index;
  for (int run = 0; run < runs; ++run) {
    time_index(
        std_map, ids, absent,
        [&] {
          auto m = std::make_unique<std::unordered_map<std::string, uint32_t>>();
          for (size_t i = 0; i < ids.size(); ++i) m->emplace(ids[i], uint32_t(i));
          return m;
        },
        [](const auto& m, const std::string& id) { return m.count(id); });
    time_index(
        vigil_index, ids, absent,
        [&] {
          auto t = std::make_unique<VigilIndex>();
          for (size_t i = 0; i < ids.size(); ++i) {
            t->rows.push_back(t->arena.add(ids[i]));
            t->index.insert(vigil::hash_text(ids[i]), uint32_t(i));
          }
          return t;
        },
        [](const VigilIndex& t, const std::string& id) {
          auto row = t.index.find(id, vigil::hash_text(id), [&](uint32_t r) { return t.rows[r]; });
          return size_t(row != vigil::IdIndex::npos);
        });
  }

  double std_hash = 1e9, vigil_hash = 1e9;
  uint64_t sink = 0;
  for (int run = 0; run < runs; ++run) {
    auto start = Clock::now();
    for (const std::string& id : ids) sink += std::hash<std::string_view>{}(id);
    std_hash = std::min(std_hash, since(start));
    start = Clock::now();
    for (const std::string& id : ids) sink += vigil::hash_text(id);
    vigil_hash = std::min(vigil_hash, since(start));
  }

  auto per = [&](double seconds) { return seconds * 1e9 / double(n); };
  std::printf("%zu ids, %.1f bytes each on average; best of %d\n\n", n,
              double(text_bytes) / double(n), runs);
  std::printf("%-28s %14s %14s %8s\n", "", "unordered_map", "IdIndex+arena", "ratio");
  std::printf("%-28s %11.1f ns %11.1f ns %7.2fx\n", "build, per id", per(std_map.build),
              per(vigil_index.build), std_map.build / vigil_index.build);
  std::printf("%-28s %11.1f ns %11.1f ns %7.2fx\n", "lookup hit, per id", per(std_map.hits),
              per(vigil_index.hits), std_map.hits / vigil_index.hits);
  std::printf("%-28s %11.1f ns %11.1f ns %7.2fx\n", "lookup miss, per id", per(std_map.misses),
              per(vigil_index.misses), std_map.misses / vigil_index.misses);
  std::printf("%-28s %12.1f B %12.1f B %7.2fx\n", "heap, per id (text included)",
              double(std_map.bytes) / double(n), double(vigil_index.bytes) / double(n),
              double(std_map.bytes) / double(vigil_index.bytes));
  std::printf("\n%-28s %14s %14s %8s\n", "", "std::hash", "hash_text", "ratio");
  std::printf("%-28s %11.1f ns %11.1f ns %7.2fx\n", "hash, per id", per(std_hash), per(vigil_hash),
              std_hash / vigil_hash);
  return sink == 42 ? 1 : 0;
}
