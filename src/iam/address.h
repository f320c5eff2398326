// IP addresses and CIDR blocks for IpAddress / NotIpAddress (IPv4 and IPv6).
//
// Contract
// - parse_cidr accepts "203.0.113.0/24", "2001:db8::/32", and a bare address
//   (a /32 or /128 block). The address bits beyond the prefix are ignored, as
//   AWS does. Anything else is nullopt.
// - contains: an IPv4 address is never inside an IPv6 block and the reverse
//   (AWS does not map between them).
// - An address is 128 bits; IPv4 uses the low 32 and `v6` says which family.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace vigil::iam {

struct IpBlock {
  bool v6 = false;
  unsigned __int128 base = 0;  // masked to the prefix
  int prefix = 0;              // 0..32 or 0..128

  bool contains(const IpBlock& address) const;  // `address`: a /32 or /128
  // The first and last address of the block.
  unsigned __int128 first() const { return base; }
  unsigned __int128 last() const;
  int width() const { return v6 ? 128 : 32; }
};

std::optional<IpBlock> parse_cidr(std::string_view text);
// One address as a /32 or /128 block.
IpBlock single_address(bool v6, unsigned __int128 address);
std::string to_string(const IpBlock& block);

}  // namespace vigil::iam
