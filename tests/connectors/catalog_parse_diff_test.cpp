// Every response the catalog reads, parsed by Vigil and by botocore's own
// client (Debian's python3-botocore over the same models: its parsers and its
// after-call handlers, i.e. what the AWS CLI prints), must give the same
// structure, compared both ways: no member only one side has, no value that
// differs ([AWS fidelity]). The responses (tests/connectors/botocore_parse.py)
// are built from each operation's output shape in the protocol's wire format
// (query, ec2, json, rest-json, rest-xml) with every member filled: lists of
// two, maps, XML-escaped, padded, multi-line and non-ASCII text, empty strings,
// JSON nulls, fractional timestamps, blobs, header-bound members and payloads.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "aws_client/model/service_model.h"
#include "aws_client/protocols/protocol.h"
#include "aws_client/protocols/wire_format.h"
#include "catalog_requests.h"

namespace vigil::aws {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

// The paths where `ours` and `theirs` differ: "only botocore", "only vigil" or both values.
void parse_diff_paths(const json& ours, const json& theirs, const std::string& path,
                      std::vector<std::string>& out) {
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

// Runs botocore_parse.py over `requests`; its JSON answer, or why not.
std::string run_botocore_parse(const json& requests, const std::string& endpoint, json& answer) {
  std::string python = fs::exists("/usr/bin/python3") ? "/usr/bin/python3" : "python3";
  fs::path dir = fs::temp_directory_path() / fmt::format("vigil-parse-{}", getpid());
  fs::create_directories(dir);
  std::ofstream(dir / "requests.json") << requests.dump();
  std::string cmd = fmt::format("{} {}/tests/connectors/botocore_parse.py {} {} {} 2>&1", python,
                                VIGIL_SOURCE_DIR, kDefaultBotocoreDataDir,
                                (dir / "requests.json").string(), endpoint);
  std::string out;
  FILE* pipe = popen(cmd.c_str(), "r");
  if (!pipe) return "cannot run " + cmd;
  char buffer[65536];
  while (size_t n = fread(buffer, 1, sizeof buffer, pipe)) out.append(buffer, n);
  int status = pclose(pipe);
  fs::remove_all(dir);
  if (status != 0) return out.substr(0, 3000);
  answer = json::parse(out, nullptr, false);
  return answer.is_discarded() ? "not JSON: " + out.substr(0, 2000) : "";
}

TEST(CatalogParse, EveryCatalogResponseParsesAsBotocoreParsesIt) {
  if (!fs::exists(kDefaultBotocoreDataDir))
    GTEST_SKIP() << "no botocore data at " << kDefaultBotocoreDataDir;
  ModelRepository models;
  Result<std::vector<testing::CatalogRequest>> planned =
      testing::catalog_requests(models, "vigil-key-1", "inline-policy-1", false);
  ASSERT_TRUE(planned.ok()) << planned.error().message;
  // One request per operation (a per-resource call may serve several types).
  std::vector<testing::CatalogRequest> plan;
  std::set<std::pair<std::string, std::string>> seen;
  for (const auto& r : *planned)
    if (seen.insert({r.service, r.operation}).second) plan.push_back(r);
  ASSERT_GT(plan.size(), 80u);

  json requests = json::array();
  for (const auto& p : plan)
    requests.push_back({{"service", p.service}, {"operation", p.operation}, {"params", p.params}});
  json theirs;
  std::string why = run_botocore_parse(requests, "", theirs);
  ASSERT_TRUE(why.empty()) << why;
  ASSERT_EQ(theirs.size(), plan.size());

  std::map<std::string, size_t> same_by_protocol;
  size_t same = 0;
  for (size_t i = 0; i < plan.size(); ++i) {
    auto model = models.service(plan[i].service);
    ASSERT_TRUE(model.ok());
    const std::string& protocol = (*model)->metadata().protocol;
    const json& r = theirs[i]["response"];
    HttpResponse response;
    response.status = r["status"].get<int>();
    for (const auto& h : r["headers"])
      response.headers.emplace_back(h[0].get<std::string>(), h[1].get<std::string>());
    std::optional<std::string> body = wire::base64_decode(r["body_base64"].get<std::string>());
    ASSERT_TRUE(body.has_value());
    response.body = *body;
    std::string what = fmt::format("{} {} ({})", plan[i].service, plan[i].operation, protocol);
    AwsResult<json> ours = parse_response(**model, plan[i].operation, response);
    if (theirs[i].contains("error")) {
      const auto* err = std::get_if<AwsCallError>(&ours);
      if (err && err->code == theirs[i]["error"]["Code"]) {
        ++same, ++same_by_protocol[protocol];
        continue;
      }
      ADD_FAILURE() << what << ": botocore: error " << theirs[i]["error"].dump()
                    << ", vigil: " << (err ? "error " + err->code : "parsed");
      continue;
    }
    if (const auto* err = std::get_if<AwsCallError>(&ours)) {
      ADD_FAILURE() << what << ": vigil: " << err->code << ": " << err->message;
      continue;
    }
    const json& mine = std::get<json>(ours);
    if (mine == theirs[i]["parsed"]) {
      ++same, ++same_by_protocol[protocol];
      continue;
    }
    std::vector<std::string> diffs;
    parse_diff_paths(mine, theirs[i]["parsed"], "", diffs);
    std::string text;
    for (const auto& d : diffs) text += "\n  " + d;
    ADD_FAILURE() << what << ":" << text;
  }
  std::string by;
  for (const auto& [protocol, n] : same_by_protocol)
    by += fmt::format("{}{} {}", by.empty() ? "" : ", ", protocol, n);
  std::cout << fmt::format(
      "{} catalog operations' responses parsed by vigil and botocore: {} alike ({})\n", plan.size(),
      same, by);
  for (const char* protocol : {"query", "ec2", "json", "rest-json", "rest-xml"})
    EXPECT_GT(same_by_protocol[protocol], 0u) << protocol << ": no response compared alike";
}

}  // namespace
}  // namespace vigil::aws
