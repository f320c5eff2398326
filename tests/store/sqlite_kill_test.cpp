// Kill safety of the SQLite store: a child process begins a large
// apply_scan on a real file and is SIGKILLed mid-transaction (at the start,
// in the middle with uncommitted pages already spilled to the WAL, just
// before COMMIT, and at an arbitrary moment); the parent reopens the file and
// checks that the previous state is intact, the file is sound, the killed
// scan is marked interrupted by the next one, and the next scan completes.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>

#include "store/sqlite/sqlite_store.h"
#include "store_test_data.h"

namespace vigil::store::testing {
namespace {

namespace fs = std::filesystem;
constexpr int kAssets = 20000;  // the killed scan: 20k versions + 20k violations (+ events)

class KillTest : public ::testing::Test {
 protected:
  void SetUp() override {
    static std::atomic<int> n{0};
    dir_ = fs::temp_directory_path() /
           ("vigil-kill-test-" + std::to_string(::getpid()) + "-" + std::to_string(n++));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    path_ = (dir_ / "vigil.db").string();
    // The previous state: one scan, 3 assets, 2 violations.
    auto store = open_store(path_);
    ASSERT_TRUE(store.ok()) << store.error().message;
    ScanRecord r;
    r.started = at_ms(kT0);
    ScanChanges c;
    c.scan_id = (*store)->begin_scan(r).value();
    c.finished = at_ms(kT0 + 1);
    c.asset_versions = {asset("keep-1", 1), asset("keep-2", 2), asset("keep-3", 3)};
    c.new_violations = {violation("p1", asset("keep-1", 1)), violation("p2", asset("keep-2", 2))};
    ASSERT_TRUE((*store)->apply_scan(c).ok());
  }
  void TearDown() override {
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }

  // Forks a child that applies a large scan and, when its write hook sees
  // `kill_at` rows (UINT64_MAX: just before COMMIT), notifies the parent and
  // (when `pause`) waits to be killed. Returns after the child is killed and
  // reaped; `killed` tells whether it died of SIGKILL (not a normal exit).
  void run_child_and_kill(uint64_t kill_at, bool pause, bool* killed) {
    int fds[2];
    ASSERT_EQ(::pipe(fds), 0);
    pid_t pid = ::fork();
    ASSERT_GE(pid, 0);
    if (pid == 0) {
      ::close(fds[0]);
      child(fds[1], kill_at, pause);  // never returns
    }
    ::close(fds[1]);
    char byte = 0;
    ssize_t got = ::read(fds[0], &byte, 1);  // blocks until the child reaches the point (or exits)
    ::close(fds[0]);
    if (got == 1) {
      if (kill_at != 0 && kill_at != UINT64_MAX && pause) {
        // Uncommitted pages of the killed transaction are on disk already.
        EXPECT_GT(fs::file_size(path_ + "-wal"), 1'000'000u);
      }
      ::kill(pid, SIGKILL);
    }
    int status = 0;
    ASSERT_EQ(::waitpid(pid, &status, 0), pid);
    *killed = WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL;
    if (got != 1) {
      EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << "the child failed";
    }
  }

  [[noreturn]] void child(int fd, uint64_t kill_at, bool pause) {
    sqlite::SqliteOptions options;
    options.cache_kib = 512;  // a small cache: the transaction spills pages to the WAL
    options.hook_every = 1000;
    options.write_hook = [&](uint64_t rows, bool before_commit) {
      bool at_point = kill_at == UINT64_MAX ? before_commit : rows >= kill_at;
      if (!at_point) return;
      char byte = 1;
      if (::write(fd, &byte, 1) != 1) ::_exit(3);
      kill_at = UINT64_MAX - 1;  // notify once (UINT64_MAX - 1 rows are never reached)
      if (pause)
        for (;;) ::pause();
    };
    auto store = sqlite::SqliteStore::open(path_, options);
    if (!store.ok()) ::_exit(2);
    ScanRecord r;
    r.started = at_ms(kT0 + 1000);
    ScanChanges c;
    c.scan_id = (*store)->begin_scan(r).value();
    c.finished = at_ms(kT0 + 2000);
    for (int i = 0; i < kAssets; ++i) {
      c.asset_versions.push_back(asset("new-" + std::to_string(i), i));
      c.new_violations.push_back(violation("p1", c.asset_versions.back()));
    }
    c.asset_versions.push_back(asset("keep-1", 100));  // a change to an existing asset
    c.deleted_assets = {"keep-3"};
    ::_exit((*store)->apply_scan(c).ok() ? 0 : 1);
  }

