// The CEL encoders extension: base64.encode(bytes) -> string and
// base64.decode(string) -> bytes (standard alphabet; like cel-go, decode
// also accepts input whose '=' padding was left off).
#include <array>
#include <string>

#include "cel/ext/common.h"
#include "cel/ext/libraries.h"

namespace vigil::cel::ext {
namespace {

using Args = std::span<const Value>;

constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

std::string encode(std::string_view in) {
  std::string out;
  out.reserve((in.size() + 2) / 3 * 4);
  size_t i = 0;
  for (; i + 3 <= in.size(); i += 3) {
    const uint32_t n = (static_cast<uint8_t>(in[i]) << 16) | (static_cast<uint8_t>(in[i + 1]) << 8) |
                       static_cast<uint8_t>(in[i + 2]);
    out += kAlphabet[(n >> 18) & 63];
    out += kAlphabet[(n >> 12) & 63];
    out += kAlphabet[(n >> 6) & 63];
    out += kAlphabet[n & 63];
  }
  const size_t rest = in.size() - i;
  if (rest > 0) {
    uint32_t n = static_cast<uint8_t>(in[i]) << 16;
    if (rest == 2) n |= static_cast<uint8_t>(in[i + 1]) << 8;
    out += kAlphabet[(n >> 18) & 63];
    out += kAlphabet[(n >> 12) & 63];
    out += rest == 2 ? kAlphabet[(n >> 6) & 63] : '=';
    out += '=';
  }
  return out;
}

// Decodes standard base64. Line breaks (\r, \n) are skipped, as Go's decoder
// does. Padding is optional, but when present it must complete the final
// quantum. Returns false on any other malformed input.
bool decode(std::string_view in, std::string& out, std::string& err) {
  static const std::array<int8_t, 256> table = [] {
    std::array<int8_t, 256> t{};
    t.fill(-1);
    for (int i = 0; i < 64; ++i) t[static_cast<uint8_t>(kAlphabet[i])] = static_cast<int8_t>(i);
    return t;
  }();
  std::string clean;
  clean.reserve(in.size());
  for (char c : in) {
    if (c != '\r' && c != '\n') clean += c;
  }
  size_t pad = 0;
  while (pad < clean.size() && pad < 2 && clean[clean.size() - 1 - pad] == '=') ++pad;
  const size_t data_len = clean.size() - pad;
  if (pad > 0 && clean.size() % 4 != 0) {
    err = "illegal base64 data: incorrect padding";
    return false;
  }
  if (data_len % 4 == 1) {
    err = "illegal base64 data: truncated input of " + std::to_string(clean.size()) + " characters";
    return false;
  }
  uint32_t acc = 0;
  int bits = 0;
  for (size_t i = 0; i < data_len; ++i) {
    const int8_t v = table[static_cast<uint8_t>(clean[i])];
    if (v < 0) {
      err = "illegal base64 data at input byte " + std::to_string(i);
      return false;
    }
    acc = (acc << 6) | static_cast<uint32_t>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += static_cast<char>((acc >> bits) & 0xFF);
    }
  }
  return true;
}

Value b64_encode(Args args, const CallContext&) {
  if (args[0].kind() != Kind::Bytes) return no_overload("base64.encode", args);
  return Value::string(encode(args[0].as_string()));
}

Value b64_decode(Args args, const CallContext&) {
  if (args[0].kind() != Kind::String) return no_overload("base64.decode", args);
  std::string out;
  std::string err;
  if (!decode(args[0].as_string(), out, err)) return Value::error("base64.decode: " + err);
  return Value::bytes(std::move(out));
}

}  // namespace

void add_encoders(FunctionRegistry& r) {
  r.add("base64.encode", CallStyle::Global, 1, b64_encode);
  r.add("base64.decode", CallStyle::Global, 1, b64_decode);
}

}  // namespace vigil::cel::ext
