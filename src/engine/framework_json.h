// A framework report as JSON, the one form of `vigil report framework
// --format json` and of the API's /api/v1/frameworks/{id}:
//   {framework, name, version, data_time, accounts, pass_rate,
//    counts: {pass, fail, unknown, manual, no-policy},
//    controls: [{id, title, level, assessment, account, status, policies,
//                compliant, exempted, evidence: [{status, asset, type, region,
//                policy, message, exception?}], reason?, audit?}]}
#pragma once

#include <nlohmann/json.hpp>
#include <string_view>

#include "engine/framework_results.h"

namespace vigil {

nlohmann::ordered_json framework_results_json(const FrameworkResults& results,
                                              std::string_view data_time);

}  // namespace vigil