  // The previous state is intact; the next scan marks the killed one
  // interrupted and completes.
  void expect_previous_state_then_next_scan_completes() {
    auto opened = sqlite::SqliteStore::open(path_);
    ASSERT_TRUE(opened.ok()) << opened.error().message;
    auto& store = **opened;
    {
      auto q = store.database().query("PRAGMA integrity_check");
      ASSERT_TRUE(q.step());
      EXPECT_EQ(q.str(0), "ok");
    }
    auto heads = store.asset_heads();
    ASSERT_TRUE(heads.ok());
    ASSERT_EQ(heads->size(), 3u);
    for (const AssetHead& h : *heads) {
      EXPECT_FALSE(h.deleted) << h.id;
      if (h.id == "keep-1") {
        EXPECT_EQ(h.content_hash, 1u);
      }
    }
    EXPECT_EQ(store.violations({})->size(), 2u);
    auto scans = store.list_scans({0});
    ASSERT_EQ(scans->size(), 2u);
    EXPECT_EQ((*scans)[0].state, ScanState::Running);  // the killed one
    EXPECT_EQ((*scans)[1].state, ScanState::Completed);

    ScanRecord r;
    r.started = at_ms(kT0 + 5000);
    ScanChanges c;
    c.scan_id = store.begin_scan(r).value();
    c.finished = at_ms(kT0 + 5001);
    c.asset_versions = {asset("after", 9)};
    c.new_violations = {violation("p3", asset("after", 9))};
    ASSERT_TRUE(store.apply_scan(c).ok());
    EXPECT_EQ(store.get_scan((*scans)[0].id)->value().state, ScanState::Interrupted);
    EXPECT_EQ(store.asset_heads()->size(), 4u);
    EXPECT_EQ(store.violations({})->size(), 3u);
  }

  fs::path dir_;
  std::string path_;
};

TEST_F(KillTest, KilledRightAfterBegin) {
  bool killed = false;
  run_child_and_kill(0, true, &killed);
  ASSERT_TRUE(killed);
  expect_previous_state_then_next_scan_completes();
}

TEST_F(KillTest, KilledMidTransactionWithPagesInTheWal) {
  bool killed = false;
  run_child_and_kill(kAssets + kAssets / 2, true, &killed);
  ASSERT_TRUE(killed);
  expect_previous_state_then_next_scan_completes();
}

TEST_F(KillTest, KilledJustBeforeCommit) {
  bool killed = false;
  run_child_and_kill(UINT64_MAX, true, &killed);
  ASSERT_TRUE(killed);
  expect_previous_state_then_next_scan_completes();
}

TEST_F(KillTest, KilledWhileWritingFreely) {
  // No pause: the kill lands wherever the child is. Either it was killed
  // (previous state) or it had already committed (the whole new state).
  bool killed = false;
  run_child_and_kill(kAssets / 2, false, &killed);
  if (killed) {
    expect_previous_state_then_next_scan_completes();
    return;
  }
  auto store = open_store(path_);
  ASSERT_TRUE(store.ok());
  EXPECT_EQ((*store)->asset_heads()->size(), 3u + kAssets);
  EXPECT_EQ((*store)->violations({})->size(), 2u + kAssets);
}

}  // namespace
}  // namespace vigil::store::testing
