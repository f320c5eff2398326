// CEL functions over AWS policy documents: see vigil_aws_policy.h.
#include "policy/vigil_aws_policy.h"

#include <fmt/format.h>

#include <array>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "iam/evaluate.h"
#include "iam/reach.h"
#include "policy/vigil_functions.h"

namespace vigil {

namespace {

using cel::Kind;
using cel::Value;
using cel::ValueList;

std::optional<Value> member(const Value& map, std::string_view name) {
  if (map.kind() != Kind::Map) return std::nullopt;
  return map.map_find(Value::string_view(name));
}

Value normalize_statement(const Value& s) {
  if (s.kind() != Kind::Map) return s;
  std::vector<cel::MapEntry> entries;
  entries.reserve(s.map_size());
  for (size_t i = 0; i < s.map_size(); ++i) {
    Value key = s.map_key_at(i);
    Value value = s.map_value_at(i);
    if (key.kind() == Kind::String && value.kind() == Kind::String) {
      std::string_view k = key.as_string();
      if (k == "Action" || k == "NotAction" || k == "Resource" || k == "NotResource")
        value = Value::list({value});
    }
    entries.emplace_back(std::move(key), std::move(value));
  }
  return Value::map(std::move(entries));
}

Value aws_policy_statements(std::span<const Value> args, const cel::CallContext&) {
  const Value& doc = args[0];
  if (doc.kind() != Kind::Map)
    return Value::error(fmt::format(
        "no such overload: aws_policy_statements() takes a policy document (map), got {}",
        cel::kind_name(doc.kind())));
  std::optional<Value> st = member(doc, "Statement");
  if (!st) return Value::error("aws_policy_statements(): the policy document has no Statement");
  ValueList out;
  if (st->kind() == Kind::List) {
    for (size_t i = 0; i < st->list_size(); ++i) out.push_back(normalize_statement(st->list_at(i)));
  } else {
    out.push_back(normalize_statement(*st));
  }
  return Value::list(std::move(out));
}

// The document as the evaluator's model; an error value names the problem.
// The document's JSON text; an error value when it is not a document.
std::variant<std::string, Value> document_text(const Value& doc, std::string_view function) {
  if (doc.kind() == Kind::String) return std::string(doc.as_string());
  if (doc.kind() == Kind::Map) return cel::to_json_text(doc);
  return Value::error(
      fmt::format("no such overload: {}() takes a policy document (map or JSON text), got {}",
                  function, cel::kind_name(doc.kind())));
}

// The document as the evaluator's model; an error value names the problem.
std::variant<iam::Policy, Value> parse_document(const std::string& text,
                                                std::string_view function) {
  Result<iam::Policy> policy = iam::parse_policy_text(text);
  if (!policy.ok())
    return Value::error(fmt::format("{}(): the policy document cannot be evaluated exactly: {}",
                                    function, policy.error().message),
                        cel::ErrorKind::Undecidable);
  return std::move(*policy);
}

std::variant<iam::Policy, Value> policy_of(const Value& doc, std::string_view function) {
  auto text = document_text(doc, function);
  if (auto* error = std::get_if<Value>(&text)) return *error;
  return parse_document(std::get<std::string>(text), function);
}

std::vector<std::string> strings_of(const Value& v) {
  std::vector<std::string> out;
  if (v.kind() == Kind::String) out.emplace_back(v.as_string());
  if (v.kind() == Kind::List)
    for (size_t i = 0; i < v.list_size(); ++i)
      if (Value e = v.list_at(i); e.kind() == Kind::String) out.emplace_back(e.as_string());
  return out;
}

// The company as the function sees it: the resource's account, every account
// of the inventory, the inventory's Company, and what `ctx` adds.
std::variant<iam::AccountContext, Value> account_context(std::span<const Value> args,
                                                         const cel::CallContext& cc,
                                                         std::string_view function) {
  iam::AccountContext ctx;
  auto host = dynamic_cast<const PolicyHost*>(cc.host);
  if (host && host->asset) ctx.account = std::string(host->asset->account);
  if (host && host->inventory) {
    for (const Asset* a : host->inventory->of_type("aws.account"))
      ctx.known_accounts.insert(std::string(a->account));
    const Company& company = host->inventory->company();
    ctx.organization = company.organization;
    ctx.known_accounts.insert(company.accounts.begin(), company.accounts.end());
  }
  if (args.size() < 2) return ctx;
  const Value& extra = args[1];
  if (extra.kind() != Kind::Map)
    return Value::error(fmt::format("no such overload: {}(doc, ctx) takes a map as ctx, got {}",
                                    function, cel::kind_name(extra.kind())));
  if (auto org = member(extra, "organization"); org && org->kind() == Kind::String)
    ctx.organization = std::string(org->as_string());
  if (auto accounts = member(extra, "accounts"))
    for (auto& id : strings_of(*accounts)) ctx.known_accounts.insert(std::move(id));
  return ctx;
}

Value finding_value(const iam::ReachFinding& f) {
  ValueList statements, keys;
  for (const auto& s : f.statements) statements.push_back(Value::string(s));
  for (const auto& k : f.condition_keys) keys.push_back(Value::string(k));
  return Value::map({
      {Value::string("kind"), Value::string(std::string(iam::to_string(f.kind)))},
      {Value::string("who"), Value::string(f.who)},
      {Value::string("principal"), Value::string(f.principal)},
      {Value::string("statements"), Value::list(std::move(statements))},
      {Value::string("why"), Value::string(f.why)},
      {Value::string("exact"), Value::boolean(f.exact)},
      {Value::string("condition_keys"), Value::list(std::move(keys))},
  });
}

enum class Keep { All, Public };

// The analyses of the last few documents on this thread. Policies run asset
// by asset, and the public and outside-access policies of one asset (and their
// messages) ask about the same document in a row: they share one analysis.
struct ReachMemo {
  std::string key;
  iam::Reach reach;
};
constexpr size_t kMemoSize = 4;
thread_local std::array<ReachMemo, kMemoSize> memo;
thread_local size_t memo_next = 0;

std::string memo_key(const std::string& text, iam::PolicyKind kind,
                     const iam::AccountContext& ctx) {
  std::string key = text;
  key += kind == iam::PolicyKind::Resource ? "\x1fR\x1f" : "\x1fT\x1f";
  key += ctx.account + "\x1f" + ctx.organization;
  for (const auto& a : ctx.known_accounts) key += "\x1f" + a;
  return key;
}

Value reach(std::span<const Value> args, const cel::CallContext& cc, std::string_view function,
            iam::PolicyKind kind, Keep keep) {
  auto text = document_text(args[0], function);
  if (auto* error = std::get_if<Value>(&text)) return *error;
  auto ctx = account_context(args, cc, function);
  if (auto* error = std::get_if<Value>(&ctx)) return *error;
  const iam::AccountContext& company = std::get<iam::AccountContext>(ctx);
  std::string key = memo_key(std::get<std::string>(text), kind, company);
  const iam::Reach* found = nullptr;
  for (const auto& m : memo)
    if (m.key == key) found = &m.reach;
  if (!found) {
    auto policy = parse_document(std::get<std::string>(text), function);
    if (auto* error = std::get_if<Value>(&policy)) return *error;
    ReachMemo& slot = memo[memo_next++ % kMemoSize];
    slot.reach = iam::analyze_reach(std::get<iam::Policy>(policy), kind, company);
    slot.key = std::move(key);
    found = &slot.reach;
  }
  const iam::Reach& r = *found;
  ValueList out;
  for (const auto& f : r.findings) {
    bool is_public = f.kind == iam::ReachKind::Anonymous || f.kind == iam::ReachKind::AnyAccount ||
                     f.kind == iam::ReachKind::WebIdentity;
    if (keep == Keep::All || is_public) out.push_back(finding_value(f));
  }
  return Value::list(std::move(out));
}

Value aws_policy_reach(std::span<const Value> args, const cel::CallContext& cc) {
  return reach(args, cc, "aws_policy_reach", iam::PolicyKind::Resource, Keep::All);
}
Value aws_policy_public(std::span<const Value> args, const cel::CallContext& cc) {
  return reach(args, cc, "aws_policy_public", iam::PolicyKind::Resource, Keep::Public);
}
Value aws_trust_reach(std::span<const Value> args, const cel::CallContext& cc) {
  return reach(args, cc, "aws_trust_reach", iam::PolicyKind::RoleTrust, Keep::All);
}

std::string scalar_text(const Value& v) {
  switch (v.kind()) {
    case Kind::String:
      return std::string(v.as_string());
    case Kind::Bool:
      return v.as_bool() ? "true" : "false";
    default:
      return cel::to_json_text(v);
  }
}

Value aws_policy_decide(std::span<const Value> args, const cel::CallContext&) {
  auto policy = policy_of(args[0], "aws_policy_decide");
  if (auto* error = std::get_if<Value>(&policy)) return *error;
  const Value& r = args[1];
  if (r.kind() != Kind::Map)
    return Value::error("no such overload: aws_policy_decide(doc, request) takes a map as request");
  iam::Request request;
  if (auto caller = member(r, "caller")) {
    std::string kind = "aws";
    if (auto k = member(*caller, "kind"); k && k->kind() == Kind::String)
      kind = std::string(k->as_string());
    static const std::pair<std::string_view, iam::CallerKind> kinds[] = {
        {"anonymous", iam::CallerKind::Anonymous},
        {"aws", iam::CallerKind::Aws},
        {"service", iam::CallerKind::Service},
        {"federated", iam::CallerKind::Federated},
        {"canonical-user", iam::CallerKind::CanonicalUser}};
    bool known = false;
    for (const auto& [name, value] : kinds)
      if (name == kind) {
        request.caller.kind = value;
        known = true;
      }
    if (!known)
      return Value::error(fmt::format("aws_policy_decide(): unknown caller kind '{}'", kind));
    if (auto id = member(*caller, "id"); id && id->kind() == Kind::String)
      request.caller.id = std::string(id->as_string());
    if (auto acct = member(*caller, "account"); acct && acct->kind() == Kind::String)
      request.caller.account = std::string(acct->as_string());
  }
  if (auto a = member(r, "action"); a && a->kind() == Kind::String)
    request.action = std::string(a->as_string());
  if (auto res = member(r, "resource"); res && res->kind() == Kind::String)
    request.resource = std::string(res->as_string());
  if (auto context = member(r, "context"); context && context->kind() == Kind::Map) {
    for (size_t i = 0; i < context->map_size(); ++i) {
      Value key = context->map_key_at(i), value = context->map_value_at(i);
      if (key.kind() != Kind::String) continue;
      if (value.kind() == Kind::List) {
        std::vector<std::string> values;
        for (size_t j = 0; j < value.list_size(); ++j)
          values.push_back(scalar_text(value.list_at(j)));
        request.context.set(key.as_string(), std::move(values));
      } else {
        request.context.set(key.as_string(), scalar_text(value));
      }
    }
  }
  iam::PolicyDecision d = iam::evaluate_policy(std::get<iam::Policy>(policy), request);
  return Value::string(std::string(iam::to_string(d.decision)));
}

}  // namespace

void add_aws_policy_functions(cel::FunctionRegistry& registry) {
  registry.add("aws_policy_statements", cel::CallStyle::Global, 1, aws_policy_statements);
  for (size_t arity : {1, 2}) {
    registry.add("aws_policy_reach", cel::CallStyle::Global, arity, aws_policy_reach);
    registry.add("aws_policy_public", cel::CallStyle::Global, arity, aws_policy_public);
    registry.add("aws_trust_reach", cel::CallStyle::Global, arity, aws_trust_reach);
  }
  registry.add("aws_policy_decide", cel::CallStyle::Global, 2, aws_policy_decide);
}

}  // namespace vigil
