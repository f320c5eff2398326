// IP addresses and CIDR prefixes for the CEL network extension, with the
// parsing and rendering rules of cel-go's ext/network (Go's net/netip).
//
// Contract
// - parse_ip accepts dotted-quad IPv4 (exactly four decimal octets, no
//   leading zeros) and RFC 4291 IPv6 text (including a trailing dotted
//   IPv4). Zone ids ("fe80::1%en0") are rejected. IPv4-mapped IPv6
//   ("::ffff:192.168.0.1") is accepted and becomes the IPv4 address, so
//   ip('::ffff:c0a8:1') == ip('192.168.0.1') as the CEL conformance suite
//   requires.
// - parse_cidr accepts "<address>/<bits>" with bits in decimal without
//   leading zeros, 0..32 for IPv4 and 0..128 for IPv6. The address keeps its
//   host bits (masked() clears them). Zones and IPv4-mapped addresses are
//   rejected.
// - to_string() is canonical: dotted quad for IPv4; RFC 5952 for IPv6
//   (lowercase hex, no leading zeros, the longest run of two or more zero
//   groups, leftmost on ties, written as "::").
// - Parse errors come back as a message naming the input and the problem.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <variant>

namespace vigil::cel::ext {

struct IpAddress {
  int family = 4;                  // 4 or 6
  std::array<uint8_t, 16> bytes{};  // IPv4 uses bytes[0..3]

  int bit_length() const { return family == 4 ? 32 : 128; }
  std::string to_string() const;
  bool is_unspecified() const;
  bool is_loopback() const;
  bool is_multicast() const;
  bool is_link_local_multicast() const;
  bool is_link_local_unicast() const;
  bool is_global_unicast() const;
  bool operator==(const IpAddress&) const = default;
};

struct IpPrefix {
  IpAddress addr;
  int bits = 0;

  std::string to_string() const;
  IpPrefix masked() const;
  bool contains(const IpAddress& ip) const;
  // Every address of `other` is in this prefix.
  bool contains(const IpPrefix& other) const;
  bool operator==(const IpPrefix&) const = default;
};

// Either the parsed value or an error message.
template <typename T>
using ParseResult = std::variant<T, std::string>;

ParseResult<IpAddress> parse_ip(std::string_view text);
ParseResult<IpPrefix> parse_cidr(std::string_view text);

}  // namespace vigil::cel::ext
