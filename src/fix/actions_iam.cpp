// iam-deactivate-unused-keys: sets to Inactive the active access keys of
// one user that the credential report shows unused for the policy's
// max_unused (aws-iam-user-access-key-unused, computed as the policy does).
// The report numbers keys 1 and 2 without their ids: each is matched to
// ListAccessKeys' key whose CreateDate is the report's last_rotated; no
// unique match (or a key not Active) is an error, never a guess. Backup:
// the keys and their status (Active). Undo: set them Active again.
#include <fmt/format.h>

#include "core/time_text.h"
#include "fix/actions.h"

namespace vigil::fix {
namespace {

using nlohmann::json;

std::optional<int64_t> seconds_of(const json& v) {
  if (!v.is_string()) return std::nullopt;
  auto t = timeutil::parse_rfc3339(v.get<std::string>());
  if (!t.ok()) return std::nullopt;
  return t->seconds;
}

int64_t max_unused_seconds(const PlanInput& in) {
  auto it = in.params.find("max_unused");
  if (it != in.params.end() && it->is_object() && it->contains("seconds"))
    return (*it)["seconds"].get<int64_t>();
  return 45 * 86400;
}

// The idle keys: [{"AccessKeyId", "Status", "n", "since"}].
Result<json> idle_keys(const Target& t, const PlanInput& in) {
  if (part_failed(t, "config.CredentialReport") || part_failed(t, "config.AccessKeys"))
    return missing_data(t.id + ": the credential report or the access keys were not collected");
  const json& config = t.config();
  if (!config.contains("CredentialReport") || !config.contains("AccessKeys") ||
      !config.contains("UserName"))
    return missing_data(t.id + ": config.CredentialReport, AccessKeys or UserName is missing");
  const json& row = config["CredentialReport"];
  const json keys = config["AccessKeys"].value("AccessKeyMetadata", json::array());
  json out = json::array();
  for (int n : {1, 2}) {
    std::string prefix = fmt::format("access_key_{}_", n);
    if (row.value(prefix + "active", "") != "true") continue;
    json used = row.value(prefix + "last_used_date", json("N/A"));
    bool ever_used = used.is_string() && seconds_of(used).has_value();
    json since = ever_used ? used : row.value(prefix + "last_rotated", json());
    auto since_s = seconds_of(since);
    if (!since_s)
      return missing_data(
          fmt::format("{}: key {} has no readable last-used or rotation date", t.id, n));
    if (in.now_seconds - *since_s < max_unused_seconds(in)) continue;
    auto rotated = seconds_of(row.value(prefix + "last_rotated", json()));
    json match;
    int matches = 0;
    for (const json& k : keys)
      if (rotated && seconds_of(k.value("CreateDate", json())) == rotated) {
        match = k;
        ++matches;
      }
    if (matches != 1)
      return missing_data(fmt::format(
          "{}: credential report key {} matches {} access keys by creation date; not guessing",
          t.id, n, matches));
    if (match.value("Status", "") != "Active")
      return not_applicable(fmt::format("{}: key {} ({}) is already {}", t.id, n,
                                        match.value("AccessKeyId", ""), match.value("Status", "")));
    out.push_back(
        {{"AccessKeyId", match["AccessKeyId"]}, {"Status", "Active"}, {"n", n}, {"since", since}});
  }
  return out;
}

Status keys_precondition(const Target& t, const PlanInput& in) {
  auto keys = idle_keys(t, in);
  if (!keys.ok()) return keys.error();
  if (keys->empty()) return not_applicable(t.id + ": no active key is unused for long enough");
  return {};
}

Result<json> keys_backup(const Target& t, const PlanInput& in) {
  auto keys = idle_keys(t, in);
  if (!keys.ok()) return keys.error();
  return json{{"UserName", t.config()["UserName"]}, {"AccessKeys", *keys}};
}

std::vector<ApiCall> set_status(const Target& t, const json& b, const char* status) {
  std::vector<ApiCall> out;
  for (const json& k : b.at("AccessKeys"))
    out.push_back(
        {"iam",
         call_region(t),
         "UpdateAccessKey",
         {{"UserName", b["UserName"]}, {"AccessKeyId", k["AccessKeyId"]}, {"Status", status}}});
  return out;
}

Result<std::vector<ApiCall>> keys_calls(const Target& t, const PlanInput& in) {
  auto b = keys_backup(t, in);
  if (!b.ok()) return b.error();
  return set_status(t, *b, "Inactive");
}

Result<std::vector<ApiCall>> keys_undo(const Target& t, const json& backup) {
  return set_status(t, backup, "Active");
}

}  // namespace

const FixAction& iam_deactivate_unused_keys() {
  static const FixAction action{
      .id = "iam-deactivate-unused-keys",
      .resource_type = "aws.iam.user",
      .policies = {"aws-iam-user-access-key-unused"},
      .summary = "set to Inactive the user's active access keys unused for the policy's max_unused",
      .undo_text = "set the same keys Active again",
      .operations = {{"iam", "UpdateAccessKey"}},
      .precondition = keys_precondition,
      .backup = keys_backup,
      .calls = keys_calls,
      .undo = keys_undo};
  return action;
}

}  // namespace vigil::fix
