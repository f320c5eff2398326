// Capture files from live outputs (capture_writer.h).
#include "connectors/aws_live/capture_writer.h"

#include <fmt/format.h>

#include <atomic>
#include <cerrno>
#include <cstring>
#include <fstream>

#include "connectors/aws/capture_files.h"

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
  return folder / std::string(operation) / (percent_encode(key) + ".json");
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

Status write_capture_file(const fs::path& path, std::string_view text) {
  static std::atomic<uint64_t> counter{0};
  std::error_code ec;
  fs::create_directories(path.parent_path(), ec);
  if (ec) {
    Error e;
    e.message =
        fmt::format("cannot create the folder {}: {}", path.parent_path().string(), ec.message());
    return e;
  }
  fs::path temp = path;
  temp += fmt::format(".tmp{}", counter.fetch_add(1));
  {
    std::ofstream out(temp, std::ios::binary | std::ios::trunc);
    out.write(text.data(), static_cast<std::streamsize>(text.size()));
    out.close();
    if (!out) {
      Error e;
      e.message = fmt::format("cannot write {}: {}", temp.string(), std::strerror(errno));
      fs::remove(temp, ec);
      return e;
    }
  }
  fs::rename(temp, path, ec);
  if (ec) {
    Error e;
    e.message =
        fmt::format("cannot rename {} to {}: {}", temp.string(), path.string(), ec.message());
    fs::remove(temp, ec);
    return e;
  }
  return {};
}

}  // namespace vigil::aws
