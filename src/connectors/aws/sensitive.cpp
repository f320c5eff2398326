// See sensitive.h.
#include "connectors/aws/sensitive.h"

#include <fmt/format.h>
#include <openssl/rand.h>

#include <cstdlib>
#include <fstream>
#include <iterator>
#include <optional>
#include <set>

#include "core/crypto.h"
#include "core/private_files.h"

namespace vigil::aws {

namespace fs = std::filesystem;

namespace {

constexpr size_t kKeyBytes = 32;

constexpr int kMaxDepth = 200;

bool is_marker(const nlohmann::json& value) {
  return value.is_string() && value.get_ref<const std::string&>().starts_with(kSensitiveMarker);
}

void hide(nlohmann::json& value, const SensitiveKey& key, size_t& replaced) {
  if (is_marker(value)) return;  // a capture written by Vigil, read back
  value = sensitive_marker(key, value);
  ++replaced;
}

// Everything below a sensitive shape is secret, whatever the model says of
// its layout (members a newer model added, values of an unexpected type):
// every scalar becomes a marker, the keys of a map whose key shape is
// sensitive too. `shape` may be null (no model for this part). Past the
// depth cap the whole subtree becomes one marker: fail closed.
void hide_all(nlohmann::json& value, const Shape* shape, const SensitiveKey& key, size_t& replaced,
              int depth) {
  if (value.is_null()) return;
  if (depth > kMaxDepth || (!value.is_object() && !value.is_array()))
    return hide(value, key, replaced);
  if (value.is_array()) {
    const Shape* item = shape && shape->type == ShapeType::List ? shape->member.shape : nullptr;
    for (nlohmann::json& v : value) hide_all(v, item, key, replaced, depth + 1);
    return;
  }
  bool is_map = shape && shape->type == ShapeType::Map;
  bool secret_keys = is_map && shape->key.shape && shape->key.shape->sensitive;
  nlohmann::json out = nlohmann::json::object();
  for (auto it = value.begin(); it != value.end(); ++it) {
    const Shape* child = nullptr;
    if (is_map) {
      child = shape->value.shape;
    } else if (shape && shape->type == ShapeType::Structure) {
      const MemberRef* m = shape->find_member(it.key());
      child = m ? m->shape : nullptr;
    }
    hide_all(it.value(), child, key, replaced, depth + 1);
    std::string name = it.key();
    if (secret_keys && !name.starts_with(kSensitiveMarker)) {
      name = sensitive_marker(key, name);
      ++replaced;
    }
    out[name] = std::move(it.value());
  }
  value = std::move(out);
}

void walk(const Shape& shape, nlohmann::json& value, const SensitiveKey& key, size_t& replaced,
          int depth) {
  if (value.is_null()) return;
  if (shape.sensitive || depth > kMaxDepth) return hide_all(value, &shape, key, replaced, depth);
  switch (shape.type) {
    case ShapeType::Structure:
      if (!value.is_object()) return;
      for (const MemberRef& m : shape.members) {
        auto it = value.find(m.name);
        if (it != value.end() && m.shape) walk(*m.shape, *it, key, replaced, depth + 1);
      }
      return;
    case ShapeType::List:
      if (!value.is_array() || !shape.member.shape) return;
      for (nlohmann::json& item : value) walk(*shape.member.shape, item, key, replaced, depth + 1);
      return;
    case ShapeType::Map:
      if (!value.is_object() || !shape.value.shape) return;
      if (shape.key.shape && shape.key.shape->sensitive)
        return hide_all(value, &shape, key, replaced, depth);
      for (auto it = value.begin(); it != value.end(); ++it)
        walk(*shape.value.shape, *it, key, replaced, depth + 1);
      return;
    default:
      return;
  }
}

bool reaches_sensitive(const Shape& shape, std::set<const Shape*>& seen) {
  if (!seen.insert(&shape).second) return false;
  if (shape.sensitive) return true;
  for (const MemberRef& m : shape.members)
    if (m.shape && reaches_sensitive(*m.shape, seen)) return true;
  for (const MemberRef* m : {&shape.member, &shape.key, &shape.value})
    if (m->shape && reaches_sensitive(*m->shape, seen)) return true;
  return false;
}

std::string random_key() {
  std::string bytes(kKeyBytes, '\0');
  if (RAND_bytes(reinterpret_cast<unsigned char*>(bytes.data()), static_cast<int>(bytes.size())) !=
      1)
    std::abort();
  return bytes;
}

}  // namespace

fs::path SensitiveKey::default_path() {
  if (const char* file = std::getenv("VIGIL_SENSITIVE_KEY_FILE"); file && *file) return file;
  if (const char* data = std::getenv("XDG_DATA_HOME"); data && *data)
    return fs::path(data) / "vigil" / "sensitive.key";
  if (const char* home = std::getenv("HOME"); home && *home)
    return fs::path(home) / ".local" / "share" / "vigil" / "sensitive.key";
  return {};
}

namespace {

// The key used when no file can hold one: one per process, so markers stay
// comparable within it (a long-running `vigil serve` included).
SensitiveKey process_key(std::string problem) {
  static const std::string bytes = random_key();
  SensitiveKey key;
  key.bytes = bytes;
  key.problem = std::move(problem);
  return key;
}

std::optional<std::string> read_key(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

}  // namespace

SensitiveKey SensitiveKey::load(const fs::path& path) {
  if (path.empty()) return process_key("no key file (set VIGIL_SENSITIVE_KEY_FILE or HOME)");
  std::error_code ec;
  if (!fs::exists(path, ec) && !ec) {
    // Concurrent first uses agree: only one file is ever linked into place.
    Result<bool> created = create_private_file_with(path, random_key());
    if (!created.ok()) return process_key(created.error().message);
  }
  std::optional<std::string> bytes = read_key(path);
  // An existing file that is unreadable or malformed is never overwritten.
  if (!bytes) return process_key("cannot read " + path.string());
  if (bytes->size() != kKeyBytes)
    return process_key(path.string() + " does not hold a 32-byte key");
  SensitiveKey key;
  key.bytes = std::move(*bytes);
  key.persistent = true;
  key.path = path.string();
  return key;
}

std::string sensitive_marker(const SensitiveKey& key, const nlohmann::json& value) {
  std::string text = value.is_string()
                         ? value.get<std::string>()
                         : value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  return std::string(kSensitiveMarker) + hex(hmac_sha256(key.bytes, text)).substr(0, 32);
}

size_t redact_sensitive(const Shape& shape, nlohmann::json& output, const SensitiveKey& key) {
  size_t replaced = 0;
  walk(shape, output, key, replaced, 0);
  return replaced;
}

const Shape* SensitiveFilter::output_with_secrets(std::string_view service,
                                                  std::string_view operation) const {
  std::string name = std::string(service) + "/" + std::string(operation);
  std::lock_guard lock(mutex_);
  if (auto it = memo_.find(name); it != memo_.end()) return it->second;
  const Shape* found = nullptr;
  if (models_) {
    auto model = models_->service(service);
    const OperationDef* op = model.ok() ? (*model)->compiled_operation(operation) : nullptr;
    if (op != nullptr && op->output != nullptr && has_sensitive(*op->output)) found = op->output;
  }
  memo_.emplace(std::move(name), found);
  return found;
}

std::unique_ptr<SensitiveFilter> reader_sensitive_filter(const fs::path& key_file,
                                                         std::string& problem) {
  static const std::shared_ptr<ModelRepository> models = std::make_shared<ModelRepository>();
  std::error_code ec;
  if (!fs::exists(models->root(), ec)) {
    problem = fmt::format(
        "the botocore models ({}) are absent: values marked sensitive in them are read as they are",
        models->root());
    return nullptr;
  }
  return std::make_unique<SensitiveFilter>(
      models, key_file.empty() ? SensitiveKey::load() : SensitiveKey::load(key_file));
}

bool has_sensitive(const Shape& shape) {
  std::set<const Shape*> seen;
  return reaches_sensitive(shape, seen);
}

}  // namespace vigil::aws
