// libFuzzer target for JSON-lines inventories (docs/assets.md).
#include <cstddef>
#include <cstdint>

#include "fuzz_files.h"
#include "inventory/inventory.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size > 256 * 1024) return 0;
  auto path = vigil::fuzz::write_file("inventory.jsonl", data, size);
  auto result = vigil::Inventory::load_jsonl(path.string());
  return result.ok() && result->size() == SIZE_MAX ? 1 : 0;
}
