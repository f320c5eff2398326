// One AWS Config configuration item -> one pending asset (config_types.h
// describes the conversion). Both item forms are accepted:
//   snapshot form (ConfigSnapshot files, configuration history files):
//     awsAccountId, ARN, configuration as an object, relationships[].name
//   API form (GetResourceConfigHistory / BatchGetResourceConfig output):
//     accountId, arn, configuration and supplementaryConfiguration values
//     as JSON strings, relationships[].relationshipName
#pragma once

#include <simdjson.h>

#include <string>

#include "connectors/aws/assemble.h"

namespace vigil::aws_config {

struct ItemOutcome {
  enum class Kind {
    Asset,            // `asset` is ready to freeze (reverse relations still to add)
    Deleted,          // ResourceDeleted / ResourceDeletedNotRecorded / ResourceNotRecorded
    Unsupported,      // a resource type Vigil has no asset type for (`resource_type`)
    AccountSetting,   // AWS::S3::AccountPublicAccessBlock: `setting` for the account asset
    Invalid,          // not a configuration item: `message` says why
    OtherRegionCopy,  // a multi-region trail recorded outside its HomeRegion: kept once, in its
                      // home region
  };
  Kind kind = Kind::Invalid;
  aws::PendingAsset asset;
  std::string resource_type;
  std::string account;
  JsonTree setting;
  std::string message;
};

ItemOutcome convert_item(simdjson::dom::element item);

// The resource's identity for de-duplicating items of several snapshots:
// "<account>|<awsRegion>|<resourceType>|<resourceId>", and its capture time as text
// (empty when absent).
std::string item_key(simdjson::dom::element item);
std::string item_capture_time(simdjson::dom::element item);

}  // namespace vigil::aws_config
