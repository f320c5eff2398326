// Access analysis (src/iam/reach.h) over many resource policies, against a
// baseline measured in the same run: parsing the same documents as JSON, the
// least any reader of them does. Prints documents/s for both and the ratio.
//
//   vigil-access-bench [--documents N] [--rounds R]
//
// The documents mix the shapes the corpus holds: public, organization-bound,
// partner accounts, services with and without a source condition, VPC
// endpoint allows, decoy and real Deny statements, address blocks.
#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <chrono>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "iam/reach.h"

namespace {

using nlohmann::json;

json statement(size_t i) {
  std::string bucket = fmt::format("arn:aws:s3:::bucket-{}", i);
  switch (i % 8) {
    case 0:
      return {{"Sid", "Public"},
              {"Effect", "Allow"},
              {"Principal", "*"},
              {"Action", "s3:GetObject"},
              {"Resource", bucket + "/*"}};
    case 1:
      return {{"Sid", "Org"},
              {"Effect", "Allow"},
              {"Principal", "*"},
              {"Action", "s3:*"},
              {"Resource", bucket + "/*"},
              {"Condition", {{"StringEquals", {{"aws:PrincipalOrgID", "o-a1b2c3d4e5"}}}}}};
    case 2:
      return {{"Sid", "Partner"},
              {"Effect", "Allow"},
              {"Principal", {{"AWS", fmt::format("arn:aws:iam::{:012}:root", 900000000000 + i)}}},
              {"Action", json::array({"s3:GetObject", "s3:ListBucket"})},
              {"Resource", json::array({bucket, bucket + "/*"})}};
    case 3:
      return {{"Sid", "Trail"},
              {"Effect", "Allow"},
              {"Principal", {{"Service", "cloudtrail.amazonaws.com"}}},
              {"Action", "s3:PutObject"},
              {"Resource", bucket + "/AWSLogs/*"},
              {"Condition",
               {{"StringEquals",
                 {{"aws:SourceArn", "arn:aws:cloudtrail:us-east-1:111122223333:trail/t"}}}}}};
    case 4:
      return {{"Sid", "Vpce"},
              {"Effect", "Allow"},
              {"Principal", "*"},
              {"Action", "s3:*"},
              {"Resource", bucket + "/*"},
              {"Condition",
               {{"StringEquals", {{"aws:SourceVpce", "vpce-1a2b3c4d"}}},
                {"Bool", {{"aws:SecureTransport", "true"}}}}}};
    case 5:
      return {{"Sid", "Net"},
              {"Effect", "Allow"},
              {"Principal", {{"AWS", "*"}}},
              {"Action", "s3:GetObject"},
              {"Resource", bucket + "/*"},
              {"Condition",
               {{"IpAddress", {{"aws:SourceIp", json::array({"203.0.113.0/24", "0.0.0.0/1"})}}}}}};
    case 6:
      return {{"Sid", "Wild"},
              {"Effect", "Allow"},
              {"Principal", "*"},
              {"Action", "s3:Get*"},
              {"Resource", bucket + "/*"},
              {"Condition", {{"StringLike", {{"aws:PrincipalOrgID", "o-*"}}}}}};
    default:
      return {{"Sid", "Own"},
              {"Effect", "Allow"},
              {"Principal", {{"AWS", "arn:aws:iam::111122223333:role/app"}}},
              {"Action", "s3:*"},
              {"Resource", bucket + "/*"}};
  }
}

std::string document(size_t i) {
  json doc = {{"Version", "2012-10-17"},
              {"Statement", json::array({statement(i), statement(i + 3)})}};
  if (i % 3 == 0)
    doc["Statement"].push_back({{"Sid", "DenyHttp"},
                                {"Effect", "Deny"},
                                {"Principal", "*"},
                                {"Action", "s3:*"},
                                {"Resource", "*"},
                                {"Condition", {{"Bool", {{"aws:SecureTransport", "false"}}}}}});
  if (i % 5 == 0)
    doc["Statement"].push_back(
        {{"Sid", "OnlyOrg"},
         {"Effect", "Deny"},
         {"Principal", "*"},
         {"Action", "s3:*"},
         {"Resource", "*"},
         {"Condition", {{"StringNotEquals", {{"aws:PrincipalOrgID", "o-a1b2c3d4e5"}}}}}});
  return doc.dump();
}

template <typename Fn>
double seconds(Fn fn) {
  auto start = std::chrono::steady_clock::now();
  fn();
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"Access analysis over many resource policies vs parsing them as JSON"};
  size_t documents = 20000, rounds = 3;
  app.add_option("--documents", documents, "Documents per round")->capture_default_str();
  app.add_option("--rounds", rounds, "Rounds (the best is reported)")->capture_default_str();
  CLI11_PARSE(app, argc, argv);

  std::vector<std::string> docs;
  docs.reserve(documents);
  for (size_t i = 0; i < documents; ++i) docs.push_back(document(i));
  vigil::iam::AccountContext company;
  company.account = "111122223333";
  company.organization = "o-a1b2c3d4e5";

  double best_parse = 1e9, best_reach = 1e9;
  size_t findings = 0, public_count = 0;
  for (size_t r = 0; r < rounds; ++r) {
    size_t members = 0;
    best_parse = std::min(best_parse, seconds([&] {
                            for (const auto& d : docs)
                              members += json::parse(d)["Statement"].size();
                          }));
    findings = public_count = 0;
    best_reach = std::min(best_reach, seconds([&] {
                            for (const auto& d : docs) {
                              auto policy = vigil::iam::parse_policy_text(d);
                              if (!policy.ok()) std::abort();
                              auto reach = vigil::iam::analyze_reach(
                                  *policy, vigil::iam::PolicyKind::Resource, company);
                              findings += reach.findings.size();
                              public_count += reach.is_public();
                            }
                          }));
    if (members == 0) std::abort();
  }
  fmt::print("{} resource policies, best of {} rounds ({} findings, {} public)\n", documents,
             rounds, findings, public_count);
  fmt::print("  baseline: JSON parse only      {:>10.0f} documents/s\n", documents / best_parse);
  fmt::print(
      "  access analysis (parse+reach)  {:>10.0f} documents/s   {:.1f}x the baseline's time\n",
      documents / best_reach, best_reach / best_parse);
  return 0;
}
