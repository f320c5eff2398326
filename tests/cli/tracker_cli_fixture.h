// Shared by the end-to-end tests of the store subcommands: run the real
// vigil binary (VIGIL_BINARY_DIR/bin/vigil) on a real SQLite file in a
// temporary folder, synchronously or as a background process.
#pragma once

#include <gtest/gtest.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

namespace vigil::testing {

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

class TrackerCli : public ::testing::Test {
 protected:
  void SetUp() override {
    binary_ = fs::path(VIGIL_BINARY_DIR) / "bin" / "vigil";
    if (!fs::exists(binary_)) GTEST_SKIP() << binary_ << " is not built; build the `vigil` target first";
    dir_ = fs::temp_directory_path() / ("vigil-tracker-cli-" + std::to_string(::getpid()) + "-" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    db_ = (dir_ / "vigil.db").string();
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

  // Runs `vigil ARGS` (shell text) from the source tree.
  Outcome vigil(const std::string& args) {
    fs::path out = dir_ / "stdout", err = dir_ / "stderr";
    std::string cmd = "cd '" + std::string(VIGIL_SOURCE_DIR) + "' && '" + binary_.string() + "' " + args + " >'" +
                      out.string() + "' 2>'" + err.string() + "' </dev/null";
    int status = std::system(cmd.c_str());
    Outcome r;
    r.code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    r.out = slurp(out);
    r.err = slurp(err);
    return r;
  }

  // Starts `vigil ARGV...` in the background (stdout/stderr to files named
  // after `tag`); the test waits for or kills it; TearDown kills leftovers.
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
  std::string log(const std::string& tag, const std::string& stream = "err") {
    return slurp(dir_ / (tag + "." + stream));
  }

  fs::path write(const std::string& name, const std::string& text) {
    fs::path p = dir_ / name;
    std::ofstream(p, std::ios::binary) << text;
    return p;
  }
  std::string samples() const { return std::string(VIGIL_SOURCE_DIR) + "/samples/inventory.jsonl"; }
  std::string db() const { return "--db '" + db_ + "'"; }

  nlohmann::json json_of(const std::string& args) {
    Outcome r = vigil(args + " --format json");
    EXPECT_EQ(r.code, 0) << args << "\n" << r.err;
    nlohmann::json j = nlohmann::json::parse(r.out, nullptr, false);
    EXPECT_FALSE(j.is_discarded()) << args << "\n" << r.out;
    return j;
  }

  fs::path binary_, dir_;
  std::string db_;
  std::vector<pid_t> children_;
};

}  // namespace vigil::testing
