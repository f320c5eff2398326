// libFuzzer target for accounts files (docs/aws-collection.md).
#include <cstddef>
#include <cstdint>

#include "connectors/aws_live/accounts.h"
#include "fuzz_files.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size > 64 * 1024) return 0;
  auto path = vigil::fuzz::write_file("accounts.yaml", data, size);
  auto result = vigil::aws::read_accounts_file(path.string());
  return result.ok() && result->size() == SIZE_MAX ? 1 : 0;
}
