// Secrets in AWS Config items (Lambda environment variable values, ...) are
// hidden the way the collector and the capture reader hide them
// (connectors/aws/sensitive.h): same models, same key, same markers, so an
// asset read from AWS Config and one collected live compare equal.
//
// Contract
// - hide_config_secrets walks the converted asset config of catalog type
//   `type` (the API shape: the list item's members, plus one member per
//   per-resource call, named by the naming rule) along the botocore shapes
//   of the type's list operation and calls, and replaces every value whose
//   shape is sensitive by its marker. Unavailable parts are left as they are.
// - Returns how many values were replaced.
#pragma once

#include "connectors/aws/catalog.h"
#include "connectors/aws/sensitive.h"

namespace vigil::aws_config {

size_t hide_config_secrets(const aws::ResourceType& type, aws::AssetParts& parts,
                           const aws::SensitiveFilter& filter);

}  // namespace vigil::aws_config
