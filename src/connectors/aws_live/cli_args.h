// AWS CLI arguments -> botocore-shaped request parameters.
//
// The catalog (connectors/aws/catalog.h) names request parameters the way
// scripts/aws-capture.sh passes them to the AWS CLI: "--load-balancer-arn",
// "--owners self", "--all-regions". The CLI derives each option from an
// input member of the botocore model (LoadBalancerArn -> --load-balancer-arn),
// so the member is found by comparing names case-insensitively without
// hyphens against the operation's input shape. The value takes the member's
// type: a list member gets a one-element list ("--owners self" ->
// {"Owners": ["self"]}), a boolean option without a value is true
// ("--all-regions"), integers are parsed.
//
// Contract: an option that matches no input member, a missing value or an
// unparsable integer is an Error naming the service, operation and option.
#pragma once

#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "aws_client/model/service_model.h"
#include "core/result.h"

namespace vigil::aws {

// The input member an option names: "--load-balancer-arn" -> "LoadBalancerArn".
Result<std::string> member_for_option(const ServiceModel& model, std::string_view operation, std::string_view option);

// Sets the member named by `option` to `value` (typed as above) in `params`.
// An empty `value` is only valid for a boolean member (a flag).
Status set_cli_option(const ServiceModel& model, std::string_view operation, std::string_view option,
                      std::string_view value, nlohmann::json& params);

// "--owners self --include-deprecated" -> each option set in `params`.
Status apply_cli_args(const ServiceModel& model, std::string_view operation, std::string_view args,
                      nlohmann::json& params);

}  // namespace vigil::aws
