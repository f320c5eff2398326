// Store benchmark: the PostgreSQL store against the SQLite store, the same
// scans in the same run (issue 19's performance targets: a first scan
// within 2x of SQLite's time, an unchanged re-scan within 1.5x).
//
// Steps, per backend: a first scan of N synthetic assets (bench/
// synthetic_aws.h) with ~10% of (asset, policy) violating, pulled by the
// store (ScanChanges::more_*); stream the asset heads and the violation
// states (what the tracker reads before a re-scan); an unchanged re-scan
// (the scan row and its scopes); a 1% change re-scan (1% of the assets
// change content, 1% of the violations close). Prints wall and CPU time
// per step (CPU of this process only: PostgreSQL's work is in its server
// processes, so compare wall times) and the PostgreSQL/SQLite ratios.
//
// Usage: vigil-store-pg-bench --pg postgresql:///bench?host=/tmp/pg [--assets 100000]
// The PostgreSQL database should be empty (it is migrated, and its tables
// emptied first); bench/pg_server.sh starts a throw-away server.
#include <fmt/format.h>
#include <CLI/CLI.hpp>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>

#include "store/postgres/pg_store.h"
#include "store/sqlite/sqlite_store.h"
#include "synthetic_aws.h"

namespace {

using namespace vigil;
using namespace vigil::store;
using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point t) {
  return std::chrono::duration<double>(Clock::now() - t).count();
}

std::string field(const std::string& line, const char* key) {
  std::string marker = fmt::format("\"{}\":\"", key);
  size_t at = line.find(marker);
  if (at == std::string::npos) return {};
  at += marker.size();
  return line.substr(at, line.find('"', at) - at);
}

uint64_t fnv1a(std::string_view s, uint64_t h = 1469598103934665603ull) {
  for (unsigned char c : s) h = (h ^ c) * 1099511628211ull;
  return h;
}

void check(const Status& s, const std::string& what) {
  if (!s.ok()) {
    fmt::print(stderr, "{}: {}\n", what, s.error().message);
    std::exit(1);
  }
}

AssetVersionWrite version_of(std::string line) {
  AssetVersionWrite w;
  w.identity = {field(line, "id"), field(line, "type"), field(line, "account"),
                field(line, "region"), field(line, "name")};
  w.content_hash = fnv1a(line);
  w.content = std::move(line);
  return w;
}

