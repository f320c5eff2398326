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

// The item's identity fields ("" when absent).
struct ItemIdentity {
  std::string_view resource_type, account, region, resource_id;
};

bool is_deletion(std::string_view status) {
  return status == "ResourceDeleted" || status == "ResourceDeletedNotRecorded" ||
         status == "ResourceNotRecorded";
}

// As the capture reader: a resource with a home region (a trail) is kept
// only in that region.
bool is_other_region_copy(const aws::ResourceType& rt, const JsonTree& config,
                          std::string_view region) {
  if (rt.home_region_field.empty()) return false;
  std::string_view home = aws::first_string(config, rt.home_region_field);
  return !home.empty() && home != region;
}

// Builds the pending asset of one supported item that has a configuration
// object, in the catalog's API shape: its parts, what AWS Config does not
// record (NotInAwsConfig errors), tags, id, name and relations.
class AssetConversion {
 public:
  AssetConversion(simdjson::dom::element item, const ItemIdentity& id, const ConfigType& ct,
                  const aws::ResourceType& rt, aws::PendingAsset& p)
      : item_(item), id_(id), ct_(ct), rt_(rt), p_(p) {}

  // False, with `message`, when the asset has no id.
  bool convert(JsonTree&& config, std::string& message) {
    start_asset(std::move(config));
    read_supplementary();
    run_type_hook();
    mark_calls_not_recorded();
    mark_unavailable();
    decode_json_strings();
    fill_tags();
    if (!set_id(message)) return false;
    aws::choose_name(rt_, p_.parts);
    if (rt_.hook) rt_.hook(p_.parts);
    add_catalog_relations();
    add_config_relationships();
    return true;
  }

 private:
  void start_asset(JsonTree&& config) {
    p_.type = std::string(ct_.vigil_type);
    p_.parts.account = std::string(id_.account);
    p_.parts.region = std::string(id_.region);
    p_.parts.config = std::move(config);
    p_.parts.tags = JsonTree::object();
    p_.collected_at = item_capture_time(item_);
    simdjson::dom::object tags;
    item_tags_ = !item_["tags"].get_object().get(tags);
    if (item_tags_)
      for (auto field : tags) {
        std::string_view v;
        p_.parts.tags.set(field.key,
                          JsonTree::string(field.value.get_string().get(v) ? "" : std::string(v)));
      }
  }

  void read_supplementary() {
    simdjson::dom::object supp;
    if (!item_["supplementaryConfiguration"].get_object().get(supp))
      for (auto field : supp)
        if (std::optional<JsonTree> v = decoded(field.value, nullptr))
          supplementary_.set(field.key, std::move(*v));
  }

  void run_type_hook() {
    ConfigContext ctx{p_.parts,
                      supplementary_,
                      provided_,
                      unavailable_,
                      id_.resource_id,
                      str(item_, "resourceName"),
                      str(item_, "ARN", "arn")};
    if (ct_.hook) ct_.hook(ctx);
  }

  // The catalog's per-resource calls: provided, found in
  // supplementaryConfiguration, or unavailable.
  void mark_calls_not_recorded() {
    for (const aws::PerResourceCall& call : rt_.calls) {
      std::string name = aws::config_name_of(call);
      if (provided_.count(name)) continue;
      if (p_.parts.config.find(name)) continue;  // the configuration itself holds it (IAM Tags)
      if (JsonTree* s = supplementary_.find(name)) {
        p_.parts.config.set(name, to_api_shape(*s, ct_.convert));
        continue;
      }
      if (name == first_segment(rt_.tags)) continue;  // written from the item's tags below
      bool listed = false;
      for (const auto& u : unavailable_) listed = listed || u.first == name;
      if (listed) continue;
      p_.parts.config.set(name, JsonTree::unavailable(
                                    fmt::format("{}: {}: AWS Config does not record this {} output",
                                                call.operation, kCode, call.operation)));
      p_.errors.push_back({"config." + name, std::string(call.operation), std::string(kCode),
                           fmt::format("AWS Config does not record the {} output for {}",
                                       call.operation, id_.resource_type)});
    }
  }

