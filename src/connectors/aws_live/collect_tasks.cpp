// The tasks of a collection run (collect_run.h): a type's list call, one
// item's per-resource calls, an account setting, and perform(), which sends
// one call and writes its file.
#include <fmt/format.h>

#include <algorithm>
#include <thread>

#include "connectors/aws/assemble.h"
#include "connectors/aws/item_list.h"
#include "connectors/aws/path.h"
#include "connectors/aws_live/capture_writer.h"
#include "connectors/aws_live/cli_args.h"
#include "connectors/aws_live/collect_run.h"

namespace vigil::aws::live {

namespace fs = std::filesystem;

void CollectRun::redact(const Place& place, std::string_view operation, nlohmann::json& output) {
  Result<std::shared_ptr<const ServiceModel>> model = models_.service(place.service);
  if (!model.ok()) return;
  const OperationDef* op = (*model)->compiled_operation(operation);
  if (op == nullptr || op->output == nullptr || !has_sensitive(*op->output)) return;
  redact_sensitive(*op->output, output, sensitive_key_);
}

namespace {

// GetBucketLocation's LocationConstraint -> the bucket's region.
std::string bucket_region(const nlohmann::json& location) {
  const nlohmann::json* c =
      location.contains("LocationConstraint") ? &location["LocationConstraint"] : nullptr;
  if (!c || !c->is_string() || c->get<std::string>().empty()) return "us-east-1";
  std::string region = *c;
  return region == "EU" ? "eu-west-1" : region;
}

std::string replace_all(std::string text, std::string_view from, std::string_view to) {
  for (size_t at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size()))
    text.replace(at, from.size(), to);
  return text;
}

}  // namespace

void CollectRun::write(const fs::path& path, const std::string& text) {
  Status s = write_capture_file(path, text);
  std::lock_guard<std::mutex> lock(mutex_);
  if (s.ok()) {
    ++summary_.files;
    return;
  }
  summary_.failures.push_back({"", "", "", "", path.string(), "WriteError", s.error().message});
}

Result<nlohmann::json> CollectRun::params_for(const Place& place, std::string_view operation,
                                              std::string_view key_option, std::string_view key,
                                              std::string_view args, std::string_view key2_option,
                                              std::string_view key2) {
  Result<std::shared_ptr<const ServiceModel>> model = models_.service(place.service);
  if (!model.ok()) return model.error();
  nlohmann::json params = nlohmann::json::object();
  if (!key_option.empty())
    if (Status s = set_cli_option(**model, operation, key_option, key, params); !s.ok())
      return s.error();
  if (!key2_option.empty())
    if (Status s = set_cli_option(**model, operation, key2_option, key2, params); !s.ok())
      return s.error();
  if (Status s = apply_cli_args(**model, operation, args, params); !s.ok()) return s.error();
  return params;
}

std::optional<nlohmann::json> CollectRun::perform(AccountRun& account, const Place& place,
                                                  std::string_view operation,
                                                  const nlohmann::json& params,
                                                  const fs::path& path,
                                                  std::span<const std::string_view> absent_codes,
                                                  std::string_view key) {
  if (options_.cancel != nullptr && options_.cancel->load() && !account.failed)
    fail_account(account, "Cancelled",
                 "the collection was stopped (SIGTERM or SIGINT) before the account was read");
  if (account.failed) {
    std::string code, message;
    {
      std::lock_guard<std::mutex> lock(account.mutex);
      code = account.failure_code;
      message = account.failure_message;
    }
    ++account.not_sent;
    write(path, error_text(code, fmt::format("not sent: account {} stopped earlier: {}",
                                             account.label, message)));
    return std::nullopt;
  }
  CallScope scope{place.service, place.call_region, account.target.credentials};
  AwsResult<nlohmann::json> result = client_.call_all_pages(scope, operation, params);
  if (nlohmann::json* output = std::get_if<nlohmann::json>(&result)) {
    redact(place, operation, *output);
    write(path, output_text(*output));
    return std::move(*output);
  }
  const AwsCallError& e = std::get<AwsCallError>(result);
  write(path, error_text(e.code, e.message));
  if (std::find(absent_codes.begin(), absent_codes.end(), e.code) != absent_codes.end()) {
    std::lock_guard<std::mutex> lock(mutex_);
    ++summary_.not_configured;
    return std::nullopt;
  }
  if (is_credential_error(e.code)) {
    fail_account(
        account, e.code,
        fmt::format("{} {} in {} was refused: {}: {} (the credentials are expired or invalid)",
                    place.service, operation, place.call_region, e.code, e.message));
    return std::nullopt;
  }
  std::lock_guard<std::mutex> lock(mutex_);
  summary_.failures.push_back({account.id, place.folder_region, place.service,
                               std::string(operation), std::string(key), e.code, e.message});
  return std::nullopt;
}

