// List items that need more than a path (catalog.h "MORE FIELDS"):
// bare-string items wrapped into objects, and shadow copies of items that
// belong to another region.
#pragma once

#include <simdjson.h>

#include <string_view>

#include "connectors/aws/catalog.h"
#include "core/json_builder.h"

namespace vigil::aws {

// The item as the reader assembles it: a borrowed element, or, when the
// type has an item_member and the element is a string, the object
// {<item_member>: "<string>"} (ListTables' "orders" -> {"TableName": "orders"}).
JsonTree list_item_tree(const ResourceType& type, simdjson::dom::element element);

// True when the type has a home_region_field and the item's value of it is
// set and differs from `folder_region` (a multi-region trail seen from
// another region): the item is read in its home region only.
bool other_region_item(const ResourceType& type, const JsonTree& item,
                       std::string_view folder_region);

}  // namespace vigil::aws
