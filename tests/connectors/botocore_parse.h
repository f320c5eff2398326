// The response-parsing differential's shared half (catalog_parse_diff_test,
// moto_parse_diff_test): runs tests/connectors/botocore_parse.py over some
// catalog requests (synthetic responses, or a live endpoint's), parses each
// raw response it recorded with Vigil's parse_response, and compares the two
// structures both ways (a member only one side has, a value that differs; an
// error: the same code).
#pragma once

#include <fmt/format.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "aws_client/model/service_model.h"
#include "aws_client/protocols/protocol.h"
#include "aws_client/protocols/wire_format.h"
#include "catalog_requests.h"

namespace vigil::aws::testing {

// The paths where `ours` and `theirs` differ: "only botocore", "only vigil" or both values.
inline void parse_diff_paths(const nlohmann::json& ours, const nlohmann::json& theirs,
                             const std::string& path, std::vector<std::string>& out) {
  if (out.size() >= 8) return;
  if (ours.is_object() && theirs.is_object()) {
    for (auto it = theirs.begin(); it != theirs.end(); ++it) {
      if (!ours.contains(it.key()))
        out.push_back(fmt::format("{}.{}: only botocore: {}", path, it.key(), it->dump()));
      else
        parse_diff_paths(ours[it.key()], *it, path + "." + it.key(), out);
    }
    for (auto it = ours.begin(); it != ours.end(); ++it)
      if (!theirs.contains(it.key()))
        out.push_back(fmt::format("{}.{}: only vigil: {}", path, it.key(), it->dump()));
    return;
  }
  if (ours.is_array() && theirs.is_array() && ours.size() == theirs.size()) {
    for (size_t i = 0; i < ours.size(); ++i)
      parse_diff_paths(ours[i], theirs[i], fmt::format("{}[{}]", path, i), out);
    return;
  }
  if (ours != theirs)
    out.push_back(fmt::format("{}: vigil {} botocore {}", path, ours.dump(), theirs.dump()));
}

struct ParseComparison {
  size_t alike = 0;
  std::map<std::string, size_t> alike_by_protocol;  // "query" -> n
  size_t errors_alike = 0;                          // of alike: error answers, same code
  std::vector<std::string> differences;             // one text per request that differs
  std::vector<std::string> skipped;                 // requests botocore could not send: why
  std::string failure;                              // the helper could not run: why
};

// botocore_parse.py over `plan` (endpoint "": synthetic responses), then each
// recorded response parsed by Vigil and compared.
inline ParseComparison compare_with_botocore(ModelRepository& models,
                                             const std::vector<CatalogRequest>& plan,
                                             const std::string& endpoint) {
  namespace fs = std::filesystem;
  using nlohmann::json;
  ParseComparison result;
  json requests = json::array();
  for (const auto& p : plan) {
    requests.push_back({{"service", p.service}, {"operation", p.operation}, {"params", p.params}});
    if (p.error_variant >= 0) requests.back()["error_variant"] = p.error_variant;
  }
  std::string python = fs::exists("/usr/bin/python3") ? "/usr/bin/python3" : "python3";
  fs::path dir = fs::temp_directory_path() / fmt::format("vigil-parse-{}", getpid());
  fs::create_directories(dir);
  std::ofstream(dir / "requests.json") << requests.dump();
  std::string cmd = fmt::format("{} {}/tests/connectors/botocore_parse.py {} {} {} 2>&1", python,
                                VIGIL_SOURCE_DIR, kDefaultBotocoreDataDir,
                                (dir / "requests.json").string(), endpoint);
  std::string out;
  FILE* pipe = popen(cmd.c_str(), "r");
  if (!pipe) {
    result.failure = "cannot run " + cmd;
    return result;
  }
  char buffer[65536];
  while (size_t n = fread(buffer, 1, sizeof buffer, pipe)) out.append(buffer, n);
  int status = pclose(pipe);
  fs::remove_all(dir);
  json theirs = json::parse(out, nullptr, false);
  if (status != 0 || theirs.is_discarded() || theirs.size() != plan.size()) {
    result.failure = cmd + ": " + out.substr(0, 3000);
    return result;
  }
  for (size_t i = 0; i < plan.size(); ++i) {
    auto model = models.service(plan[i].service);
    if (!model.ok()) {
      result.differences.push_back(model.error().message);
      continue;
    }
    if (theirs[i].contains("skipped")) {
      result.skipped.push_back(fmt::format("{} {}: {}", plan[i].service, plan[i].operation,
                                           theirs[i]["skipped"].get<std::string>()));
      continue;
    }
    const std::string& protocol = (*model)->metadata().protocol;
    const json& r = theirs[i]["response"];
    HttpResponse response;
    response.status = r["status"].get<int>();
    for (const auto& h : r["headers"])
      response.headers.emplace_back(h[0].get<std::string>(), h[1].get<std::string>());
    response.body = wire::base64_decode(r["body_base64"].get<std::string>()).value_or("");
    std::string what = fmt::format("{} {} {} ({}, HTTP {})", plan[i].service, plan[i].operation,
                                   plan[i].params.dump(), protocol, response.status);
    AwsResult<json> ours = parse_response(**model, plan[i].operation, response);
    const auto* err = std::get_if<AwsCallError>(&ours);
    if (theirs[i].contains("error")) {
      // The same code; the same message where botocore found one in an error document (for an
      // empty body it gives none; for an HTML page, the page itself: Vigil gives its title).
      const std::string& message = theirs[i]["error"]["Message"].get_ref<const std::string&>();
      if (err && err->code == theirs[i]["error"]["Code"] &&
          (message.empty() || message.starts_with("<") || err->message == message)) {
        ++result.alike, ++result.errors_alike, ++result.alike_by_protocol[protocol];
      } else {
        result.differences.push_back(fmt::format("{}: botocore: error {}, vigil: {}", what,
                                                 theirs[i]["error"].dump(),
                                                 err ? "error " + err->code + ": " + err->message
                                                     : std::get<json>(ours).dump().substr(0, 300)));
      }
      continue;
    }
    if (err) {
      result.differences.push_back(fmt::format("{}: vigil: error {}: {}; botocore parsed it", what,
                                               err->code, err->message));
      continue;
    }
    const json& mine = std::get<json>(ours);
    if (mine == theirs[i]["parsed"]) {
      ++result.alike, ++result.alike_by_protocol[protocol];
      continue;
    }
    std::vector<std::string> diffs;
    parse_diff_paths(mine, theirs[i]["parsed"], "", diffs);
    std::string text = what + ":";
    for (const auto& d : diffs) text += "\n  " + d;
    result.differences.push_back(text);
  }
  return result;
}

inline std::string by_protocol_text(const ParseComparison& c) {
  std::string by;
  for (const auto& [protocol, n] : c.alike_by_protocol)
    by += fmt::format("{}{} {}", by.empty() ? "" : ", ", protocol, n);
  return by;
}

}  // namespace vigil::aws::testing
