// Errors as values across module boundaries.
//
// Error: a message plus an optional source position (1-based line/column,
// 0 when unknown), a file name and a kind. The kind is what a caller decides
// on (retry or not, which HTTP status); the message is for people and is
// never parsed. Result<T>: either a T or an Error; callers
// must check ok() before value(). Exceptions never cross a module boundary.
#pragma once

#include <string>
#include <utility>
#include <variant>

namespace vigil {

struct Error {
  // What went wrong, for callers that act on it. Unspecified until a module
  // says otherwise; new errors should name a kind.
  enum class Kind {
    Unspecified,
    InvalidInput,   // the caller's input is wrong (a policy, a flag, a request)
    NotFound,       // the thing named does not exist
    Conflict,       // it exists, or changed under us
    Unavailable,    // a dependency did not answer (network, a busy store)
    Io,             // reading or writing a file failed
    Corrupt,        // data that should be well-formed is not
    LimitExceeded,  // input past a bound of limits.md (size, depth, pages)
    Internal,       // a bug: "cannot happen" happened
  };

  Error() = default;
  explicit Error(std::string message, std::string file = {}, int line = 0, int column = 0, size_t offset = 0)
      : message(std::move(message)), file(std::move(file)), line(line), column(column), offset(offset) {}

  std::string message;
  std::string file;     // empty when the input was not a file
  int line = 0;         // 1-based; 0 when unknown
  int column = 0;       // 1-based; 0 when unknown
  size_t offset = 0;    // byte offset in the input, when meaningful
  Kind kind = Kind::Unspecified;
  // A stable, machine-readable name of what went wrong, finer than the kind,
  // for tools and the API ("cel.undeclared-reference"); empty when none.
  std::string code;
  // What the error is about, when it is one thing: the undeclared
  // identifier, the id that was not found. Empty when none.
  std::string subject;

  Error&& with_kind(Kind k) && {
    kind = k;
    return std::move(*this);
  }
  Error&& with_code(std::string c) && {
    code = std::move(c);
    return std::move(*this);
  }
  Error&& with_subject(std::string s) && {
    subject = std::move(s);
    return std::move(*this);
  }

  static Error at_offset(std::string message, size_t offset) {
    Error e;
    e.message = std::move(message);
    e.offset = offset;
    return e;
  }
};

template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : v_(std::move(value)) {}
  Result(Error error) : v_(std::move(error)) {}

  bool ok() const { return v_.index() == 0; }
  explicit operator bool() const { return ok(); }
  T& value() & { return std::get<0>(v_); }
  const T& value() const& { return std::get<0>(v_); }
  T&& value() && { return std::get<0>(std::move(v_)); }
  const Error& error() const { return std::get<1>(v_); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }

 private:
  std::variant<T, Error> v_;
};

// Result<void>.
class [[nodiscard]] Status {
 public:
  Status() = default;
  Status(Error error) : error_(std::move(error)), ok_(false) {}
  static Status Ok() { return Status(); }
  bool ok() const { return ok_; }
  explicit operator bool() const { return ok_; }
  const Error& error() const { return error_; }

 private:
  Error error_;
  bool ok_ = true;
};

}  // namespace vigil
