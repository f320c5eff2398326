// Time for the retry and rate-limiting logic, injectable so their arithmetic
// is tested without waiting: SystemClock is the real one; ManualClock is a
// test clock whose sleep_for() advances its own time instantly and records
// what was slept.
#pragma once

#include <chrono>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

namespace vigil::aws {

class Clock {
 public:
  virtual ~Clock() = default;
  virtual double now_seconds() = 0;  // monotonic seconds since an arbitrary origin
  virtual void sleep_for(std::chrono::nanoseconds duration) = 0;
};

class SystemClock final : public Clock {
 public:
  double now_seconds() override {
    return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch())
        .count();
  }
  void sleep_for(std::chrono::nanoseconds duration) override {
    if (duration.count() > 0) std::this_thread::sleep_for(duration);
  }
};

inline std::shared_ptr<Clock> system_clock() {
  static auto clock = std::make_shared<SystemClock>();
  return clock;
}

class ManualClock final : public Clock {
 public:
  explicit ManualClock(double start = 1000.0) : now_(start) {}
  double now_seconds() override {
    std::lock_guard lock(mutex_);
    return now_;
  }
  void sleep_for(std::chrono::nanoseconds duration) override {
    std::lock_guard lock(mutex_);
    double seconds = std::chrono::duration<double>(duration).count();
    sleeps_.push_back(seconds);
    if (seconds > 0) now_ += seconds;
  }
  void advance(double seconds) {
    std::lock_guard lock(mutex_);
    now_ += seconds;
  }
  std::vector<double> sleeps() {
    std::lock_guard lock(mutex_);
    return sleeps_;
  }

 private:
  std::mutex mutex_;
  double now_;
  std::vector<double> sleeps_;
};

}  // namespace vigil::aws
