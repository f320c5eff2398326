// The shape of an asset's JSON as data: which members each object may have,
// so a policy's field names can be checked before it runs (`vigil policy
// validate`, policy/field_check.h). Connectors build them (AWS:
// connectors/aws/resource_shape.h, from the botocore output shapes); the
// policy layer only reads them.
//
// Contract
// - A FieldShape is one of:
//     Any     anything (free-form documents, parts no model describes):
//             nothing below it is checked;
//     Object  exactly the members in `members` (closed: another name is
//             not in the data);
//     Map     any key, every value of shape `element`;
//     List    every element of shape `element`;
//     Scalar  a string, number, bool or timestamp (`scalar` names it).
// - Shapes are owned by a FieldShapes arena and never move; they may be
//   shared and recursive (a member may point to an enclosing shape).
#pragma once

#include <deque>
#include <map>
#include <string>
#include <string_view>

namespace vigil {

struct FieldShape {
  enum class Kind { Any, Object, Map, List, Scalar };
  Kind kind = Kind::Any;
  std::map<std::string, const FieldShape*, std::less<>> members;  // Object
  const FieldShape* element = nullptr;                            // Map value, List element
  std::string scalar;  // Scalar: "string", "integer", ...

  const FieldShape* member(std::string_view name) const {
    auto it = members.find(name);
    return it == members.end() ? nullptr : it->second;
  }
};

// Owns shapes; pointers stay valid for the arena's life.
class FieldShapes {
 public:
  FieldShape& make(FieldShape::Kind kind) {
    FieldShape& s = nodes_.emplace_back();
    s.kind = kind;
    return s;
  }
  const FieldShape* any() { return any_ ? any_ : (any_ = &make(FieldShape::Kind::Any)); }
  const FieldShape* scalar(std::string_view name) {
    FieldShape& s = make(FieldShape::Kind::Scalar);
    s.scalar = std::string(name);
    return &s;
  }
  const FieldShape* list_of(const FieldShape* element) {
    FieldShape& s = make(FieldShape::Kind::List);
    s.element = element;
    return &s;
  }
  const FieldShape* map_of(const FieldShape* value) {
    FieldShape& s = make(FieldShape::Kind::Map);
    s.element = value;
    return &s;
  }

 private:
  std::deque<FieldShape> nodes_;
  const FieldShape* any_ = nullptr;
};

}  // namespace vigil
