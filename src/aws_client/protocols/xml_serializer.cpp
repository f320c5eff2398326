// rest-xml request bodies: elements in model order, named by locationName
// or member name; lists wrapped (<Name><member>..</member></Name>) unless
// flattened; maps as <entry><key/><value/></entry> (flattened: repeated
// <Name><key/><value/></Name>); xmlAttribute members as attributes;
// xmlNamespace as xmlns / xmlns:prefix.
#include <pugixml.hpp>

#include <sstream>

#include "aws_client/protocols/serialize_internal.h"
#include "aws_client/protocols/wire_format.h"

namespace vigil::aws::detail {

namespace {

void add_namespace(pugi::xml_node node, const XmlNamespace& ns) {
  if (ns.uri.empty()) return;
  std::string attr = ns.prefix.empty() ? "xmlns" : "xmlns:" + ns.prefix;
  node.append_attribute(attr.c_str()).set_value(ns.uri.c_str());
}

void write_value(pugi::xml_node parent, const MemberRef& ref, const Params& v,
                 const std::string& name);

void write_members(pugi::xml_node node, const Shape& shape, const Params& v, bool body_only) {
  for (const MemberRef& m : shape.members) {
    if (body_only && m.location != Location::Body) continue;
    auto it = v.find(m.name);
    if (it == v.end() || it->is_null()) continue;
    if (m.xml_attribute) {
      node.append_attribute(m.wire_name().c_str())
          .set_value(scalar_text(m, *it, "iso8601").c_str());
      continue;
    }
    write_value(node, m, *it, m.wire_name());
  }
}

void write_value(pugi::xml_node parent, const MemberRef& ref, const Params& v,
                 const std::string& name) {
  const Shape& shape = *ref.shape;
  switch (shape.type) {
    case ShapeType::Structure: {
      pugi::xml_node node = parent.append_child(name.c_str());
      add_namespace(node, ref.xml_namespace.uri.empty() ? shape.xml_namespace : ref.xml_namespace);
      write_members(node, shape, v, false);
      return;
    }
    case ShapeType::List: {
      const std::string item =
          shape.member.location_name.empty() ? std::string("member") : shape.member.location_name;
      if (ref.flattened) {
        for (const auto& e : v) write_value(parent, shape.member, e, name);
        return;
      }
      pugi::xml_node node = parent.append_child(name.c_str());
      add_namespace(node, ref.xml_namespace);
      for (const auto& e : v) write_value(node, shape.member, e, item);
      return;
    }
    case ShapeType::Map: {
      const std::string key_name =
          shape.key.location_name.empty() ? "key" : shape.key.location_name;
      const std::string value_name =
          shape.value.location_name.empty() ? "value" : shape.value.location_name;
      pugi::xml_node container;
      if (!ref.flattened) {
        container = parent.append_child(name.c_str());
        add_namespace(container, ref.xml_namespace);
      }
      for (auto it = v.begin(); it != v.end(); ++it) {
        pugi::xml_node entry =
            ref.flattened ? parent.append_child(name.c_str()) : container.append_child("entry");
        if (ref.flattened) add_namespace(entry, ref.xml_namespace);
        pugi::xml_node key = entry.append_child(key_name.c_str());
        add_namespace(key, shape.key.xml_namespace);
        key.append_child(pugi::node_pcdata).set_value(it.key().c_str());
        write_value(entry, shape.value, it.value(), value_name);
      }
      return;
    }
    default: {
      pugi::xml_node node = parent.append_child(name.c_str());
      add_namespace(node, ref.xml_namespace);
      std::string text = scalar_text(ref, v, "iso8601");
      node.append_child(pugi::node_pcdata).set_value(text.c_str());
    }
  }
}

}  // namespace

std::string structure_to_xml(const Shape& shape, const Params& value, const std::string& root_name,
                             const XmlNamespace& ns, bool body_only) {
  pugi::xml_document doc;
  pugi::xml_node root = doc.append_child(root_name.c_str());
  add_namespace(root, ns);
  write_members(root, shape, value, body_only);
  std::ostringstream out;
  doc.save(out, "", pugi::format_raw | pugi::format_no_declaration);
  return out.str();
}

}  // namespace vigil::aws::detail
