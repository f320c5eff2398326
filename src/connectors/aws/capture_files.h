// Reading capture files: one JSON file -> a parsed simdjson element, an AWS
// error file ({"Error": {"Code", "Message"}}), a malformed file (with the
// byte offset of the first syntax error), or a missing file.
//
// Contract: a FileStore owns the simdjson documents of every file it
// loaded, so elements stay valid until the store is destroyed. One store
// per thread (not thread-safe).
#pragma once

#include <simdjson.h>

#include <deque>
#include <filesystem>
#include <string>
#include <string_view>

#include "connectors/aws/sensitive.h"
#include "core/percent_encoding.h"

namespace vigil::aws {

struct CaptureFile {
  enum class State { Ok, Error, Malformed, Missing };
  State state = State::Missing;
  simdjson::dom::element root;  // Ok
  std::string code;             // Error: the AWS error code; Malformed: "MalformedJSON"
  std::string message;          // Error: AWS message; Malformed: "invalid JSON at byte N: ..."
  size_t offset = 0;            // Malformed: byte offset of the syntax error
  size_t bytes = 0;
};

// Documents come from a per-thread pool that keeps their buffers between
// stores, so reading many small files does not allocate (and page-fault)
// fresh buffers for each. Stores on one thread must be destroyed in reverse
// order of creation (they are scoped: one per folder read).
class FileStore {
 public:
  FileStore();
  ~FileStore();
  FileStore(const FileStore&) = delete;
  FileStore& operator=(const FileStore&) = delete;

  // With `secrets` (the output shape of an operation that has sensitive
  // members, sensitive.h), their values are replaced by keyed markers
  // before the document is built.
  CaptureFile load(const std::filesystem::path& path, const Shape* secrets = nullptr,
                   const SensitiveKey* key = nullptr);
  size_t bytes_read() const { return bytes_read_; }
  size_t files_read() const { return files_read_; }

 private:
  size_t first_document_ = 0;  // this store's documents: pool[first_document_, pool.used)
  size_t bytes_read_ = 0;
  size_t files_read_ = 0;
};

// The file name of a per-resource call's output for `key`, the one rule the
// capture writer and reader share: percent_encode(key) + ".json"
// (core/percent_encoding.h: "arn:aws:x/y" -> "arn%3Aaws%3Ax%2Fy.json") when
// that fits a file name (255 bytes). A longer one (a DynamoDB table or an IAM
// policy ARN with a long path: 252 characters of key suffice) would make the
// resource uncollectable, so it becomes the encoding's first 150 bytes (never
// cutting an escape), "%%sha256-", the SHA-256 of the key in hex, ".json":
// 228 bytes at most. percent_encode never writes "%%", so the two forms never
// meet.
std::string resource_file_name(std::string_view key);
// The folder of a fan-out call's files for `key` (catalog.h, "FAN-OUT
// CALLS"): resource_file_name(key) without ".json", so the same bound and
// hashing apply: <Operation>/<resource_folder_name(key)>/<resource_file_name(key2)>.
std::string resource_folder_name(std::string_view key);

// RFC 3339 (UTC, seconds) of a file's modification time, "" on failure.
std::string file_time_rfc3339(const std::filesystem::path& path);

}  // namespace vigil::aws
