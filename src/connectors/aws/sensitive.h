// Secrets in API outputs (botocore's `sensitive` trait: Lambda environment
// variable values, CloudFront origin custom header values, ...) never reach
// a capture or the store in plaintext.
//
// Contract
// - redact_sensitive walks an output in the AWS CLI's form (model member
//   names) along its shape and replaces every non-null scalar whose shape,
//   or an enclosing shape, is sensitive by a marker string
//   "vigil:sensitive:<32 hex digits>": the first 128 bits of
//   HMAC-SHA256(key, the string, or the value's compact JSON). Containers
//   keep their shape (a sensitive map keeps one entry per variable, its
//   keys markers too when the key shape is sensitive, as Lambda's are). A policy still
//   sees that a value exists (has(), != "") and, comparing versions, whether
//   it changed; without the key nobody can test guesses against it. A value
//   that is a marker already is kept (captures Vigil wrote, read back).
// - SensitiveKey::load reads the installation's key (32 random bytes) from
//   `path`, creating it (0600, its folder 0700) on first use; default path:
//   $VIGIL_SENSITIVE_KEY_FILE, else $XDG_DATA_HOME/vigil/sensitive.key, else
//   ~/.local/share/vigil/sensitive.key. Concurrent first uses agree on one
//   key (sensitive files are created with link()); an existing file is never
//   overwritten. When no file can be used, one key per process is used
//   (values stay hidden; markers differ between processes) and `persistent`
//   is false with the reason in `problem`.
#pragma once

#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "aws_client/model/service_model.h"
#include "aws_client/model/shape.h"

namespace vigil::aws {

inline constexpr std::string_view kSensitiveMarker = "vigil:sensitive:";

struct SensitiveKey {
  std::string bytes;        // 32 bytes
  bool persistent = false;  // read from or written to a file
  std::string path;         // that file, when persistent
  std::string problem;      // why not persistent, when not

  static SensitiveKey load(const std::filesystem::path& path = default_path());
  static std::filesystem::path default_path();
};

// The marker for one value.
std::string sensitive_marker(const SensitiveKey& key, const nlohmann::json& value);

// Replaces, in place, every value of `output` whose shape is sensitive.
// Returns how many were replaced.
size_t redact_sensitive(const Shape& shape, nlohmann::json& output, const SensitiveKey& key);

// True when any shape reachable from `shape` is sensitive (recursive shapes
// handled): outputs of other operations need no walk.
bool has_sensitive(const Shape& shape);

// For the readers of captures made by other tools (the AWS CLI script):
// which operations' outputs hold secrets, and the key to hide them with.
class SensitiveFilter {
 public:
  SensitiveFilter(std::shared_ptr<ModelRepository> models, SensitiveKey key)
      : models_(std::move(models)), key_(std::move(key)) {}
  // The operation's output shape when it holds a sensitive member, else
  // null (also when the model is unknown). Thread-safe, memoized.
  const Shape* output_with_secrets(std::string_view service, std::string_view operation) const;
  const SensitiveKey& key() const { return key_; }

 private:
  std::shared_ptr<ModelRepository> models_;
  SensitiveKey key_;
  mutable std::mutex mutex_;
  mutable std::map<std::string, const Shape*, std::less<>> memo_;  // "service/Operation"
};

// The filter of the capture and AWS Config readers: botocore's models (one
// repository per process, each service parsed once) and the installation's
// key (`key_file`, or SensitiveKey::default_path() when empty). Null when
// the models are absent; `problem` then says so, for the read's summary.
std::unique_ptr<SensitiveFilter> reader_sensitive_filter(const std::filesystem::path& key_file,
                                                         std::string& problem);

}  // namespace vigil::aws
