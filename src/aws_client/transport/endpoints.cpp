// Endpoint resolution from botocore's endpoints.json plus the standard
// overrides; see endpoints.h for the rules.
#include "aws_client/transport/endpoints.h"

#include <cctype>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include <fmt/format.h>
#include <re2/re2.h>

namespace vigil::aws {
namespace {

std::string replace_all(std::string text, std::string_view from, std::string_view to) {
  for (size_t pos = text.find(from); pos != std::string::npos;
       pos = text.find(from, pos + to.size())) {
    text.replace(pos, from.size(), to);
  }
  return text;
}

std::string strip_trailing_slash(std::string url) {
  while (url.size() > 1 && url.back() == '/') url.pop_back();
  return url;
}

const nlohmann::json* member(const nlohmann::json& object, const char* name) {
  if (!object.is_object()) return nullptr;
  auto it = object.find(name);
  return it == object.end() ? nullptr : &*it;
}

std::string string_member(const nlohmann::json* object, const char* name) {
  if (object == nullptr) return {};
  const nlohmann::json* value = member(*object, name);
  return value != nullptr && value->is_string() ? value->get<std::string>() : std::string();
}

bool env_true(const EnvLookup& env, const std::string& name) {
  auto value = env(name);
  if (!value) return false;
  std::string lower;
  for (char c : *value) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return lower == "true";
}

}  // namespace

EnvLookup process_environment() {
  return [](const std::string& name) -> std::optional<std::string> {
    const char* value = std::getenv(name.c_str());
    if (value == nullptr) return std::nullopt;
    return std::string(value);
  };
}

std::string endpoint_env_var(std::string_view service_id) {
  std::string name = "AWS_ENDPOINT_URL_";
  for (char c : service_id) {
    name += c == ' ' ? '_' : static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  }
  return name;
}

Result<EndpointResolver> EndpointResolver::load(const std::string& botocore_dir) {
  std::string path = botocore_dir + "/endpoints.json";
  std::ifstream in(path);
  if (!in) {
    return Error(
        fmt::format("cannot read {}: install python3-botocore or point the botocore data "
                    "directory option at a folder containing endpoints.json",
                    path));
  }
  std::stringstream text;
  text << in.rdbuf();
  auto doc = nlohmann::json::parse(text.str(), nullptr, false);
  if (doc.is_discarded()) return Error(fmt::format("{} is not valid JSON", path));
  return from_json(std::move(doc), path);
}

Result<EndpointResolver> EndpointResolver::from_json(nlohmann::json document, std::string origin) {
  const nlohmann::json* partitions = member(document, "partitions");
  if (partitions == nullptr || !partitions->is_array() || partitions->empty()) {
    return Error(fmt::format(
        "{}: no \"partitions\" array; expected botocore's endpoints.json (version 3)", origin));
  }
  for (const auto& partition : *partitions) {
    if (string_member(&partition, "partition").empty() ||
        string_member(&partition, "dnsSuffix").empty()) {
      return Error(fmt::format("{}: a partition lacks \"partition\" or \"dnsSuffix\"", origin));
    }
  }
  EndpointResolver resolver;
  resolver.doc_ = std::move(document);
  resolver.origin_ = std::move(origin);
  return resolver;
}

const nlohmann::json* EndpointResolver::partition_for(std::string_view region) const {
  const auto& partitions = doc_["partitions"];
  std::string name(region);
  for (const auto& partition : partitions) {  // an explicitly listed region wins
    const nlohmann::json* regions = member(partition, "regions");
    if (regions != nullptr && regions->contains(name)) return &partition;
  }
  for (const auto& partition : partitions) {
    std::string pattern = string_member(&partition, "regionRegex");
    if (!pattern.empty() && RE2::FullMatch(name, RE2(pattern))) return &partition;
  }
  return nullptr;
}

std::string EndpointResolver::partition_of(std::string_view region) const {
  const nlohmann::json* partition = partition_for(region);
  return partition != nullptr ? string_member(partition, "partition") : "aws";
}

bool is_region_name(std::string_view region) {
  if (region.empty() || region.size() > 64 || region.front() == '-' || region.back() == '-')
    return false;
  for (char c : region)
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) return false;
  return true;
}

