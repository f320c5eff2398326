// A framework report as JSON, the one form of `vigil report framework
// --format json` and of the API's /api/v1/frameworks/{id}:
//   {framework, name, version, data_time, accounts, pass_rate,
//    counts: {pass, fail, unknown, manual, no-policy},
//    controls: [{id, title, level, assessment, account, status, policies,
//                compliant, exempted, evidence: [{status, asset, type, region,
//                policy, message, exception?}], reason?, audit?}]}
// The summary form (FrameworkJson::Summary, the API's answer, judged from
// counts) has, per control, `violations` and `unknown` counts instead of
// the `evidence` list (paged apart: /api/v1/frameworks/{id}/controls/
// {control}/evidence).
#pragma once

#include <nlohmann/json.hpp>
#include <string_view>

#include "engine/framework_results.h"

namespace vigil {

enum class FrameworkJson { Full, Summary };

nlohmann::ordered_json framework_results_json(const FrameworkResults& results,
                                              std::string_view data_time,
                                              FrameworkJson form = FrameworkJson::Full);

// One evidence item: {status, asset, type, region, policy, message, exception?}.
nlohmann::ordered_json evidence_json(const ControlEvidence& e);

}  // namespace vigil
