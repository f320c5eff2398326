// vigil expr 'EXPR' [--resource FILE.json] [--var NAME=JSON]...
//
// Evaluates one CEL expression in the policy environment: `resource` (when
// --resource is given), `params` (empty map unless --var params=...), `now`
// (the current time unless --var now=...) and any --var. When the resource
// is a valid asset, Vigil's inventory functions (account(), related(), ...)
// answer from an inventory holding just that asset.
#include <fmt/format.h>

#include <chrono>
#include <iostream>
#include <memory>

#include "cel/parser.h"
#include "cel/program.h"
#include "cli/cli_util.h"
#include "cli/commands.h"
#include "inventory/inventory.h"
#include "policy/vigil_functions.h"

namespace vigil::cli {
namespace {

struct ExprOptions {
  std::string expression;
  std::string resource_file;
  std::vector<std::string> vars;
};

int fail_expr(const std::string& message) {
  std::cerr << "vigil expr: " << message << '\n';
  return kExitError;
}

void set_var(std::vector<std::string>& names, std::vector<cel::Value>& values, std::string name,
             cel::Value value) {
  for (size_t i = 0; i < names.size(); ++i) {
    if (names[i] == name) {
      values[i] = std::move(value);
      return;
    }
  }
  names.push_back(std::move(name));
  values.push_back(std::move(value));
}

int run_expr(const ExprOptions& o) {
  std::vector<std::string> names = {"params", "now"};
  std::vector<cel::Value> values = {cel::Value::map({}),
                                     cel::Value::timestamp_at(std::chrono::system_clock::now())};

  // The resource: an asset when it is one (then the inventory functions
  // work), otherwise any JSON value.
  Inventory inventory;
  PolicyHost host;
  host.inventory = &inventory;
  JsonDoc plain_doc;
  bool finalized = false;
  if (!o.resource_file.empty()) {
    auto text = read_file(o.resource_file);
    if (!text.ok()) return fail_expr(text.error().message);
    auto asset = Asset::parse(*text);
    if (asset.ok()) {
      if (auto added = inventory.add(std::move(asset.value())); !added.ok())
        return fail_expr(fmt::format("{}: {}", o.resource_file, added.error().message));
      inventory.finalize();
      host.asset = &inventory.at(0);
      finalized = true;
      set_var(names, values, "resource", cel::Value::from_json(host.asset->doc.root()));
    } else {
      auto doc = JsonDoc::parse(*text);
      if (!doc.ok())
        return fail_expr(fmt::format("{}: invalid JSON at byte {}: {}", o.resource_file,
                                     doc.error().offset, doc.error().message));
      plain_doc = std::move(doc.value());
      set_var(names, values, "resource", cel::Value::from_json(plain_doc.root()));
    }
  }
  if (!finalized) inventory.finalize();
  for (const std::string& text : o.vars) {
    auto var = parse_assignment(text, "--var");
    if (!var.ok()) return fail_expr(var.error().message);
    set_var(names, values, var->name, std::move(var->value));
  }

  auto parsed = cel::parse(o.expression);
  if (!parsed.ok()) {
    return fail_expr(fmt::format("{}: {}\n{}", line_column(o.expression, parsed.error().offset),
                                 parsed.error().message,
                                 caret_excerpt(o.expression, parsed.error().offset)));
  }
  cel::Env env;
  env.variables = names;
  env.functions = &policy_functions();
  auto program = cel::Program::compile(*parsed, env);
  if (!program.ok()) {
    std::string hint;
    if (o.resource_file.empty() && program.error().subject == "resource")
      hint = "\nhint: pass the asset with --resource FILE.json";
    return fail_expr(fmt::format("{}: {}\n{}{}", line_column(o.expression, program.error().offset),
                                 program.error().message,
                                 caret_excerpt(o.expression, program.error().offset), hint));
  }

  cel::CallContext ctx;
  ctx.host = &host;
  cel::Value result = program->evaluate(values, ctx);
  if (result.is_error()) return fail_expr("evaluation error: " + result.error_message());
  std::cout << cel::to_json_text(result) << '\n';
  return kExitOk;
}

}  // namespace

void add_expr_command(CLI::App& app, int* exit_code) {
  auto options = std::make_shared<ExprOptions>();
  auto* expr = app.add_subcommand("expr",
                                  "Evaluate a CEL expression against an asset and print the result "
                                  "as JSON; errors go to stderr, exit 1");
  expr->add_option("expression", options->expression,
                   "The CEL expression, e.g. 'resource.config.Encrypted'")
      ->required();
  expr->add_option("--resource", options->resource_file,
                   "JSON file bound to `resource` (an asset or any JSON)")
      ->check(CLI::ExistingFile);
  expr->add_option("--var", options->vars,
                   "Bind NAME to a JSON value (repeatable), e.g. --var 'max=90'");
  expr->footer(
      "Variables: resource, params (default {}), now (default: current time), and every --var.");
  expr->callback([=] { *exit_code = run_expr(*options); });
}

}  // namespace vigil::cli
