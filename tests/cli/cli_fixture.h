// The fixture of the end-to-end CLI tests: runs the real `vigil` binary
// (VIGIL_BINARY_DIR/bin/vigil) from the source tree in a subprocess, with a
// per-test temporary folder. Every tests/cli/*_test.cpp includes it.
#pragma once

#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace vigil::cli_testing {

namespace fs = std::filesystem;

struct Outcome {
  int code = -1;
  std::string out, err;
};

inline std::string slurp(const fs::path& p) {
  std::ifstream in(p);
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
    fs::create_directories(dir_);
  }
  void TearDown() override {
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

  fs::path write(const std::string& name, const std::string& text) {
    fs::path p = dir_ / name;
    fs::create_directories(p.parent_path());
    std::ofstream(p) << text;
    return p;
  }

  fs::path binary_, dir_;
};

inline std::string last_line(const std::string& text) {
  std::string t = text;
  while (!t.empty() && t.back() == '\n') t.pop_back();
  size_t nl = t.rfind('\n');
  return nl == std::string::npos ? t : t.substr(nl + 1);
}

}  // namespace vigil::cli_testing
