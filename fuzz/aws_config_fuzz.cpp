// libFuzzer target for AWS Config files: the input is one snapshot, history
// file or configuration item (gzipped or not: the reader sniffs it).
#include <cstddef>
#include <cstdint>

#include "connectors/aws_config/config_reader.h"
#include "fuzz_files.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size > 256 * 1024) return 0;
  auto path = vigil::fuzz::write_file("config/snapshot.json", data, size);
  auto result = vigil::aws_config::read_aws_config(path.string());
  return result.ok() && result->inventory.size() == SIZE_MAX ? 1 : 0;
}
