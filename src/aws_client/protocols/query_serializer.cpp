// ec2 and query protocols: the input as application/x-www-form-urlencoded
// fields. query: Name.member.N lists (Name.N when flattened, and
// MemberLocationName.N when the flattened list's member has a locationName), maps as
// Name.entry.N.key / .value. ec2: names from queryName, else the
// capitalized locationName or member name; lists always Name.N; empty lists
// send nothing.
#include <cctype>

#include "aws_client/protocols/serialize_internal.h"
#include "aws_client/protocols/wire_format.h"

namespace vigil::aws::detail {

namespace {

struct FormWriter {
  bool ec2;
  std::string& body;

  void field(const std::string& name, const std::string& value) {
    if (!body.empty()) body += '&';
    body += percent_encode(name);
    body += '=';
    body += percent_encode(value);
  }

  std::string member_name(const MemberRef& m) const {
    if (!ec2) return m.wire_name();
    if (!m.query_name.empty()) return m.query_name;
    std::string name = m.wire_name();
    if (!name.empty())
      name[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(name[0])));
    return name;
  }

  void value(const MemberRef& ref, const Params& v, const std::string& prefix) {
    if (v.is_null()) return;
    const Shape& shape = *ref.shape;
    switch (shape.type) {
      case ShapeType::Structure:
        for (const MemberRef& m : shape.members) {
          auto it = v.find(m.name);
          if (it != v.end()) value(m, *it, prefix + "." + member_name(m));
        }
        return;
      case ShapeType::List: {
        if (v.empty()) {
          if (!ec2) field(prefix, "");
          return;
        }
        std::string base = prefix;
        if (!ec2 && !ref.flattened) {
          const std::string& item = shape.member.location_name.empty() ? std::string("member")
                                                                       : shape.member.location_name;
          base += "." + item;
        } else if (!ec2 && !shape.member.location_name.empty()) {
          // A flattened list whose member has a locationName is written under
          // that name, in place of the list's own: SQS's AttributeNames (member
          // "AttributeName") is AttributeName.1, not AttributeNames.1.
          size_t dot = base.rfind('.');
          base = (dot == std::string::npos ? std::string() : base.substr(0, dot + 1)) +
                 shape.member.location_name;
        }
        for (size_t i = 0; i < v.size(); ++i)
          value(shape.member, v[i], base + "." + std::to_string(i + 1));
        return;
      }
      case ShapeType::Map: {
        std::string base = ref.flattened ? prefix : prefix + ".entry";
        const std::string key_name =
            shape.key.location_name.empty() ? "key" : shape.key.location_name;
        const std::string value_name =
            shape.value.location_name.empty() ? "value" : shape.value.location_name;
        size_t n = 0;
        for (auto it = v.begin(); it != v.end(); ++it) {
          std::string entry = base + "." + std::to_string(++n);
          field(entry + "." + key_name, it.key());
          value(shape.value, it.value(), entry + "." + value_name);
        }
        return;
      }
      default:
        field(prefix, scalar_text(ref, v, "iso8601"));
    }
  }
};

}  // namespace

void serialize_query_fields(const Shape& input, const Params& params, bool ec2, std::string& body) {
  FormWriter w{ec2, body};
  for (const MemberRef& m : input.members) {
    auto it = params.find(m.name);
    if (it != params.end()) w.value(m, *it, w.member_name(m));
  }
}

}  // namespace vigil::aws::detail
