// `vigil scan`'s table as people see it: failing policies first and the
// summary last, --all, --by asset, colour (--color, NO_COLOR, a terminal or
// not) and fitting the width (COLUMNS, the terminal's size). A terminal is a
// real pseudo-terminal (forkpty), sized with TIOCSWINSZ.
#include <pty.h>

#include <algorithm>
#include <cstdlib>
#include <optional>
#include <regex>

#include "cli_fixture.h"
#include "core/text_fit.h"

namespace vigil::cli_testing {
namespace {

constexpr const char* kScan =
    "scan --inventory samples/inventory.jsonl --policies policies/ --now 2026-11-26T12:00:00Z";
constexpr const char* kPublicSite = "arn:aws:s3:::acme-dev-public-site";

// Sets an environment variable for the test's commands, restored after.
class ScopedEnv {
 public:
  ScopedEnv(const char* name, const char* value) : name_(name) {
    if (const char* old = std::getenv(name)) old_ = old;
    if (value)
      ::setenv(name, value, 1);
    else
      ::unsetenv(name);
  }
  ~ScopedEnv() {
    if (old_)
      ::setenv(name_, old_->c_str(), 1);
    else
      ::unsetenv(name_);
  }

 private:
  const char* name_;
  std::optional<std::string> old_;
};

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

// Policy headers: "aws-s3-bucket-public [critical] Title".
std::vector<std::string> policy_headers(const std::string& text) {
  static const std::regex header(R"(^\S+ \[(critical|high|medium|low|info)\] .*)");
  std::vector<std::string> out;
  for (const std::string& line : lines_of(text))
    if (std::regex_match(line, header)) out.push_back(line);
  return out;
}

class ScanTable : public Cli {
 protected:
  void SetUp() override {
    Cli::SetUp();
    // The tests set what they need; nothing leaks in from the caller's shell.
    columns_.emplace("COLUMNS", nullptr);
    no_color_.emplace("NO_COLOR", nullptr);
  }

  // `vigil ARGS` (argv split on spaces) in the source tree with stdout and
  // stderr on a pseudo-terminal `columns` wide; what the terminal showed,
  // "\r\n" read as "\n".
  Outcome on_terminal(const std::string& args, unsigned short columns) {
    winsize size{};
    size.ws_col = columns;
    size.ws_row = 50;
    int master = -1;
    pid_t pid = ::forkpty(&master, nullptr, nullptr, &size);
    if (pid == 0) {
      if (::chdir(VIGIL_SOURCE_DIR) != 0) ::_exit(126);
      int null = ::open("/dev/null", O_WRONLY);  // stderr's progress line is not the table
      ::dup2(null, 2);
      std::vector<std::string> words;
      std::istringstream in(args);
      for (std::string w; in >> w;) words.push_back(w);
      std::vector<char*> argv;
      std::string bin = binary_.string();
      argv.push_back(bin.data());
      for (std::string& w : words) argv.push_back(w.data());
      argv.push_back(nullptr);
      ::execv(bin.c_str(), argv.data());
      ::_exit(127);
    }
    Outcome r;
    if (pid < 0) {
      ADD_FAILURE() << "forkpty failed";
      return r;
    }
    char buffer[4096];
    for (ssize_t n; (n = ::read(master, buffer, sizeof buffer)) > 0;) r.out.append(buffer, n);
    ::close(master);
    r.code = wait_child(pid);
    r.out.erase(std::remove(r.out.begin(), r.out.end(), '\r'), r.out.end());
    return r;
  }

  static int wait_child(pid_t pid) {
    int status = 0;
    ::waitpid(pid, &status, 0);
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  }

