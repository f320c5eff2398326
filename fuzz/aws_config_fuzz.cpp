// libFuzzer target for AWS Config files: the input is one snapshot, history
// file or configuration item (gzipped or not: the reader sniffs it). Inputs of
// odd size are read as a delivered snapshot (AWSLogs/<account>/Config/<region>/
// .../ConfigSnapshot/), so scopes, failed-scope placeholders and the reverse
// relations a snapshot completes are exercised too; even sizes as a plain file.
#include <cstddef>
#include <cstdint>

#include "connectors/aws_config/config_reader.h"
#include "fuzz_files.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size > 256 * 1024) return 0;
  const char* name = size % 2 == 1 ? "config/AWSLogs/111111111111/Config/us-east-1/2026/1/1/"
                                     "ConfigSnapshot/111111111111_Config_us-east-1_ConfigSnapshot_"
                                     "20260101T000000Z_f.json"
                                   : "config/snapshot.json";
  auto path = vigil::fuzz::write_file(name, data, size);
  auto result = vigil::aws_config::read_aws_config(path.string());
  return result.ok() && result->inventory.size() == SIZE_MAX ? 1 : 0;
}
