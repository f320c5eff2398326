// vigil-tracker-bench: the tracker's reconcile into SQLite at scale
// (docs/performance.md, "Tracker").
//
// For N assets (synthetic inventory of synthetic_aws.h, the 50 policies of
// bench/policies, or with --dense those of bench/policies-dense, which give
// ~5 violations per asset instead of ~1.7) into a fresh SQLite store:
//   first      load, assess, record_scan (everything new)
//   unchanged  the same inventory again (collected_at changed: not a change)
//   changed    1% of the assets changed (a config member added to every
//              100th asset, and its first `false` flipped to `true`, which
//              opens or closes some violations)
// Each step prints load, assess and reconcile seconds (reconcile includes
// the store's apply_scan transaction), the tracker's write counts and the
// process's peak RSS (getrusage ru_maxrss). `--step` runs one step only (in a
// fresh process the peak RSS is that step's own; the store must already hold
// the previous steps).
#include <sys/resource.h>

#include <CLI/CLI.hpp>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

#include "engine/scan.h"
#include "inventory/inventory.h"
#include "policy/policy_set.h"
#include "store/store.h"
#include "synthetic_aws.h"
#include "tracker_floor.h"
#include "tracker/tracker.h"

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

namespace {

double since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

double cpu_seconds() {  // user + system time of the process so far
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return double(u.ru_utime.tv_sec + u.ru_stime.tv_sec) +
         double(u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6;
}

double peak_rss_mib() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return double(u.ru_maxrss) / 1024.0;  // ru_maxrss is KiB on Linux
}

// A copy of `from` with every 100th asset changed and every asset's
// collected_at moved a day later.
size_t write_changed(const std::string& from, const std::string& to) {
  std::ifstream in(from);
  std::ofstream out(to);
  std::string line;
  size_t n = 0, changed = 0;
  while (std::getline(in, line)) {
    if (size_t at = line.find("\"collected_at\":\"2026-"); at != std::string::npos)
      line.replace(at + 16, 4, "2027");
    if (n++ % 100 == 0) {
      size_t config = line.find("\"config\":{");
      if (config != std::string::npos) {
        size_t f = line.find("false", config);
        if (f != std::string::npos) line.replace(f, 5, "true");
        line.insert(config + 10, "\"BenchRevision\":2,");
        ++changed;
      }
    }
    out << line << '\n';
  }
  return changed;
}

struct Step {
  const char* name;
  std::string inventory;
  int64_t now_offset_s;
};

// Runs one step; `reconcile_s` receives its reconcile wall time. After the
// first step the SQLite floor is written to `floor_path` (tracker_floor.h).
int run_step(vigil::store::Store& db, const vigil::PolicySet& policies, const Step& step,
             unsigned threads, const std::string& floor_path, double& reconcile_s) {
  using namespace vigil;
  double cpu_start = cpu_seconds();
  auto load_start = Clock::now();
  Result<Inventory> inv = Inventory::load_jsonl(step.inventory);
  if (!inv.ok()) {
    std::fprintf(stderr, "%s: %s\n", step.inventory.c_str(), inv.error().message.c_str());
    return 1;
  }
  double load_s = since(load_start);
  ScanOptions so;
  so.threads = threads;
  so.now = cel::Value::timestamp(bench::kNow + step.now_offset_s, 0);
  auto assess_start = Clock::now();
  ScanResult result = scan(*inv, policies, so);
  double assess_s = since(assess_start);
  store::Time now = store::Time{} + std::chrono::seconds(bench::kNow + step.now_offset_s);
  double cpu_record = cpu_seconds();
  auto record_start = Clock::now();
  store::ScanRecord rec;
  rec.source = "bench";
  rec.started = now;
  Result<int64_t> id = db.begin_scan(rec);
  if (!id.ok()) {
    std::fprintf(stderr, "begin_scan: %s\n", id.error().message.c_str());
    return 1;
  }
  tracker::RecordOptions options;
  options.now = now;
  Result<tracker::RecordSummary> s =
      tracker::record_scan(db, *id, *inv, policies, result, tracker::scopes_of(*inv), options);
  double record_s = since(record_start);
  double record_cpu = cpu_seconds() - cpu_record, step_cpu = cpu_seconds() - cpu_start;
  if (!s.ok()) {
    std::fprintf(stderr, "record_scan: %s\n", s.error().message.c_str());
    return 1;
  }
  std::printf(
      "%-9s  %zu assets, %zu evaluations | load %.2f s, assess %.2f s, reconcile %.2f s (tracker "
      "diff "
      "%.2f s), total %.2f s | CPU: reconcile %.2f s, step %.2f s | violations: +%lu new, %lu "
      "reopened, %lu closed, %lu still open, "
      "%lu violation writes | assets: %lu created, %lu changed, %lu deleted | peak RSS %.0f MiB\n",
      step.name, inv->size(), result.evaluations, load_s, assess_s, record_s, s->seconds,
      load_s + assess_s + record_s, record_cpu, step_cpu, (unsigned long)s->opened,
      (unsigned long)s->reopened, (unsigned long)s->closed, (unsigned long)s->still_open,
      (unsigned long)s->violation_writes, (unsigned long)s->assets_created,
      (unsigned long)s->assets_changed, (unsigned long)s->assets_deleted, peak_rss_mib());
  std::fflush(stdout);
  reconcile_s = record_s;
  if (std::string_view(step.name) == "first" && !floor_path.empty()) {
    bench::FloorRun floor = bench::write_floor(floor_path, step.inventory, *inv, result);
    if (!floor.error.empty()) {
      std::fprintf(stderr, "SQLite floor: %s\n", floor.error.c_str());
      return 1;
    }
    std::printf(
        "floor      bare SQLite, one transaction: %zu asset rows (JSON text) + %zu violation rows "
        "in %.2f s | first-scan reconcile = %.1fx floor\n",
        floor.asset_rows, floor.violation_rows, floor.seconds, record_s / floor.seconds);
  }
  return 0;
}

// After an unchanged re-scan: the floor's rows read back, against its reconcile.
void print_read_floor(const std::string& floor_path, double reconcile_s) {
  if (floor_path.empty() || !fs::exists(floor_path))
    return;  // --step unchanged on a store whose first step ran elsewhere
  vigil::bench::FloorRun floor = vigil::bench::read_floor(floor_path);
  if (!floor.error.empty()) {
    std::fprintf(stderr, "SQLite floor read: %s\n", floor.error.c_str());
    return;
  }
  std::printf(
      "floor      bare SQLite read of those %zu asset + %zu violation rows in %.2f s | unchanged "
      "reconcile = %.1fx floor\n",
      floor.asset_rows, floor.violation_rows, floor.seconds, reconcile_s / floor.seconds);
}

}  // namespace

