// libFuzzer target for the policy loader: arbitrary bytes as a policy file.
// Exercises the YAML reader, scalar position mapping, the CEL parser and
// compiler on conditions/lets/messages, diagnostic rendering, and the
// embedded test runner. Any crash, hang or sanitizer report is a bug;
// load errors are expected and fine.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "policy/policy_set.h"
#include "policy/test_runner.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size > 64 * 1024) return 0;  // policy files are small; keep iterations fast
  std::string_view yaml(reinterpret_cast<const char*>(data), size);
  vigil::LoadOptions options;
  options.include_disabled = true;
  auto result = vigil::PolicySet::load_text(yaml, "fuzz.yaml", options);
  size_t total = 0;
  for (const auto& d : result.diagnostics) total += d.render().size();
  for (const auto& r : vigil::run_policy_tests(result.set)) total += r.actual.message.size();
  return total == SIZE_MAX ? 1 : 0;
}
