// Capture files from live outputs (capture_writer.h).
#include "connectors/aws_live/capture_writer.h"

#include <fmt/format.h>

#include <shared_mutex>

#include "connectors/aws/capture_files.h"
#include "core/private_files.h"

namespace vigil::aws {

namespace fs = std::filesystem;

fs::path folder_path(const fs::path& root, std::string_view account, std::string_view region,
                     std::string_view service) {
  return root / std::string(account) / std::string(region) / std::string(service);
}

fs::path list_path(const fs::path& folder, std::string_view operation) {
  return folder / (std::string(operation) + ".json");
}

fs::path resource_path(const fs::path& folder, std::string_view operation, std::string_view key) {
  return folder / std::string(operation) / resource_file_name(key);
}

fs::path fan_out_path(const fs::path& folder, std::string_view operation, std::string_view key,
                      std::string_view key2) {
  return folder / std::string(operation) / resource_folder_name(key) / resource_file_name(key2);
}

std::string output_text(const nlohmann::json& output) {
  // The AWS CLI prints an empty output as nothing; the capture script writes {} then.
  const nlohmann::json& value = output.is_null() ? nlohmann::json::object() : output;
  return value.dump(4, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

std::string error_text(std::string_view code, std::string_view message) {
  nlohmann::ordered_json error;
  error["Error"]["Code"] = std::string(code);
  error["Error"]["Message"] = std::string(message);
  return error.dump(4, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

namespace {
std::shared_mutex g_writes;  // shared: a write under way; exclusive: closing
bool g_closed = false;       // under g_writes
}  // namespace

Status write_capture_file(const fs::path& path, std::string_view text) {
  std::shared_lock lock(g_writes);
  if (g_closed)
    return Error(
        fmt::format("{}: not written, the process is removing its captures", path.string()));
  return write_private_file(path, text);
}

void close_capture_writes() {
  std::unique_lock lock(g_writes);
  g_closed = true;
}

}  // namespace vigil::aws
