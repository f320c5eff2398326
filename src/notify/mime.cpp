// MIME text of an e-mail (mime.h).
#include "notify/mime.h"

#include <fmt/chrono.h>
#include <fmt/format.h>

#include <chrono>

#include "aws_client/protocols/wire_format.h"
#include "core/crypto.h"

namespace vigil::notify {

namespace {

constexpr std::string_view kCrlf = "\r\n";

std::string one_line(std::string_view value) {
  std::string out(value);
  for (char& c : out)
    if (c == '\r' || c == '\n') c = ' ';
  return out;
}

bool plain_ascii(std::string_view s) {
  for (unsigned char c : s)
    if (c < 0x20 || c > 0x7e) return false;
  return true;
}

// RFC 2047 encoded words of at most 75 characters each, split between
// whole UTF-8 characters, folded onto continuation lines.
std::string encoded_header_value(std::string_view value) {
  if (plain_ascii(value) && value.size() <= 66) return std::string(value);
  std::string out;
  size_t start = 0;
  while (start < value.size()) {
    size_t end = std::min(value.size(), start + 45);  // 45 bytes -> 60 base64 characters
    while (end < value.size() && (static_cast<unsigned char>(value[end]) & 0xc0) == 0x80) --end;
    if (!out.empty()) out += "\r\n ";
    out += "=?UTF-8?B?" + aws::wire::base64_encode(value.substr(start, end - start)) + "?=";
    start = end;
  }
  return out;
}

std::string base64_lines(std::string_view bytes) {
  std::string encoded = aws::wire::base64_encode(bytes), out;
  for (size_t i = 0; i < encoded.size(); i += 76) {
    out += encoded.substr(i, 76);
    out += kCrlf;
  }
  return out;
}

std::string address_list(const std::vector<std::string>& to) {
  std::string out;
  for (const std::string& a : to) {
    if (!out.empty()) out += ",\r\n ";
    out += one_line(a);
  }
  return out;
}

}  // namespace

std::string mime_message(const Message& m, std::string_view from, SystemTime date,
                         std::string_view message_id) {
  const std::string boundary =
      "vigil-" + hex(sha256(m.key + m.subject + m.text)).substr(0, 24);
  std::string out;
  out += fmt::format("From: {}\r\n", one_line(from));
  out += fmt::format("To: {}\r\n", address_list(m.to));
  out += fmt::format("Subject: {}\r\n", encoded_header_value(one_line(m.subject)));
  out += fmt::format("Date: {:%a, %d %b %Y %H:%M:%S} +0000\r\n",
                     std::chrono::floor<std::chrono::seconds>(date));
  out += fmt::format("Message-ID: <{}>\r\n", one_line(message_id));
  out += fmt::format("X-Vigil-Event: {}\r\n", to_string(m.kind));
  out += "MIME-Version: 1.0\r\n";
  out += fmt::format("Content-Type: multipart/alternative; boundary=\"{}\"\r\n\r\n", boundary);
  for (const auto& [type, body] :
       {std::pair{"text/plain", &m.text}, std::pair{"text/html", &m.html}}) {
    out += fmt::format("--{}\r\n", boundary);
    out += fmt::format("Content-Type: {}; charset=utf-8\r\n", type);
    out += "Content-Transfer-Encoding: base64\r\n\r\n";
    out += base64_lines(*body);
  }
  out += fmt::format("--{}--\r\n", boundary);
  return out;
}

}  // namespace vigil::notify