Result<Endpoint> EndpointResolver::resolve(const ServiceMetadata& service, std::string_view region,
                                           const EndpointOverrides& overrides) const {
  std::string signing_name =
      service.signing_name.empty() ? service.endpoint_prefix : service.signing_name;
  // A region becomes part of a host name and of every signature: a name
  // like "x.evil#" would send signed requests to another host.
  if (!region.empty() && !is_region_name(region))
    return Error(fmt::format(
        "'{}' is not a region name (lower-case letters, digits and '-', e.g. us-east-1)", region));
  if (!overrides.endpoint_url.empty()) {
    return Endpoint{strip_trailing_slash(overrides.endpoint_url), std::string(region), signing_name,
                    "", true};
  }
  EnvLookup env = overrides.env ? overrides.env : process_environment();
  if (!env_true(env, "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS")) {
    for (const std::string& name :
         {endpoint_env_var(service.service_id), std::string("AWS_ENDPOINT_URL")}) {
      if (name == "AWS_ENDPOINT_URL_" && service.service_id.empty()) continue;
      if (auto value = env(name); value && !value->empty()) {
        return Endpoint{strip_trailing_slash(*value), std::string(region), signing_name, "", true};
      }
    }
  }
  if (region.empty()) {
    return Error(fmt::format("no region given for service {}: pass --regions or set AWS_REGION",
                             service.endpoint_prefix));
  }

  const nlohmann::json* partition = partition_for(region);
  if (partition == nullptr)
    return Error(fmt::format(
        "'{}' is not a region of any AWS partition in {} (no region list or regionRegex "
        "matches it)",
        region, origin_));
  const nlohmann::json* services = member(*partition, "services");
  const nlohmann::json* entry =
      services != nullptr ? member(*services, service.endpoint_prefix.c_str()) : nullptr;
  const nlohmann::json* service_defaults = entry != nullptr ? member(*entry, "defaults") : nullptr;
  const nlohmann::json* endpoints = entry != nullptr ? member(*entry, "endpoints") : nullptr;

  // The endpoint entry: the region itself, else the service's global
  // (partition) endpoint when the service is not regionalized.
  std::string key(region);
  const nlohmann::json* endpoint = endpoints != nullptr ? member(*endpoints, key.c_str()) : nullptr;
  if (endpoint == nullptr && entry != nullptr) {
    const nlohmann::json* regionalized = member(*entry, "isRegionalized");
    std::string global = string_member(entry, "partitionEndpoint");
    if (regionalized != nullptr && regionalized->is_boolean() && !regionalized->get<bool>() &&
        !global.empty() && endpoints != nullptr) {
      endpoint = member(*endpoints, global.c_str());
    }
  }

  std::string hostname = string_member(endpoint, "hostname");
  if (hostname.empty()) hostname = string_member(service_defaults, "hostname");
  if (hostname.empty()) hostname = string_member(member(*partition, "defaults"), "hostname");
  if (hostname.empty()) hostname = "{service}.{region}.{dnsSuffix}";
  std::string dns_suffix = string_member(service_defaults, "dnsSuffix");
  if (dns_suffix.empty()) dns_suffix = string_member(partition, "dnsSuffix");
  hostname = replace_all(std::move(hostname), "{service}", service.endpoint_prefix);
  hostname = replace_all(std::move(hostname), "{region}", region);
  hostname = replace_all(std::move(hostname), "{dnsSuffix}", dns_suffix);

  Endpoint result;
  result.url = "https://" + hostname;
  result.partition = string_member(partition, "partition");
  result.signing_region = std::string(region);
  result.signing_name = signing_name;
  for (const nlohmann::json* source :
       {service_defaults, endpoint}) {  // the endpoint's own scope wins
    const nlohmann::json* scope = source != nullptr ? member(*source, "credentialScope") : nullptr;
    if (scope == nullptr) continue;
    if (auto r = string_member(scope, "region"); !r.empty()) result.signing_region = r;
    if (auto s = string_member(scope, "service"); !s.empty()) result.signing_name = s;
  }
  return result;
}

}  // namespace vigil::aws