int main(int argc, char** argv) {
  using namespace vigil;
  size_t assets = 100000;
  uint64_t seed = 1;
  std::string data_dir = "/tmp/vigil-bench";
  std::string policy_dir = std::string(VIGIL_SOURCE_DIR) + "/bench/policies";
  std::string db_path;
  std::string only;
  unsigned threads = 0;
  CLI::App app{"vigil-tracker-bench: reconcile N assets x the bench policies into SQLite"};
  app.add_option("--assets", assets, "inventory size")->capture_default_str();
  app.add_option("--seed", seed, "generator seed")->capture_default_str();
  app.add_option("--data-dir", data_dir, "where generated inventories are kept")
      ->capture_default_str();
  auto* policies_opt =
      app.add_option("--policies", policy_dir, "policy directory")->capture_default_str();
  bool dense = false;
  app.add_flag("--dense", dense,
               "the 50 policies of bench/policies-dense: ~12 evaluations and ~5 violations per "
               "asset (10% of assets x 50 policies, the issue's workload)")
      ->excludes(policies_opt);
  app.add_option("--db", db_path,
                 "SQLite file (default: DATA_DIR/tracker-N.db, recreated unless --step), or a "
                 "postgresql:// URL of an empty database (first step) to measure that store");
  app.add_option("--step", only, "run one step: first, unchanged or changed")
      ->check(CLI::IsMember({"first", "unchanged", "changed"}));
  app.add_option("--threads", threads, "assessment threads (0: all cores)");
  CLI11_PARSE(app, argc, argv);
  if (dense) policy_dir = std::string(VIGIL_SOURCE_DIR) + "/bench/policies-dense";

  fs::create_directories(data_dir);
  std::string base = (fs::path(data_dir) / ("inventory-" + std::to_string(assets) + "-seed" +
                                            std::to_string(seed) + "-shape2.jsonl"))
                         .string();
  std::string changed = (fs::path(data_dir) / ("inventory-" + std::to_string(assets) + "-seed" +
                                               std::to_string(seed) + "-shape2-changed1pct.jsonl"))
                            .string();
  if (!fs::exists(base)) {
    std::FILE* f = std::fopen(base.c_str(), "wb");
    if (!f) return std::perror(base.c_str()), 1;
    bench::write_inventory(f, assets, seed);
    std::fclose(f);
  }
  if (!fs::exists(changed))
    std::printf("changed %zu assets in %s\n", write_changed(base, changed), changed.c_str());
  if (db_path.empty())
    db_path = (fs::path(data_dir) /
               ("tracker-" + std::to_string(assets) + (dense ? "-dense" : "") + ".db"))
                  .string();
  const bool postgres = db_path.rfind("postgres", 0) == 0;
  if (!postgres && (only.empty() || only == "first"))
    for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(db_path + suffix);

  auto loaded = PolicySet::load({policy_dir});
  if (!loaded.ok()) {
    for (const auto& d : loaded.diagnostics) std::fprintf(stderr, "%s\n", d.render().c_str());
    return 1;
  }
  Result<std::unique_ptr<store::Store>> db = store::open_store(db_path);
  if (!db.ok()) {
    std::fprintf(stderr, "%s\n", db.error().message.c_str());
    return 1;
  }
  // The bare-SQLite floor is the SQLite store's yardstick only.
  const std::string floor_path = postgres ? std::string() : db_path + ".floor";
  std::printf("%zu assets x %zu policies into %s\n", assets, loaded.set.policies().size(),
              db_path.c_str());
  const Step steps[] = {{"first", base, 0}, {"unchanged", base, 3600}, {"changed", changed, 7200}};
  for (const Step& step : steps) {
    if (!only.empty() && only != step.name) continue;
    double reconcile_s = 0;
    if (int rc = run_step(**db, loaded.set, step, threads, floor_path, reconcile_s)) return rc;
    if (std::string_view(step.name) == "unchanged") print_read_floor(floor_path, reconcile_s);
  }
  if (!postgres)
    std::printf("db size %.0f MiB\n", double(fs::file_size(db_path)) / (1024.0 * 1024.0));
  return 0;
}
