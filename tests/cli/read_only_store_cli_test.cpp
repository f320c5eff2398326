// Reproduced on main: a store file the user may only read could not be
// read ("attempt to write a readonly database"): every command opened the
// store for writing and stamped its schema version. Reading commands open
// it read-only now.
//
// File permissions do not bind root, so as root the reading commands run
// as `nobody` (setpriv); the test skips when neither is possible.
#include <sys/stat.h>
#include <unistd.h>

#include "tracker_cli_fixture.h"

namespace vigil::testing {
namespace {

TEST_F(TrackerCli, AStoreTheUserMayOnlyReadCanBeRead) {
  std::string as_reader;
  if (::geteuid() == 0) {
    if (!fs::exists("/usr/bin/setpriv")) GTEST_SKIP() << "root without setpriv: cannot drop to nobody";
    as_reader = "/usr/bin/setpriv --reuid=65534 --regid=65534 --clear-groups ";
  }
  const std::string bin = (fs::path(VIGIL_BINARY_DIR) / "bin" / "vigil").string();
  // A build folder nobody else may enter (a private CI clone) cannot run as `nobody`.
  if (!as_reader.empty() &&
      std::system(("cd / && " + as_reader + "'" + bin + "' --help >/dev/null 2>&1").c_str()) != 0)
    GTEST_SKIP() << bin << " cannot be run as nobody (its folders are private)";
  ASSERT_EQ(vigil("scan --inventory '" + samples() + "' --now 2026-12-01T00:00:00Z " + db()).code, 0);
  // The reader owns the folder (SQLite may add its -shm file there) but the
  // store file is read-only to it.
  if (::geteuid() == 0) {
    ASSERT_EQ(::chown(dir_.c_str(), 65534, 65534), 0);
    ASSERT_EQ(::chown(db_.c_str(), 65534, 65534), 0);
  }
  ASSERT_EQ(::chmod(db_.c_str(), 0444), 0);
  for (const std::string& command :
       {std::string("violations list --format json"), std::string("scans list"),
        std::string("report summary"), std::string("groups list")}) {
    std::string cmd = "cd / && " + as_reader + "'" + bin + "' " + command + " --db '" + db_ +
                      "' > '" + (dir_ / "out").string() + "' 2> '" + (dir_ / "err").string() +
                      "'";
    int status = std::system(cmd.c_str());
    EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0)
        << command << ": " << slurp(dir_ / "err");
  }
}

}  // namespace
}  // namespace vigil::testing
