// The single sign-on tests' OpenID provider: tests/auth/oidc_issuer.py
// (Python's http.server, Debian's python3-cryptography) in its own process
// on a loopback port. Stopped with the object.
//
// Use: OidcIssuer issuer("vigil-test", "secret"); if (!OidcIssuer::available())
// GTEST_SKIP(); ASSERT_EQ(issuer.start(), ""); ... issuer.url().
#pragma once

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

#include "../support/loopback.h"

extern char** environ;

namespace vigil::testing {

class OidcIssuer {
 public:
  // `secret` "-": a public client (no secret; client_id in the token request).
  OidcIssuer(std::string client_id, std::string secret)
      : client_id_(std::move(client_id)), secret_(std::move(secret)), port_(free_loopback_port()) {}
  OidcIssuer(const OidcIssuer&) = delete;
  OidcIssuer& operator=(const OidcIssuer&) = delete;
  ~OidcIssuer() { stop(); }

  // Debian's python3-cryptography is installed for /usr/bin/python3.
  static bool available() {
    return std::system((python() + " -c 'import cryptography' 2>/dev/null").c_str()) == 0;
  }

  // Starts it and waits until it listens; empty on success, else why not.
  std::string start() {
    std::string script = std::string(VIGIL_SOURCE_DIR) + "/tests/auth/oidc_issuer.py";
    std::vector<std::string> args = {python(), script, std::to_string(port_), client_id_, secret_};
    std::vector<char*> argv;
    for (std::string& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
    int rc = posix_spawn(&pid_, argv[0], &actions, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    if (rc != 0) return "cannot start " + script;
    for (int i = 0; i < 1000 && !loopback_accepts(port_); ++i)  // a safeguard bound of 20 s
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    if (!loopback_accepts(port_))
      return "oidc_issuer.py did not listen on port " + std::to_string(port_);
    return {};
  }

  void stop() {
    if (pid_ > 0) {
      ::kill(pid_, SIGTERM);
      ::waitpid(pid_, nullptr, 0);
      pid_ = 0;
    }
  }

  int port() const { return port_; }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }

 private:
  static std::string python() {
    return std::filesystem::exists("/usr/bin/python3") ? "/usr/bin/python3" : "python3";
  }

  std::string client_id_, secret_;
  int port_ = 0;
  pid_t pid_ = 0;
};

}  // namespace vigil::testing
