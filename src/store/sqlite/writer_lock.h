// The writer lock of a SQLite store: one process records scans at a time.
//
// An exclusive flock(2) on "<store file>.lock" (created 0600 beside the
// store). The kernel drops it when the process dies, however it dies, so a
// scan left `running` in a store whose lock is free belongs to a process
// that is gone, and a scan `running` while another process holds the lock
// is live.
//
// Contract
// - acquire(wait) returns true once the lock is held (at once when already
//   held by this object), false when another open file description still
//   holds it after `wait`; it polls every 50 ms. Errors opening the lock
//   file are thrown as std::runtime_error with the path.
// - The holder writes "pid <pid> since <UTC time>" into the file;
//   holder() reads what the current holder wrote (empty if nothing), for
//   the message of a process that waited in vain.
// - The lock is released by release() or the destructor. Not thread-safe.
#pragma once

#include <chrono>
#include <string>

namespace vigil::store::sqlite {

class WriterLock {
 public:
  explicit WriterLock(std::string path) : path_(std::move(path)) {}
  ~WriterLock();
  WriterLock(const WriterLock&) = delete;
  WriterLock& operator=(const WriterLock&) = delete;

  bool acquire(std::chrono::milliseconds wait);
  void release();
  bool held() const { return fd_ >= 0; }
  std::string holder() const;
  const std::string& path() const { return path_; }

 private:
  std::string path_;
  int fd_ = -1;
};

}  // namespace vigil::store::sqlite
