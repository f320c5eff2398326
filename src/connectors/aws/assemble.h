// Assembling one asset from its parts and freezing it into an Asset.
//
// The asset object is written in this member order: id, type, account,
// region, name, tags, config, collected_at, relationships, errors. A part
// whose collection failed is an Unavailable node whose text is
// "<operation>: <code>: <message>" (the same text Asset::parse gives a part
// named in `errors`), and the failure is listed in `errors`.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "connectors/aws/catalog.h"
#include "core/result.h"
#include "inventory/asset.h"

namespace vigil::aws {

struct CollectionError {
  std::string part;  // "config.BucketAcl", "tags", "relationships.volumes", "config"
  std::string operation;
  std::string code;
  std::string message;

  std::string reason() const { return operation + ": " + code + ": " + message; }
};

struct PendingAsset {
  std::string type;
  AssetParts parts;  // id, name, account, region, config (object), tags (object)
  std::string collected_at;
  // Relation name -> target ids (in order, no duplicates), or unavailable.
  struct Edges {
    std::string name;
    std::vector<std::string> targets;
    std::string failure_reason;  // non-empty: the relation is unavailable
  };
  std::vector<Edges> relations;
  bool tags_unavailable = false;
  std::string tags_reason;
  bool config_unavailable = false;
  std::string config_reason;
  bool relationships_unavailable = false;
  std::string relationships_reason;
  std::vector<CollectionError> errors;

  Edges& edges(std::string_view name);
  void add_edge(std::string_view name, std::string target);
};

Result<Asset> freeze_asset(const PendingAsset& pending);

// Sets parts.name to the first of `type.name`'s candidates ("tag:Name", or a
// config path such as "InstanceId") that gives a non-empty text; needs
// parts.tags and parts.config.
void choose_name(const ResourceType& type, AssetParts& parts);

// "arn:{partition}:ec2:{region}:{account}:volume/{}" with `value` for {};
// {Field.Path} placeholders read from `item`. Empty when a field is missing.
std::string expand_template(std::string_view tmpl, std::string_view account,
                            std::string_view region, std::string_view value, const JsonTree* item);

// "aws", "aws-cn" or "aws-us-gov" from the region name.
std::string_view partition_of(std::string_view region);

}  // namespace vigil::aws
