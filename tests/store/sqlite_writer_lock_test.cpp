// One process records scans in a store at a time (store.h acquire_writer).
// Two SqliteStore objects on one file stand for two processes: flock(2)
// locks belong to open file descriptions, so they exclude each other as two
// processes would.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <thread>

#include "store/sqlite/sqlite_store.h"

namespace vigil::store {
namespace {

namespace fs = std::filesystem;

class WriterLockTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("vigil-writer-lock-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  std::unique_ptr<sqlite::SqliteStore> open() {
    auto s = sqlite::SqliteStore::open((dir_ / "vigil.db").string());
    EXPECT_TRUE(s.ok()) << s.error().message;
    return std::move(s).value();
  }
  static ScanRecord scan_of(const std::string& source) {
    ScanRecord r;
    r.source = source;
    r.started = Time{} + std::chrono::hours(24 * 20000);
    return r;
  }
  fs::path dir_;
};

// Reproduced on main: the last process to begin a scan marked the others'
// live scans interrupted, and they then failed with "scan N is interrupted".
TEST_F(WriterLockTest, ALiveScanIsNeverMarkedInterrupted) {
  auto a = open(), b = open();
  auto first = a->begin_scan(scan_of("estate"));
  ASSERT_TRUE(first.ok()) << first.error().message;

  auto second = b->begin_scan(scan_of("samples"));
  ASSERT_FALSE(second.ok());
  EXPECT_NE(second.error().message.find("recording scan " + std::to_string(*first) +
                                        " of source 'estate'"),
            std::string::npos)
      << second.error().message;
  EXPECT_NE(second.error().message.find("pid " + std::to_string(::getpid())), std::string::npos)
      << second.error().message;
  Status waited = b->acquire_writer(std::chrono::milliseconds(120));
  EXPECT_FALSE(waited.ok());

  auto record = a->get_scan(*first);
  ASSERT_TRUE(record.ok() && record->has_value());
  EXPECT_EQ((*record)->state, ScanState::Running);
  EXPECT_TRUE(a->fail_scan(*first, Time{}, "done").ok());  // its process can still finish it
}

// A process that dies leaves its scan running; the lock goes with it, and
// the next writer marks the scan interrupted.
TEST_F(WriterLockTest, TheScanOfAProcessThatDiedIsInterruptedByTheNextWriter) {
  auto b = open();
  int64_t orphan = 0;
  {
    auto a = open();
    auto id = a->begin_scan(scan_of("estate"));
    ASSERT_TRUE(id.ok());
    orphan = *id;
  }  // destroyed without finishing: as if killed
  auto next = b->begin_scan(scan_of("estate"));
  ASSERT_TRUE(next.ok()) << next.error().message;
  auto record = b->get_scan(orphan);
  ASSERT_TRUE(record.ok() && record->has_value());
  EXPECT_EQ((*record)->state, ScanState::Interrupted);
}

TEST_F(WriterLockTest, AWriterWaitsForTheLockToBeReleased) {
  auto a = open(), b = open();
  ASSERT_TRUE(a->acquire_writer(std::chrono::milliseconds(0)).ok());
  std::thread releaser([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    a->release_writer();
  });
  Status waited = b->acquire_writer(std::chrono::seconds(30));
  releaser.join();
  EXPECT_TRUE(waited.ok()) << waited.error().message;
  EXPECT_TRUE(b->begin_scan(scan_of("x")).ok());
  struct stat st {};
  ASSERT_EQ(::stat((dir_ / "vigil.db.lock").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
}

}  // namespace
}  // namespace vigil::store
