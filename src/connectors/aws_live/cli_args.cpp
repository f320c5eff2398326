// AWS CLI options -> model input members (cli_args.h).
#include "connectors/aws_live/cli_args.h"

#include <fmt/format.h>

#include <cctype>
#include <charconv>
#include <vector>

namespace vigil::aws {

namespace {

// Lower case without hyphens: "--Load-Balancer-Arn" and "LoadBalancerArn" -> "loadbalancerarn".
std::string folded(std::string_view name) {
  std::string out;
  for (char c : name)
    if (c != '-') out.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  return out;
}

const nlohmann::json* input_members(const ServiceModel& model, std::string_view operation) {
  const nlohmann::json* op = model.operation(operation);
  if (!op || !op->contains("input")) return nullptr;
  const nlohmann::json* shape = model.shape((*op)["input"].value("shape", ""));
  if (!shape || !shape->contains("members")) return nullptr;
  return &(*shape)["members"];
}

std::string member_type(const ServiceModel& model, const nlohmann::json& member) {
  const nlohmann::json* shape = model.shape(member.value("shape", ""));
  return shape ? shape->value("type", "") : "";
}

}  // namespace

Result<std::string> member_for_option(const ServiceModel& model, std::string_view operation, std::string_view option) {
  if (!model.operation(operation))
    return Error(fmt::format("{}: the {} model has no operation {}", model.origin(), model.metadata().service_id,
                             operation));
  std::string wanted = folded(option.starts_with("--") ? option.substr(2) : option);
  if (const nlohmann::json* members = input_members(model, operation))
    for (const auto& [name, member] : members->items())
      if (folded(name) == wanted) return name;
  return Error(fmt::format("{} {}: no input member matches the AWS CLI option {} (model {})",
                           model.metadata().service_id, operation, option, model.origin()));
}

Status set_cli_option(const ServiceModel& model, std::string_view operation, std::string_view option,
                      std::string_view value, nlohmann::json& params) {
  Result<std::string> name = member_for_option(model, operation, option);
  if (!name.ok()) return name.error();
  const nlohmann::json& member = (*input_members(model, operation))[*name];
  std::string type = member_type(model, member);
  if (type == "boolean") {
    if (value.empty() || value == "true") {
      params[*name] = true;
      return {};
    }
    if (value == "false") {
      params[*name] = false;
      return {};
    }
  }
  if (value.empty())
    return Error(fmt::format("{} {}: option {} needs a value", model.metadata().service_id, operation, option));
  if (type == "list") {
    if (!params[*name].is_array()) params[*name] = nlohmann::json::array();
    params[*name].push_back(std::string(value));
  } else if (type == "integer" || type == "long") {
    long long n = 0;
    auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), n);
    if (ec != std::errc() || end != value.data() + value.size())
      return Error(fmt::format("{} {}: option {} takes an integer, not '{}'", model.metadata().service_id, operation,
                               option, value));
    params[*name] = n;
  } else {
    params[*name] = std::string(value);
  }
  return {};
}

Status apply_cli_args(const ServiceModel& model, std::string_view operation, std::string_view args,
                      nlohmann::json& params) {
  std::vector<std::string_view> words;
  size_t i = 0;
  while (i < args.size()) {
    while (i < args.size() && args[i] == ' ') ++i;
    size_t end = args.find(' ', i);
    if (end == std::string_view::npos) end = args.size();
    if (end > i) words.push_back(args.substr(i, end - i));
    i = end;
  }
  for (size_t w = 0; w < words.size(); ++w) {
    if (!words[w].starts_with("--"))
      return Error(fmt::format("{} {}: expected an option in '{}', found '{}'", model.metadata().service_id, operation,
                               args, words[w]));
    std::string_view option = words[w];
    std::vector<std::string_view> values;
    while (w + 1 < words.size() && !words[w + 1].starts_with("--")) values.push_back(words[++w]);
    if (values.empty()) {
      if (Status s = set_cli_option(model, operation, option, "", params); !s.ok()) return s;
    }
    for (std::string_view v : values)
      if (Status s = set_cli_option(model, operation, option, v, params); !s.ok()) return s;
  }
  return {};
}

}  // namespace vigil::aws
