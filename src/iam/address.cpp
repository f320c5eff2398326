// IPv4 / IPv6 CIDR blocks: see address.h.
#include "iam/address.h"

#include <arpa/inet.h>
#include <fmt/format.h>

namespace vigil::iam {
namespace {

unsigned __int128 mask_of(int prefix, int width) {
  if (prefix <= 0) return 0;
  unsigned __int128 all = width == 128 ? ~static_cast<unsigned __int128>(0)
                                       : ((static_cast<unsigned __int128>(1) << 32) - 1);
  unsigned __int128 host =
      prefix >= width ? 0 : ((static_cast<unsigned __int128>(1) << (width - prefix)) - 1);
  return all & ~host;
}

}  // namespace

unsigned __int128 IpBlock::last() const {
  return base | (~mask_of(prefix, width()) & mask_of(width(), width()));
}

bool IpBlock::contains(const IpBlock& address) const {
  if (address.v6 != v6) return false;
  return (address.base & mask_of(prefix, width())) == base;
}

IpBlock single_address(bool v6, unsigned __int128 address) { return {v6, address, v6 ? 128 : 32}; }

std::optional<IpBlock> parse_cidr(std::string_view text) {
  std::string address(text);
  int prefix = -1;
  if (size_t slash = text.find('/'); slash != std::string_view::npos) {
    std::string_view digits = text.substr(slash + 1);
    if (digits.empty() || digits.size() > 3) return std::nullopt;
    prefix = 0;
    for (char c : digits) {
      if (c < '0' || c > '9') return std::nullopt;
      prefix = prefix * 10 + (c - '0');
    }
    address = std::string(text.substr(0, slash));
  }
  IpBlock block;
  unsigned char bytes[16];
  if (inet_pton(AF_INET, address.c_str(), bytes) == 1) {
    block.v6 = false;
    for (int i = 0; i < 4; ++i) block.base = (block.base << 8) | bytes[i];
  } else if (inet_pton(AF_INET6, address.c_str(), bytes) == 1) {
    block.v6 = true;
    for (int i = 0; i < 16; ++i) block.base = (block.base << 8) | bytes[i];
  } else {
    return std::nullopt;
  }
  if (prefix < 0) prefix = block.width();
  if (prefix > block.width()) return std::nullopt;
  block.prefix = prefix;
  block.base &= mask_of(prefix, block.width());
  return block;
}

std::string to_string(const IpBlock& block) {
  unsigned char bytes[16];
  char text[INET6_ADDRSTRLEN];
  int n = block.v6 ? 16 : 4;
  unsigned __int128 v = block.base;
  for (int i = n - 1; i >= 0; --i) {
    bytes[i] = static_cast<unsigned char>(v & 0xff);
    v >>= 8;
  }
  inet_ntop(block.v6 ? AF_INET6 : AF_INET, bytes, text, sizeof text);
  return fmt::format("{}/{}", text, block.prefix);
}

}  // namespace vigil::iam
