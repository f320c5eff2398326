// The shape of each AWS asset type's JSON (inventory/field_shape.h), built
// from the catalog (catalog.h) and botocore's output shapes, for `vigil
// policy validate` to warn about field names no asset of the type has.
//
// Contract
// - An asset of type T is {id, type, account, region, name, collected_at:
//   strings; tags: map of strings; config; relationships: the relation
//   names of T (its own and the reverse ones other types give it), each a
//   list of ids; errors: [{part, operation, code, message}]}.
// - config of a catalog type: the list call's item shape (the `items`
//   path walked along the output shape; {<item_member>: string} for bare
//   strings), plus config.<Name> per call (THE NAMING RULE: the output shape
//   unchanged; a list of it for a fan-out call), plus each join
//   (the IAM credential report row: its documented columns). Paths named by
//   `json_strings` hold decoded documents: Any.
// - config of aws.account: config.<Name> per account setting; PerRegion
//   settings are maps of region -> the output shape; the credential report
//   root row has the report's columns.
// - Botocore member names are the AWS CLI's (model names, not wire names);
//   `document` shapes are Any.
// - shape_of(type) is null for a type outside the catalog, or when the
//   botocore model of one of its services cannot be read (`problem` says
//   which): nothing is then checked for that type, nothing is guessed.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "aws_client/model/service_model.h"
#include "inventory/field_shape.h"

namespace vigil::aws {

class ResourceShapes {
 public:
  explicit ResourceShapes(std::shared_ptr<ModelRepository> models);
  // Built on first use per type and kept.
  const FieldShape* shape_of(std::string_view type);
  // Why the last shape_of() returned null for a catalog type; empty otherwise.
  const std::string& problem() const { return problem_; }

 private:
  const FieldShape* build(std::string_view type);
  const FieldShape* from_botocore(const Shape* shape);

  std::shared_ptr<ModelRepository> models_;
  FieldShapes arena_;
  std::map<const Shape*, const FieldShape*> converted_;
  std::map<std::string, const FieldShape*, std::less<>> by_type_;
  std::string problem_;
};

// The asset type the relation `relation` of `type` names: a reverse
// relation's source type, the relation's declared target_type, or the type
// whose ARN template is the relation's target template (placeholders
// aside); "" when the target is a bare ARN of no declared type, or matches
// no type.
std::string related_type(std::string_view type, std::string_view relation);

// The columns of the IAM credential report (IAM User Guide, "Getting
// credential reports": the documented report format), in report order.
const std::vector<std::string>& credential_report_columns();

}  // namespace vigil::aws
