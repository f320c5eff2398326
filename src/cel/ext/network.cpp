// The CEL network extension (cel-go ext/network): ip(), cidr(), isIP(),
// isCIDR(), ip.isCanonical() and the net.IP / net.CIDR member functions.
#include "cel/ext/network.h"

#include "cel/ext/common.h"
#include "cel/ext/libraries.h"

namespace vigil::cel::ext {

bool IpValue::equals(const OpaqueValue& other) const {
  const auto* o = dynamic_cast<const IpValue*>(&other);
  return o != nullptr && o->ip_ == ip_;
}

bool CidrValue::equals(const OpaqueValue& other) const {
  const auto* o = dynamic_cast<const CidrValue*>(&other);
  return o != nullptr && o->prefix_ == prefix_;
}

Value make_ip_value(const IpAddress& ip) { return Value::opaque(std::make_shared<IpValue>(ip)); }

Value make_cidr_value(const IpPrefix& prefix) {
  return Value::opaque(std::make_shared<CidrValue>(prefix));
}

namespace {

using Args = std::span<const Value>;

const IpValue* as_ip(const Value& v) {
  if (v.kind() != Kind::Opaque) return nullptr;
  return dynamic_cast<const IpValue*>(&v.opaque_value());
}

const CidrValue* as_cidr(const Value& v) {
  if (v.kind() != Kind::Opaque) return nullptr;
  return dynamic_cast<const CidrValue*>(&v.opaque_value());
}

Value ip_fn(Args args, const CallContext&) {
  if (args[0].kind() != Kind::String) return no_overload("ip", args);
  auto parsed = parse_ip(args[0].as_string());
  if (auto* err = std::get_if<std::string>(&parsed)) return Value::error(*err);
  return make_ip_value(std::get<IpAddress>(parsed));
}

Value cidr_fn(Args args, const CallContext&) {
  if (args[0].kind() != Kind::String) return no_overload("cidr", args);
  auto parsed = parse_cidr(args[0].as_string());
  if (auto* err = std::get_if<std::string>(&parsed)) return Value::error(*err);
  return make_cidr_value(std::get<IpPrefix>(parsed));
}

Value is_canonical(Args args, const CallContext&) {
  if (args[0].kind() != Kind::String) return no_overload("ip.isCanonical", args);
  auto parsed = parse_ip(args[0].as_string());
  if (auto* err = std::get_if<std::string>(&parsed)) return Value::error(*err);
  return Value::boolean(std::get<IpAddress>(parsed).to_string() == args[0].as_string());
}

// Registers a net.IP member predicate.
template <typename F>
void add_ip_member(FunctionRegistry& r, const char* name, F f) {
  r.add(name, CallStyle::Receiver, 1, [name, f](Args args, const CallContext&) {
    const IpValue* ip = as_ip(args[0]);
    if (ip == nullptr) return no_overload(name, args);
    return f(ip->ip());
  });
}

// Registers a net.CIDR member without arguments.
template <typename F>
void add_cidr_member(FunctionRegistry& r, const char* name, F f) {
  r.add(name, CallStyle::Receiver, 1, [name, f](Args args, const CallContext&) {
    const CidrValue* c = as_cidr(args[0]);
    if (c == nullptr) return no_overload(name, args);
    return f(c->prefix());
  });
}

Value contains_ip(Args args, const CallContext&) {
  const CidrValue* c = as_cidr(args[0]);
  if (c == nullptr) return no_overload("containsIP", args);
  if (const IpValue* ip = as_ip(args[1])) return Value::boolean(c->prefix().contains(ip->ip()));
  if (args[1].kind() != Kind::String) return no_overload("containsIP", args);
  auto parsed = parse_ip(args[1].as_string());
  if (auto* err = std::get_if<std::string>(&parsed)) return Value::error(*err);
  return Value::boolean(c->prefix().contains(std::get<IpAddress>(parsed)));
}

Value contains_cidr(Args args, const CallContext&) {
  const CidrValue* c = as_cidr(args[0]);
  if (c == nullptr) return no_overload("containsCIDR", args);
  if (const CidrValue* other = as_cidr(args[1])) return Value::boolean(c->prefix().contains(other->prefix()));
  if (args[1].kind() != Kind::String) return no_overload("containsCIDR", args);
  auto parsed = parse_cidr(args[1].as_string());
  if (auto* err = std::get_if<std::string>(&parsed)) return Value::error(*err);
  return Value::boolean(c->prefix().contains(std::get<IpPrefix>(parsed)));
}

}  // namespace

void add_network(FunctionRegistry& r) {
  r.add_type(std::string(kIpTypeName));
  r.add_type(std::string(kCidrTypeName));
  r.add("ip", CallStyle::Global, 1, ip_fn);
  r.add("cidr", CallStyle::Global, 1, cidr_fn);
  r.add("isIP", CallStyle::Global, 1, [](Args a, const CallContext&) {
    if (a[0].kind() != Kind::String) return no_overload("isIP", a);
    return Value::boolean(std::holds_alternative<IpAddress>(parse_ip(a[0].as_string())));
  });
  r.add("isCIDR", CallStyle::Global, 1, [](Args a, const CallContext&) {
    if (a[0].kind() != Kind::String) return no_overload("isCIDR", a);
    return Value::boolean(std::holds_alternative<IpPrefix>(parse_cidr(a[0].as_string())));
  });
  r.add("ip.isCanonical", CallStyle::Global, 1, is_canonical);

  add_ip_member(r, "family", [](const IpAddress& ip) { return Value::integer(ip.family); });
  add_ip_member(r, "isUnspecified", [](const IpAddress& ip) { return Value::boolean(ip.is_unspecified()); });
  add_ip_member(r, "isLoopback", [](const IpAddress& ip) { return Value::boolean(ip.is_loopback()); });
  add_ip_member(r, "isLinkLocalMulticast",
                [](const IpAddress& ip) { return Value::boolean(ip.is_link_local_multicast()); });
  add_ip_member(r, "isLinkLocalUnicast",
                [](const IpAddress& ip) { return Value::boolean(ip.is_link_local_unicast()); });
  add_ip_member(r, "isGlobalUnicast", [](const IpAddress& ip) { return Value::boolean(ip.is_global_unicast()); });

  // `ip` as a member: cidr.ip() is the CIDR's address (host bits kept).
  add_cidr_member(r, "ip", [](const IpPrefix& p) { return make_ip_value(p.addr); });
  add_cidr_member(r, "masked", [](const IpPrefix& p) { return make_cidr_value(p.masked()); });
  add_cidr_member(r, "prefixLength", [](const IpPrefix& p) { return Value::integer(p.bits); });
  add_cidr_member(r, "isMask", [](const IpPrefix& p) { return Value::boolean(p.masked() == p); });
  r.add("containsIP", CallStyle::Receiver, 2, contains_ip);
  r.add("containsCIDR", CallStyle::Receiver, 2, contains_cidr);
}

}  // namespace vigil::cel::ext
