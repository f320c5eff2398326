// libFuzzer target for capture files: byte 0 picks a catalog type, the rest
// is its list call's output file; the capture reader assembles the assets.
// Any crash, hang or sanitizer report is a bug; malformed-file problems are
// expected and fine.
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>

#include "connectors/aws/capture_reader.h"
#include "connectors/aws/catalog.h"
#include "fuzz_files.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 1 || size > 256 * 1024) return 0;
  const auto& catalog = vigil::aws::resource_catalog();
  const vigil::aws::ResourceType& type = catalog[data[0] % catalog.size()];
  std::filesystem::remove_all(vigil::fuzz::scratch() / "capture");
  std::string region = type.global ? "global" : "us-east-1";
  vigil::fuzz::write_file("capture/111111111111/" + region + "/" + std::string(type.service) + "/" +
                              std::string(type.list_operation) + ".json",
                          data + 1, size - 1);
  vigil::aws::CaptureOptions options;
  options.threads = 1;
  auto result = vigil::aws::read_capture((vigil::fuzz::scratch() / "capture").string(), options);
  return result.ok() && result->inventory.size() == SIZE_MAX ? 1 : 0;
}
