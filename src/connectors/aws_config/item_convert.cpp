// convert_item (item_convert.h).
#include "connectors/aws_config/item_convert.h"

#include <fmt/chrono.h>
#include <fmt/format.h>

#include <chrono>

#include "connectors/aws/capture_files.h"
#include "connectors/aws/catalog.h"
#include "connectors/aws/path.h"
#include "connectors/aws_config/config_types.h"
#include "connectors/aws_config/json_convert.h"

namespace vigil::aws_config {

namespace {

constexpr std::string_view kCode = "NotInAwsConfig";

std::string_view str(simdjson::dom::element item, std::string_view a, std::string_view b = {}) {
  std::string_view v;
  if (!item[a].get_string().get(v)) return v;
  if (!b.empty() && !item[b].get_string().get(v)) return v;
  return {};
}

std::string_view first_segment(std::string_view path) {
  return path.substr(0, path.find_first_of(".["));
}

// Config's value: an object, or (API form) a JSON string holding one.
std::optional<JsonTree> decoded(simdjson::dom::element e, const ConvertOptions* convert) {
  std::string_view text;
  if (!e.get_string().get(text)) {
    thread_local simdjson::dom::parser parser;
    simdjson::dom::element root;
    if (parser.parse(text.data(), text.size(), true).get(root))
      return JsonTree::string(std::string(text));
    return convert ? to_api_shape(root, *convert) : copy_json(root);
  }
  if (e.is_null()) return std::nullopt;
  return convert ? to_api_shape(e, *convert) : copy_json(e);
}

// A Key/Value tag list at the catalog's tags path ("BucketTagging.TagSet",
// "TagDescriptions[].Tags[]"), from the item's tags map.
JsonTree tags_at(std::string_view path, const JsonTree& tags) {
  size_t dot = path.find('.');
  std::string_view seg = path.substr(0, dot);
  bool array = seg.ends_with("[]");
  if (array) seg.remove_suffix(2);
  JsonTree value;
  if (dot == std::string_view::npos) {
    value = JsonTree::array();
    for (size_t i = 0; i < tags.size(); ++i) {
      JsonTree tag = JsonTree::object();
      tag.add("Key", JsonTree::string(tags.key_at(i)));
      tag.add("Value", tags.at(i));
      value.push(std::move(tag));
    }
  } else {
    value = tags_at(path.substr(dot + 1), tags);
    if (array) {
      JsonTree list = JsonTree::array();
      list.push(std::move(value));
      value = std::move(list);
    }
  }
  JsonTree out = JsonTree::object();
  out.add(std::string(seg), std::move(value));
  return out;
}

void decode_json_string(JsonTree& node, bool url_decode) {
  std::optional<std::string_view> s = tree_string(&node);
  if (!s || s->empty()) return;
  std::string text = url_decode ? percent_decode(*s) : std::string(*s);
  if (std::optional<JsonTree> doc = parse_json_text(text)) node = std::move(*doc);
}

std::string time_text(simdjson::dom::element e) {
  std::string_view s;
  if (!e.get_string().get(s)) return std::string(s);
  double v = 0;  // the API's epoch seconds (raw JSON; the AWS CLI prints ISO 8601)
  if (e.get_double().get(v)) return {};
  auto tp = std::chrono::sys_seconds(std::chrono::seconds(static_cast<int64_t>(v)));
  return fmt::format("{:%Y-%m-%dT%H:%M:%SZ}", tp);
}

}  // namespace

std::string item_key(simdjson::dom::element item) {
  return fmt::format("{}|{}|{}|{}", str(item, "awsAccountId", "accountId"), str(item, "awsRegion"),
                     str(item, "resourceType"), str(item, "resourceId"));
}

std::string item_capture_time(simdjson::dom::element item) {
  simdjson::dom::element t;
  if (item["configurationItemCaptureTime"].get(t)) return {};
  return time_text(t);
}

ItemOutcome convert_item(simdjson::dom::element item) {
  ItemOutcome out;
  if (!item.is_object()) {
    out.message = "not a configuration item (not a JSON object)";
    return out;
  }
  std::string_view resource_type = str(item, "resourceType");
  std::string_view account = str(item, "awsAccountId", "accountId");
  std::string_view region = str(item, "awsRegion");
  std::string_view resource_id = str(item, "resourceId");
  out.resource_type = std::string(resource_type);
  out.account = std::string(account);
  if (resource_type.empty() || account.empty()) {
    out.message = "a configuration item without resourceType or awsAccountId/accountId";
    return out;
  }
  std::string_view status = str(item, "configurationItemStatus");
  if (status == "ResourceDeleted" || status == "ResourceDeletedNotRecorded" ||
      status == "ResourceNotRecorded") {
    out.kind = ItemOutcome::Kind::Deleted;
    return out;
  }
  simdjson::dom::element configuration;
  bool has_configuration = !item["configuration"].get(configuration) && !configuration.is_null();
  if (resource_type == kAccountPublicAccessBlock) {
    if (has_configuration)
      if (std::optional<JsonTree> c = decoded(configuration, nullptr)) {
        out.setting = to_api_shape(*c, {});
        out.kind = ItemOutcome::Kind::AccountSetting;
      }
    return out;
  }
  const ConfigType* ct = find_config_type(resource_type);
  const aws::ResourceType* rt = ct ? aws::find_resource_type(ct->vigil_type) : nullptr;
  if (!ct || !rt) {
    out.kind = ItemOutcome::Kind::Unsupported;
    return out;
  }
  std::optional<JsonTree> config =
      has_configuration ? decoded(configuration, &ct->convert) : std::nullopt;
  if (!config || !config->is_object()) {
    out.message = fmt::format("{} {}: no configuration object", resource_type, resource_id);
    return out;
  }

  if (!rt->home_region_field
           .empty()) {  // as the capture reader: a trail is kept in its home region
    std::string_view home = aws::first_string(*config, rt->home_region_field);
    if (!home.empty() && home != region) {
      out.kind = ItemOutcome::Kind::OtherRegionCopy;
      return out;
    }
  }

  aws::PendingAsset& p = out.asset;
  p.type = std::string(ct->vigil_type);
  p.parts.account = std::string(account);
  p.parts.region = std::string(region);
  p.parts.config = std::move(*config);
  p.parts.tags = JsonTree::object();
  p.collected_at = item_capture_time(item);
  simdjson::dom::object tags;
  bool item_tags = !item["tags"].get_object().get(tags);
  if (item_tags)
    for (auto field : tags) {
      std::string_view v;
      p.parts.tags.set(field.key,
                       JsonTree::string(field.value.get_string().get(v) ? "" : std::string(v)));
    }

  JsonTree supplementary = JsonTree::object();
  simdjson::dom::object supp;
  if (!item["supplementaryConfiguration"].get_object().get(supp))
    for (auto field : supp)
      if (std::optional<JsonTree> v = decoded(field.value, nullptr))
        supplementary.set(field.key, std::move(*v));

  std::set<std::string> provided;
  std::vector<std::pair<std::string, std::string>> unavailable;
  ConfigContext ctx{p.parts,
                    supplementary,
                    provided,
                    unavailable,
                    resource_id,
                    str(item, "resourceName"),
                    str(item, "ARN", "arn")};
  if (ct->hook) ct->hook(ctx);

  // The catalog's per-resource calls: provided, found in supplementaryConfiguration, or
  // unavailable.
  for (const aws::PerResourceCall& call : rt->calls) {
    std::string name = aws::config_name_of(call);
    if (provided.count(name)) continue;
    if (p.parts.config.find(name)) continue;  // the configuration itself holds it (IAM Tags)
    if (JsonTree* s = supplementary.find(name)) {
      p.parts.config.set(name, to_api_shape(*s, ct->convert));
      continue;
    }
    if (name == first_segment(rt->tags)) continue;  // written from the item's tags below
    bool listed = false;
    for (const auto& u : unavailable) listed = listed || u.first == name;
    if (listed) continue;
    p.parts.config.set(
        name, JsonTree::unavailable(fmt::format("{}: {}: AWS Config does not record this {} output",
                                                call.operation, kCode, call.operation)));
    p.errors.push_back({"config." + name, std::string(call.operation), std::string(kCode),
                        fmt::format("AWS Config does not record the {} output for {}",
                                    call.operation, resource_type)});
  }
  for (const aws::FolderJoin& join : rt->joins)
    unavailable.emplace_back(
        join.config_name.empty() ? aws::config_name_of(join.operation)
                                 : std::string(join.config_name),
        fmt::format("AWS Config does not record the {} output", join.operation));
  for (std::string_view field : ct->missing_fields)
    unavailable.emplace_back(std::string(field),
                             fmt::format("AWS Config does not record {}", field));
  for (const auto& [name, message] : unavailable)
    if (set_at_path(p.parts.config, name,
                    JsonTree::unavailable(fmt::format("AwsConfig: {}: {}", kCode, message))))
      p.errors.push_back({"config." + name, "AwsConfig", std::string(kCode), message});
  for (const aws::JsonStringField& field : rt->json_strings)
    aws::update(p.parts.config, field.path,
                [&](JsonTree& node) { decode_json_string(node, field.url_decode); });

  // Tags: the item's map; without one, the configuration's own tag list.
  if (!rt->tags.empty()) {
    std::string root(first_segment(rt->tags));
    if (!item_tags) {
      std::vector<aws::PathValue> found;
      aws::select(p.parts.config, rt->tags, found);
      for (const aws::PathValue& v : found) {
        std::vector<aws::PathValue> list;
        if (v.is_array()) v.elements(list);
        for (const aws::PathValue& tag : list) {
          auto k = tag.member("Key");
          auto val = tag.member("Value");
          if (auto ks = k ? k->string() : std::nullopt)
            p.parts.tags.set(*ks,
                             JsonTree::string(std::string(val ? val->string().value_or("") : "")));
        }
      }
    } else if (!p.parts.config.find(root)) {
      JsonTree built = tags_at(rt->tags, p.parts.tags);
      p.parts.config.set(root, built.at(0));
    }
  }

  std::string_view arn = str(item, "ARN", "arn");
  if (rt->global) p.parts.region = "global";
  if (!ct->catalog_arn) p.parts.id = std::string(arn);
  if (p.parts.id.empty() && !rt->arn_field.empty())
    p.parts.id = std::string(aws::first_string(p.parts.config, rt->arn_field));
  if (p.parts.id.empty() && !rt->arn_template.empty())
    p.parts.id =
        aws::expand_template(rt->arn_template, account, p.parts.region, "", &p.parts.config);
  if (p.parts.id.empty()) {
    out.message = fmt::format("{} {}: no ARN and no {} to build one", resource_type, resource_id,
                              rt->arn_template);
    return out;
  }
  for (std::string_view candidate : rt->name) {
    if (candidate.starts_with("tag:")) {
      if (JsonTree* t = p.parts.tags.find(candidate.substr(4)); t && !t->text().empty())
        p.parts.name = t->text();
    } else {
      p.parts.name = std::string(aws::first_string(p.parts.config, candidate));
    }
    if (!p.parts.name.empty()) break;
  }
  if (rt->hook) rt->hook(p.parts);

  // Forward relations: the catalog's paths into the converted configuration.
  for (const aws::Relation& r : rt->relations) {
    if (r.reverse) continue;
    aws::PendingAsset::Edges& edges = p.edges(r.name);
    if (auto [source, node] = unavailable_on_path(p.parts.config, r.path); node) {
      edges.failure_reason = node->text();
      p.errors.push_back(
          {"relationships." + std::string(r.name), "AwsConfig", std::string(kCode),
           fmt::format("the {} relation comes from config.{}, which AWS Config does not record",
                       r.name, source)});
      continue;
    }
    for (std::string_view v : aws::select_strings(p.parts.config, r.path)) {
      std::string target = r.target.empty()
                               ? std::string(v)
                               : aws::expand_template(r.target, account, region, v, nullptr);
      if (!target.empty()) p.add_edge(r.name, std::move(target));
    }
  }
  // Config's relationships, onto the catalog relation whose target is the related resource's id.
  simdjson::dom::array relationships;
  if (!item["relationships"].get_array().get(relationships))
    for (simdjson::dom::element rel : relationships) {
      const ConfigType* related = find_config_type(str(rel, "resourceType"));
      const aws::ResourceType* related_rt =
          related ? aws::find_resource_type(related->vigil_type) : nullptr;
      std::string_view related_id =
          related && related->id_from_name ? str(rel, "resourceName") : str(rel, "resourceId");
      if (!related_rt || related_id.empty() || related_rt->arn_template.empty()) continue;
      JsonTree fields = JsonTree::object();
      fields.add(std::string(related->id_field), JsonTree::string(std::string(related_id)));
      std::string related_region = related_rt->global ? "global" : std::string(region);
      std::string target =
          aws::expand_template(related_rt->arn_template, account, related_region, "", &fields);
      for (const aws::Relation& r : rt->relations) {
        if (r.reverse || r.target.empty()) continue;
        if (aws::expand_template(r.target, account, region, related_id, nullptr) != target)
          continue;
        aws::PendingAsset::Edges& edges = p.edges(r.name);
        if (edges.failure_reason.empty()) p.add_edge(r.name, target);
      }
    }
  out.kind = ItemOutcome::Kind::Asset;
  return out;
}

}  // namespace vigil::aws_config
