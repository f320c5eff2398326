// WorkQueue: every task runs exactly once, never more than `threads` at a
// time, wait_idle() sees them all finished, the destructor drains the queue.
#include "aws_client/transport/work_queue.h"

#include <atomic>
#include <stdexcept>
#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace vigil::aws {
namespace {

TEST(WorkQueue, RunsEveryTaskWithBoundedConcurrency) {
  std::atomic<int> running{0}, peak{0}, done{0};
  WorkQueue queue(4);
  for (int i = 0; i < 200; ++i) {
    queue.submit([&] {
      int now = ++running;
      int seen = peak.load();
      while (now > seen && !peak.compare_exchange_weak(seen, now)) {
      }
      std::this_thread::yield();
      --running;
      ++done;
    });
  }
  queue.wait_idle();
  EXPECT_EQ(done.load(), 200);
  EXPECT_LE(peak.load(), 4);
  EXPECT_GE(peak.load(), 1);
  EXPECT_EQ(queue.threads(), 4u);
}

TEST(WorkQueue, TasksMaySubmitMoreTasks) {
  std::atomic<int> done{0};
  WorkQueue queue(2);
  for (int i = 0; i < 10; ++i) {
    queue.submit([&] {
      queue.submit([&] { ++done; });  // e.g. one task per region discovered by an account task
      ++done;
    });
  }
  queue.wait_idle();
  EXPECT_EQ(done.load(), 20);
}

TEST(WorkQueue, DestructorFinishesQueuedWork) {
  std::atomic<int> done{0};
  {
    WorkQueue queue(1);
    for (int i = 0; i < 50; ++i) queue.submit([&] { ++done; });
  }
  EXPECT_EQ(done.load(), 50);
}

// Reproduced on main: a task that threw ended the process (std::terminate).
TEST(WorkQueue, ATaskThatThrowsIsCaughtAndReported) {
  std::atomic<int> done{0};
  WorkQueue queue(2);
  queue.submit(
      [] { throw std::runtime_error("[json.exception.type_error.302] type must be string"); });
  for (int i = 0; i < 10; ++i) queue.submit([&] { ++done; });
  queue.wait_idle();
  EXPECT_EQ(done.load(), 10);
  std::vector<std::string> failures = queue.take_failures();
  ASSERT_EQ(failures.size(), 1u);
  EXPECT_NE(failures[0].find("type must be string"), std::string::npos);
  EXPECT_TRUE(queue.take_failures().empty());
}

}  // namespace
}  // namespace vigil::aws
