// ProgressBoard: what the API's scan event stream reads while the
// scheduler's run writes, on other threads.
#include "pipeline/progress_board.h"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>
#include <vector>

namespace vigil::pipeline {
namespace {

using std::chrono::milliseconds;

TEST(ProgressBoard, FollowsOneRunFromStartToEnd) {
  ProgressBoard board;
  ProgressSnapshot idle = board.snapshot();
  EXPECT_EQ(idle.sequence, 0u);
  EXPECT_FALSE(idle.running);
  EXPECT_TRUE(idle.outcome.empty());

  board.run_started("prod");
  ProgressSnapshot started = board.snapshot();
  EXPECT_TRUE(started.running);
  EXPECT_EQ(started.source, "prod");
  EXPECT_FALSE(started.stage);
  EXPECT_GT(started.sequence, idle.sequence);

  board.progress({Stage::Collect, 3, 12, "collecting: 3/12 scopes"});
  ProgressSnapshot collecting = board.snapshot();
  EXPECT_EQ(collecting.stage, Stage::Collect);
  EXPECT_EQ(collecting.done, 3u);
  EXPECT_EQ(collecting.total, 12u);
  EXPECT_EQ(collecting.line, "collecting: 3/12 scopes");

  board.finished(Stage::Collect, "collected 12 scopes\nsecond line\n");
  ProgressSnapshot collected = board.snapshot();
  EXPECT_EQ(collected.done, 12u);
  EXPECT_EQ(collected.line, "collected 12 scopes");

  board.run_ended("completed");
  ProgressSnapshot ended = board.snapshot();
  EXPECT_FALSE(ended.running);
  EXPECT_EQ(ended.outcome, "completed");
  EXPECT_EQ(ended.source, "prod");

  // The next run starts clean.
  board.run_started("dev");
  ProgressSnapshot next = board.snapshot();
  EXPECT_TRUE(next.outcome.empty());
  EXPECT_FALSE(next.stage);
  EXPECT_EQ(next.done, 0u);
}

TEST(ProgressBoard, AWaitingReaderWakesOnAChangeOrAtItsTimeout) {
  ProgressBoard board;
  ProgressSnapshot unchanged = board.wait_after(0, milliseconds(10));
  EXPECT_EQ(unchanged.sequence, 0u);  // timed out

  std::thread writer([&] {
    std::this_thread::sleep_for(milliseconds(20));
    board.run_started("prod");
  });
  // Far longer than the writer needs: returns at the change, not the timeout.
  ProgressSnapshot woken = board.wait_after(0, std::chrono::minutes(10));
  writer.join();
  EXPECT_EQ(woken.sequence, 1u);
  EXPECT_TRUE(woken.running);
  // Already past: no wait.
  EXPECT_EQ(board.wait_after(0, std::chrono::minutes(10)).sequence, 1u);
}

TEST(ProgressBoard, CloseReleasesEveryReader) {
  ProgressBoard board;
  board.run_started("prod");
  uint64_t seen = board.snapshot().sequence;
  std::vector<std::thread> readers;
  std::atomic<int> released{0};
  for (int i = 0; i < 4; ++i)
    readers.emplace_back([&] {
      ProgressSnapshot s = board.wait_after(seen, std::chrono::minutes(10));
      if (s.closed) ++released;
    });
  board.close();
  for (auto& t : readers) t.join();
  EXPECT_EQ(released.load(), 4);
  // Closed for good: later waits return at once.
  EXPECT_TRUE(board.wait_after(board.snapshot().sequence, std::chrono::minutes(10)).closed);
}

TEST(ProgressBoard, ManyWritersKeepEverySequenceStep) {
  ProgressBoard board;
  std::vector<std::thread> writers;
  for (int t = 0; t < 4; ++t)
    writers.emplace_back([&] {
      for (size_t i = 0; i < 1000; ++i) board.progress({Stage::Assess, i, 1000, "assessing"});
    });
  for (auto& t : writers) t.join();
  EXPECT_EQ(board.snapshot().sequence, 4000u);
}

}  // namespace
}  // namespace vigil::pipeline
