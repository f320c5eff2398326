// cel-conformance FILE...: runs CEL conformance cases (JSON, see runner.h),
// prints each failure, and ends with "N passed, M failed". Exit status 1
// when any case failed or a file could not be read.
#include <cstdio>

#include "runner.h"

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: %s FILE.json...\n  runs CEL conformance cases (../shared/conformance/cel/*.json)\n",
                 argv[0]);
    return 2;
  }
  vigil::conformance::Summary summary;
  bool file_error = false;
  for (int i = 1; i < argc; ++i) {
    vigil::Status st = vigil::conformance::run_file(argv[i], summary);
    if (!st.ok()) {
      std::fprintf(stderr, "%s: %s\n", st.error().file.c_str(), st.error().message.c_str());
      file_error = true;
    }
  }
  for (const auto& line : summary.failures) std::printf("%s\n", line.c_str());
  std::printf("%zu passed, %zu failed\n", summary.passed, summary.failed);
  return summary.failed > 0 || file_error ? 1 : 0;
}