  // Folder joins, the type's missing fields and what the hook named.
  void mark_unavailable() {
    for (const aws::FolderJoin& join : rt_.joins)
      unavailable_.emplace_back(
          join.config_name.empty() ? aws::config_name_of(join.operation)
                                   : std::string(join.config_name),
          fmt::format("AWS Config does not record the {} output", join.operation));
    for (std::string_view field : ct_.missing_fields)
      unavailable_.emplace_back(std::string(field),
                                fmt::format("AWS Config does not record {}", field));
    for (const auto& [name, message] : unavailable_)
      if (set_at_path(p_.parts.config, name,
                      JsonTree::unavailable(fmt::format("AwsConfig: {}: {}", kCode, message))))
        p_.errors.push_back({"config." + name, "AwsConfig", std::string(kCode), message});
  }

  void decode_json_strings() {
    for (const aws::JsonStringField& field : rt_.json_strings)
      aws::update(p_.parts.config, field.path,
                  [&](JsonTree& node) { decode_json_string(node, field.url_decode); });
  }

  // Tags: the item's map; without one, the configuration's own tag list.
  void fill_tags() {
    if (rt_.tags.empty()) return;
    std::string root(first_segment(rt_.tags));
    if (!item_tags_) {
      std::vector<aws::PathValue> found;
      aws::select(p_.parts.config, rt_.tags, found);
      for (const aws::PathValue& v : found) {
        std::vector<aws::PathValue> list;
        if (v.is_array()) v.elements(list);
        for (const aws::PathValue& tag : list) {
          auto k = tag.member("Key");
          auto val = tag.member("Value");
          if (auto ks = k ? k->string() : std::nullopt)
            p_.parts.tags.set(*ks,
                              JsonTree::string(std::string(val ? val->string().value_or("") : "")));
        }
      }
    } else if (!p_.parts.config.find(root)) {
      JsonTree built = tags_at(rt_.tags, p_.parts.tags);
      p_.parts.config.set(root, built.at(0));
    }
  }

  // The item's ARN, the configuration's, or the catalog's template.
  bool set_id(std::string& message) {
    std::string_view arn = str(item_, "ARN", "arn");
    if (rt_.global) p_.parts.region = "global";
    if (!ct_.catalog_arn) p_.parts.id = std::string(arn);
    if (p_.parts.id.empty() && !rt_.arn_field.empty())
      p_.parts.id = std::string(aws::first_string(p_.parts.config, rt_.arn_field));
    if (p_.parts.id.empty() && !rt_.arn_template.empty())
      p_.parts.id = aws::expand_template(rt_.arn_template, id_.account, p_.parts.region, "",
                                         &p_.parts.config);
    if (!p_.parts.id.empty()) return true;
    message = fmt::format("{} {}: no ARN and no {} to build one", id_.resource_type,
                          id_.resource_id, rt_.arn_template);
    return false;
  }

  // Forward relations: the catalog's paths into the converted configuration.
  void add_catalog_relations() {
    for (const aws::Relation& r : rt_.relations) {
      if (r.reverse) continue;
      aws::PendingAsset::Edges& edges = p_.edges(r.name);
      if (auto [source, node] = unavailable_on_path(p_.parts.config, r.path); node) {
        edges.failure_reason = node->text();
        p_.errors.push_back(
            {"relationships." + std::string(r.name), "AwsConfig", std::string(kCode),
             fmt::format("the {} relation comes from config.{}, which AWS Config does not record",
                         r.name, source)});
        continue;
      }
      for (std::string_view v : aws::select_strings(p_.parts.config, r.path)) {
        std::string target =
            r.target.empty() ? std::string(v)
                             : aws::expand_template(r.target, id_.account, id_.region, v, nullptr);
        if (!target.empty()) p_.add_edge(r.name, std::move(target));
      }
    }
  }

