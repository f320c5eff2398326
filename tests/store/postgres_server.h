// A real PostgreSQL server for the tests of one test executable (test
// support, header-only).
//
// PostgresEnvironment (a GoogleTest global environment) runs Debian's
// initdb and pg_ctl (/usr/lib/postgresql/<n>/bin, or $VIGIL_PG_BIN) into a
// fresh temporary folder: trust authentication, no TCP (the server listens
// on a unix socket in that folder only, so its port never collides with
// another server), fsync off (throw-away data). initdb refuses to run as
// root: as root the folder is given to `nobody` and the server runs as that
// user (runuser). It then migrates one template database; each test gets a
// fresh database copied from it (fresh_database_url(): CREATE DATABASE ...
// TEMPLATE, file copy: a few hundred ms each on a busy 2-core machine).
// The server is stopped and the folder removed at exit, or by a watchdog
// shell within a second of the test process dying without a TearDown.
//
// Where no initdb is installed the executable exits with 77 before any test
// runs, saying why (CTest reports it skipped); any other failure to start the
// server fails the tests.
#pragma once

#include <gtest/gtest.h>
#include <pwd.h>
#include <sys/types.h>
#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "store/postgres/pg_db.h"
#include "store/store.h"

namespace vigil::store::testing {

class PostgresServer {
 public:
  static PostgresServer& get() {
    static PostgresServer server;
    return server;
  }

  bool running() const { return running_; }
  const std::string& skip_reason() const { return skip_reason_; }
  const std::string& error() const { return error_; }
  const std::string& socket_dir() const { return dir_; }

  // A libpq URL of database `db` on this server.
  std::string url(const std::string& db) const {
    return "postgresql:///" + db + "?host=" + dir_ + "&port=5432&user=vigil";
  }
  // A new database, migrated (a copy of the template); its URL.
  std::string fresh_database_url() {
    static std::atomic<int> n{0};
    std::string name = "test_" + std::to_string(n++);
    postgres::Connection admin(url("postgres"));
    admin.exec("CREATE DATABASE " + name + " TEMPLATE vigil_template STRATEGY FILE_COPY");
    return url(name);
  }

  void start() {
    std::string bin = bin_dir();
    if (bin.empty()) {
      skip_reason_ =
          "PostgreSQL is not installed (no initdb in /usr/lib/postgresql/*/bin or $VIGIL_PG_BIN): "
          "install Debian's `postgresql` package (scripts/install-deps.sh) to run these tests";
      return;
    }
    char tmpl[] = "/tmp/vigil-pg-XXXXXX";
    if (!::mkdtemp(tmpl)) return fail("mkdtemp failed");
    dir_ = tmpl;
    std::string as;  // the command prefix that runs a server tool unprivileged
    if (::geteuid() == 0) {
      const passwd* nobody = ::getpwnam("nobody");
      if (!nobody) return fail("running as root, and there is no user `nobody` to run initdb as");
      if (::chown(dir_.c_str(), nobody->pw_uid, nobody->pw_gid) != 0)
        return fail("cannot give " + dir_ + " to nobody");
      as = "runuser -u nobody -- ";
    }
    std::string log = dir_ + "/server.log";
    if (!run(as + bin + "/initdb -D " + dir_ + "/data -A trust -U vigil -E UTF8 --locale=C.UTF-8 " +
             "--no-sync > " + dir_ + "/initdb.log 2>&1"))
      return fail("initdb failed: " + read(dir_ + "/initdb.log"));
    if (!run(as + bin + "/pg_ctl -D " + dir_ + "/data -w -t 60 -l " + log + " -o \"-k " + dir_ +
             " -p 5432 -c listen_addresses='' -F -c full_page_writes=off " +
             "-c synchronous_commit=off -c max_connections=40\" start > /dev/null 2>&1"))
      return fail("pg_ctl start failed: " + read(log));
    running_ = true;
    stop_command_ = as + bin + "/pg_ctl -D " + dir_ + "/data -m immediate stop > /dev/null 2>&1";
    // A test process that crashes or is killed never reaches TearDown: a
    // watchdog stops the server and removes the folder once it is gone.
    run("(while kill -0 " + std::to_string(::getpid()) + " 2>/dev/null; do sleep 1; done; " +
        stop_command_ + "; rm -rf " + dir_ + ") </dev/null >/dev/null 2>&1 &");
    try {
      postgres::Connection admin(url("postgres"));
      admin.exec("CREATE DATABASE vigil_template");
    } catch (const std::exception& e) {
      return fail(std::string("creating the template database: ") + e.what());
    }
    {
      auto migrated = open_store(url("vigil_template"));
      if (!migrated.ok())
        return fail("migrating the template database: " + migrated.error().message);
    }  // closed: a template must have no session
  }

  void stop() {
    if (running_) run(stop_command_);
    running_ = false;
    if (!dir_.empty()) {
      std::error_code ec;
      std::filesystem::remove_all(dir_, ec);
    }
  }

 private:
  static std::string bin_dir() {
    if (const char* env = std::getenv("VIGIL_PG_BIN"))
      return std::filesystem::exists(std::string(env) + "/initdb") ? env : "";
    std::error_code ec;
    std::string best;
    for (const auto& entry : std::filesystem::directory_iterator("/usr/lib/postgresql", ec)) {
      std::string bin = entry.path().string() + "/bin";
      if (std::filesystem::exists(bin + "/initdb") && bin > best) best = bin;
    }
    return best;
  }
  static bool run(const std::string& command) { return std::system(command.c_str()) == 0; }
  static std::string read(const std::string& path) {
    std::ifstream in(path);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
  }
  void fail(const std::string& message) { error_ = message; }

  bool running_ = false;
  std::string dir_, skip_reason_, error_, stop_command_;
};

class PostgresEnvironment : public ::testing::Environment {
 public:
  void SetUp() override {
    PostgresServer& server = PostgresServer::get();
    server.start();
    if (!server.skip_reason().empty()) {
      // Exit code 77: CTest reports the executable skipped (SKIP_RETURN_CODE,
      // tests/CMakeLists.txt), with this message in its output.
      std::fprintf(stderr, "SKIPPED: %s\n", server.skip_reason().c_str());
      std::fflush(nullptr);
      std::_Exit(77);
    }
    ASSERT_TRUE(server.error().empty()) << server.error();
  }
  void TearDown() override { PostgresServer::get().stop(); }
};

}  // namespace vigil::store::testing
