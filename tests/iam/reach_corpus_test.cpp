// The reachability corpus (tests/iam/reach/*.yaml): resource policies and
// role trust policies with the verdict a security reviewer expects. Every case
// must pass; the runner prints "N passed, M failed".
//
// A case: {name, kind: resource|trust (default resource),
//          account: {id, organization, known: [ids]} (defaults below),
//          policy: document,
//          expect: {public: bool, outside_org: bool, accounts: [ids]?}}
// `accounts`, when given, is the exact set of accounts named in the policy
// that are reported as reaching it.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include "corpus_util.h"
#include "iam/reach.h"

namespace vigil::iam {
namespace {

using nlohmann::json;

std::string run_reach_case(const json& c) {
  auto policy = parse_policy(c.at("policy"));
  if (!policy.ok()) return "policy does not parse: " + policy.error().message;
  AccountContext ctx;
  json account = c.value("account", json::object());
  ctx.account = account.value("id", "111122223333");
  ctx.organization = account.value("organization", "o-a1b2c3d4e5");
  for (const auto& id : account.value("known", json::array({"444455556666"})))
    ctx.known_accounts.insert(id.get<std::string>());
  PolicyKind kind =
      c.value("kind", "resource") == "trust" ? PolicyKind::RoleTrust : PolicyKind::Resource;
  Reach reach = analyze_reach(*policy, kind, ctx);
  const json& expect = c.at("expect");
  std::string problems;
  auto explain = [&] {
    std::string out;
    for (const auto& f : reach.findings) out += fmt::format("\n    {}: {}", f.who, f.why);
    return out.empty() ? std::string("\n    (no finding)") : out;
  };
  if (expect.contains("public") && expect["public"].get<bool>() != reach.is_public())
    problems += fmt::format("expected public={}, got {}; ", expect["public"].get<bool>(),
                            reach.is_public());
  if (expect.contains("outside_org") &&
      expect["outside_org"].get<bool>() != reach.outside_organization())
    problems += fmt::format("expected outside_org={}, got {}; ", expect["outside_org"].get<bool>(),
                            reach.outside_organization());
  if (expect.contains("accounts")) {
    std::set<std::string> want, got;
    for (const auto& a : expect["accounts"]) want.insert(a.get<std::string>());
    for (const auto& f : reach.findings)
      if (f.kind == ReachKind::Account) got.insert(f.principal);
    if (want != got)
      problems += fmt::format("expected accounts [{}], got [{}]; ", fmt::join(want, ", "),
                              fmt::join(got, ", "));
  }
  return problems.empty() ? problems : problems + explain();
}

TEST(IamReachCorpus, EveryPolicyHasTheExpectedVerdict) {
  size_t cases = testing::run_corpus("reach", "IAM reachability corpus", run_reach_case);
  EXPECT_GE(cases, 150u) << "the corpus holds at least 150 policies";
}

}  // namespace
}  // namespace vigil::iam
