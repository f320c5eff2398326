// SIGTERM and SIGINT for long-running commands (serve, scan --aws, collect
// aws), taken by one thread with sigwait rather than in a handler, so that
// what they trigger may do real work:
// - the first signal calls `on_first` (stop scheduling, cancel a live
//   collection: it then ends promptly, its unfinished scopes failed);
// - the second removes every temporary capture still alive
//   (aws::TemporaryCapture::remove_all_alive) and exits with status 130.
//
// Contract: construct it before the command starts any thread (the signals
// are blocked in the constructing thread and so in every thread started
// after it). One per process. The watcher thread lives until the process
// ends; `on_first` is called on it and must be thread-safe.
#pragma once

#include <functional>

namespace vigil::cli {

class SignalWatch {
 public:
  explicit SignalWatch(std::function<void()> on_first);
  SignalWatch(const SignalWatch&) = delete;
  SignalWatch& operator=(const SignalWatch&) = delete;
  // From now on a first signal no longer calls on_first: it cleans up and
  // exits as a second one does. Waits for an on_first in progress, so the
  // objects it uses may be destroyed after this returns. Also done by the
  // destructor.
  void disarm();
  ~SignalWatch() { disarm(); }
};

}  // namespace vigil::cli