void CollectRun::list_task(AccountRun& account, ScopeRun& scope, const Place& place,
                           const ResourceType& type) {
  fs::path folder = folder_path(options_.out, account.id, place.folder_region, place.service);
  fs::path path = list_path(folder, type.list_operation);
  Result<nlohmann::json> params = params_for(place, type.list_operation, "", "", type.list_args);
  if (!params.ok()) {
    write(path, error_text("InvalidParameter", params.error().message));
    std::lock_guard<std::mutex> lock(mutex_);
    summary_.failures.push_back({account.id, place.folder_region, place.service,
                                 std::string(type.list_operation), "", "InvalidParameter",
                                 params.error().message});
    return;
  }
  std::optional<nlohmann::json> output =
      perform(account, place, type.list_operation, *params, path, {}, "");
  if (!output || type.calls.empty()) return;

  // The items and their keys exactly as the capture reader will find them
  // (capture_unit.cpp read_type / read_item), from the text just written.
  thread_local simdjson::dom::parser parser;
  simdjson::padded_string text(output_text(*output));
  simdjson::dom::element root;
  if (parser.parse(text).get(root)) return;
  std::vector<PathValue> found, items;
  select(root, type.items, found);
  for (const PathValue& v : found) {
    if (v.is_array())
      v.elements(items);
    else
      items.push_back(v);
  }
  for (const PathValue& v : items) {
    JsonTree item = list_item_tree(type, v.element);
    if (other_region_item(type, item, place.folder_region)) continue;
    if (!type.owner_field.empty()) {
      std::string_view owner = first_string(item, type.owner_field);
      if (!owner.empty() && owner != account.id) continue;
    }
    std::string id;
    if (!type.arn_field.empty()) id = std::string(first_string(item, type.arn_field));
    if (id.empty() && !type.arn_template.empty())
      id = expand_template(type.arn_template, account.id, place.folder_region, "", &item);
    std::vector<ItemCall> calls;
    for (const PerResourceCall& call : type.calls) {
      std::string key = call.key == "@arn" ? id : std::string(first_string(item, call.key));
      if (key.empty()) continue;  // the reader reports the item's MissingKey
      std::string args(call.args);
      if (args.find('{') != std::string::npos)
        args = expand_template(call.args, account.id, place.folder_region, "", &item);
      calls.push_back({&call, std::move(key), std::move(args)});
    }
    if (calls.empty()) continue;
    spawn(account, scope, [this, &account, place, &type, calls = std::move(calls)]() mutable {
      item_task(account, place, type, std::move(calls));
    });
  }
}

