// List item preparation (item_list.h).
#include "connectors/aws/item_list.h"

#include "connectors/aws/path.h"

namespace vigil::aws {

JsonTree list_item_tree(const ResourceType& type, simdjson::dom::element element) {
  if (type.item_member.empty() || !element.is_string()) return JsonTree::element(element);
  JsonTree item = JsonTree::object();
  item.add(std::string(type.item_member), JsonTree::element(element));
  return item;
}

bool other_region_item(const ResourceType& type, const JsonTree& item,
                       std::string_view folder_region) {
  if (type.home_region_field.empty()) return false;
  std::string_view home = first_string(item, type.home_region_field);
  return !home.empty() && home != folder_region;
}

}  // namespace vigil::aws
