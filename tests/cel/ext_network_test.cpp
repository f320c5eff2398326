// Network extension: strict IPv4/IPv6 parsing, canonical text, address
// classes, CIDR containment (the security-group cases: 0.0.0.0/0, ::/0),
// and the CEL functions over net.IP / net.CIDR values.
#include <gtest/gtest.h>

#include <algorithm>
#include <random>

#include "cel/ext/ip_address.h"
#include "cel/ext/network.h"
#include "cel/parser.h"
#include "cel/program.h"
#include "ext_test_util.h"

namespace vigil::cel::testing {
namespace {

using ext::IpAddress;
using ext::IpPrefix;

IpAddress ip(const std::string& s) {
  auto r = ext::parse_ip(s);
  if (auto* err = std::get_if<std::string>(&r)) {
    ADD_FAILURE() << s << ": " << *err;
    return {};
  }
  return std::get<IpAddress>(r);
}

IpPrefix cidr(const std::string& s) {
  auto r = ext::parse_cidr(s);
  if (auto* err = std::get_if<std::string>(&r)) {
    ADD_FAILURE() << s << ": " << *err;
    return {};
  }
  return std::get<IpPrefix>(r);
}

bool is_ip(const std::string& s) { return std::holds_alternative<IpAddress>(ext::parse_ip(s)); }
bool is_cidr(const std::string& s) { return std::holds_alternative<IpPrefix>(ext::parse_cidr(s)); }

TEST(IpAddress, ParsesIPv4Strictly) {
  EXPECT_EQ(ip("192.168.0.1").to_string(), "192.168.0.1");
  EXPECT_EQ(ip("0.0.0.0").to_string(), "0.0.0.0");
  EXPECT_EQ(ip("255.255.255.255").to_string(), "255.255.255.255");
  EXPECT_EQ(ip("10.0.0.1").family, 4);
  for (const char* bad : {"192.168.0.1.0", "192.168.0", "192.168.01.1", "256.0.0.1", "1.2.3.4 ", " 1.2.3.4",
                          "", "1.2.3.-4", "0x1.2.3.4", "1..2.3", "127.1", "a.b.c.d"}) {
    EXPECT_FALSE(is_ip(bad)) << bad;
  }
}

TEST(IpAddress, ParsesIPv6AndRendersRfc5952) {
  EXPECT_EQ(ip("2001:db8::68").to_string(), "2001:db8::68");
  EXPECT_EQ(ip("2001:DB8::1").to_string(), "2001:db8::1");
  EXPECT_EQ(ip("2001:0db8:0000:0000:0000:0000:0000:0001").to_string(), "2001:db8::1");
  EXPECT_EQ(ip("::").to_string(), "::");
  EXPECT_EQ(ip("::1").to_string(), "::1");
  EXPECT_EQ(ip("1::").to_string(), "1::");
  // A single zero group is not compressed; the longest run wins, the first on ties.
  EXPECT_EQ(ip("2001:db8:0:1:1:1:1:1").to_string(), "2001:db8:0:1:1:1:1:1");
  EXPECT_EQ(ip("2001:0:0:1:0:0:0:1").to_string(), "2001:0:0:1::1");
  EXPECT_EQ(ip("2001:db8:0:0:1:0:0:1").to_string(), "2001:db8::1:0:0:1");
  // Embedded IPv4 in a non-mapped address renders in hex.
  EXPECT_EQ(ip("64:ff9b::192.0.2.33").to_string(), "64:ff9b::c000:221");
  EXPECT_EQ(ip("fe80::1").family, 6);
  for (const char* bad : {"fe80::1%en0", "1:2:3:4:5:6:7:8:9", "1::2::3", "12345::", "::g", ":1", "[::1]"}) {
    EXPECT_FALSE(is_ip(bad)) << bad;
  }
}

TEST(IpAddress, Ipv4MappedBecomesIpv4) {
  EXPECT_EQ(ip("::ffff:c0a8:1"), ip("192.168.0.1"));
  EXPECT_EQ(ip("::ffff:192.168.0.1").to_string(), "192.168.0.1");
  EXPECT_EQ(ip("::ffff:192.168.0.1").family, 4);
  EXPECT_FALSE(ip("::ffff:c0a8:1") == ip("192.168.10.1"));
}

TEST(IpAddress, Classes) {
  EXPECT_TRUE(ip("0.0.0.0").is_unspecified());
  EXPECT_TRUE(ip("::").is_unspecified());
  EXPECT_FALSE(ip("::1").is_unspecified());
  EXPECT_TRUE(ip("127.0.0.1").is_loopback());
  EXPECT_TRUE(ip("127.255.0.9").is_loopback());
  EXPECT_TRUE(ip("::1").is_loopback());
  EXPECT_FALSE(ip("::2").is_loopback());
  EXPECT_TRUE(ip("224.0.0.1").is_link_local_multicast());
  EXPECT_FALSE(ip("224.0.1.1").is_link_local_multicast());
  EXPECT_TRUE(ip("ff02::1").is_link_local_multicast());
  EXPECT_FALSE(ip("fd00::1").is_link_local_multicast());
  EXPECT_TRUE(ip("169.254.169.254").is_link_local_unicast());
  EXPECT_FALSE(ip("192.168.0.1").is_link_local_unicast());
  EXPECT_TRUE(ip("fe80::1").is_link_local_unicast());
  EXPECT_TRUE(ip("febf::1").is_link_local_unicast());
  EXPECT_FALSE(ip("fec0::1").is_link_local_unicast());
  EXPECT_TRUE(ip("192.168.0.1").is_global_unicast());
  EXPECT_TRUE(ip("8.8.8.8").is_global_unicast());
  EXPECT_TRUE(ip("2001:db8::1").is_global_unicast());
  EXPECT_FALSE(ip("ff00::1").is_global_unicast());
  EXPECT_FALSE(ip("255.255.255.255").is_global_unicast());
  EXPECT_FALSE(ip("0.0.0.0").is_global_unicast());
  EXPECT_FALSE(ip("239.1.1.1").is_global_unicast());
  EXPECT_FALSE(ip("169.254.1.1").is_global_unicast());
}

TEST(IpPrefix, ParsesAndKeepsHostBits) {
  IpPrefix p = cidr("127.0.0.1/24");
  EXPECT_EQ(p.to_string(), "127.0.0.1/24");
  EXPECT_EQ(p.masked().to_string(), "127.0.0.0/24");
  EXPECT_EQ(cidr("2001:db8::1/32").masked().to_string(), "2001:db8::/32");
  EXPECT_EQ(cidr("10.1.2.3/13").masked().to_string(), "10.0.0.0/13");
  EXPECT_EQ(cidr("0.0.0.0/0").to_string(), "0.0.0.0/0");
  EXPECT_EQ(cidr("::/0").to_string(), "::/0");
  EXPECT_EQ(cidr("1.2.3.4/32").bits, 32);
  EXPECT_EQ(cidr("::1/128").bits, 128);
  for (const char* bad : {"192.168.0.0/", "192.168.0.0", "fe80::1%en0/24", "10.0.0.0/33", "::/129", "10.0.0.0/-1",
                          "10.0.0.0/08", "10.0.0.0/+8", "10.0.0.0/8 ", "/8", "10.0.0.0/8/8", "::ffff:10.0.0.0/104"}) {
    EXPECT_FALSE(is_cidr(bad)) << bad;
  }
}

TEST(IpPrefix, ContainmentForSecurityGroups) {
  const IpPrefix any4 = cidr("0.0.0.0/0");
  const IpPrefix any6 = cidr("::/0");
  EXPECT_TRUE(any4.contains(ip("203.0.113.9")));
  EXPECT_TRUE(any4.contains(ip("0.0.0.0")));
  EXPECT_FALSE(any4.contains(ip("2001:db8::1")));  // families never mix
  EXPECT_TRUE(any6.contains(ip("2001:db8::1")));
  EXPECT_FALSE(any6.contains(ip("10.0.0.1")));
  EXPECT_TRUE(any4.contains(cidr("10.0.0.0/8")));
  EXPECT_FALSE(cidr("10.0.0.0/8").contains(any4));
  EXPECT_FALSE(any6.contains(any4));
  EXPECT_TRUE(cidr("10.0.0.0/8").contains(cidr("10.0.0.0/8")));
  EXPECT_TRUE(cidr("10.0.0.0/8").contains(cidr("10.255.0.0/16")));
  EXPECT_FALSE(cidr("10.0.0.0/8").contains(cidr("11.0.0.0/16")));
  EXPECT_FALSE(cidr("192.168.0.0/24").contains(ip("192.168.1.1")));
  EXPECT_TRUE(cidr("192.168.0.0/23").contains(ip("192.168.1.1")));
  EXPECT_TRUE(cidr("192.168.0.5/24").contains(ip("192.168.0.200")));  // host bits ignored
  EXPECT_TRUE(cidr("10.0.0.1/32").contains(ip("10.0.0.1")));
  EXPECT_FALSE(cidr("10.0.0.1/32").contains(ip("10.0.0.2")));
  EXPECT_TRUE(cidr("2001:db8::/32").contains(ip("2001:db8:ffff::1")));
  EXPECT_FALSE(cidr("2001:db8::/32").contains(ip("2001:db9::1")));
  EXPECT_TRUE(cidr("2001:db8::/33").contains(ip("2001:db8:7fff::1")));
  EXPECT_FALSE(cidr("2001:db8::/33").contains(ip("2001:db8:8000::1")));
  EXPECT_TRUE(cidr("::1/128").contains(ip("::1")));
}

// Property: rendering then parsing gives the same address, and the text is
// already canonical. Zero groups are frequent so "::" placement is exercised.
TEST(IpAddress, CanonicalTextRoundTrips) {
  std::mt19937 rng(12345);
  for (int n = 0; n < 20000; ++n) {
    IpAddress a;
    a.family = (n % 4 == 0) ? 4 : 6;
    for (int i = 0; i < 16; i += 2) {
      const bool zero = rng() % 3 == 0;
      a.bytes[i] = zero ? 0 : static_cast<uint8_t>(rng());
      a.bytes[i + 1] = zero ? 0 : static_cast<uint8_t>(rng());
    }
    if (a.family == 4) std::fill(a.bytes.begin() + 4, a.bytes.end(), 0);
    // IPv4-mapped IPv6 deliberately parses as IPv4; skip that form here.
    const bool mapped = a.family == 6 && std::all_of(a.bytes.begin(), a.bytes.begin() + 10,
                                                     [](uint8_t b) { return b == 0; }) &&
                        a.bytes[10] == 0xff && a.bytes[11] == 0xff;
    if (mapped) continue;
    const std::string text = a.to_string();
    ASSERT_EQ(ip(text), a) << text;
    ASSERT_TRUE(bool_of(global("ip.isCanonical", {S(text)}))) << text;
  }
}

// Random text over the address alphabet: parsing never crashes, and what
// it accepts renders to text that parses back to the same value.
TEST(IpPrefix, RandomTextParsesConsistently) {
  std::mt19937 rng(777);
  const std::string alphabet = "0123456789abcdefABCDEF:./%";
  int accepted = 0;
  for (int n = 0; n < 50000; ++n) {
    std::string text;
    const size_t len = rng() % 24;
    for (size_t i = 0; i < len; ++i) text += alphabet[rng() % alphabet.size()];
    auto p = ext::parse_cidr(text);
    if (auto* prefix = std::get_if<IpPrefix>(&p)) {
      ++accepted;
      ASSERT_EQ(cidr(prefix->to_string()), *prefix) << text;
    }
    auto a = ext::parse_ip(text);
    if (auto* addr = std::get_if<IpAddress>(&a)) {
      ++accepted;
      ASSERT_EQ(ip(addr->to_string()), *addr) << text;
    }
  }
  EXPECT_GT(accepted, 0);
}

Value net_ip(const std::string& s) { return global("ip", {S(s)}); }
Value net_cidr(const std::string& s) { return global("cidr", {S(s)}); }

TEST(NetworkFunctions, IpValues) {
  Value a = net_ip("192.168.0.1");
  ASSERT_EQ(a.kind(), Kind::Opaque);
  EXPECT_EQ(a.opaque_value().type_name(), "net.IP");
  EXPECT_EQ(a.opaque_value().debug_string(), "192.168.0.1");
  EXPECT_TRUE(a.opaque_value().equals(net_ip("::ffff:c0a8:1").opaque_value()));
  EXPECT_FALSE(a.opaque_value().equals(net_ip("10.0.0.1").opaque_value()));
  EXPECT_FALSE(a.opaque_value().equals(net_cidr("192.168.0.1/32").opaque_value()));
  EXPECT_EQ(int_of(member("family", a)), 4);
  EXPECT_EQ(int_of(member("family", net_ip("2001:db8::68"))), 6);
  EXPECT_TRUE(bool_of(member("isUnspecified", net_ip("::"))));
  EXPECT_TRUE(bool_of(member("isLoopback", net_ip("127.0.0.1"))));
  EXPECT_TRUE(bool_of(member("isGlobalUnicast", a)));
  EXPECT_TRUE(bool_of(member("isLinkLocalMulticast", net_ip("224.0.0.1"))));
  EXPECT_TRUE(bool_of(member("isLinkLocalUnicast", net_ip("fe80::1"))));
  Value zone = net_ip("fe80::1%en0");
  ASSERT_TRUE(zone.is_error());
  EXPECT_NE(zone.error_message().find("zone"), std::string::npos);
  EXPECT_TRUE(net_ip("192.168.0.1.0").is_error());
  EXPECT_TRUE(bool_of(global("isIP", {S("192.168.0.1")})));
  EXPECT_FALSE(bool_of(global("isIP", {S("192.168.0.1.0")})));
  EXPECT_TRUE(global("isIP", {net_cidr("192.168.0.0/24")}).is_error());
  EXPECT_TRUE(bool_of(global("ip.isCanonical", {S("2001:db8::1")})));
  EXPECT_FALSE(bool_of(global("ip.isCanonical", {S("2001:DB8::1")})));
  EXPECT_FALSE(bool_of(global("ip.isCanonical", {S("2001:db8:0:0::1")})));
  EXPECT_TRUE(global("ip.isCanonical", {S("127.0.0.1.0")}).is_error());
  EXPECT_TRUE(member("family", S("1.2.3.4")).is_error());
}

TEST(NetworkFunctions, CidrValues) {
  Value c = net_cidr("192.168.0.0/24");
  ASSERT_EQ(c.kind(), Kind::Opaque);
  EXPECT_EQ(c.opaque_value().type_name(), "net.CIDR");
  EXPECT_EQ(c.opaque_value().debug_string(), "192.168.0.0/24");
  EXPECT_TRUE(bool_of(member("containsIP", c, {net_ip("192.168.0.1")})));
  EXPECT_TRUE(bool_of(member("containsIP", c, {S("192.168.0.1")})));
  EXPECT_FALSE(bool_of(member("containsIP", c, {S("192.168.1.1")})));
  EXPECT_TRUE(member("containsIP", c, {S("not an ip")}).is_error());
  EXPECT_TRUE(bool_of(member("containsCIDR", c, {net_cidr("192.168.0.0/25")})));
  EXPECT_TRUE(bool_of(member("containsCIDR", c, {S("192.168.0.1/32")})));
  EXPECT_FALSE(bool_of(member("containsCIDR", c, {S("192.168.0.0/23")})));
  EXPECT_TRUE(member("containsCIDR", c, {S("192.168.0.0/")}).is_error());
  EXPECT_EQ(int_of(member("prefixLength", c)), 24);
  Value host = net_cidr("10.1.2.3/8");
  EXPECT_EQ(member("ip", host).opaque_value().debug_string(), "10.1.2.3");
  EXPECT_EQ(member("masked", host).opaque_value().debug_string(), "10.0.0.0/8");
  EXPECT_FALSE(bool_of(member("isMask", host)));
  EXPECT_TRUE(bool_of(member("isMask", c)));
  EXPECT_TRUE(net_cidr("127.0.0.1/24").opaque_value().equals(net_cidr("127.0.0.1/24").opaque_value()));
  EXPECT_FALSE(net_cidr("127.0.0.1/24").opaque_value().equals(net_cidr("127.0.0.0/24").opaque_value()));
  EXPECT_TRUE(bool_of(global("isCIDR", {S("::/0")})));
  EXPECT_FALSE(bool_of(global("isCIDR", {S("::/")})));
  EXPECT_TRUE(ext_registry().has_type("net.IP"));
  EXPECT_TRUE(ext_registry().has_type("net.CIDR"));
}

}  // namespace
}  // namespace vigil::cel::testing

