// See policy_fields.h.
#include "cli/policy_fields.h"

#include <fmt/format.h>

#include <filesystem>

#include "connectors/aws/resource_shape.h"
#include "policy/field_check.h"

namespace vigil::cli {

std::vector<Diagnostic> policy_field_warnings(const PolicySet& set, std::string& note) {
  std::vector<Diagnostic> out;
  auto models = std::make_shared<aws::ModelRepository>();
  std::error_code ec;
  if (!std::filesystem::exists(models->root(), ec)) {
    note = fmt::format("field names were not checked: the botocore models ({}) are absent",
                       models->root());
    return out;
  }
  aws::ResourceShapes shapes(models);
  std::vector<std::string> problems;
  ShapeSource lookup;
  lookup.shape_of = [&](std::string_view type) {
    const FieldShape* s = shapes.shape_of(type);
    if (!s && !shapes.problem().empty()) problems.push_back(shapes.problem());
    return s;
  };
  lookup.related_type = [](std::string_view type, std::string_view relation) {
    return aws::related_type(type, relation);
  };
  for (const auto& compiled : set.policies()) {
    std::vector<Diagnostic> found = check_resource_fields(compiled->policy, lookup);
    out.insert(out.end(), std::make_move_iterator(found.begin()),
               std::make_move_iterator(found.end()));
  }
  if (!problems.empty())
    note = fmt::format("field names of some types were not checked: {}", problems.front());
  return out;
}

}  // namespace vigil::cli
