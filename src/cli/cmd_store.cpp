// vigil store migrate --from [sqlite:]FILE --to postgresql://... [--batch N]
// Copies a SQLite store into an empty PostgreSQL store (history,
// violations and events, exceptions, audit, groups, scores, users, outbox,
// fix runs), verifies per-table row counts and checksums, and resumes an
// interrupted copy (store/migrate/sqlite_to_postgres.h; docs/store.md).
// Prints a table of counts and checksums; exits 1 on an error or any
// mismatch. The search index is not copied: `vigil serve` rebuilds it.
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <chrono>
#include <cstdlib>
#include <iostream>
#include <memory>

#include "cli/cli_util.h"
#include "cli/commands.h"
#include "cli/tracker_common.h"
#include "store/migrate/sqlite_to_postgres.h"

namespace vigil::cli {
namespace {

const char* kStoreMigrateCommand = "store migrate";

struct StoreMigrateCliOptions {
  std::string from, to;
  size_t batch = 5000;
};

bool store_is_postgres_url(const std::string& s) {
  return s.rfind("postgresql://", 0) == 0 || s.rfind("postgres://", 0) == 0;
}

std::string store_checksum_text(uint64_t sum) { return fmt::format("{:016x}", sum); }

int run_store_migrate(const StoreMigrateCliOptions& o) {
  store::migrate::MigrateOptions m;
  m.from = o.from.rfind("sqlite:", 0) == 0 ? o.from.substr(7) : o.from;
  m.to = o.to;
  m.batch = o.batch;
  if (store_is_postgres_url(m.from))
    return command_error(kStoreMigrateCommand,
                         "--from must be a SQLite store (a file, or sqlite:FILE)");
  if (!store_is_postgres_url(m.to))
    return command_error(kStoreMigrateCommand,
                         "--to must be a PostgreSQL store URL (postgresql://...)");
  // Tests interrupt a copy with this (a failure after N committed batches).
  if (const char* fail = std::getenv("VIGIL_STORE_MIGRATE_FAIL_AFTER_BATCHES"))
    m.fail_after_batches = std::strtoull(fail, nullptr, 10);
  auto last_note = std::chrono::steady_clock::now();
  m.on_batch = [&](std::string_view table, uint64_t rows) {
    auto now = std::chrono::steady_clock::now();
    if (now - last_note < std::chrono::seconds(1)) return;
    last_note = now;
    std::cerr << fmt::format("vigil store migrate: {}: {} rows copied\n", table, rows);
  };
  auto report = store::migrate::migrate_sqlite_to_postgres(m);
  if (!report.ok()) return command_error(kStoreMigrateCommand, report.error().message);

  TextRows rows{{"TABLE", "SOURCE ROWS", "TARGET ROWS", "COPIED NOW", "SOURCE CHECKSUM",
                 "TARGET CHECKSUM", "VERIFIED"}};
  std::vector<std::string> differing;
  for (const auto& t : report->tables) {
    rows.push_back({t.table, std::to_string(t.source.rows), std::to_string(t.target.rows),
                    std::to_string(t.copied), store_checksum_text(t.source.sum),
                    store_checksum_text(t.target.sum), t.ok() ? "ok" : "MISMATCH"});
    if (!t.ok()) differing.push_back(t.table);
  }
  print_table(std::cout, rows);
  double rate = report->copy_seconds > 0 ? report->copied / report->copy_seconds : 0;
  const char* how = !report->resumed      ? ""
                    : report->copied == 0 ? "an earlier run copied everything: "
                                          : "resumed an earlier copy: ";
  std::cout << fmt::format("{}copied {} rows in {:.2f} s ({:.0f} rows/s); verified in {:.2f} s\n",
                           how, report->copied, report->copy_seconds, rate, report->verify_seconds);
  std::cout << "search index: not copied; `vigil serve` on the new store rebuilds it from the "
               "copied asset versions\n";
  if (!differing.empty())
    return command_error(kStoreMigrateCommand,
                         fmt::format("verification failed: {} differ{} between the stores",
                                     fmt::join(differing, ", "), differing.size() == 1 ? "s" : ""));
  return kExitOk;
}

}  // namespace

void add_store_command(CLI::App& app, int* exit_code) {
  auto o = std::make_shared<StoreMigrateCliOptions>();
  auto* cmd = app.add_subcommand("store", "Store administration: copy a store to another backend");
  cmd->require_subcommand(1);
  auto* migrate = cmd->add_subcommand(
      "migrate",
      "Copy a SQLite store into an empty PostgreSQL store, verify counts and checksums; a "
      "re-run resumes an interrupted copy");
  migrate->add_option("--from", o->from, "The SQLite store: FILE or sqlite:FILE")->required();
  migrate->add_option("--to", o->to, "The PostgreSQL store: postgresql://...")->required();
  migrate->add_option("--batch", o->batch, "Rows per transaction")
      ->check(CLI::Range(size_t{1}, size_t{1000000}))
      ->capture_default_str();
  migrate->callback([=] { *exit_code = run_store_migrate(*o); });
}

}  // namespace vigil::cli