void CollectRun::item_task(AccountRun& account, const Place& place, const ResourceType& type,
                           std::vector<ItemCall> calls) {
  fs::path folder = folder_path(options_.out, account.id, place.folder_region, place.service);
  Place call_place = place;
  // The outputs so far by config name, as the reader merges them: a fan-out
  // call reads its names from them.
  nlohmann::json config = nlohmann::json::object();
  auto send = [&](const ItemCall& c, const fs::path& path, std::string_view each,
                  const std::string& failure_key) -> std::optional<nlohmann::json> {
    std::string_view op = c.call->operation;
    Result<nlohmann::json> params =
        params_for(call_place, op, c.call->parameter, c.key, c.args, c.call->each_parameter, each);
    if (!params.ok()) {
      write(path, error_text("InvalidParameter", params.error().message));
      std::lock_guard<std::mutex> lock(mutex_);
      summary_.failures.push_back({account.id, place.folder_region, place.service, std::string(op),
                                   failure_key, "InvalidParameter", params.error().message});
      return std::nullopt;
    }
    return perform(account, call_place, op, *params, path, c.call->absent_codes, failure_key);
  };
  auto run_call = [&](const ItemCall& c) -> std::optional<nlohmann::json> {
    std::string_view op = c.call->operation;
    if (!c.call->fans_out()) {
      std::optional<nlohmann::json> output = send(c, resource_path(folder, op, c.key), {}, c.key);
      if (output) config[config_name_of(*c.call)] = *output;
      return output;
    }
    // The names exactly as the reader will select them (capture_unit.cpp read_fan_out).
    thread_local simdjson::dom::parser parser;
    simdjson::padded_string text(
        config.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
    simdjson::dom::element root;
    if (parser.parse(text).get(root)) return std::nullopt;
    std::vector<PathValue> found;
    select(root, c.call->each, found);
    std::vector<std::string> names;
    for (const PathValue& v : found)
      if (std::optional<std::string_view> name = v.string()) names.emplace_back(*name);
    for (const std::string& name : names)
      send(c, fan_out_path(folder, op, c.key, name), name, c.key + "/" + name);
    return std::nullopt;
  };
  // S3 answers a bucket's calls in the bucket's own region only: ask where it is first.
  if (type.service == "s3") {
    auto location = std::find_if(calls.begin(), calls.end(), [](const ItemCall& c) {
      return c.call->operation == "GetBucketLocation";
    });
    if (location != calls.end()) {
      std::optional<nlohmann::json> where = run_call(*location);
      if (where) call_place.call_region = bucket_region(*where);
      calls.erase(location);
    }
  }
  for (const ItemCall& c : calls) run_call(c);
}

void CollectRun::setting_task(AccountRun& account, const Place& place,
                              const AccountSetting& setting) {
  fs::path folder = folder_path(options_.out, account.id, place.folder_region, place.service);
  fs::path path = list_path(folder, setting.operation);
  std::string args = replace_all(std::string(setting.args), "{account}", account.id);
  Result<nlohmann::json> params = params_for(place, setting.operation, "", "", args);
  if (!params.ok()) {
    write(path, error_text("InvalidParameter", params.error().message));
    std::lock_guard<std::mutex> lock(mutex_);
    summary_.failures.push_back({account.id, place.folder_region, place.service,
                                 std::string(setting.operation), "", "InvalidParameter",
                                 params.error().message});
    return;
  }
  if (setting.operation == "GetCredentialReport" && !account.failed) {
    // IAM serves the last generated report; ask for a fresh one and wait until it is ready.
    CallScope iam{place.service, place.call_region, account.target.credentials};
    for (int attempt = 0; attempt < options_.credential_report_attempts; ++attempt) {
      if (options_.cancel != nullptr && options_.cancel->load())
        break;  // perform() records the cancellation
      AwsResult<nlohmann::json> state =
          client_.call(iam, "GenerateCredentialReport", nlohmann::json::object());
      const nlohmann::json* out = std::get_if<nlohmann::json>(&state);
      if (!out || out->value("State", "") == "COMPLETE")
        break;  // an error: GetCredentialReport will say
      std::this_thread::sleep_for(options_.credential_report_pause);
    }
  }
  perform(account, place, setting.operation, *params, path, setting.absent_codes, "");
}

}  // namespace vigil::aws::live
