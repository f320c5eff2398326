// vigil-bench-generate: writes a synthetic AWS inventory (JSON lines), or a
// capture directory in the AWS CLI format (synthetic_capture.h).
//   vigil-bench-generate --assets N [--seed S] --out FILE.jsonl
//   vigil-bench-generate --assets N [--seed S] --capture DIR
// Same (N, S) -> same bytes. See synthetic_aws.h for what is generated.
#include <CLI/CLI.hpp>
#include <chrono>
#include <cstdio>

#include "synthetic_aws.h"
#include "synthetic_capture.h"

int main(int argc, char** argv) {
  CLI::App app("Generate a synthetic AWS inventory in Vigil's asset format (JSON lines)");
  size_t assets = 100000;
  uint64_t seed = 1;
  std::string out;
  app.add_option("--assets", assets, "number of assets")->capture_default_str();
  app.add_option("--seed", seed, "random seed")->capture_default_str();
  std::string capture;
  auto* out_opt = app.add_option("--out", out, "output file (.jsonl)");
  auto* capture_opt = app.add_option("--capture", capture,
                                     "write a capture directory (docs/capture-format.md) instead of JSON lines");
  out_opt->excludes(capture_opt);
  CLI11_PARSE(app, argc, argv);
  if (out.empty() && capture.empty()) {
    std::fprintf(stderr, "vigil-bench-generate: give --out FILE.jsonl or --capture DIR\n");
    return 1;
  }
  if (!capture.empty()) {
    auto start = std::chrono::steady_clock::now();
    vigil::bench::CaptureStats stats;
    if (auto error = vigil::bench::write_capture(capture, assets, seed, stats)) {
      std::fprintf(stderr, "vigil-bench-generate: %s\n", error->c_str());
      return 1;
    }
    double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    std::printf("wrote a capture of %zu resources in %zu accounts: %zu files, %zu bytes to %s in %.2f s\n",
                stats.resources, stats.accounts, stats.files, stats.bytes, capture.c_str(), s);
    return 0;
  }

  std::FILE* f = std::fopen(out.c_str(), "wb");
  if (!f) {
    std::perror(("vigil-bench-generate: cannot write " + out).c_str());
    return 1;
  }
  auto start = std::chrono::steady_clock::now();
  size_t bytes = vigil::bench::write_inventory(f, assets, seed);
  if (std::fclose(f) != 0) {
    std::perror(("vigil-bench-generate: cannot write " + out).c_str());
    return 1;
  }
  double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::printf("wrote %zu assets, %zu bytes (%.0f bytes/asset) to %s in %.2f s\n", assets, bytes,
              assets ? double(bytes) / double(assets) : 0.0, out.c_str(), s);
  return 0;
}
