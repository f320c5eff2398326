// Capture file loading (capture_files.h).
#include "connectors/aws/capture_files.h"

#include <fmt/chrono.h>
#include <fmt/format.h>

#include <chrono>
#include <nlohmann/json.hpp>

#include "core/crypto.h"
#include "core/json_error.h"
#include "core/percent_encoding.h"

namespace vigil::aws {

namespace {

// {"Error": {"Code": ..., "Message": ...}} as the only member.
bool read_error(simdjson::dom::element root, std::string& code, std::string& message) {
  simdjson::dom::object o;
  if (root.get_object().get(o) || o.size() != 1) return false;
  simdjson::dom::element error;
  if (o["Error"].get(error)) return false;
  std::string_view c, m;
  if (error["Code"].get_string().get(c)) return false;
  if (error["Message"].get_string().get(m)) m = "";
  code = std::string(c);
  message = std::string(m);
  return true;
}

// The calling thread's parser and document pool (see FileStore).
struct DocumentPool {
  simdjson::dom::parser parser;
  std::deque<simdjson::dom::document> documents;  // a deque: growing it never moves a document
  size_t used = 0;

  simdjson::dom::document& next() {
    if (used == documents.size()) documents.emplace_back();
    return documents[used++];
  }
};

DocumentPool& pool() {
  thread_local DocumentPool p;
  return p;
}

}  // namespace

FileStore::FileStore() : first_document_(pool().used) {}
FileStore::~FileStore() { pool().used = first_document_; }

CaptureFile FileStore::load(const std::filesystem::path& path, const Shape* secrets,
                            const SensitiveKey* key) {
  CaptureFile file;
  simdjson::padded_string text;
  if (simdjson::padded_string::load(path.string()).get(text)) {
    std::error_code ec;
    if (std::filesystem::exists(path, ec)) {
      file.state = CaptureFile::State::Malformed;
      file.code = "UnreadableFile";
      file.message = "cannot read the file (permissions?)";
    }
    return file;
  }
  ++files_read_;
  bytes_read_ += text.size();
  file.bytes = text.size();
  DocumentPool& p = pool();
  simdjson::dom::document& doc = p.next();
  simdjson::dom::element root;
  auto error = p.parser.parse_into_document(doc, text.data(), text.size()).get(root);
  if (error) {
    // simdjson says what but not where; the slow path finds the byte offset
    // (and accepts integers beyond 64 bits, which JSON allows).
    Result<std::string> again = detail::reread_json(std::string_view(text.data(), text.size()),
                                                    simdjson::error_message(error));
    if (!again.ok() || p.parser.parse_into_document(doc, again->data(), again->size()).get(root)) {
      file.state = CaptureFile::State::Malformed;
      file.code = "MalformedJSON";
      file.offset = again.ok() ? 0 : again.error().offset;
      file.message = again.ok() ? "invalid JSON"
                                : fmt::format("at byte {}: {}", file.offset, again.error().message);
      --p.used;
      return file;
    }
  }
  file.root = root;
  file.state = read_error(root, file.code, file.message) ? CaptureFile::State::Error
                                                         : CaptureFile::State::Ok;
  if (file.state == CaptureFile::State::Ok && secrets != nullptr && key != nullptr) {
    // The document parsed, so it nests at most 1024 levels: nlohmann may walk it.
    nlohmann::json output =
        nlohmann::json::parse(std::string_view(text.data(), text.size()), nullptr, false);
    std::string redacted;
    if (!output.is_discarded() && redact_sensitive(*secrets, output, *key) == 0) return file;
    if (!output.is_discarded())
      redacted = output.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    if (output.is_discarded() ||
        p.parser.parse_into_document(doc, redacted.data(), redacted.size()).get(root)) {
      // Never keep the secrets because hiding them failed.
      file.state = CaptureFile::State::Malformed;
      file.code = "MalformedJSON";
      file.message = "its sensitive values could not be hidden, so it is not read";
      --p.used;
      return file;
    }
    file.root = root;
  }
  return file;
}

std::string resource_file_name(std::string_view key) {
  constexpr size_t kNameMax = 255, kPrefix = 150;
  std::string encoded = percent_encode(key);
  if (encoded.size() + 5 <= kNameMax) return encoded + ".json";
  size_t cut = kPrefix;
  // An escape is '%' and two hex digits: do not end inside one.
  if (encoded[cut - 1] == '%')
    cut -= 1;
  else if (encoded[cut - 2] == '%')
    cut -= 2;
  return encoded.substr(0, cut) + "%%sha256-" + sha256_hex(key) + ".json";
}

std::string resource_folder_name(std::string_view key) {
  std::string name = resource_file_name(key);
  name.resize(name.size() - 5);  // ".json"
  return name;
}

std::string file_time_rfc3339(const std::filesystem::path& path) {
  std::error_code ec;
  auto ftime = std::filesystem::last_write_time(path, ec);
  if (ec) return "";
  auto sys =
      std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::file_clock::to_sys(ftime));
  return fmt::format("{:%Y-%m-%dT%H:%M:%SZ}", sys);
}

}  // namespace vigil::aws
