// ARN templates that more than one catalog_*.cpp file relates assets to
// (catalog.h Relation targets): {partition}, {region} and {account} are the
// asset's, {} the referenced id.
#pragma once

#include <string_view>

namespace vigil::aws {

inline constexpr std::string_view kSecurityGroupArn =
    "arn:{partition}:ec2:{region}:{account}:security-group/{}";
inline constexpr std::string_view kVpcArn = "arn:{partition}:ec2:{region}:{account}:vpc/{}";

}  // namespace vigil::aws
