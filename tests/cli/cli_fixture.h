// The fixture of the end-to-end CLI tests: runs the real `vigil` binary
// (VIGIL_BINARY_DIR/bin/vigil) from the source tree in a subprocess,
// synchronously or in the background, with a per-test temporary folder.
// Every tests/cli/*_test.cpp includes it (the store commands' tests through
// tracker_cli_fixture.h, which adds a store file).
#pragma once

#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace vigil::cli_testing {

namespace fs = std::filesystem;

struct Outcome {
  int code = -1;
  std::string out, err;
};

inline std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

class Cli : public ::testing::Test {
 protected:
  void SetUp() override {
    binary_ = fs::path(VIGIL_BINARY_DIR) / "bin" / "vigil";
    if (!fs::exists(binary_))
      GTEST_SKIP() << binary_ << " is not built; build the `vigil` target first";
    dir_ = fs::temp_directory_path() /
           ("vigil-cli-test-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override {
    for (pid_t pid : children_) {
      ::kill(pid, SIGKILL);
      int status = 0;
      ::waitpid(pid, &status, 0);
    }
    std::error_code ec;
    if (!dir_.empty()) fs::remove_all(dir_, ec);
  }

  // Runs `vigil ARGS` from the source tree; ARGS is shell text.
  Outcome vigil(const std::string& args) {
    fs::path out = dir_ / "stdout", err = dir_ / "stderr";
    std::string cmd = "cd '" + std::string(VIGIL_SOURCE_DIR) + "' && '" + binary_.string() + "' " +
                      args + " >'" + out.string() + "' 2>'" + err.string() + "' </dev/null";
    int status = std::system(cmd.c_str());
    Outcome r;
    r.code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    r.out = slurp(out);
    r.err = slurp(err);
    return r;
  }

  // Starts `vigil ARGV...` in the background from the source tree (stdout and
  // stderr to files named after `tag`); the test waits for or kills it;
  // TearDown kills leftovers.
  pid_t start(const std::vector<std::string>& argv, const std::string& tag) {
    std::string out = (dir_ / (tag + ".out")).string(), err = (dir_ / (tag + ".err")).string();
    pid_t pid = ::fork();
    if (pid == 0) {
      int o = ::open(out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
      int e = ::open(err.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
      ::dup2(o, 1);
      ::dup2(e, 2);
      if (::chdir(VIGIL_SOURCE_DIR) != 0) ::_exit(126);
      std::vector<char*> args;
      std::string bin = binary_.string();
      args.push_back(bin.data());
      std::vector<std::string> copy = argv;
      for (std::string& a : copy) args.push_back(a.data());
      args.push_back(nullptr);
      ::execv(bin.c_str(), args.data());
      ::_exit(127);
    }
    children_.push_back(pid);
    return pid;
  }
  // Waits for a started process; returns its exit code (128+signal when killed).
  int wait(pid_t pid) {
    int status = 0;
    ::waitpid(pid, &status, 0);
    children_.erase(std::remove(children_.begin(), children_.end(), pid), children_.end());
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  }
  // What a started process wrote to stderr ("err") or stdout ("out").
  std::string log(const std::string& tag, const std::string& stream = "err") {
    return slurp(dir_ / (tag + "." + stream));
  }

  fs::path write(const std::string& name, const std::string& text) {
    fs::path p = dir_ / name;
    fs::create_directories(p.parent_path());
    std::ofstream(p, std::ios::binary) << text;
    return p;
  }

  fs::path binary_, dir_;
  std::vector<pid_t> children_;  // started and not yet waited for
};

inline std::string last_line(const std::string& text) {
  std::string t = text;
  while (!t.empty() && t.back() == '\n') t.pop_back();
  size_t nl = t.rfind('\n');
  return nl == std::string::npos ? t : t.substr(nl + 1);
}

}  // namespace vigil::cli_testing
