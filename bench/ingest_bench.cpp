// vigil-ingest-bench: capture ingestion throughput against a bare simdjson
// parse of the same files, in the same run.
//
// Hypothesis: reading a capture into assets (walk the folders, read and
// parse every file with simdjson, select items, merge per-resource outputs,
// build each asset's JsonDoc directly from the parsed elements, index the
// inventory) costs at most ~3x a bare parse of the same bytes, i.e. reaches
// at least 30% of the bare parse's MB/s, because no JSON text is written and
// re-parsed and per-file work is the same read + one simdjson pass.
//
// Both sides read the files from the page cache (a warm-up pass first), use
// the same thread count, and the best of --repeat runs is reported.
//
//   vigil-ingest-bench [--capture DIR | --resources N [--keep DIR]] [--threads T] [--repeat R]
#include <fmt/format.h>
#include <simdjson.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <atomic>
#include <chrono>
#include <filesystem>
#include <iostream>
#include <thread>
#include <vector>

#include "connectors/aws/capture_reader.h"
#include "synthetic_capture.h"

namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

std::vector<std::string> json_files(const std::string& dir) {
  std::vector<std::string> files;
  for (const auto& e : fs::recursive_directory_iterator(dir))
    if (e.is_regular_file() && e.path().extension() == ".json") files.push_back(e.path().string());
  return files;
}

// Read + parse every file, `threads` workers; returns seconds. Bytes in *bytes.
double bare_parse(const std::vector<std::string>& files, unsigned threads, size_t* bytes) {
  std::atomic<size_t> next{0}, total{0}, failures{0};
  auto start = Clock::now();
  auto work = [&] {
    simdjson::dom::parser parser;
    size_t mine = 0;
    for (size_t i; (i = next.fetch_add(1)) < files.size();) {
      simdjson::padded_string text;
      if (simdjson::padded_string::load(files[i]).get(text)) {
        ++failures;
        continue;
      }
      simdjson::dom::element root;
      if (parser.parse(text).get(root)) ++failures;
      mine += text.size();
    }
    total += mine;
  };
  std::vector<std::thread> pool;
  for (unsigned t = 1; t < threads; ++t) pool.emplace_back(work);
  work();
  for (auto& t : pool) t.join();
  *bytes = total;
  return std::chrono::duration<double>(Clock::now() - start).count();
}

double ingest(const std::string& dir, unsigned threads, size_t* assets) {
  vigil::aws::CaptureOptions options;
  options.threads = threads;
  auto start = Clock::now();
  auto result = vigil::aws::read_capture(dir, options);
  double seconds = std::chrono::duration<double>(Clock::now() - start).count();
  if (!result.ok()) {
    std::cerr << "vigil-ingest-bench: " << result.error().message << '\n';
    std::exit(1);
  }
  *assets = result->inventory.size();
  return seconds;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"Capture ingestion throughput vs a bare simdjson parse of the same files"};
  std::string capture;
  size_t resources = 20000;
  unsigned threads = 0;
  int repeat = 5;
  app.add_option("--capture", capture, "An existing capture directory (default: a synthetic one)");
  app.add_option("--resources", resources, "Size of the synthetic capture")->capture_default_str();
  app.add_option("--threads", threads, "Threads for both sides (default 0: 1 and all cores)");
  std::string keep;
  app.add_option("--keep", keep,
                 "Write the synthetic capture to DIR and keep it (for profiling with --capture)");
  app.add_option("--repeat", repeat, "Runs per measurement; the best is kept")
      ->capture_default_str();
  CLI11_PARSE(app, argc, argv);

  fs::path temp;
  if (capture.empty()) {
    temp = keep.empty()
               ? fs::temp_directory_path() / fmt::format("vigil-ingest-bench-{}", ::getpid())
               : fs::path(keep);
    vigil::bench::CaptureStats stats;
    if (auto error = vigil::bench::write_capture(temp.string(), resources, 42, stats)) {
      std::cerr << "vigil-ingest-bench: " << *error << '\n';
      return 1;
    }
    capture = temp.string();
  }
  std::vector<std::string> files = json_files(capture);
  size_t bytes = 0;
  bare_parse(files, 1, &bytes);  // warm the page cache
  std::vector<unsigned> thread_counts;
  if (threads) {
    thread_counts = {threads};
  } else {
    thread_counts = {1};
    unsigned hw = std::max(1u, std::thread::hardware_concurrency());
    if (hw > 1) thread_counts.push_back(hw);
  }
  std::cout << fmt::format("capture: {} files, {:.1f} MB\n", files.size(), bytes / 1e6);
  std::cout << fmt::format("{:>7}  {:>14}  {:>14}  {:>7}  {:>8}\n", "threads", "bare MB/s",
                           "ingest MB/s", "ratio", "assets");
  for (unsigned t : thread_counts) {
    double best_bare = 1e30, best_ingest = 1e30;
    size_t assets = 0;
    for (int r = 0; r < repeat; ++r) {
      best_bare = std::min(best_bare, bare_parse(files, t, &bytes));
      best_ingest = std::min(best_ingest, ingest(capture, t, &assets));
    }
    double bare_mbs = bytes / 1e6 / best_bare, ingest_mbs = bytes / 1e6 / best_ingest;
    std::cout << fmt::format("{:>7}  {:>14.1f}  {:>14.1f}  {:>6.0f}%  {:>8}\n", t, bare_mbs,
                             ingest_mbs, 100 * ingest_mbs / bare_mbs, assets);
  }
  if (!temp.empty() && keep.empty()) fs::remove_all(temp);
  return 0;
}