// Runs every step on `store`; returns seconds per step.
std::map<std::string, double> run(Store& store, const std::string& name,
                                  const std::string& inventory, size_t policies) {
  std::map<std::string, double> out;
  auto step = [&](const std::string& what, double s, uint64_t rows) {
    out[what] = s;
    fmt::print("{:<8} {:<28} {:8.2f} s  {:>9} rows\n", name, what, s, rows);
    std::fflush(stdout);
  };
  const Time now = std::chrono::system_clock::now();
  std::ifstream in(inventory);
  std::vector<std::string> ids;
  ScanChanges first;
  first.more_asset_versions = [&](AssetVersionWrite& w) {
    std::string line;
    if (!std::getline(in, line)) return false;
    w = version_of(std::move(line));
    ids.push_back(w.identity.id);
    return true;
  };
  size_t next_asset = 0, next_policy = 0;
  uint64_t made = 0;
  first.more_new_violations = [&](Violation& v) {
    for (; next_asset < ids.size(); ++next_asset, next_policy = 0) {
      while (next_policy < policies) {
        size_t i = next_asset, p = next_policy++;
        if ((i * 7919 + p * 104729) % 10 != 0) continue;
        v.policy_id = fmt::format("bench-policy-{:02}-configuration-check", p);
        v.asset.id = ids[i];
        v.severity = (p % 2 == 0) ? "high" : "low";
        v.category = "security";
        v.message = fmt::format("{} does not satisfy bench policy {}", ids[i], p);
        ++made;
        return true;
      }
    }
    return false;
  };
  ScanRecord scan;
  scan.started = now;
  auto t = Clock::now();
  first.scan_id = store.begin_scan(scan).value();
  first.finished = now;
  check(store.apply_scan(first), name + " first scan");
  step("first scan", seconds_since(t), ids.size() + made);
  first = ScanChanges{};

  t = Clock::now();
  uint64_t heads = 0, states = 0;
  std::vector<int64_t> to_close;
  check(store.for_each_asset_head([&](const AssetHead&) { return ++heads, true; }), "heads");
  check(store.for_each_violation_state([&](const ViolationState& v) {
    if (++states % 100 == 0) to_close.push_back(v.id);
    return true;
  }),
        "states");
  step("stream heads + violations", seconds_since(t), heads + states);

  t = Clock::now();
  ScanChanges same;
  scan.started = now + std::chrono::hours(1);
  same.scan_id = store.begin_scan(scan).value();
  same.finished = scan.started;
  same.scopes = {{{"111111111111", "us-east-1", "aws.s3.bucket"}, true, "", 0}};
  check(store.apply_scan(same), name + " unchanged re-scan");
  step("unchanged re-scan", seconds_since(t), 1);

  ScanChanges change;
  {
    std::ifstream again(inventory);
    std::string line;
    for (size_t i = 0; std::getline(again, line); ++i) {
      if (i % 100 != 0) continue;
      line.insert(line.size() - 1, ",\"changed\":true");
      change.asset_versions.push_back(version_of(std::move(line)));
    }
  }
  for (int64_t id : to_close)
    change.violation_updates.push_back(
        {id, ViolationStatus::Closed, "fixed", "fixed", "", "fixed", std::nullopt});
  t = Clock::now();
  scan.started = now + std::chrono::hours(2);
  change.scan_id = store.begin_scan(scan).value();
  change.finished = scan.started;
  check(store.apply_scan(change), name + " 1% re-scan");
  step("1% change re-scan", seconds_since(t),
       change.asset_versions.size() + change.violation_updates.size());
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"Store benchmark: PostgreSQL vs SQLite, the same scans"};
  size_t assets = 100'000, policies = 10;
  std::string dir = "/tmp/vigil-store-pg-bench", pg;
  app.add_option("--pg", pg, "libpq URL of an empty PostgreSQL database")->required();
  app.add_option("--assets", assets, "number of assets")->capture_default_str();
  app.add_option("--policies", policies, "number of policies (10% of assets violate each)")
      ->capture_default_str();
  app.add_option("--dir", dir, "working directory (inventory, SQLite file)")->capture_default_str();
  CLI11_PARSE(app, argc, argv);

  std::filesystem::create_directories(dir);
  std::string inventory = dir + "/inventory.jsonl", db = dir + "/store.db";
  for (const char* suffix : {"", "-wal", "-shm", ".lock"}) std::filesystem::remove(db + suffix);
  {
    std::FILE* out = std::fopen(inventory.c_str(), "w");
    bench::write_inventory(out, assets, 1);
    std::fclose(out);
  }

  std::map<std::string, double> lite, post;
  {
    auto opened = sqlite::SqliteStore::open(db);
    if (!opened.ok()) return fmt::print(stderr, "{}\n", opened.error().message), 1;
    lite = run(**opened, "sqlite", inventory, policies);
  }
  {
    auto opened = postgres::PgStore::open(pg);
    if (!opened.ok()) return fmt::print(stderr, "{}\n", opened.error().message), 1;
    // Start from empty tables (a re-run of the benchmark on the same database).
    (*opened)->connection().exec(
        "TRUNCATE scans, scan_scopes, assets, asset_versions, policies, violations, "
        "violation_events, asset_search, group_members CASCADE");
    post = run(**opened, "postgres", inventory, policies);
  }
  fmt::print("\n{:<28} {:>9} {:>9} {:>7}\n", "step (" + std::to_string(assets) + " assets)",
             "sqlite s", "pg s", "pg/sq");
  for (const auto& [step, s] : lite)
    fmt::print("{:<28} {:9.2f} {:9.2f} {:7.2f}\n", step, s, post[step],
               s > 0 ? post[step] / s : 0.0);
  return 0;
}