  // Config's relationships, onto the catalog relation whose target is the
  // related resource's id.
  void add_config_relationships() {
    simdjson::dom::array relationships;
    if (item_["relationships"].get_array().get(relationships)) return;
    for (simdjson::dom::element rel : relationships) {
      const ConfigType* related = find_config_type(str(rel, "resourceType"));
      const aws::ResourceType* related_rt =
          related ? aws::find_resource_type(related->vigil_type) : nullptr;
      std::string_view related_id =
          related && related->id_from_name ? str(rel, "resourceName") : str(rel, "resourceId");
      if (!related_rt || related_id.empty() || related_rt->arn_template.empty()) continue;
      JsonTree fields = JsonTree::object();
      fields.add(std::string(related->id_field), JsonTree::string(std::string(related_id)));
      std::string related_region = related_rt->global ? "global" : std::string(id_.region);
      std::string target =
          aws::expand_template(related_rt->arn_template, id_.account, related_region, "", &fields);
      add_edges_to(related_id, target);
    }
  }

  void add_edges_to(std::string_view related_id, const std::string& target) {
    for (const aws::Relation& r : rt_.relations) {
      if (r.reverse || r.target.empty()) continue;
      if (aws::expand_template(r.target, id_.account, id_.region, related_id, nullptr) != target)
        continue;
      aws::PendingAsset::Edges& edges = p_.edges(r.name);
      if (edges.failure_reason.empty()) p_.add_edge(r.name, target);
    }
  }

  simdjson::dom::element item_;
  const ItemIdentity& id_;
  const ConfigType& ct_;
  const aws::ResourceType& rt_;
  aws::PendingAsset& p_;
  bool item_tags_ = false;  // the item has a tags map
  JsonTree supplementary_ = JsonTree::object();
  std::set<std::string> provided_;
  std::vector<std::pair<std::string, std::string>> unavailable_;
};

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
  ItemIdentity id{str(item, "resourceType"), str(item, "awsAccountId", "accountId"),
                  str(item, "awsRegion"), str(item, "resourceId")};
  out.resource_type = std::string(id.resource_type);
  out.account = std::string(id.account);
  if (id.resource_type.empty() || id.account.empty()) {
    out.message = "a configuration item without resourceType or awsAccountId/accountId";
    return out;
  }
  if (is_deletion(str(item, "configurationItemStatus"))) {
    out.kind = ItemOutcome::Kind::Deleted;
    return out;
  }
  simdjson::dom::element configuration;
  bool has_configuration = !item["configuration"].get(configuration) && !configuration.is_null();
  if (id.resource_type == kAccountPublicAccessBlock) {
    if (has_configuration)
      if (std::optional<JsonTree> c = decoded(configuration, nullptr)) {
        out.setting = to_api_shape(*c, {});
        out.kind = ItemOutcome::Kind::AccountSetting;
      }
    return out;
  }
  const ConfigType* ct = find_config_type(id.resource_type);
  const aws::ResourceType* rt = ct ? aws::find_resource_type(ct->vigil_type) : nullptr;
  if (!ct || !rt) {
    out.kind = ItemOutcome::Kind::Unsupported;
    return out;
  }
  std::optional<JsonTree> config =
      has_configuration ? decoded(configuration, &ct->convert) : std::nullopt;
  if (!config || !config->is_object()) {
    out.message = fmt::format("{} {}: no configuration object", id.resource_type, id.resource_id);
    return out;
  }
  if (is_other_region_copy(*rt, *config, id.region)) {
    out.kind = ItemOutcome::Kind::OtherRegionCopy;
    return out;
  }
  if (!AssetConversion(item, id, *ct, *rt, out.asset).convert(std::move(*config), out.message))
    return out;
  out.kind = ItemOutcome::Kind::Asset;
  return out;
}

}  // namespace vigil::aws_config
