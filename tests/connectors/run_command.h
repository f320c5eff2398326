// Runs a shell command (the real `vigil` binary, in the connector tests) and
// captures its standard output and exit status.
#pragma once

#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <string>

namespace vigil::aws::testing {

struct CommandOutcome {
  int status = -1;  // exit status; -1 when it could not run or was killed
  std::string out;  // standard output (and standard error with Stderr::Merge)
};

enum class Stderr { Discard, Merge };

inline CommandOutcome run_command(const std::string& command, Stderr err = Stderr::Discard) {
  CommandOutcome r;
  std::string shell = command + (err == Stderr::Merge ? " 2>&1" : " 2>/dev/null");
  FILE* pipe = ::popen(shell.c_str(), "r");
  if (!pipe) return r;
  std::array<char, 4096> buf;
  size_t n;
  while ((n = std::fread(buf.data(), 1, buf.size(), pipe)) > 0) r.out.append(buf.data(), n);
  int status = ::pclose(pipe);
  r.status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return r;
}

}  // namespace vigil::aws::testing
