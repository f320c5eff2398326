// s3-remove-public-policy-statements: removes from one bucket's policy
// exactly the Allow statements that let the public in (anyone, any AWS
// account, any user of a public web-identity provider), as Vigil's IAM
// evaluator decides it (iam/reach.h: the classes aws_policy_public(), and so
// aws-s3-bucket-public, reports). Every other statement is kept as written,
// in order. PutBucketPolicy with the rest, or DeleteBucketPolicy when
// nothing is left. Backup: the policy document as collected
// (GetBucketPolicy), with the labels of the statements removed. Undo: put
// the document back.
//
// Contract
//  - A statement is public when the document made of it and every Deny
//    statement of the policy is public (an Allow grants on its own; only a
//    Deny takes away). Each is decided by the exact search; the policy left
//    must then be not public as a whole, by the same analysis.
//  - Nothing is guessed: a document Vigil cannot read exactly, a statement
//    whose publicness the search could not decide (exact false), or a rest
//    that is still public is refused (Conflict, the statement named), never
//    kept as "fixed" nor removed on a guess. A policy whose collection
//    failed is Unavailable.
//  - The public classes do not depend on the company's other accounts or
//    its organization (iam/reach.h: a stranger never holds them), so the
//    asset's own account is all the context the decision needs.
#include <fmt/format.h>

#include "fix/actions.h"
#include "iam/reach.h"

