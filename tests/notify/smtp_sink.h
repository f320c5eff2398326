// The notify suites' SMTP server: tests/notify/smtp_sink.py (aiosmtpd) in
// its own process on a loopback port, writing what it receives to a folder
// as JSON (parsed by Python's e-mail package). Stopped with the object or
// stop(); start() again on the same port models a server coming back.
//
// Use: SmtpSink sink(folder); if (!SmtpSink::available()) GTEST_SKIP();
// ASSERT_EQ(sink.start(), ""); ... sink.messages().
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

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

extern char** environ;

namespace vigil::testing {

class SmtpSink {
 public:
  explicit SmtpSink(std::filesystem::path folder)
      : folder_(std::move(folder)), port_(vigil::testing::free_loopback_port()) {
    std::filesystem::create_directories(folder_);
  }
  SmtpSink(const SmtpSink&) = delete;
  SmtpSink& operator=(const SmtpSink&) = delete;
  ~SmtpSink() { stop(); }

  // Debian's python3-aiosmtpd is installed for /usr/bin/python3.
  static bool available() {
    return std::system((python() + " -c 'import aiosmtpd' 2>/dev/null").c_str()) == 0;
  }

  // Starts it and waits until it listens; empty on success, else why not.
  // `extra`: arguments of smtp_sink.py (--user U --password P, --refuse A).
  std::string start(std::vector<std::string> extra = {}) {
    std::string script = std::string(VIGIL_SOURCE_DIR) + "/tests/notify/smtp_sink.py";
    std::vector<std::string> args = {python(), script, std::to_string(port_), folder_.string()};
    args.insert(args.end(), extra.begin(), extra.end());
    std::vector<char*> argv;
    for (std::string& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
    int rc = posix_spawn(&pid_, argv[0], &actions, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    if (rc != 0) return "cannot start " + script;
    for (int i = 0; i < 1000 && !vigil::testing::loopback_accepts(port_);
         ++i)  // a safeguard bound of 20 s
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    if (!vigil::testing::loopback_accepts(port_))
      return "smtp_sink.py did not listen on port " + std::to_string(port_);
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
  std::string url() const { return "smtp://127.0.0.1:" + std::to_string(port_); }

  // Every message received, in order.
  std::vector<nlohmann::json> messages() const {
    std::vector<std::filesystem::path> files;
    for (const auto& e : std::filesystem::directory_iterator(folder_))
      if (e.path().extension() == ".json") files.push_back(e.path());
    std::sort(files.begin(), files.end());
    std::vector<nlohmann::json> out;
    for (const auto& f : files) out.push_back(nlohmann::json::parse(std::ifstream(f)));
    return out;
  }

 private:
  static std::string python() {
    return std::filesystem::exists("/usr/bin/python3") ? "/usr/bin/python3" : "python3";
  }

  std::filesystem::path folder_;
  int port_ = 0;
  pid_t pid_ = 0;
};

}  // namespace vigil::testing
