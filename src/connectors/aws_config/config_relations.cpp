// Duplicate assets and reverse relations of an AWS Config read (config_relations.h).
#include "connectors/aws_config/config_relations.h"

#include <fmt/format.h>

#include <unordered_map>

#include "connectors/aws/catalog.h"
#include "connectors/aws/path.h"
#include "connectors/aws_config/config_types.h"

namespace vigil::aws_config {

namespace {

using Scopes = std::set<std::pair<std::string, std::string>>;
using Failed = std::vector<std::pair<std::string, std::string>>;

// Why a reverse relation onto `target`, whose edges come from every asset of
// `source` in the target's scope, cannot be complete, or "" when it is.
std::string incomplete(const aws::ResourceType& source, const aws::PendingAsset& target,
                       const Scopes& snapshots, const Failed& failed) {
  if (!find_config_type_by_vigil_type(source.type))
    return fmt::format("AWS Config does not record {} (no Config resource type is mapped to it)",
                       source.type);
  const std::string& account = target.parts.account;
  std::string region = source.global ? "global" : target.parts.region;
  for (const auto& [a, r] : failed)
    if (a == account && (source.global || r == region))
      return fmt::format("a Config file of {}/{} could not be read", account, r);
  for (const auto& [a, r] : snapshots)
    if (a == account && (source.global || r == region)) return {};
  return fmt::format(
      "no configuration snapshot of {}/{} was read: other files may hold only some {}", account,
      region, source.type);
}

}  // namespace

size_t drop_duplicate_assets(std::vector<aws::PendingAsset>& pending) {
  std::unordered_map<std::string, size_t> kept;
  std::vector<bool> drop(pending.size(), false);
  size_t dropped = 0;
  for (size_t i = 0; i < pending.size(); ++i) {
    auto [it, fresh] = kept.emplace(pending[i].parts.id, i);
    if (fresh) continue;
    ++dropped;
    if (pending[i].collected_at > pending[it->second].collected_at) {
      drop[it->second] = true;
      it->second = i;
    } else {
      drop[i] = true;
    }
  }
  size_t out = 0;
  for (size_t i = 0; i < pending.size(); ++i) {
    if (drop[i]) continue;
    if (out != i) pending[out] = std::move(pending[i]);  // never a self-move
    ++out;
  }
  pending.resize(out);
  return dropped;
}

void add_reverse_relations(std::vector<aws::PendingAsset>& pending, const Scopes& snapshots,
                           const Failed& failed) {
  std::unordered_map<std::string_view, size_t> by_id;
  for (size_t i = 0; i < pending.size(); ++i) by_id.emplace(pending[i].parts.id, i);
  // Every reverse relation onto a type read here: present (possibly empty) where
  // the source type's list is complete, unavailable elsewhere.
  for (const aws::ResourceType& source : aws::resource_catalog())
    for (const aws::Relation& r : source.relations) {
      if (!r.reverse) continue;
      for (aws::PendingAsset& target : pending) {
        if (target.type != r.target_type || target.relationships_unavailable) continue;
        aws::PendingAsset::Edges& e = target.edges(r.name);
        std::string why = incomplete(source, target, snapshots, failed);
        if (why.empty() || !e.failure_reason.empty()) continue;
        e.failure_reason = fmt::format("AwsConfig: NotInAwsConfig: {}", why);
        target.errors.push_back({"relationships." + std::string(r.name), "AwsConfig",
                                 "NotInAwsConfig",
                                 fmt::format("the {} relation lists every {} pointing here: {}",
                                             r.name, source.type, why)});
      }
    }
  struct Edge {
    size_t target;
    std::string relation, source;
  };
  std::vector<Edge> edges;
  for (const aws::PendingAsset& p : pending) {
    const aws::ResourceType* rt = aws::find_resource_type(p.type);
    if (!rt) continue;
    for (const aws::Relation& r : rt->relations) {
      if (!r.reverse) continue;
      for (std::string_view v : aws::select_strings(p.parts.config, r.path)) {
        std::string target = r.target.empty() ? std::string(v)
                                              : aws::expand_template(r.target, p.parts.account,
                                                                     p.parts.region, v, nullptr);
        if (auto t = by_id.find(target); t != by_id.end())
          edges.push_back({t->second, std::string(r.name), p.parts.id});
      }
    }
  }
  for (Edge& e : edges)
    if (pending[e.target].edges(e.relation).failure_reason.empty())
      pending[e.target].add_edge(e.relation, std::move(e.source));
}

}  // namespace vigil::aws_config
