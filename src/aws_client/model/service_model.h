// botocore service models as data: service-2.json (shapes, operations,
// metadata) and paginators-1.json, read at run time from the directory
// Debian's python3-botocore installs (configurable). Adding an AWS call to
// Vigil is data, never parsing code.
//
// Contract:
//  - ModelRepository::service(name) loads <root>/<name>/<newest api version>/
//    once and caches it; thread-safe. A missing service or a malformed file is
//    an Error naming the path.
//  - Shapes are resolved by name; a ServiceModel outlives every Shape& it
//    hands out. The model is compiled once at load (model/shape.h): protocol
//    code walks Shape / MemberRef pointers, never JSON, and no lookup copies.
//  - The raw JSON stays available without its "documentation" strings.
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "aws_client/model/shape.h"
#include "core/result.h"

namespace vigil::aws {

inline constexpr const char* kDefaultBotocoreDataDir =
    "/usr/lib/python3/dist-packages/botocore/data";

struct ServiceMetadata {
  std::string protocol;         // "ec2", "query", "rest-xml", "json", "rest-json"
  std::string api_version;      // "2016-11-15"
  std::string endpoint_prefix;  // "ec2", "elasticloadbalancing"
  std::string signing_name;     // signingName, else endpoint_prefix
  std::string target_prefix;    // json protocol X-Amz-Target prefix
  std::string json_version;     // "1.0" / "1.1"
  std::string global_endpoint;  // globalEndpoint, when the service has one
  std::string service_id;       // "EC2", "Elastic Load Balancing v2"
};

struct Paginator {
  std::vector<std::string> input_token, output_token;  // parallel lists (expressions for output)
  std::string limit_key;
  std::vector<std::string> result_key;  // members merged across pages
  std::string more_results;             // optional boolean expression
};

class ServiceModel {
 public:
  // From the parsed service-2.json and (optional, may be null) paginators-1.json.
  static Result<std::shared_ptr<const ServiceModel>> from_json(nlohmann::json service,
                                                               nlohmann::json paginators,
                                                               std::string origin);
  // The same from order-preserving JSON. Prefer this one: structure members
  // keep the file's order, which XML bodies are written in (the overload
  // above sees members alphabetically).
  static Result<std::shared_ptr<const ServiceModel>> from_ordered_json(
      const nlohmann::ordered_json& service, const nlohmann::ordered_json& paginators,
      std::string origin);
  const ServiceMetadata& metadata() const { return metadata_; }
  // The raw botocore JSON: {"shapes": ..., "operations": ...} (documentation
  // stripped), e.g. operation(name)["input"]["shape"], shape(name).
  const nlohmann::json* operation(std::string_view name) const;
  const nlohmann::json* shape(std::string_view name) const;
  const Paginator* paginator(std::string_view operation) const;
  const std::string& origin() const { return origin_; }  // the file it came from, for errors

  // Compiled shapes and operations (model/shape.h); null when unknown.
  const Shape* compiled_shape(std::string_view name) const;
  const OperationDef* compiled_operation(std::string_view name) const;
  const std::map<std::string, OperationDef, std::less<>>& operations() const { return operations_; }

 private:
  std::map<std::string, Shape, std::less<>> shapes_;  // node-based: Shape* stay valid
  std::map<std::string, OperationDef, std::less<>> operations_;
  ServiceMetadata metadata_;
  nlohmann::json doc_;
  std::map<std::string, Paginator, std::less<>> paginators_;
  std::string origin_;
};

class ModelRepository {
 public:
  explicit ModelRepository(std::string root = kDefaultBotocoreDataDir);
  Result<std::shared_ptr<const ServiceModel>> service(std::string_view name);
  const std::string& root() const { return root_; }

 private:
  std::string root_;
  std::mutex mutex_;
  std::map<std::string, std::shared_ptr<const ServiceModel>, std::less<>> cache_;
};

}  // namespace vigil::aws
