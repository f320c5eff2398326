#include "cel/ext/ip_address.h"

#include <arpa/inet.h>

#include <algorithm>
#include <cstdio>

namespace vigil::cel::ext {
namespace {

std::string quoted(std::string_view s) { return "\"" + std::string(s) + "\""; }

bool is_v4_mapped(const std::array<uint8_t, 16>& b) {
  for (int i = 0; i < 10; ++i) {
    if (b[i] != 0) return false;
  }
  return b[10] == 0xff && b[11] == 0xff;
}

// Parses the address part of an IP or CIDR. `what` names the input kind for
// messages; `allow_mapped` unmaps ::ffff:a.b.c.d instead of rejecting it.
ParseResult<IpAddress> parse_address(std::string_view text, std::string_view whole,
                                     std::string_view what, bool allow_mapped) {
  if (text.find('%') != std::string_view::npos) {
    return std::string(what) + " " + quoted(whole) + " with zone value is not allowed";
  }
  // inet_pton needs a NUL-terminated string; its grammar is already strict
  // (no leading zeros in IPv4 octets, no whitespace, no short forms).
  const std::string s(text);
  IpAddress ip;
  if (s.find(':') == std::string::npos) {
    in_addr a4{};
    if (s.empty() || inet_pton(AF_INET, s.c_str(), &a4) != 1) {
      return std::string(what) + " " + quoted(whole) +
             " is not a valid address: expected four decimal octets 0-255 (like 10.0.0.1)";
    }
    ip.family = 4;
    std::copy_n(reinterpret_cast<const uint8_t*>(&a4), 4, ip.bytes.begin());
    return ip;
  }
  in6_addr a6{};
  if (inet_pton(AF_INET6, s.c_str(), &a6) != 1) {
    return std::string(what) + " " + quoted(whole) +
           " is not a valid address: expected IPv6 text such as 2001:db8::1";
  }
  ip.family = 6;
  std::copy_n(reinterpret_cast<const uint8_t*>(&a6), 16, ip.bytes.begin());
  if (is_v4_mapped(ip.bytes)) {
    if (!allow_mapped) {
      return "IPv4-mapped IPv6 address " + quoted(whole) + " is not allowed; write the IPv4 form";
    }
    IpAddress v4;
    v4.family = 4;
    std::copy_n(ip.bytes.begin() + 12, 4, v4.bytes.begin());
    return v4;
  }
  return ip;
}

}  // namespace

std::string IpAddress::to_string() const {
  char buf[64];
  if (family == 4) {
    std::snprintf(buf, sizeof buf, "%u.%u.%u.%u", bytes[0], bytes[1], bytes[2], bytes[3]);
    return buf;
  }
  uint16_t g[8];
  for (int i = 0; i < 8; ++i) g[i] = static_cast<uint16_t>((bytes[2 * i] << 8) | bytes[2 * i + 1]);
  int zero_start = -1;
  int zero_len = 0;
  for (int i = 0; i < 8;) {
    if (g[i] != 0) {
      ++i;
      continue;
    }
    int j = i;
    while (j < 8 && g[j] == 0) ++j;
    if (j - i >= 2 && j - i > zero_len) {
      zero_start = i;
      zero_len = j - i;
    }
    i = j;
  }
  std::string out;
  for (int i = 0; i < 8; ++i) {
    if (i == zero_start) {
      out += "::";
      i += zero_len - 1;
      continue;
    }
    if (!out.empty() && out.back() != ':') out += ':';
    std::snprintf(buf, sizeof buf, "%x", g[i]);
    out += buf;
  }
  return out;
}

bool IpAddress::is_unspecified() const {
  const int n = family == 4 ? 4 : 16;
  return std::all_of(bytes.begin(), bytes.begin() + n, [](uint8_t b) { return b == 0; });
}

bool IpAddress::is_loopback() const {
  if (family == 4) return bytes[0] == 127;
  for (int i = 0; i < 15; ++i) {
    if (bytes[i] != 0) return false;
  }
  return bytes[15] == 1;
}

bool IpAddress::is_multicast() const {
  return family == 4 ? (bytes[0] & 0xf0) == 0xe0 : bytes[0] == 0xff;
}

bool IpAddress::is_link_local_multicast() const {
  if (family == 4) return bytes[0] == 224 && bytes[1] == 0 && bytes[2] == 0;
  return bytes[0] == 0xff && (bytes[1] & 0x0f) == 0x02;
}

bool IpAddress::is_link_local_unicast() const {
  if (family == 4) return bytes[0] == 169 && bytes[1] == 254;
  return bytes[0] == 0xfe && (bytes[1] & 0xc0) == 0x80;
}

bool IpAddress::is_global_unicast() const {
  if (family == 4 && bytes[0] == 255 && bytes[1] == 255 && bytes[2] == 255 && bytes[3] == 255) {
    return false;
  }
  return !is_unspecified() && !is_loopback() && !is_multicast() && !is_link_local_unicast();
}

std::string IpPrefix::to_string() const { return addr.to_string() + "/" + std::to_string(bits); }

IpPrefix IpPrefix::masked() const {
  IpPrefix out = *this;
  for (int i = 0; i < 16; ++i) {
    const int keep = std::clamp(bits - 8 * i, 0, 8);
    const auto mask = static_cast<uint8_t>(keep == 0 ? 0 : (0xff << (8 - keep)) & 0xff);
    out.addr.bytes[i] &= mask;
  }
  return out;
}

bool IpPrefix::contains(const IpAddress& ip) const {
  if (ip.family != addr.family) return false;
  IpPrefix probe{ip, bits};
  return probe.masked().addr == masked().addr;
}

bool IpPrefix::contains(const IpPrefix& other) const {
  return other.addr.family == addr.family && bits <= other.bits && contains(other.addr);
}

ParseResult<IpAddress> parse_ip(std::string_view text) {
  return parse_address(text, text, "IP address", /*allow_mapped=*/true);
}

ParseResult<IpPrefix> parse_cidr(std::string_view text) {
  const size_t slash = text.rfind('/');
  if (slash == std::string_view::npos) {
    return "CIDR " + quoted(text) + " has no '/': write it as <address>/<prefix length>, e.g. 10.0.0.0/8";
  }
  auto addr = parse_address(text.substr(0, slash), text, "CIDR", /*allow_mapped=*/false);
  if (auto* err = std::get_if<std::string>(&addr)) return *err;
  IpPrefix prefix;
  prefix.addr = std::get<IpAddress>(addr);
  const std::string_view digits = text.substr(slash + 1);
  const bool well_formed = !digits.empty() && digits.size() <= 3 &&
                           std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; }) &&
                           !(digits.size() > 1 && digits[0] == '0');
  int bits = -1;
  if (well_formed) {
    bits = 0;
    for (char c : digits) bits = bits * 10 + (c - '0');
  }
  if (bits < 0 || bits > prefix.addr.bit_length()) {
    return "CIDR " + quoted(text) + " has a bad prefix length: expected a decimal number from 0 to " +
           std::to_string(prefix.addr.bit_length());
  }
  prefix.bits = bits;
  return prefix;
}

}  // namespace vigil::cel::ext
