// Every request the catalog issues, as (service, operation, botocore-shaped
// params), for the differential tests against botocore (catalog_wire_diff_test,
// catalog_parse_diff_test): each list call with its arguments (and, when asked,
// again with its paginator's input token), each per-resource call with `key`
// (fan-out calls with `key2` as their second key), and each account setting.
#pragma once

#include <fmt/format.h>

#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "aws_client/model/service_model.h"
#include "connectors/aws/catalog.h"
#include "connectors/aws_live/cli_args.h"
#include "core/result.h"

namespace vigil::aws::testing {

struct CatalogRequest {
  std::string service, operation;
  nlohmann::json params;
  int error_variant = -1;  // botocore_parse.py: >= 0 answers with that error response instead
};

// The catalog's argument text with every {Field} placeholder as "v1".
inline std::string catalog_args_filled(std::string_view args) {
  std::string out;
  bool inside = false;
  for (char c : args) {
    if (c == '{') {
      inside = true;
      out += "v1";
    } else if (c == '}') {
      inside = false;
    } else if (!inside) {
      out.push_back(c);
    }
  }
  return out;
}

// One request: the key options (catalog.h's CLI option names, "" for none) set to
// `key` and `key2`, then the catalog's arguments.
inline Result<CatalogRequest> catalog_request(ModelRepository& models, std::string_view service,
                                              std::string_view operation,
                                              std::string_view key_option, std::string_view key,
                                              std::string_view args,
                                              std::string_view key2_option = {},
                                              std::string_view key2 = {}) {
  auto model = models.service(service);
  if (!model.ok()) return model.error();
  nlohmann::json params = nlohmann::json::object();
  if (!key_option.empty())
    if (Status s = set_cli_option(**model, operation, key_option, key, params); !s.ok())
      return s.error();
  if (!key2_option.empty())  // a fan-out call's second key (catalog.h)
    if (Status s = set_cli_option(**model, operation, key2_option, key2, params); !s.ok())
      return s.error();
  if (Status s = apply_cli_args(**model, operation, catalog_args_filled(args), params); !s.ok())
    return Error(fmt::format("{} {}: {}", service, operation, s.error().message));
  return CatalogRequest{std::string(service), std::string(operation), params, -1};
}

inline Result<std::vector<CatalogRequest>> catalog_requests(ModelRepository& models,
                                                            std::string_view key,
                                                            std::string_view key2,
                                                            bool with_page_tokens) {
  std::vector<CatalogRequest> plan;
  auto add = [&](std::string_view service, std::string_view operation, std::string_view key_option,
                 std::string_view args, std::string_view key2_option = {}) -> Status {
    Result<CatalogRequest> r =
        catalog_request(models, service, operation, key_option, key, args, key2_option, key2);
    if (!r.ok()) return r.error();
    plan.push_back(*r);
    auto model = models.service(service);
    if (with_page_tokens)
      if (const Paginator* p = (*model)->paginator(operation)) {
        CatalogRequest paged = *r;
        for (const auto& token : p->input_token) paged.params[token] = "page/2 +token=";
        plan.push_back(paged);
      }
    return {};
  };
  for (const ResourceType& t : resource_catalog()) {
    if (Status s = add(t.service, t.list_operation, "", t.list_args); !s.ok()) return s.error();
    for (const PerResourceCall& c : t.calls)
      if (Status s = add(t.service, c.operation, c.parameter, c.args, c.each_parameter); !s.ok())
        return s.error();
  }
  for (const AccountSetting& s : account_settings())
    if (Status st = add(s.service, s.operation, "", s.args); !st.ok()) return st.error();
  return plan;
}

}  // namespace vigil::aws::testing
