// See scenario_runner.h.
#include "scenario_runner.h"

#include <fmt/format.h>

#include "engine/scan.h"
#include "inventory/inventory.h"
#include "policy/policy_set.h"
#include "tracker/exceptions.h"
#include "tracker/groups.h"
#include "tracker/record_assessment.h"

namespace vigil::tracker::scenario {
namespace {

class Runner {
 public:
  Runner(const Scenario& scenario, store::Store& store, const Report& report)
      : scenario_(scenario), store_(store), report_(report) {
    state_.start = scenario.start;
  }

  void run() {
    for (const Step& step : scenario_.steps) {
      bool go_on = std::visit([&](const auto& what) { return this->step(step, what); }, step.what);
      if (!go_on) return;
    }
  }

 private:
  // Returns false when the run must stop (reported).
  bool fail(const Step& step, const std::string& message) {
    report_(step.line, message +
                           "\n  (the scenario stops here: later steps would start from a state "
                           "it does not describe)");
    return false;
  }

  Result<PolicySet> policies(const ScanStep& scan) {
    std::string text;
    for (const PolicyDoc& p : scenario_.policies) {
      bool chosen = !scan.policies || std::find(scan.policies->begin(), scan.policies->end(),
                                                p.id) != scan.policies->end();
      if (chosen) text += (text.empty() ? "" : "\n---\n") + p.text;
    }
    LoadOptions options;
    options.disable = scan.disable;
    for (const auto& [id, level] : scan.severity)
      options.severity_overrides[id] = *parse_severity(level);
    auto loaded = PolicySet::load_text(text, scenario_.file, options);
    if (!loaded.ok()) {
      std::string messages;
      for (const Diagnostic& d : loaded.diagnostics) messages += "\n  " + d.message;
      return Error("the scan's policies do not load:" + messages);
    }
    return std::move(loaded.set);
  }

  Result<Inventory> inventory(const ScanStep& scan) {
    Inventory inv;
    for (const nlohmann::json& json : scan.assets) {
      auto asset = Asset::parse(json.dump());
      if (!asset.ok()) return Error("asset " + json.dump() + ": " + asset.error().message);
      Status added = inv.add(std::move(*asset));
      if (!added.ok()) return Error(added.error().message);
    }
    inv.finalize();
    if (!scan.collected) {
      inv.set_coverage(Coverage::of_assets(inv));
      return inv;
    }
    std::vector<ListedScope> listed;
    for (const ScopeSpec& s : *scan.collected) {
      size_t assets = 0;
      for (const nlohmann::json& a : scan.assets)
        assets += a.value("account", "") == s.key.account &&
                  a.value("region", "") == s.key.region && a.value("type", "") == s.key.type;
      listed.push_back(ListedScope{s.key.account, s.key.region, s.key.type, s.ok.value_or(true),
                                   s.error.value_or(""), s.assets.value_or(assets)});
    }
    inv.set_coverage(Coverage(std::move(listed)));
    return inv;
  }

  bool step(const Step& step, const ScanStep& scan) {
    Result<PolicySet> set = policies(scan);
    if (!set.ok()) return fail(step, set.error().message);
    Result<Inventory> inv = inventory(scan);
    if (!inv.ok()) return fail(step, inv.error().message);
    ScanOptions options;
    options.threads = 1;
    options.now = cel::Value::timestamp_at(step.at);
    ScanResult result = vigil::scan(*inv, *set, options);
    RecordRequest request;
    request.source = scan.source;
    request.scope = {{"sources", {scan.source}}};
    request.started = step.at;
    request.whole_policy_set = scan.whole_policy_set;
    request.sources = scan.sources;
    auto summary = record_assessment(store_, *inv, *set, result, scopes_of(*inv), request);
    if (!summary.ok()) return fail(step, "the scan was not recorded: " + summary.error().message);
    state_.scan_ids.push_back(summary->scan_id);
    state_.last_summary = std::move(*summary);
    return true;
  }

  bool step(const Step& step, const GrantStep& grant) {
    auto id = grant_exception(store_, grant.exception, step.at, grant.actor);
    if (grant.fails_with) {
      if (id.ok())
        return fail(step, fmt::format("expected the grant to be refused ({}), it was granted as "
                                      "exception {}",
                                      grant.fails_with->value, *id));
      if (id.error().message.find(grant.fails_with->value) == std::string::npos)
        report_(grant.fails_with->line, fmt::format("grant refused, but not with \"{}\": {}",
                                                    grant.fails_with->value, id.error().message));
      return true;
    }
    if (!id.ok()) return fail(step, "the grant was refused: " + id.error().message);
    state_.exceptions[grant.name] = *id;
    return true;
  }

  bool step(const Step& step, const RevokeStep& revoke) {
    int64_t id = state_.exceptions.at(revoke.exception);
    auto done = revoke_exception(store_, id, step.at, revoke.actor, revoke.reason);
    if (revoke.fails_with) {
      if (done.ok())
        return fail(step, fmt::format("expected the revoke to be refused ({}), it was done",
                                      revoke.fails_with->value));
      if (done.error().message.find(revoke.fails_with->value) == std::string::npos)
        report_(revoke.fails_with->line,
                fmt::format("revoke refused, but not with \"{}\": {}", revoke.fails_with->value,
                            done.error().message));
      return true;
    }
    if (!done.ok()) return fail(step, "the revoke was refused: " + done.error().message);
    state_.last_revoke = *done;
    return true;
  }

  bool step(const Step& step, const GroupStep& group) {
    auto criteria = parse_group_criteria(group.group.name, group.group.criteria);
    if (!criteria.ok()) return fail(step, criteria.error().message);
    store::GroupRecord record = group.group;
    record.criteria = to_json(*criteria);
    store::AuditEntry audit;
    audit.at = step.at;
    audit.actor = group.actor;
    audit.action = "group.add";
    audit.object = "group:" + record.name;
    audit.details = {{"criteria", record.criteria}, {"description", record.description}};
    Status put = store_.put_group(record, audit);
    if (!put.ok()) return fail(step, "the group was not saved: " + put.error().message);
    return true;
  }

  bool step(const Step& step, const Expect& expect) {
    check(expect, step.line, store_, state_, report_);
    return true;
  }

  const Scenario& scenario_;
  store::Store& store_;
  const Report& report_;
  RunState state_;
};

}  // namespace

void run_scenario(const Scenario& scenario, store::Store& store, const Report& report) {
  Runner(scenario, store, report).run();
}

}  // namespace vigil::tracker::scenario
