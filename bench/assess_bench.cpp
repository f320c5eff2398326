// vigil-bench: assessment throughput and memory, against a SQLite baseline.
//
// Hypothesis: evaluating compiled CEL policies over compact pre-parsed asset
// trees, indexed by type and run on all cores, is at least 10x faster than
// the same checks as SQL over SQLite's JSON functions (which re-parse the
// JSON text of every row for every json_extract/json_each), assesses 1M
// assets x 50 policies in under 5 s on 2 cores, and keeps each loaded asset
// within 2x its JSON size.
//
// For each inventory size: generate (or reuse) a synthetic inventory, load
// it (time, Inventory::memory_bytes, source bytes, RSS), scan it with the
// engine (`--runs` times; the best run is reported), then load the same file
// into an in-memory SQLite table and run the 50 SQL checks (only the
// queries are timed), and print both with the ratio and a per-check table of
// violation counts (they must agree except where Vigil reports unknown).
#include <CLI/CLI.hpp>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <map>
#include <thread>

#include "engine/scan.h"
#include "inventory/inventory.h"
#include "policy/policy_set.h"
#include "process_stats.h"
#include "sqlite_baseline.h"
#include "synthetic_aws.h"

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

namespace {

double since(Clock::time_point start) { return std::chrono::duration<double>(Clock::now() - start).count(); }

struct Options {
  std::vector<size_t> sizes = {100000, 1000000};
  uint64_t seed = 1;
  std::string data_dir;
  std::string policies;
  std::string sql;
  unsigned threads = 0;
  int runs = 3;
  bool skip_sql = false;
  bool per_check = false;
};

struct PolicyCounts {
  size_t violation = 0, compliant = 0, unknown = 0;
  std::string first_unknown;  // one example message
};

int run_size(const Options& o, size_t n, const vigil::PolicySet& policies, const std::vector<vigil::bench::SqlCheck>& checks) {
  using namespace vigil;
  using namespace vigil::bench;
  std::printf("\n=== %zu assets x %zu policies ===\n", n, policies.policies().size());
  // "-shape2": the generator's asset shapes (catalog naming rule, config.<Operation minus Get/...>);
  // bump it whenever they change, so an inventory cached by an older generator is not reused.
  std::string path = (fs::path(o.data_dir) / ("inventory-" + std::to_string(n) + "-seed" + std::to_string(o.seed) +
                                              "-shape2.jsonl")).string();
  if (!fs::exists(path)) {
    auto start = Clock::now();
    std::FILE* f = std::fopen(path.c_str(), "wb");
    if (!f) {
      std::perror(path.c_str());
      return 1;
    }
    size_t bytes = write_inventory(f, n, o.seed);
    std::fclose(f);
    std::printf("generated   %s (%s) in %.2f s\n", path.c_str(), mib(bytes).c_str(), since(start));
  } else {
    std::printf("reusing     %s\n", path.c_str());
  }

  size_t rss_before = rss_bytes();
  auto load_start = Clock::now();
  Result<Inventory> loaded = Inventory::load_jsonl(path);
  double load_s = since(load_start);
  if (!loaded.ok()) {
    std::fprintf(stderr, "load failed: %s\n", loaded.error().message.c_str());
    return 1;
  }
  const Inventory& inv = loaded.value();
  size_t rss_loaded = rss_bytes();
  double ratio = double(inv.memory_bytes()) / double(inv.source_bytes());
  double rss_ratio = double(rss_loaded - rss_before) / double(inv.source_bytes());
  std::printf("load        %.2f s (%.0f assets/s)\n", load_s, double(inv.size()) / load_s);
  std::printf("memory      source JSON %s; documents (Inventory::memory_bytes) %s = %.2fx source\n",
              mib(inv.source_bytes()).c_str(), mib(inv.memory_bytes()).c_str(), ratio);
  std::printf("            resident growth on load %s = %.2fx source (%.0f bytes/asset vs %.0f JSON bytes/asset); peak RSS so far %s\n",
              mib(rss_loaded - rss_before).c_str(), rss_ratio, double(rss_loaded - rss_before) / double(inv.size()),
              double(inv.source_bytes()) / double(inv.size()), mib(peak_rss_bytes()).c_str());

  ScanOptions scan_options;
  scan_options.threads = o.threads;
  scan_options.now = cel::Value::timestamp(kNow, 0);
  double best = 1e300;
  ScanResult result;
  for (int r = 0; r < o.runs; ++r) {
    result = ScanResult{};  // free the previous run's findings first
    auto start = Clock::now();
    result = scan(inv, policies, scan_options);
    double s = since(start);
    std::printf("scan run %d  %.3f s wall (engine says %.3f s), %zu evaluations\n", r + 1, s, result.seconds, result.evaluations);
    best = std::min(best, s);
  }
  std::map<const CompiledPolicy*, PolicyCounts> counts;
  size_t violations = 0, unknowns = 0;
  for (const Finding& f : result.findings) {
    PolicyCounts& c = counts[f.policy];
    if (f.status == FindingStatus::Violation) ++c.violation, ++violations;
    else if (f.status == FindingStatus::Compliant) ++c.compliant;
    else {
      if (c.unknown++ == 0) c.first_unknown = f.message;
      ++unknowns;
    }
  }
  unsigned threads = o.threads ? o.threads : std::thread::hardware_concurrency();
  std::printf("VIGIL       assessment %.3f s (best of %d) on %u threads: %.2f M evaluations/s; %zu violations, %zu unknown\n",
              best, o.runs, threads, double(result.evaluations) / best / 1e6, violations, unknowns);
  std::printf("            peak RSS %s\n", mib(peak_rss_bytes()).c_str());
  if (o.skip_sql) return 0;

  SqliteBaseline sqlite;
  auto sql_load_start = Clock::now();
  if (Status s = sqlite.load(path); !s.ok()) {
    std::fprintf(stderr, "sqlite load failed: %s\n", s.error().message.c_str());
    return 1;
  }
  std::printf("sqlite load %.2f s (%zu rows, in memory, index on type; not counted below)\n", since(sql_load_start), sqlite.rows());
  double sql_total = 0;
  std::map<std::string, const CompiledPolicy*> by_id;
  for (const auto& [p, c] : counts) by_id[p->policy.id] = p;
  int mismatches = 0;
  if (o.per_check) std::printf("  %-42s %9s %9s %9s %9s\n", "check", "sql rows", "violation", "unknown", "sql s");
  for (const SqlCheck& check : checks) {
    Result<SqlCheckRun> r = sqlite.run(check);
    if (!r.ok()) {
      std::fprintf(stderr, "%s\n", r.error().message.c_str());
      return 1;
    }
    sql_total += r->seconds;
    const CompiledPolicy* p = policies.find(check.id);
    PolicyCounts c = p && counts.count(p) ? counts[p] : PolicyCounts{};
    // Agreement: SQL cannot tell "unreadable" from "absent", so an asset Vigil
    // calls unknown may be counted either way by SQL.
    bool agree = r->rows >= c.violation && r->rows <= c.violation + c.unknown;
    if (!p || !agree) ++mismatches;
    if (o.per_check || !agree || !p)
      std::printf("  %-42s %9zu %9zu %9zu %9.3f%s\n", check.id.c_str(), r->rows, c.violation, c.unknown, r->seconds,
                  !p ? "  (no such policy)" : agree ? "" : "  MISMATCH");
    if (o.per_check && c.unknown) std::printf("      e.g. unknown: %s\n", c.first_unknown.c_str());
  }
  std::printf("SQLITE      %zu checks: %.2f s of queries\n", checks.size(), sql_total);
  std::printf("RATIO       Vigil is %.1fx faster than SQLite json_extract (%.2f s vs %.3f s); %d check(s) disagree\n",
              sql_total / best, sql_total, best, mismatches);
  return mismatches ? 3 : 0;
}

}  // namespace

