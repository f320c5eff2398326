// A framework report as JSON (framework_json.h).
#include "engine/framework_json.h"

namespace vigil {

namespace {

using json = nlohmann::ordered_json;

json control_json(const ControlResult& c, FrameworkJson form) {
  json out = {{"id", c.control->id},       {"title", c.control->title},
              {"level", c.control->level}, {"assessment", c.control->assessment},
              {"account", c.account},      {"status", to_string(c.status)},
              {"policies", c.policies},    {"compliant", c.compliant},
              {"exempted", c.exempted}};
  if (form == FrameworkJson::Summary) {
    out["violations"] = c.violations;
    out["unknown"] = c.unknown;
  } else {
    json evidence = json::array();
    for (const ControlEvidence& e : c.evidence) evidence.push_back(evidence_json(e));
    out["evidence"] = std::move(evidence);
  }
  if (!c.reason.empty()) out["reason"] = c.reason;
  if (!c.control->audit.empty()) out["audit"] = c.control->audit;
  return out;
}

}  // namespace

json evidence_json(const ControlEvidence& e) {
  json item = {{"status", to_string(e.status)},
               {"asset", e.asset},
               {"type", e.type},
               {"region", e.region},
               {"policy", e.policy},
               {"message", e.message}};
  if (e.exception_id) item["exception"] = e.exception_id;
  return item;
}

json framework_results_json(const FrameworkResults& r, std::string_view data_time,
                            FrameworkJson form) {
  json controls = json::array();
  for (const ControlResult& c : r.results) controls.push_back(control_json(c, form));
  json counts = json::object();
  for (ControlStatus s : {ControlStatus::Pass, ControlStatus::Fail, ControlStatus::Unknown,
                          ControlStatus::Manual, ControlStatus::NoPolicy})
    counts[std::string(to_string(s))] = r.count(s);
  return {{"framework", r.catalog->id},    {"name", r.catalog->name},
          {"version", r.catalog->version}, {"data_time", data_time},
          {"accounts", r.accounts},        {"pass_rate", r.pass_rate()},
          {"counts", std::move(counts)},   {"controls", std::move(controls)}};
}

}  // namespace vigil
