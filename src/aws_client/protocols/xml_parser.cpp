// XML response bodies (ec2, query, rest-xml) -> JSON by the output shape.
// Elements are matched by local name (namespace prefixes ignored); wrapped
// lists accept any item element name (<member>, <item>, ...); flattened
// lists and maps are repeated elements named after the member.
#include <cctype>
#include <cstdlib>

#include "aws_client/protocols/parse_internal.h"
#include "aws_client/protocols/wire_format.h"

namespace vigil::aws::detail {

namespace {

nlohmann::json xml_value(const MemberRef& ref, pugi::xml_node node, const ParseOptions& options);

pugi::xml_node child_named(pugi::xml_node node, std::string_view name) {
  for (pugi::xml_node c = node.first_child(); c; c = c.next_sibling())
    if (c.type() == pugi::node_element && local_name(c.name()) == name) return c;
  return {};
}

nlohmann::json map_entry_into(nlohmann::json& out, const Shape& map, pugi::xml_node entry,
                              const ParseOptions& options) {
  const std::string key_name = map.key.location_name.empty() ? "key" : map.key.location_name;
  const std::string value_name =
      map.value.location_name.empty() ? "value" : map.value.location_name;
  pugi::xml_node key = child_named(entry, key_name);
  if (!key) return out;
  pugi::xml_node value = child_named(entry, value_name);
  if (value) out[key.text().get()] = xml_value(map.value, value, options);
  return out;
}

thread_local int xml_depth = 0;

nlohmann::json xml_value(const MemberRef& ref, pugi::xml_node node, const ParseOptions& options) {
  NestingGuard guard(xml_depth);
  if (guard.too_deep()) return nullptr;
  const Shape& shape = *ref.shape;
  switch (shape.type) {
    case ShapeType::Structure:
      return xml_structure(shape, node, options);
    case ShapeType::List: {
      nlohmann::json out = nlohmann::json::array();
      for (pugi::xml_node c = node.first_child(); c; c = c.next_sibling())
        if (c.type() == pugi::node_element) out.push_back(xml_value(shape.member, c, options));
      return out;
    }
    case ShapeType::Map: {
      nlohmann::json out = nlohmann::json::object();
      for (pugi::xml_node c = node.first_child(); c; c = c.next_sibling())
        if (c.type() == pugi::node_element) map_entry_into(out, shape, c, options);
      return out;
    }
    default: {
      auto v = scalar_from_text(ref, node.text().get(), options, false);
      return v ? *v : nlohmann::json();
    }
  }
}

}  // namespace

std::string_view local_name(const char* name) {
  std::string_view n(name);
  size_t colon = n.find(':');
  return colon == std::string_view::npos ? n : n.substr(colon + 1);
}

std::optional<nlohmann::json> scalar_from_text(const MemberRef& ref, std::string_view text,
                                               const ParseOptions& options, bool in_header) {
  const Shape& shape = *ref.shape;
  auto trimmed = [](std::string_view s) {
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
    return s;
  };
  switch (shape.type) {
    case ShapeType::String:
      if (in_header && (ref.jsonvalue || shape.jsonvalue)) {
        auto decoded = wire::base64_decode(trimmed(text));
        if (!decoded) return std::nullopt;
        return nlohmann::json(*decoded);
      }
      return nlohmann::json(std::string(text));
    case ShapeType::Integer:
    case ShapeType::Long: {
      std::string s(trimmed(text));
      if (s.empty()) return std::nullopt;
      char* end = nullptr;
      long long v = std::strtoll(s.c_str(), &end, 10);
      if (*end) return std::nullopt;
      return nlohmann::json(static_cast<int64_t>(v));
    }
    case ShapeType::Boolean: {
      std::string_view s = trimmed(text);
      if (s == "true") return nlohmann::json(true);
      if (s == "false") return nlohmann::json(false);
      return std::nullopt;
    }
    case ShapeType::Float:
    case ShapeType::Double: {
      std::string s(trimmed(text));
      if (s == "NaN" || s == "Infinity" || s == "-Infinity") return nlohmann::json(s);
      if (s.empty()) return std::nullopt;
      char* end = nullptr;
      double v = std::strtod(s.c_str(), &end);
      if (*end) return std::nullopt;
      return nlohmann::json(v);
    }
    case ShapeType::Timestamp: {
      auto t = wire::parse_timestamp(text);
      if (!t) return std::nullopt;
      if (options.timestamps == TimestampOutput::EpochSeconds) return wire::epoch_json(*t);
      return nlohmann::json(wire::format_cli_iso8601(*t));
    }
    case ShapeType::Blob: {
      std::string_view s = trimmed(text);
      if (options.blobs == BlobOutput::Base64) return nlohmann::json(std::string(s));
      auto decoded = wire::base64_decode(s);
      if (!decoded) return std::nullopt;
      return nlohmann::json(*decoded);
    }
    default:
      return std::nullopt;
  }
}

nlohmann::json xml_structure(const Shape& shape, pugi::xml_node node, const ParseOptions& options) {
  nlohmann::json out = nlohmann::json::object();
  for (const MemberRef& m : shape.members) {
    if (m.location == Location::Header || m.location == Location::Headers ||
        m.location == Location::StatusCode)
      continue;
    const std::string& name = m.wire_name();
    if (m.xml_attribute) {
      for (pugi::xml_attribute a = node.first_attribute(); a; a = a.next_attribute())
        if (a.name() == name || local_name(a.name()) == local_name(name.c_str()))
          if (auto v = scalar_from_text(m, a.value(), options, false)) out[m.name] = *v;
      continue;
    }
    const Shape& target = *m.shape;
    if (m.flattened && (target.type == ShapeType::List || target.type == ShapeType::Map)) {
      // Repeated elements named after the member (botocore's older models
      // sometimes name them after the list member instead).
      std::string_view alt =
          target.type == ShapeType::List ? std::string_view(target.member.location_name) : "";
      nlohmann::json collected =
          target.type == ShapeType::List ? nlohmann::json::array() : nlohmann::json::object();
      bool found = false;
      for (int pass = 0; pass < 2 && !found; ++pass) {
        std::string_view want = pass == 0 ? std::string_view(name) : alt;
        if (want.empty()) continue;
        for (pugi::xml_node c = node.first_child(); c; c = c.next_sibling()) {
          if (c.type() != pugi::node_element || local_name(c.name()) != want) continue;
          found = true;
          if (target.type == ShapeType::List)
            collected.push_back(xml_value(target.member, c, options));
          else
            map_entry_into(collected, target, c, options);
        }
      }
      if (found) out[m.name] = std::move(collected);
      continue;
    }
    pugi::xml_node child = child_named(node, name);
    if (!child) continue;
    nlohmann::json v = xml_value(m, child, options);
    if (!v.is_null()) out[m.name] = std::move(v);
  }
  return out;
}

}  // namespace vigil::aws::detail
