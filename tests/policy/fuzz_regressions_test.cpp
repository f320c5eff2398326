// Inputs that once crashed the policy loader fuzzer (fuzz/policy_loader_fuzz.cpp),
// replayed through the same steps. Their bugs show under a sanitizer build
// (-DVIGIL_SANITIZE=ON); here they must at least load and run cleanly.
//
//   yaml-iterator-proxy-use-after-scope.yaml: the reader bound references to
//   `it->first` of yaml-cpp map iterators, whose proxy dies at the end of
//   the statement (AddressSanitizer: stack-use-after-scope).
//   asset-with-invalid-utf8.yaml: a test asset string with invalid UTF-8
//   made nlohmann::json::dump() throw out of the loader.
//   yaml-cpp-hangs-on-nul.yaml: a text starting with NUL made yaml-cpp 0.7's
//   LoadAll loop forever (libFuzzer timeout); yaml/load.h now refuses control
//   characters YAML does not allow, before yaml-cpp sees the text.
//   yaml-cpp-hangs-on-comma-after-flow.yaml: " [1],!" (a ',' right after the
//   outermost flow collection closes) loops yaml-cpp too; the stray-comma
//   guard (yaml/stray_comma.h) refuses it.
//   yaml-cpp-hangs-on-comma-in-tag.yaml: a ',' inside a tag ("!a,b") loops
//   yaml-cpp as well; refused by the same guard.
//   yaml-cpp-hangs-on-anchor-in-flow.yaml: " [&2],\\1,!": the guard read the
//   anchor "&2]," as one token and missed the ']' closing the sequence.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "policy/test_runner.h"
#include "policy_test_util.h"

namespace vigil {
namespace {

TEST(FuzzRegressions, ReplayEveryReproducer) {
  std::filesystem::path dir =
      std::filesystem::path(VIGIL_SOURCE_DIR) / "tests/policy/fuzz_regressions";
  size_t replayed = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    std::ifstream in(entry.path(), std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    LoadOptions options;
    options.include_disabled = true;
    auto r = PolicySet::load_text(text.str(), entry.path().filename().string(), options);
    for (const auto& d : r.diagnostics) EXPECT_FALSE(d.render().empty());
    for (const auto& t : run_policy_tests(r.set)) EXPECT_FALSE(t.test_name.empty());
    ++replayed;
  }
  EXPECT_GE(replayed, 1u);
}

}  // namespace
}  // namespace vigil
