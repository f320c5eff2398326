// Helpers of the AWS Config hooks (config_hook_util.h).
#include "connectors/aws_config/config_hook_util.h"

#include <fmt/format.h>

#include <chrono>
#include <cmath>

namespace vigil::aws_config {

namespace {

bool is_number(JsonTree::Kind k) {
  return k == JsonTree::Kind::Int || k == JsonTree::Kind::Uint || k == JsonTree::Kind::Double;
}

}  // namespace

JsonTree* node_at(JsonTree& root, std::string_view path) {
  JsonTree* node = &root;
  while (!path.empty()) {
    size_t dot = path.find('.');
    if (node->kind() == JsonTree::Kind::Element) node->expand();
    node = node->is_object() ? node->find(path.substr(0, dot)) : nullptr;
    if (!node) return nullptr;
    path = dot == std::string_view::npos ? std::string_view() : path.substr(dot + 1);
  }
  return node;
}

bool move_member(JsonTree& source, std::string_view from, JsonTree& target, std::string_view to) {
  std::optional<JsonTree> value = take_member(source, from);
  if (!value || value->kind() == JsonTree::Kind::Null) return false;
  target.set(to.empty() ? from : to, std::move(*value));
  return true;
}

void unavailable_unless_present(ConfigContext& c, std::string_view path,
                                std::initializer_list<std::string_view> members,
                                std::string_view why) {
  JsonTree* object = node_at(c.parts.config, path);
  if (object && object->kind() == JsonTree::Kind::Unavailable) return;  // already covered
  for (std::string_view m : members) {
    if (object && object->is_object() && object->find(m)) continue;
    c.unavailable.emplace_back(path.empty() ? std::string(m) : fmt::format("{}.{}", path, m),
                               fmt::format("AWS Config does not record {}: {}", m, why));
  }
}

JsonTree string_attributes(const JsonTree& map) {
  JsonTree out = JsonTree::object();
  for (size_t i = 0; i < map.size(); ++i) {
    JsonTree value = map.at(i);
    if (value.kind() == JsonTree::Kind::Element) value.expand();
    JsonTree::Kind k = value.kind();
    if (k == JsonTree::Kind::Null) continue;
    if (k == JsonTree::Kind::Bool || is_number(k)) {
      Result<JsonDoc> doc = build_json_doc(value);  // JsonTree keeps its values private
      if (!doc.ok()) continue;
      JsonRef r = doc->root();
      std::string text = r.to_json();
      if (k == JsonTree::Kind::Double) {
        double d = r.as_double();
        if (std::isfinite(d) && d == std::floor(d) && std::fabs(d) < 9e15)
          text = fmt::format("{}", static_cast<int64_t>(d));
        else
          text = fmt::format("{}", d);
      }
      value = JsonTree::string(std::move(text));
    }
    out.set(map.key_at(i), std::move(value));
  }
  return out;
}

void iso_time(JsonTree* node) {
  if (!node || !is_number(node->kind())) return;
  Result<JsonDoc> doc = build_json_doc(*node);
  if (!doc.ok()) return;
  double v = doc->root().as_double();
  constexpr double kYear10000Ms = 253402300800000.0;  // ISO 8601's four-digit years end here
  if (!std::isfinite(v) || v < 0 || v >= kYear10000Ms) return;  // not a time Config writes
  int64_t ms = v < 1e11 ? static_cast<int64_t>(v * 1000) : static_cast<int64_t>(v);
  // Civil-calendar arithmetic, not fmt's chrono formatting, which goes through
  // nanoseconds and wraps after 2262.
  using namespace std::chrono;
  sys_seconds tp{seconds(ms / 1000)};
  sys_days day = floor<days>(tp);
  year_month_day date{day};
  hh_mm_ss<seconds> time{tp - day};
  std::string text = fmt::format("{:04d}-{:02d}-{:02d}T{:02d}:{:02d}:{:02d}", int(date.year()),
                                 unsigned(date.month()), unsigned(date.day()), time.hours().count(),
                                 time.minutes().count(), time.seconds().count());
  text += ms % 1000 == 0 ? std::string("Z") : fmt::format(".{:03d}Z", ms % 1000);
  *node = JsonTree::string(std::move(text));
}

JsonTree key_value_tags(const JsonTree& tags) {
  JsonTree list = JsonTree::array();
  for (size_t i = 0; i < tags.size(); ++i) {
    JsonTree tag = JsonTree::object();
    tag.add("Key", JsonTree::string(tags.key_at(i)));
    tag.add("Value", tags.at(i));
    list.push(std::move(tag));
  }
  return list;
}

bool is_empty_value(const JsonTree& node) {
  switch (node.kind()) {
    case JsonTree::Kind::Object:
    case JsonTree::Kind::Array:
      return node.size() == 0;
    case JsonTree::Kind::String:
      return node.text().empty();
    case JsonTree::Kind::Element: {
      JsonTree copy = node;
      copy.expand();
      return copy.kind() != JsonTree::Kind::Element && is_empty_value(copy);
    }
    default:
      return false;
  }
}

}  // namespace vigil::aws_config
