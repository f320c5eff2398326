// Properties of analyze_reach over generated resource policies:
// - soundness: whenever brute-force evaluation of many generated requests
//   finds one of a class (anonymous, a stranger's account) that gets Allow,
//   the analysis reports that class;
// - monotonicity: adding a Deny statement never adds a class, adding an
//   Allow statement never removes one.
// The generator draws from small pools of actions, resources and condition
// entries built to collide (wildcards against each other, IfExists, set
// qualifiers, negated operators, narrow and wide address blocks).
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <random>
#include <set>

#include "iam/evaluate.h"
#include "iam/reach.h"

namespace vigil::iam {
namespace {

using nlohmann::json;

const char* kActions[] = {"s3:GetObject", "s3:Get*",      "s3:*",      "s3:?", "*",
                          "s3:PutObject", "S3:getobject", "s3:*Object"};
const char* kResources[] = {"arn:aws:s3:::b/*", "arn:aws:s3:::b/private/*", "*", "arn:aws:s3:::b/k",
                            "arn:aws:s3:::b/?"};
const char* kOrg = "o-a1b2c3d4e5";

struct Entry {
  const char* op;
  const char* key;
  std::vector<std::string> values;
};
const std::vector<Entry> kConditions = {
    {"Bool", "aws:SecureTransport", {"true"}},
    {"Bool", "aws:SecureTransport", {"false"}},
    {"StringLike", "s3:prefix", {"home/*"}},
    {"StringNotLike", "s3:prefix", {"home/?"}},
    {"StringEquals", "s3:prefix", {"home/"}},
    {"StringEqualsIfExists", "s3:prefix", {"x"}},
    {"IpAddress", "aws:SourceIp", {"203.0.113.0/24"}},
    {"IpAddress", "aws:SourceIp", {"0.0.0.0/1"}},
    {"NotIpAddress", "aws:SourceIp", {"203.0.113.0/24"}},
    {"NotIpAddress", "aws:SourceIp", {"128.0.0.0/1"}},
    {"StringEquals", "aws:PrincipalOrgID", {kOrg}},
    {"StringNotEquals", "aws:PrincipalOrgID", {kOrg}},
    {"StringLike", "aws:PrincipalOrgID", {"o-*"}},
    {"ForAnyValue:StringNotEquals", "aws:PrincipalOrgID", {kOrg}},
    {"StringEqualsIfExists", "aws:PrincipalOrgID", {kOrg}},
    {"StringEquals", "aws:RequestTag/team", {"blue", "red"}},
    {"ForAllValues:StringEquals", "aws:TagKeys", {"team"}},
    {"ForAnyValue:StringLike", "aws:TagKeys", {"t*"}},
    {"DateLessThan", "aws:CurrentTime", {"2030-01-01T00:00:00Z"}},
    {"DateGreaterThan", "aws:CurrentTime", {"2030-01-01T00:00:00Z"}},
    {"Null", "s3:prefix", {"true"}},
    {"Null", "aws:SourceVpce", {"false"}},
    {"StringNotEquals", "aws:SourceVpce", {"vpce-1a2b3c4d"}},
    {"StringEquals", "aws:SourceVpce", {"vpce-1a2b3c4d"}},
    {"StringEquals", "aws:userid", {"anonymous"}},
};

// Values a brute-force request may carry per key (absent is drawn separately).
const std::map<std::string, std::vector<std::string>> kPools = {
    {"aws:SecureTransport", {"true", "false"}},
    {"s3:prefix", {"home/", "home/a", "home/ab", "x", "", "other", "home/?"}},
    // Outside 203.0.113.0/24: a block of /8 or narrower is the company's (reach.h).
    {"aws:SourceIp", {"1.2.3.4", "200.1.1.1", "127.0.0.1", "2001:db8::1", "203.0.114.1"}},
    {"aws:RequestTag/team", {"blue", "red", "green"}},
    {"aws:TagKeys", {"team", "tier", "x"}},
    {"aws:CurrentTime", {"2026-12-06T00:00:00Z", "2031-01-01T00:00:00Z"}},
    {"aws:SourceVpce", {"vpce-stranger"}},
};
const char* kTryActions[] = {"s3:GetObject", "s3:PutObject",  "s3:ab",      "s3:x",
                             "s3:",          "s3:ListBucket", "iam:GetUser"};
const char* kTryResources[] = {"arn:aws:s3:::b/k", "arn:aws:s3:::b/private/x", "arn:aws:s3:::b/x",
                               "arn:aws:s3:::c", "arn:aws:s3:::b/private/"};

json statement(std::mt19937& rng, const char* effect) {
  auto pick = [&](size_t n) { return std::uniform_int_distribution<size_t>(0, n - 1)(rng); };
  json s = {{"Effect", effect}};
  switch (pick(4)) {
    case 0:
      s["Principal"] = "*";
      break;
    case 1:
      s["Principal"] = {{"AWS", "*"}};
      break;
    case 2:
      s["Principal"] = {{"AWS", "arn:aws:iam::111122223333:root"}};
      break;
    default:
      s["NotPrincipal"] = {{"AWS", "arn:aws:iam::111122223333:root"}};
      break;
  }
  s[pick(5) == 0 ? "NotAction" : "Action"] = kActions[pick(std::size(kActions))];
  s[pick(6) == 0 ? "NotResource" : "Resource"] = kResources[pick(std::size(kResources))];
  size_t conditions = pick(3);
  for (size_t i = 0; i < conditions; ++i) {
    const Entry& e = kConditions[pick(kConditions.size())];
    s["Condition"][e.op][e.key] = e.values;
  }
  return s;
}

json random_policy(std::mt19937& rng) {
  json doc = {{"Version", "2012-10-17"}, {"Statement", json::array()}};
  size_t n = 1 + std::uniform_int_distribution<size_t>(0, 2)(rng);
  doc["Statement"].push_back(statement(rng, "Allow"));
  for (size_t i = 1; i < n; ++i)
    doc["Statement"].push_back(statement(rng, rng() % 2 ? "Allow" : "Deny"));
  return doc;
}

std::set<ReachKind> kinds(const Reach& r) {
  std::set<ReachKind> out;
  for (const auto& f : r.findings) out.insert(f.kind);
  return out;
}

AccountContext company() {
  AccountContext ctx;
  ctx.account = "111122223333";
  ctx.organization = kOrg;
  ctx.known_accounts = {"444455556666"};
  return ctx;
}

// A request of the class, keys drawn from the pools.
Request draw(std::mt19937& rng, bool anonymous) {
  auto pick = [&](size_t n) { return std::uniform_int_distribution<size_t>(0, n - 1)(rng); };
  Request r;
  r.action = kTryActions[pick(std::size(kTryActions))];
  r.resource = kTryResources[pick(std::size(kTryResources))];
  if (anonymous) {
    r.caller = {CallerKind::Anonymous, "", ""};
    r.context.set("aws:userid", "anonymous");
  } else {
    r.caller = {CallerKind::Aws, "arn:aws:iam::123412341234:role/x", "123412341234"};
    r.context.set("aws:userid", "AROAEXAMPLE:x");
    switch (pick(3)) {
      case 0:
        break;  // no organization
      case 1:
        r.context.set("aws:PrincipalOrgID", "o-stranger");
        break;
      default:
        r.context.set("aws:PrincipalOrgID", "o-zz");
        break;
    }
  }
  for (const auto& [key, values] : kPools) {
    if (pick(3) == 0) continue;  // absent
    if (key == "aws:TagKeys" && pick(2) == 0) {
      r.context.set(
          key, std::vector<std::string>{values[pick(values.size())], values[pick(values.size())]});
    } else {
      r.context.set(key, values[pick(values.size())]);
    }
  }
  return r;
}

TEST(IamReachProperties, BruteForceNeverFindsAClassTheAnalysisMissed) {
  std::mt19937 rng(20261206);
  size_t policies = 0, reachable = 0;
  for (int i = 0; i < 400; ++i) {
    json doc = random_policy(rng);
    auto policy = parse_policy(doc);
    ASSERT_TRUE(policy.ok()) << policy.error().message << "\n" << doc.dump();
    Reach reach = analyze_reach(*policy, PolicyKind::Resource, company());
    std::set<ReachKind> found = kinds(reach);
    ++policies;
    reachable += !found.empty();
    for (bool anonymous : {true, false}) {
      ReachKind kind = anonymous ? ReachKind::Anonymous : ReachKind::AnyAccount;
      if (found.contains(kind)) continue;
      for (int j = 0; j < 600; ++j) {
        Request r = draw(rng, anonymous);
        if (evaluate_policy(*policy, r).decision == Decision::Allow) {
          std::string context;
          for (const auto& [k, v] : r.context.values())
            context += fmt::format(" {}={}", k, fmt::join(v, "|"));
          ADD_FAILURE() << to_string(kind) << " reaches " << doc.dump() << "\n  with " << r.action
                        << " on " << r.resource << context;
          break;
        }
      }
    }
  }
  std::cout << fmt::format("{} generated policies, {} reachable from outside\n", policies,
                           reachable);
}

TEST(IamReachProperties, ADenyNeverAddsAndAnAllowNeverRemovesAClass) {
  std::mt19937 rng(7);
  for (int i = 0; i < 300; ++i) {
    json doc = random_policy(rng);
    auto before = parse_policy(doc);
    ASSERT_TRUE(before.ok());
    std::set<ReachKind> base = kinds(analyze_reach(*before, PolicyKind::Resource, company()));
    for (const char* effect : {"Deny", "Allow"}) {
      json more = doc;
      more["Statement"].push_back(statement(rng, effect));
      auto after = parse_policy(more);
      ASSERT_TRUE(after.ok());
      std::set<ReachKind> now = kinds(analyze_reach(*after, PolicyKind::Resource, company()));
      bool ok = std::string(effect) == "Deny"
                    ? std::includes(base.begin(), base.end(), now.begin(), now.end())
                    : std::includes(now.begin(), now.end(), base.begin(), base.end());
      auto names = [](const std::set<ReachKind>& ks) {
        std::string out;
        for (ReachKind k : ks) out += std::string(to_string(k)) + " ";
        return out;
      };
      EXPECT_TRUE(ok) << effect << " changed the classes the wrong way: [" << names(base)
                      << "] -> [" << names(now) << "]\n  " << doc.dump() << "\n  -> "
                      << more.dump();
    }
  }
}

// A document built to explode the search (many keys with many values) is
// bounded: the analysis gives up on exactness, and errs toward reachable.
TEST(IamReachProperties, AHostileDocumentIsBoundedAndReadAsReachable) {
  json conditions = json::object();
  for (int k = 0; k < 12; ++k) {
    std::vector<std::string> values;
    for (int v = 0; v < 20; ++v) values.push_back(fmt::format("v{}-{}*", k, v));
    conditions["StringLike"][fmt::format("aws:RequestTag/k{}", k)] = values;
  }
  json doc = {{"Version", "2012-10-17"}, {"Statement", json::array()}};
  for (int i = 0; i < 50; ++i)
    doc["Statement"].push_back({{"Effect", i % 2 ? "Deny" : "Allow"},
                                {"Principal", "*"},
                                {"Action", fmt::format("s3:A{}*", i)},
                                {"Resource", "*"},
                                {"Condition", conditions}});
  auto policy = parse_policy(doc);
  ASSERT_TRUE(policy.ok()) << policy.error().message;
  Reach reach = analyze_reach(*policy, PolicyKind::Resource, company());
  ASSERT_TRUE(reach.is_public());
  for (const auto& f : reach.findings) {
    EXPECT_FALSE(f.exact) << f.why;
    EXPECT_NE(f.why.find("too many values to decide exactly"), std::string::npos) << f.why;
  }
}

}  // namespace
}  // namespace vigil::iam