int main(int argc, char** argv) {
  Options o;
  std::string source_dir = VIGIL_SOURCE_DIR;
  o.policies = source_dir + "/bench/policies";
  o.sql = source_dir + "/bench/sql/checks.sql";
  o.data_dir = fs::temp_directory_path() / "vigil-bench";
  CLI::App app("Vigil assessment benchmark (see docs/performance.md)");
  app.add_option("--assets", o.sizes, "inventory sizes to run")->delimiter(',')->capture_default_str();
  app.add_option("--seed", o.seed, "generator seed")->capture_default_str();
  app.add_option("--data-dir", o.data_dir, "where generated inventories are kept (reused when present)")->capture_default_str();
  app.add_option("--policies", o.policies, "policy directory")->capture_default_str();
  app.add_option("--sql", o.sql, "SQL checks file")->capture_default_str();
  app.add_option("--threads", o.threads, "scan threads (0: all cores)")->capture_default_str();
  app.add_option("--runs", o.runs, "scan repetitions (best is reported)")->capture_default_str();
  app.add_flag("--skip-sql", o.skip_sql, "do not run the SQLite baseline");
  app.add_flag("--per-check", o.per_check, "print every check's counts and SQL time");
  CLI11_PARSE(app, argc, argv);

  fs::create_directories(o.data_dir);
  std::printf("machine: %u hardware threads; policies %s; sql %s\n", std::thread::hardware_concurrency(),
              o.policies.c_str(), o.sql.c_str());
  vigil::PolicySet::LoadResult loaded = vigil::PolicySet::load({o.policies});
  for (const vigil::Diagnostic& d : loaded.diagnostics) std::fprintf(stderr, "%s\n", d.render().c_str());
  if (!loaded.ok()) return 1;
  auto checks = vigil::bench::read_sql_checks(o.sql);
  if (!checks.ok()) {
    std::fprintf(stderr, "%s\n", checks.error().message.c_str());
    return 1;
  }
  int rc = 0;
  for (size_t n : o.sizes) rc = std::max(rc, run_size(o, n, loaded.set, checks.value()));
  return rc;
}
