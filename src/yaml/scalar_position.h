// Maps the decoded value of a YAML scalar back to file positions, so an
// error at byte N of a CEL condition points at the right file line:column
// whatever the scalar style. Used by the YAML readers (yaml/context.h).
//
// The value is aligned with the raw file text starting at the scalar's
// mark: equal bytes advance together; whitespace that YAML folded or
// stripped (line breaks, indentation, trailing spaces) is skipped on
// whichever side has it; quote escapes ('' and \x) are decoded. Block
// scalars (| and >) start on the line after their header. Best effort for
// exotic escapes: a byte that cannot be aligned maps to the nearest raw byte.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/diagnostic.h"

namespace vigil {

// A scalar's text (a CEL condition, a message) taken from the file, with where its first character
// sits so that an offset inside it maps back to file:line:col.
struct SourceText {
  std::string text;
  SourcePos pos;
  // Where runs of `text` sit in the file: a run starting at byte `offset`
  // of `text` begins at (line, column) and continues on the same line.
  // Filled by the reader for every YAML scalar style (plain, quoted, block);
  // empty means "all of text is on pos.line from pos.column".
  struct Run {
    uint32_t offset = 0;
    int line = 0;
    int column = 0;
  };
  std::vector<Run> runs;

  // The file position of byte `offset` of `text` (clamped to its size).
  SourcePos position_of(size_t offset) const;
};

}  // namespace vigil

namespace vigil::yaml {

// Line starts of one file, for byte offset -> 1-based line:column.
class LineIndex {
 public:
  explicit LineIndex(std::string_view text);
  int line_of(size_t offset) const;       // 1-based
  int column_of(size_t offset) const;     // 1-based, in bytes
  std::string line_text(int line) const;  // without newline

 private:
  std::string_view text_;
  std::vector<size_t> starts_;
};

// `mark_offset` is the byte offset of the scalar's first character (the
// quote or block indicator for those styles) in `file_text`.
SourceText locate_scalar(std::string_view file_text, const LineIndex& lines, size_t mark_offset,
                         std::string value, const std::string& file);

}  // namespace vigil::yaml
