// See signal_watch.h.
#include "cli/signal_watch.h"

#include <pthread.h>
#include <unistd.h>

#include <csignal>
#include <mutex>
#include <thread>

#include "connectors/aws_live/collection.h"

namespace vigil::cli {

namespace {

std::mutex g_mutex;
std::function<void()> g_on_first;  // under g_mutex; empty once the watch ends

sigset_t watched() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGTERM);
  sigaddset(&set, SIGINT);
  return set;
}

void watch() {
  sigset_t set = watched();
  for (int received = 0;;) {
    int signal = 0;
    if (sigwait(&set, &signal) != 0) continue;
    if (++received == 1) {
      std::lock_guard lock(g_mutex);
      if (g_on_first) {
        g_on_first();
        continue;
      }
    }
    const char message[] =
        "vigil: second signal: removing temporary captures and exiting now (the store keeps its "
        "last committed "
        "state)\n";
    ssize_t ignored = ::write(2, message, sizeof message - 1);
    (void)ignored;
    aws::TemporaryCapture::remove_all_alive();
    ::_exit(130);
  }
}

}  // namespace

SignalWatch::SignalWatch(std::function<void()> on_first) {
  {
    std::lock_guard lock(g_mutex);
    g_on_first = std::move(on_first);
  }
  sigset_t set = watched();
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
  static std::once_flag started;
  std::call_once(started, [] { std::thread(watch).detach(); });
}

void SignalWatch::disarm() {
  std::lock_guard lock(g_mutex);
  g_on_first = nullptr;
}

}  // namespace vigil::cli
