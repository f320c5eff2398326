// libFuzzer target for the IAM evaluator: any byte string is parsed as a
// policy document; a document that parses is analysed as a resource policy
// and as a trust policy, and one request is evaluated against it. Nothing may
// crash, hang or exceed the analysis budget, and the findings keep their
// contract (a statement named, a reason given).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "iam/evaluate.h"
#include "iam/reach.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto policy = vigil::iam::parse_policy_text(text);
  if (!policy.ok()) {
    if (policy.error().message.empty()) __builtin_trap();
    return 0;
  }
  vigil::iam::AccountContext company;
  company.account = "111122223333";
  company.organization = "o-a1b2c3d4e5";
  company.known_accounts = {"444455556666"};
  for (auto kind : {vigil::iam::PolicyKind::Resource, vigil::iam::PolicyKind::RoleTrust}) {
    vigil::iam::Reach reach = vigil::iam::analyze_reach(*policy, kind, company);
    for (const auto& f : reach.findings)
      if (f.statements.empty() || f.why.empty() || f.who.empty()) __builtin_trap();
  }
  vigil::iam::Request request;
  request.caller = {vigil::iam::CallerKind::Aws, "arn:aws:iam::999988887777:role/x",
                    "999988887777"};
  request.action = "s3:GetObject";
  request.resource = "arn:aws:s3:::b/k";
  request.context.set("aws:SourceIp", "203.0.113.9");
  request.context.set("aws:PrincipalTag/team", "blue");
  vigil::iam::PolicySet set;
  set.resource = *policy;
  set.resource_account = "111122223333";
  (void)vigil::iam::evaluate(set, request);
  return 0;
}
