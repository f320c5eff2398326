// Asset assembly and freezing (assemble.h).
#include "connectors/aws/assemble.h"

#include "connectors/aws/path.h"

namespace vigil::aws {

PendingAsset::Edges& PendingAsset::edges(std::string_view name) {
  for (Edges& e : relations)
    if (e.name == name) return e;
  relations.push_back(Edges{std::string(name), {}, {}});
  return relations.back();
}

void PendingAsset::add_edge(std::string_view name, std::string target) {
  Edges& e = edges(name);
  for (const std::string& t : e.targets)
    if (t == target) return;
  e.targets.push_back(std::move(target));
}

std::string_view partition_of(std::string_view region) {
  if (region.starts_with("cn-")) return "aws-cn";
  if (region.starts_with("us-gov-")) return "aws-us-gov";
  return "aws";
}

std::string expand_template(std::string_view tmpl, std::string_view account,
                            std::string_view region, std::string_view value, const JsonTree* item) {
  std::string out;
  out.reserve(tmpl.size() + 32);
  size_t i = 0;
  while (i < tmpl.size()) {
    size_t open = tmpl.find('{', i);
    if (open == std::string_view::npos) {
      out.append(tmpl.substr(i));
      break;
    }
    out.append(tmpl.substr(i, open - i));
    size_t close = tmpl.find('}', open);
    if (close == std::string_view::npos) return "";
    std::string_view field = tmpl.substr(open + 1, close - open - 1);
    if (field.empty()) {
      if (value.empty()) return "";
      out.append(value);
    } else if (field == "partition") {
      out.append(partition_of(region));
    } else if (field == "region") {
      out.append(region == "global" ? "" : region);
    } else if (field == "account") {
      out.append(account);
    } else {
      std::string_view v = item ? first_string(*item, field) : std::string_view();
      if (v.empty()) return "";
      out.append(v);
    }
    i = close + 1;
  }
  return out;
}

Result<Asset> freeze_asset(const PendingAsset& p) {
  // The root's members refer to the parts in place (no copy of config/tags).
  std::vector<JsonMember> root;
  root.reserve(10);
  JsonTree id = JsonTree::string(p.parts.id), type = JsonTree::string(p.type),
           account = JsonTree::string(p.parts.account), region = JsonTree::string(p.parts.region),
           name = JsonTree::string(p.parts.name);
  root.push_back({"id", &id});
  root.push_back({"type", &type});
  root.push_back({"account", &account});
  root.push_back({"region", &region});
  root.push_back({"name", &name});
  JsonTree tags_unavailable, config_unavailable;
  if (p.tags_unavailable) tags_unavailable = JsonTree::unavailable(p.tags_reason);
  if (p.config_unavailable) config_unavailable = JsonTree::unavailable(p.config_reason);
  root.push_back({"tags", p.tags_unavailable ? &tags_unavailable : &p.parts.tags});
  root.push_back({"config", p.config_unavailable ? &config_unavailable : &p.parts.config});
  JsonTree collected_at = JsonTree::string(p.collected_at);
  if (!p.collected_at.empty()) root.push_back({"collected_at", &collected_at});
  JsonTree rels;
  if (p.relationships_unavailable) {
    rels = JsonTree::unavailable(p.relationships_reason);
  } else {
    rels = JsonTree::object();
    for (const PendingAsset::Edges& e : p.relations) {
      if (!e.failure_reason.empty()) {
        rels.add(e.name, JsonTree::unavailable(e.failure_reason));
        continue;
      }
      JsonTree list = JsonTree::array();
      for (const std::string& t : e.targets) list.push(JsonTree::string(t));
      rels.add(e.name, std::move(list));
    }
  }
  root.push_back({"relationships", &rels});
  JsonTree errors = JsonTree::array();
  if (!p.errors.empty()) {
    for (const CollectionError& e : p.errors) {
      JsonTree entry = JsonTree::object();
      entry.add("part", JsonTree::string(e.part));
      entry.add("operation", JsonTree::string(e.operation));
      entry.add("code", JsonTree::string(e.code));
      entry.add("message", JsonTree::string(e.message));
      errors.push(std::move(entry));
    }
    root.push_back({"errors", &errors});
  }
  Result<JsonDoc> doc = build_json_doc(root);
  if (!doc.ok()) return doc.error();
  Asset asset;
  asset.doc = std::move(doc).value();
  JsonRef r = asset.doc.root();
  asset.id = r.find("id").as_string();
  asset.type = r.find("type").as_string();
  asset.account = r.find("account").as_string();
  asset.region = r.find("region").as_string();
  asset.name = r.find("name").as_string();
  return asset;
}

void choose_name(const ResourceType& type, AssetParts& parts) {
  for (std::string_view candidate : type.name) {
    if (candidate.starts_with("tag:")) {
      if (JsonTree* t = parts.tags.find(candidate.substr(4)); t && !t->text().empty())
        parts.name = t->text();
    } else {
      parts.name = std::string(first_string(parts.config, candidate));
    }
    if (!parts.name.empty()) break;
  }
}

}  // namespace vigil::aws