  std::optional<ScopedEnv> columns_, no_color_;
};

TEST_F(ScanTable, FailingPoliciesFirstSummaryLast) {
  Outcome r = vigil(kScan);
  ASSERT_EQ(r.code, 0) << r.err;
  std::vector<std::string> failing = policy_headers(r.out);
  ASSERT_GT(failing.size(), 0u) << r.out;
  EXPECT_EQ(r.out.rfind(failing.front(), 0), 0u) << "the report opens with a policy\n" << r.out;
  size_t summary = r.out.find("\nScanned ");
  ASSERT_NE(summary, std::string::npos) << r.out;
  EXPECT_GT(summary, r.out.find(failing.back()));
  EXPECT_NE(r.out.find("; data as of 2026-11-26T12:00:00Z\n", summary), std::string::npos) << r.out;
  // Every listed policy has a violation or an unknown.
  EXPECT_EQ(r.out.find("violations: 0, unknown: 0,"), std::string::npos) << r.out;
  std::smatch counts;
  std::string tail = r.out.substr(summary);
  ASSERT_TRUE(std::regex_search(
      tail, counts,
      std::regex(
          R"(\n  (\d+) policies: (\d+) with violations or unknowns, (\d+) compliant \(listed with --all\)\n)")))
      << tail;
  EXPECT_EQ(std::stoul(counts[2]), failing.size());
  size_t compliant = std::stoul(counts[3]);
  EXPECT_GT(compliant, 0u);

  Outcome all = vigil(std::string(kScan) + " --all");
  ASSERT_EQ(all.code, 0) << all.err;
  std::vector<std::string> every = policy_headers(all.out);
  EXPECT_EQ(every.size(), failing.size() + compliant);
  EXPECT_EQ(all.out.find("(listed with --all)"), std::string::npos);
  // The compliant ones come after the failing ones.
  EXPECT_EQ(std::vector<std::string>(every.begin(), every.begin() + failing.size()), failing);
  EXPECT_NE(all.out.find("violations: 0, unknown: 0, compliant: "), std::string::npos);
  EXPECT_GT(all.out.find("\nScanned "), all.out.find(every.back()));
}

TEST_F(ScanTable, ByAssetWorstFirst) {
  Outcome r = vigil(std::string(kScan) + " --by asset");
  ASSERT_EQ(r.code, 0) << r.err;
  std::vector<std::string> lines = lines_of(r.out);
  ASSERT_GT(lines.size(), 3u);
  // The first asset has a critical violation, listed first under it.
  EXPECT_NE(lines[0].find(" aws."), std::string::npos) << r.out;
  EXPECT_EQ(lines[1].rfind("  violations: ", 0), 0u) << r.out;
  EXPECT_EQ(lines[2].rfind("  VIOLATION ", 0), 0u) << r.out;
  EXPECT_NE(lines[2].find(" [critical]"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find(std::string(kPublicSite) + " aws.s3.bucket (222222222222 us-east-1)\n"),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find(" assets: "), std::string::npos) << r.out;
  EXPECT_EQ(policy_headers(r.out).size(), 0u) << r.out;
}

TEST_F(ScanTable, ColourOnlyWhenAskedOrOnATerminal) {
  Outcome file = vigil(kScan);
  EXPECT_EQ(file.out.find('\033'), std::string::npos) << "a file gets no colour";
  Outcome always = vigil(std::string(kScan) + " --color always");
  EXPECT_NE(always.out.find("\033[1;31m[critical]\033[0m"), std::string::npos) << always.out;
  EXPECT_NE(always.out.find("\033[31mVIOLATION\033[0m"), std::string::npos) << always.out;

  Outcome terminal = on_terminal(kScan, 200);
  EXPECT_EQ(terminal.code, 0) << terminal.out;
  EXPECT_NE(terminal.out.find("\033[31mVIOLATION\033[0m"), std::string::npos) << terminal.out;
  {
    ScopedEnv no_color("NO_COLOR", "1");
    Outcome plain = on_terminal(kScan, 200);
    EXPECT_EQ(plain.code, 0) << plain.out;
    EXPECT_NE(plain.out.find("VIOLATION"), std::string::npos) << plain.out;
    EXPECT_EQ(plain.out.find("\033["), std::string::npos) << "NO_COLOR disables\n" << plain.out;
    // A command-line choice beats the environment (no-color.org).
    EXPECT_NE(on_terminal(std::string(kScan) + " --color always", 200).out.find("\033[31m"),
              std::string::npos);
  }
  {
    ScopedEnv empty("NO_COLOR", "");  // empty: as if unset
    EXPECT_NE(on_terminal(kScan, 200).out.find("\033[31m"), std::string::npos);
  }
  EXPECT_EQ(on_terminal(std::string(kScan) + " --color never", 200).out.find("\033["),
            std::string::npos);
}

// Finding lines with an id cut in its middle: both ends kept.
TEST_F(ScanTable, NarrowWidthElidesTheMiddleOfIds) {
  Outcome wide = vigil(kScan);
  EXPECT_NE(wide.out.find(std::string("  VIOLATION ") + kPublicSite + " (222222222222 us-east-1)"),
            std::string::npos)
      << "no COLUMNS and not a terminal: whole lines";
  ScopedEnv columns("COLUMNS", "40");
  Outcome narrow = vigil(kScan);
  ASSERT_EQ(narrow.code, 0) << narrow.err;
  // 40 columns: 12 for "  VIOLATION ", 28 for the id; the place is dropped.
  EXPECT_NE(narrow.out.find("  VIOLATION arn:aws:s3:::a\u2026v-public-site\n"), std::string::npos)
      << narrow.out;
  EXPECT_EQ(narrow.out.find(std::string("VIOLATION ") + kPublicSite), std::string::npos)
      << narrow.out;
  // A policy id keeps its whole self while the title can give up columns.
  EXPECT_NE(narrow.out.find("\naws-s3-bucket-public [critical] S3 buck\u2026\n"), std::string::npos)
      << narrow.out;
  // JSON is for machines: whole ids whatever the width.
  Outcome json = vigil(std::string(kScan) + " --format json");
  EXPECT_NE(json.out.find(kPublicSite), std::string::npos);
}

TEST_F(ScanTable, TerminalWidthFromTheTerminal) {
  Outcome r = on_terminal(std::string(kScan) + " --color never", 40);
  ASSERT_EQ(r.code, 0) << r.out;
  EXPECT_NE(r.out.find("  VIOLATION arn:aws:s3:::a\u2026v-public-site\n"), std::string::npos)
      << r.out;
  for (const std::string& line : lines_of(r.out))
    if (line.rfind("  VIOLATION ", 0) == 0 || line.rfind("  UNKNOWN ", 0) == 0) {
      EXPECT_LE(display_width(line), 40u) << line;
    }
}

}  // namespace
}  // namespace vigil::cli_testing
