// fix/runner.h recover() takes the store's writer lock when its caller does
// not hold it, and gives it back: a `vigil serve` or another `vigil fix`
// can write the store right after (the lock used to stay taken until the
// process ended).
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>

#include "fix/runner.h"
#include "policy/policy_set.h"
#include "store/store.h"

namespace vigil::fix {
namespace {

namespace fs = std::filesystem;

TEST(FixRunnerLock, RecoverReleasesTheWriterLockItTook) {
  fs::path path =
      fs::temp_directory_path() / ("vigil-runner-lock-" + std::to_string(getpid()) + ".db");
  fs::remove(path);
  auto mine = store::open_store(path.string());
  auto other = store::open_store(path.string());
  ASSERT_TRUE(mine.ok() && other.ok());
  PolicySet policies;
  Context ctx{.store = **mine, .policies = policies};
  ctx.writer_wait = std::chrono::milliseconds(0);
  auto recovered = recover(ctx);
  ASSERT_TRUE(recovered.ok()) << recovered.error().message;
  EXPECT_TRUE(recovered->empty());
  Status taken = (*other)->acquire_writer(std::chrono::milliseconds(0));
  EXPECT_TRUE(taken.ok()) << "the writer lock is still held after recover(): "
                          << (taken.ok() ? "" : taken.error().message);
  if (taken.ok()) (*other)->release_writer();
  mine->reset();
  other->reset();
  fs::remove(path);
}

}  // namespace
}  // namespace vigil::fix
