// AssetCondition (asset_condition.h).
#include "tracker/asset_condition.h"

#include <fmt/format.h>

#include <array>

#include "cel/parser.h"
#include "policy/vigil_functions.h"

namespace vigil::tracker {

Result<AssetCondition> AssetCondition::compile(const std::string& text) {
  Result<cel::ParsedExpr> parsed = cel::parse(text);
  if (!parsed.ok())
    return Error::at_offset(fmt::format("condition \"{}\": at byte {}: {}", text,
                                        parsed.error().offset, parsed.error().message),
                            parsed.error().offset);
  cel::Env env;
  env.variables = {"resource"};
  env.functions = &policy_functions();
  Result<cel::Program> program = cel::Program::compile(parsed.value(), env);
  if (!program.ok())
    return Error::at_offset(fmt::format("condition \"{}\": at byte {}: {}", text,
                                        program.error().offset, program.error().message),
                            program.error().offset);
  return AssetCondition(text, std::make_shared<const cel::Program>(std::move(program).value()));
}

bool AssetCondition::matches(const Asset& asset, const Inventory* inventory) const {
  PolicyHost host;
  host.inventory = inventory;
  host.asset = &asset;
  cel::CallContext ctx{&host};
  const cel::Value resource = cel::Value::from_json(asset.doc.root());
  const std::array<const cel::Value*, 1> vars = {&resource};
  cel::Value result = program_->evaluate_refs(vars, ctx);
  return result.kind() == cel::Kind::Bool && result.as_bool();
}

}  // namespace vigil::tracker
