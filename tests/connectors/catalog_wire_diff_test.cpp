// Every request the catalog issues, serialized by Vigil and by botocore's
// own serializer (Debian's python3-botocore, over the same models), must be
// the same on the wire: method, path, query and body ([AWS fidelity]). The
// requests: each list call with its arguments, again with its paginator's
// input token, each per-resource call with a key holding characters that
// need encoding (fan-out calls with their second key too), and each account setting.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "aws_client/model/service_model.h"
#include "aws_client/protocols/protocol.h"
#include "catalog_requests.h"
#include "core/percent_encoding.h"

namespace vigil::aws {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

// A key value with characters each protocol must encode: '/', ' ', '+', ':'.
constexpr const char* kKey = "arn:aws:x:us-east-1:111122223333:thing/vigil sample+1";
// A fan-out call's second key (an inline policy name may hold "+=,.@-_").
constexpr const char* kKey2 = "inline+policy=1,a.b@c-d_e";

std::vector<std::pair<std::string, std::string>> form_pairs(std::string_view text) {
  std::vector<std::pair<std::string, std::string>> out;
  size_t start = 0;
  while (start < text.size()) {
    size_t amp = text.find('&', start);
    std::string_view field =
        text.substr(start, amp == std::string_view::npos ? text.size() - start : amp - start);
    size_t eq = field.find('=');
    std::string name = percent_decode(field.substr(0, eq));
    std::string value = eq == std::string_view::npos ? "" : percent_decode(field.substr(eq + 1));
    out.emplace_back(name, value);
    if (amp == std::string_view::npos) break;
    start = amp + 1;
  }
  std::sort(out.begin(), out.end());
  return out;
}

// Vigil's request in the helper's normal form.
json normal_form(const WireRequest& w, const std::string& protocol) {
  std::string path = w.path, query;
  if (size_t q = path.find('?'); q != std::string::npos) {
    query = path.substr(q + 1);
    path = path.substr(0, q);
  }
  json pairs = json::array();
  for (auto& [k, v] : form_pairs(query)) pairs.push_back({k, v});
  json body;
  if (protocol == "query" || protocol == "ec2") {
    json form = json::array();
    for (auto& [k, v] : form_pairs(w.body)) form.push_back({k, v});
    body = {{"kind", "form"}, {"value", form}};
  } else if (protocol == "json" || protocol == "rest-json") {
    body = {{"kind", "json"}, {"value", w.body.empty() ? json(nullptr) : json::parse(w.body)}};
  } else {
    body = {{"kind", "text"}, {"value", w.body}};
  }
  return {{"method", w.method}, {"path", path}, {"query", pairs}, {"body", body}};
}

TEST(CatalogWire, EveryCatalogRequestMatchesBotocoresSerializer) {
  if (!fs::exists(kDefaultBotocoreDataDir))
    GTEST_SKIP() << "no botocore data at " << kDefaultBotocoreDataDir;
  std::string python = fs::exists("/usr/bin/python3") ? "/usr/bin/python3" : "python3";
  ModelRepository models;

  Result<std::vector<testing::CatalogRequest>> planned =
      testing::catalog_requests(models, kKey, kKey2, /*with_page_tokens=*/true);
  ASSERT_TRUE(planned.ok()) << planned.error().message;
  const std::vector<testing::CatalogRequest>& plan = *planned;
  ASSERT_GT(plan.size(), 100u);

  json requests = json::array();
  for (const auto& p : plan)
    requests.push_back({{"service", p.service}, {"operation", p.operation}, {"params", p.params}});
  fs::path dir = fs::temp_directory_path() / fmt::format("vigil-wire-{}", getpid());
  fs::create_directories(dir);
  std::ofstream(dir / "requests.json") << requests.dump();
  std::string cmd =
      fmt::format("{} {}/tests/connectors/botocore_serialize.py {} {} 2>&1", python,
                  VIGIL_SOURCE_DIR, kDefaultBotocoreDataDir, (dir / "requests.json").string());
  std::string out;
  FILE* pipe = popen(cmd.c_str(), "r");
  ASSERT_NE(pipe, nullptr);
  char buffer[65536];
  while (size_t n = fread(buffer, 1, sizeof buffer, pipe)) out.append(buffer, n);
  int status = pclose(pipe);
  fs::remove_all(dir);
  ASSERT_EQ(status, 0) << out.substr(0, 2000);
  json theirs = json::parse(out);
  ASSERT_EQ(theirs.size(), plan.size());

  size_t same = 0;
  for (size_t i = 0; i < plan.size(); ++i) {
    auto model = models.service(plan[i].service);
    Result<WireRequest> ours = serialize_request(**model, plan[i].operation, plan[i].params);
    ASSERT_TRUE(ours.ok()) << plan[i].service << " " << plan[i].operation << ": "
                           << ours.error().message;
    json mine = normal_form(*ours, (*model)->metadata().protocol);
    if (mine == theirs[i]) {
      ++same;
      continue;
    }
    ADD_FAILURE() << plan[i].service << " " << plan[i].operation << " " << plan[i].params.dump()
                  << "\n  vigil:    " << mine.dump() << "\n  botocore: " << theirs[i].dump();
  }
  std::cout << fmt::format("{} catalog requests compared with botocore: {} identical\n",
                           plan.size(), same);
}

}  // namespace
}  // namespace vigil::aws
