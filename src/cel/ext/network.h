// CEL values of the network extension's opaque types net.IP and net.CIDR.
// debug_string() is the canonical text form (what string(ip) must return),
// equals() compares addresses (and prefix lengths) exactly.
#pragma once

#include <memory>

#include "cel/ext/ip_address.h"
#include "cel/value.h"

namespace vigil::cel::ext {

inline constexpr std::string_view kIpTypeName = "net.IP";
inline constexpr std::string_view kCidrTypeName = "net.CIDR";

class IpValue final : public OpaqueValue {
 public:
  explicit IpValue(IpAddress ip) : ip_(ip) {}
  std::string_view type_name() const override { return kIpTypeName; }
  bool equals(const OpaqueValue& other) const override;
  std::string debug_string() const override { return ip_.to_string(); }
  const IpAddress& ip() const { return ip_; }

 private:
  IpAddress ip_;
};

class CidrValue final : public OpaqueValue {
 public:
  explicit CidrValue(IpPrefix prefix) : prefix_(prefix) {}
  std::string_view type_name() const override { return kCidrTypeName; }
  bool equals(const OpaqueValue& other) const override;
  std::string debug_string() const override { return prefix_.to_string(); }
  const IpPrefix& prefix() const { return prefix_; }

 private:
  IpPrefix prefix_;
};

Value make_ip_value(const IpAddress& ip);
Value make_cidr_value(const IpPrefix& prefix);

}  // namespace vigil::cel::ext