namespace vigil::fix {
namespace {

using nlohmann::json;

bool public_kind(iam::ReachKind k) {
  return k == iam::ReachKind::Anonymous || k == iam::ReachKind::AnyAccount ||
         k == iam::ReachKind::WebIdentity;
}

// The collected document (config.BucketPolicy.Policy), or why there is none.
Result<json> collected_policy(const Target& t) {
  if (part_failed(t, "config.BucketPolicy"))
    return missing_data(t.id + ": the bucket policy was not collected");
  auto it = t.config().find("BucketPolicy");
  if (it == t.config().end()) return not_applicable(t.id + ": the bucket has no policy");
  if (!it->is_object() || !it->contains("Policy") || !(*it)["Policy"].is_object())
    return missing_data(t.id + ": config.BucketPolicy has no decoded Policy document");
  return (*it)["Policy"];
}

// The statements of `doc` as a list (AWS accepts one object too).
json statement_list(const json& doc) {
  const json& st = doc["Statement"];
  return st.is_array() ? st : json::array({st});
}

// `doc` with `statements` in place of its own (Version and Id kept).
json with_statements(const json& doc, json statements) {
  json out = doc;
  out["Statement"] = std::move(statements);
  return out;
}

// The public findings of `doc`; an error when it cannot be read exactly.
Result<std::vector<iam::ReachFinding>> public_findings(const Target& t, const json& doc) {
  auto policy = iam::parse_policy_text(doc.dump());
  if (!policy.ok())
    return not_applicable(fmt::format(
        "{}: Vigil cannot evaluate the bucket policy exactly ({}): no statement is removed on a "
        "guess; fix it by hand or with s3-block-public-access",
        t.id, policy.error().message));
  iam::AccountContext ctx{.account = t.account};
  iam::Reach reach = iam::analyze_reach(*policy, iam::PolicyKind::Resource, ctx);
  std::vector<iam::ReachFinding> out;
  for (auto& f : reach.findings)
    if (public_kind(f.kind)) out.push_back(std::move(f));
  return out;
}

// "Sid X" or "statement N" (1-based), as the evaluator labels statements.
std::string statement_label(const json& statement, size_t index) {
  if (statement.is_object() && statement.contains("Sid") && statement["Sid"].is_string() &&
      !statement["Sid"].get<std::string>().empty())
    return "Sid " + statement["Sid"].get<std::string>();
  return fmt::format("statement {}", index + 1);
}

struct PolicyCut {
  json before;                       // the collected document
  json after;                        // the document without the public statements; null: none left
  std::vector<std::string> removed;  // their labels
};

Result<PolicyCut> cut_public(const Target& t) {
  auto doc = collected_policy(t);
  if (!doc.ok()) return doc.error();
  auto whole = public_findings(t, *doc);
  if (!whole.ok()) return whole.error();
  if (whole->empty()) return not_applicable(t.id + ": the bucket policy lets no public caller in");
  json statements = statement_list(*doc);
  json denies = json::array();
  for (const json& s : statements)
    if (s.is_object() && s.value("Effect", "") == "Deny") denies.push_back(s);
  PolicyCut cut{.before = *doc, .after = nullptr, .removed = {}};
  json kept = json::array();
  for (size_t i = 0; i < statements.size(); ++i) {
    const json& s = statements[i];
    if (!s.is_object() || s.value("Effect", "") != "Allow") {
      kept.push_back(s);
      continue;
    }
    json alone = denies;
    alone.insert(alone.begin(), s);
    auto found = public_findings(t, with_statements(*doc, std::move(alone)));
    if (!found.ok()) return found.error();
    for (const auto& f : *found)
      if (!f.exact)
        return not_applicable(fmt::format(
            "{}: {} may let the public in, but Vigil cannot decide it exactly ({}): it is "
            "neither removed on a guess nor kept as fixed; fix it by hand or with "
            "s3-block-public-access",
            t.id, statement_label(s, i), f.why));
    if (found->empty())
      kept.push_back(s);
    else
      cut.removed.push_back(statement_label(s, i));
  }
  if (!kept.empty()) {
    cut.after = with_statements(*doc, kept);
    auto rest = public_findings(t, cut.after);
    if (!rest.ok()) return rest.error();
    if (!rest->empty())
      return not_applicable(fmt::format(
          "{}: without its public statements the bucket policy would still let the public in "
          "({}): not planned",
          t.id, rest->front().why));
  }
  if (cut.removed.empty())  // the document is public, yet no statement alone is: never guessed
    return not_applicable(fmt::format(
        "{}: the bucket policy is public ({}) but Vigil finds no statement that is on its own",
        t.id, whole->front().why));
  return cut;
}

Status policy_precondition(const Target& t, const PlanInput&) {
  if (auto name = config_string(t, "Name"); !name.ok()) return name.error();
  auto cut = cut_public(t);
  if (!cut.ok()) return cut.error();
  return {};
}

// The document as collected, and (for the reader of the plan) the labels of
// the statements the calls remove.
Result<json> policy_backup(const Target& t, const PlanInput&) {
  auto cut = cut_public(t);
  if (!cut.ok()) return cut.error();
  return json{{"Policy", cut->before}, {"RemovedStatements", cut->removed}};
}

ApiCall put_policy(const Target& t, const json& doc) {
  return {"s3",
          call_region(t),
          "PutBucketPolicy",
          {{"Bucket", t.config()["Name"]}, {"Policy", doc.dump()}}};
}

Result<std::vector<ApiCall>> policy_calls(const Target& t, const PlanInput&) {
  auto cut = cut_public(t);
  if (!cut.ok()) return cut.error();
  if (cut->after.is_null())
    return std::vector<ApiCall>{
        {"s3", call_region(t), "DeleteBucketPolicy", {{"Bucket", t.config()["Name"]}}}};
  return std::vector<ApiCall>{put_policy(t, cut->after)};
}

Result<std::vector<ApiCall>> policy_undo(const Target& t, const json& backup) {
  return std::vector<ApiCall>{put_policy(t, backup.at("Policy"))};
}

}  // namespace

const FixAction& s3_remove_public_policy_statements() {
  static const FixAction action{
      .id = "s3-remove-public-policy-statements",
      .resource_type = "aws.s3.bucket",
      .policies = {"aws-s3-bucket-public"},
      .summary =
          "remove the bucket policy's statements that let the public in (as Vigil's IAM evaluator "
          "decides), keep the rest; delete the policy when nothing is left",
      .undo_text = "put the bucket's previous policy document back",
      .operations = {{"s3", "PutBucketPolicy"}, {"s3", "DeleteBucketPolicy"}},
      .precondition = policy_precondition,
      .backup = policy_backup,
      .calls = policy_calls,
      .undo = policy_undo};
  return action;
}

}  // namespace vigil::fix