// End to end through the parser and evaluator: the security-group checks
// Vigil policies write.

namespace vigil::cel::testing {
namespace {

Value eval(const std::string& expr, const std::vector<std::string>& names, std::vector<Value> values) {
  auto parsed = parse(expr);
  if (!parsed.ok()) return Value::error("parse: " + parsed.error().message);
  Env env;
  env.variables = names;
  auto program = Program::compile(*parsed, env);
  if (!program.ok()) return Value::error("compile: " + program.error().message);
  return program->evaluate(values);
}

TEST(NetworkExpressions, SecurityGroupOpenToTheWorld) {
  const std::string open =
      "rules.exists(r, cidr(r.cidr).prefixLength() == 0 || cidr(r.cidr).masked() == cidr('0.0.0.0/0'))";
  auto rule = [](const std::string& c) { return Value::map({{S("cidr"), S(c)}}); };
  EXPECT_TRUE(bool_of(eval(open, {"rules"}, {L({rule("10.0.0.0/8"), rule("0.0.0.0/0")})})));
  EXPECT_TRUE(bool_of(eval(open, {"rules"}, {L({rule("::/0")})})));
  EXPECT_FALSE(bool_of(eval(open, {"rules"}, {L({rule("10.0.0.0/8"), rule("2001:db8::/32")})})));
  // A malformed CIDR is an error, not a silent "not open".
  EXPECT_TRUE(eval(open, {"rules"}, {L({rule("10.0.0.0/33")})}).is_error());

  const std::string internal = "sources.all(s, cidr('10.0.0.0/8').containsCIDR(s) || cidr('fd00::/8').containsCIDR(s))";
  EXPECT_TRUE(bool_of(eval(internal, {"sources"}, {L({S("10.1.0.0/16"), S("fd12:3456::/48")})})));
  EXPECT_FALSE(bool_of(eval(internal, {"sources"}, {L({S("10.1.0.0/16"), S("0.0.0.0/0")})})));

  EXPECT_TRUE(bool_of(eval("type(ip('1.2.3.4')) == net.IP && type(cidr('::/0')) == net.CIDR", {}, {})));
  EXPECT_TRUE(bool_of(eval("string(cidr('10.1.2.3/8').masked()) == '10.0.0.0/8'", {}, {})));
  EXPECT_TRUE(bool_of(eval("ip('169.254.169.254').isLinkLocalUnicast() && !ip('8.8.8.8').isLoopback()", {}, {})));
  EXPECT_TRUE(bool_of(eval("'%s allows %s'.format([cidr('0.0.0.0/0'), ip('::1')]) == '0.0.0.0/0 allows ::1'", {}, {})));
}

}  // namespace
}  // namespace vigil::cel::testing
