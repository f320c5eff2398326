// WorkQueue: a fixed pool of worker threads running submitted tasks; the
// bound on concurrent AWS calls (accounts x regions x services are tasks,
// the thread count is the concurrency).
//
// Contract: submit() never blocks; tasks run in submission order as workers
// free up; wait_idle() returns once every task submitted so far has
// finished; the destructor finishes the queued tasks, then joins. Tasks
// should not throw (errors are values in this code base; callers that can
// name what a task covers catch for it, as the live collector does per
// account). A task that throws anyway never ends the process: the exception
// is caught and its text kept, and take_failures() hands the texts over.
#pragma once

#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <utility>
#include <vector>

namespace vigil::aws {

class WorkQueue {
 public:
  explicit WorkQueue(size_t threads) {
    if (threads == 0) threads = 1;
    for (size_t i = 0; i < threads; ++i) workers_.emplace_back([this] { run(); });
  }
  ~WorkQueue() {
    {
      std::lock_guard lock(mutex_);
      stopping_ = true;
    }
    work_cv_.notify_all();
    for (auto& worker : workers_) worker.join();
  }
  WorkQueue(const WorkQueue&) = delete;
  WorkQueue& operator=(const WorkQueue&) = delete;

  void submit(std::function<void()> task) {
    {
      std::lock_guard lock(mutex_);
      tasks_.push_back(std::move(task));
      ++pending_;
    }
    work_cv_.notify_one();
  }

  void wait_idle() {
    std::unique_lock lock(mutex_);
    idle_cv_.wait(lock, [this] { return pending_ == 0; });
  }

  size_t threads() const { return workers_.size(); }

  // The texts of the exceptions tasks threw since the last call.
  std::vector<std::string> take_failures() {
    std::lock_guard lock(mutex_);
    return std::exchange(failures_, {});
  }

 private:
  void run() {
    while (true) {
      std::function<void()> task;
      {
        std::unique_lock lock(mutex_);
        work_cv_.wait(lock, [this] { return stopping_ || !tasks_.empty(); });
        if (tasks_.empty()) return;  // stopping and drained
        task = std::move(tasks_.front());
        tasks_.pop_front();
      }
      std::string failure;
      try {
        task();
      } catch (const std::exception& e) {
        failure = e.what();
        if (failure.empty()) failure = "an exception without a message";
      } catch (...) {
        failure = "an exception that is not a std::exception";
      }
      {
        std::lock_guard lock(mutex_);
        if (!failure.empty()) failures_.push_back(std::move(failure));
        --pending_;
      }
      idle_cv_.notify_all();
    }
  }

  std::mutex mutex_;
  std::condition_variable work_cv_, idle_cv_;
  std::deque<std::function<void()>> tasks_;
  std::vector<std::string> failures_;
  size_t pending_ = 0;
  bool stopping_ = false;
  std::vector<std::thread> workers_;
};

}  // namespace vigil::aws
