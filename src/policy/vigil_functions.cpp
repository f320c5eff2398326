// Vigil's inventory functions for CEL: related(), assets(), account(), asset().
#include "policy/vigil_functions.h"

#include <fmt/format.h>

#include "policy/vigil_aws_policy.h"

namespace vigil {

namespace {

const PolicyHost* host_of(const cel::CallContext& ctx) {
  return dynamic_cast<const PolicyHost*>(ctx.host);
}

cel::Value no_inventory(std::string_view function) {
  return cel::Value::error(
      fmt::format("{}() needs the inventory, which is not available in this evaluation", function));
}

cel::Value asset_list(std::span<const Asset* const> assets) {
  cel::ValueList items;
  items.reserve(assets.size());
  for (const Asset* a : assets) items.push_back(cel::Value::from_json(a->doc.root()));
  return cel::Value::list(std::move(items));
}

cel::Value related(std::span<const cel::Value> args, const cel::CallContext& ctx) {
  const PolicyHost* host = host_of(ctx);
  if (!host || !host->inventory || !host->asset) return no_inventory("related");
  if (args[0].kind() != cel::Kind::String) {
    return cel::Value::error("no such overload: related() takes a relation name (string)");
  }
  std::string_view relation = args[0].as_string();
  // A relationship list whose collection failed must not read as "none".
  JsonRef rels = host->asset->doc.root().find("relationships");
  if (rels.valid() && rels.kind() == JsonKind::Unavailable) {
    return cel::Value::error(fmt::format("collection failed: {}", rels.as_string()),
                             cel::ErrorKind::Unavailable);
  }
  if (rels.valid() && rels.kind() == JsonKind::Object) {
    JsonRef list = rels.find(relation);
    if (list.valid() && list.kind() == JsonKind::Unavailable) {
      return cel::Value::error(fmt::format("collection failed: {}", list.as_string()),
                               cel::ErrorKind::Unavailable);
    }
  }
  size_t missing = 0;
  std::vector<const Asset*> assets = host->inventory->related(*host->asset, relation, &missing);
  if (missing > 0) {
    return cel::Value::error(
        fmt::format("related('{}'): {} of {} related assets of {} are not in the inventory",
                    relation, missing, missing + assets.size(), host->asset->id),
        cel::ErrorKind::Unavailable);
  }
  return asset_list(assets);
}

cel::Value assets_of_type(std::span<const cel::Value> args, const cel::CallContext& ctx) {
  const PolicyHost* host = host_of(ctx);
  if (!host || !host->inventory || !host->asset) return no_inventory("assets");
  if (args[0].kind() != cel::Kind::String) {
    return cel::Value::error("no such overload: assets() takes an asset type (string)");
  }
  std::string_view type = args[0].as_string();
  // "None of this type" is an answer only where the type was listed.
  if (std::string gap = host->inventory->type_gap(type, host->asset->account); !gap.empty())
    return cel::Value::error(fmt::format("assets('{}'): {}", type, gap),
                             cel::ErrorKind::Unavailable);
  return asset_list(host->inventory->of_type_in_account(type, host->asset->account));
}

cel::Value account(std::span<const cel::Value>, const cel::CallContext& ctx) {
  const PolicyHost* host = host_of(ctx);
  if (!host || !host->inventory || !host->asset) return no_inventory("account");
  const Asset* a = host->inventory->account_asset(host->asset->account);
  if (!a) {
    return cel::Value::error(
        fmt::format("account(): no aws.account asset for account '{}' in the inventory",
                    host->asset->account),
        cel::ErrorKind::Unavailable);
  }
  return cel::Value::from_json(a->doc.root());
}

cel::Value asset_by_id(std::span<const cel::Value> args, const cel::CallContext& ctx) {
  const PolicyHost* host = host_of(ctx);
  if (!host || !host->inventory) return no_inventory("asset");
  if (args[0].kind() != cel::Kind::String) {
    return cel::Value::error("no such overload: asset() takes an asset id (string)");
  }
  const Asset* a = host->inventory->find(args[0].as_string());
  if (!a) return cel::Value::optional_none();
  return cel::Value::optional_of(cel::Value::from_json(a->doc.root()));
}

// unknown(reason): the finding cannot be decided; `reason` is its message.
cel::Value unknown_because(std::span<const cel::Value> args, const cel::CallContext&) {
  if (args[0].kind() != cel::Kind::String)
    return cel::Value::error("no such overload: unknown() takes the reason as a string");
  return cel::Value::error(std::string(args[0].as_string()), cel::ErrorKind::Undecidable);
}

}  // namespace

const cel::FunctionRegistry& policy_functions() {
  static const cel::FunctionRegistry registry = [] {
    cel::FunctionRegistry r = cel::FunctionRegistry::builtin();
    r.add("related", cel::CallStyle::Global, 1, related);
    r.add("assets", cel::CallStyle::Global, 1, assets_of_type);
    r.add("account", cel::CallStyle::Global, 0, account);
    r.add("asset", cel::CallStyle::Global, 1, asset_by_id);
    r.add("unknown", cel::CallStyle::Global, 1, unknown_because);
    add_aws_policy_functions(r);  // aws_policy_statements(), aws_policy_reach(), ...
    return r;
  }();
  return registry;
}

}  // namespace vigil
