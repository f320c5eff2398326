// The streaming pattern every report writer shares (scan JSON, the standard
// formats, the HTML framework report): text is appended to a
// block that goes to the stream whenever it passes 1 MiB, so memory stays
// flat in the number of findings and the stream sees few large writes.
//
// Contract: append to text(), call maybe_flush() between records and
// finish() once at the end (the destructor does not write: a writer that
// stops early on an error leaves the stream as it was at the last flush).
#pragma once

#include <ostream>
#include <string>

namespace vigil {

class BlockWriter {
 public:
  static constexpr size_t kBlockBytes = size_t{1} << 20;

  explicit BlockWriter(std::ostream& out) : out_(out) { text_.reserve(kBlockBytes + 64 * 1024); }
  std::string& text() { return text_; }
  void maybe_flush() {
    if (text_.size() >= kBlockBytes) flush();
  }
  void finish() {
    flush();
    out_.flush();
  }

 private:
  void flush() {
    out_.write(text_.data(), static_cast<std::streamsize>(text_.size()));
    text_.clear();
  }
  std::ostream& out_;
  std::string text_;
};

}  // namespace vigil
