// moto_server (an independent AWS emulator, [AWS fidelity]) for the tests
// that talk to it: started on a free loopback port with dummy credentials in
// the environment, stopped with the object. Shared by the moto suites of
// tests/connectors and tests/cli.
//
// Use: MotoServer moto; if (std::string why = moto.start(); !why.empty())
// GTEST_SKIP() or FAIL() with `why`; then moto.endpoint().
#pragma once

#include "../support/loopback.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <string>
#include <thread>

extern char** environ;

namespace vigil::testing {

class MotoServer {
 public:
  MotoServer() = default;
  MotoServer(const MotoServer&) = delete;
  MotoServer& operator=(const MotoServer&) = delete;
  ~MotoServer() {
    if (pid_ > 0) {
      ::kill(pid_, SIGTERM);
      ::waitpid(pid_, nullptr, 0);
    }
  }

  // Whether Python has moto and boto3 (else the suites skip, saying so).
  static bool available() {
    return std::system("python3 -c 'import moto, boto3' 2>/dev/null") == 0;
  }

  // Starts it and waits until it listens; empty on success, else why not.
  std::string start() {
    port_ = vigil::testing::free_loopback_port();
    std::string port = std::to_string(port_);
    const char* argv[] = {"python3", "-m", "moto.server", "-p", port.c_str(), nullptr};
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
    posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0);
    int rc = posix_spawnp(&pid_, "python3", &actions, nullptr, const_cast<char**>(argv), environ);
    posix_spawn_file_actions_destroy(&actions);
    if (rc != 0) return "cannot start moto_server";
    for (int i = 0; i < 300 && !vigil::testing::loopback_accepts(port_);
         ++i)  // a safeguard bound of 30 s
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    if (!vigil::testing::loopback_accepts(port_))
      return "moto_server did not listen on port " + port + " within 30 s";
    ::setenv("AWS_ACCESS_KEY_ID", "test", 1);
    ::setenv("AWS_SECRET_ACCESS_KEY", "test", 1);
    ::unsetenv("AWS_PROFILE");
    return {};
  }

  std::string endpoint() const { return "http://127.0.0.1:" + std::to_string(port_); }

 private:
  pid_t pid_ = 0;
  int port_ = 0;
};

}  // namespace vigil::testing
