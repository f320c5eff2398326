// The list of fix actions and lookups (registry.h).
#include "fix/registry.h"

#include <array>

#include <fmt/format.h>

#include "fix/actions.h"

namespace vigil::fix {

std::span<const FixAction* const> fix_actions() {
  static const std::array<const FixAction*, 12> all = {&s3_block_public_access(),
                                                       &s3_remove_public_acl_grants(),
                                                       &s3_remove_public_policy_statements(),
                                                       &ec2_revoke_world_ingress(),
                                                       &ec2_snapshot_private(),
                                                       &ec2_image_private(),
                                                       &ec2_ebs_encryption_by_default(),
                                                       &iam_deactivate_unused_keys(),
                                                       &kms_enable_rotation(),
                                                       &cloudtrail_log_validation(),
                                                       &rds_not_public(),
                                                       &ec2_vpc_flow_logs()};
  return all;
}

const FixAction* find_action(std::string_view id) {
  for (const FixAction* a : fix_actions())
    if (a->id == id) return a;
  return nullptr;
}

const FixAction* action_for_policy(std::string_view policy_id) {
  for (const FixAction* a : fix_actions())
    for (std::string_view p : a->policies)
      if (p == policy_id) return a;
  return nullptr;
}

std::vector<const FixAction*> actions_for_policy(std::string_view policy_id) {
  std::vector<const FixAction*> out;
  for (const FixAction* a : fix_actions())
    for (std::string_view p : a->policies)
      if (p == policy_id) {
        out.push_back(a);
        break;
      }
  return out;
}

Result<const FixAction*> action_serving(std::string_view id, std::string_view policy_id) {
  auto serving = actions_for_policy(policy_id);
  for (const FixAction* a : serving)
    if (a->id == id) return a;
  std::string names;
  for (const FixAction* a : serving) names += (names.empty() ? "" : ", ") + std::string(a->id);
  std::string why = find_action(id)
                        ? fmt::format("fix action {} does not serve policy {}", id, policy_id)
                        : fmt::format("no fix action {}", id);
  return Error(names.empty() ? fmt::format("{}; policy {} has no fix action", why, policy_id)
                             : fmt::format("{}; the actions that serve it: {}", why, names))
      .with_kind(Error::Kind::InvalidInput)
      .with_subject("action");
}

nlohmann::json params_json(const cel::Value& v) {
  using cel::Kind;
  switch (v.kind()) {
    case Kind::Bool:
      return v.as_bool();
    case Kind::Int:
      return v.as_int();
    case Kind::Uint:
      return v.as_uint();
    case Kind::Double:
      return v.as_double();
    case Kind::String:
      return std::string(v.as_string());
    case Kind::Duration:
      return {{"seconds", v.seconds()}};
    case Kind::List: {
      nlohmann::json out = nlohmann::json::array();
      for (size_t i = 0; i < v.list_size(); ++i) out.push_back(params_json(v.list_at(i)));
      return out;
    }
    case Kind::Map: {
      nlohmann::json out = nlohmann::json::object();
      for (size_t i = 0; i < v.map_size(); ++i) {
        cel::Value key = v.map_key_at(i);
        if (key.kind() == Kind::String)
          out[std::string(key.as_string())] = params_json(v.map_value_at(i));
      }
      return out;
    }
    default:
      return nullptr;
  }
}

}  // namespace vigil::fix
