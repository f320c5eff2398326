// Test helper for the AWS Config reader: a temporary directory of Config
// files written by the test (plain or gzipped), and configuration items
// built from a few fields.
#pragma once

#include <gtest/gtest.h>
#include <unistd.h>
#include <zlib.h>

#include <cctype>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>
#include <vector>

#include "capture_fixture.h"
#include "connectors/aws_config/config_reader.h"

namespace vigil::aws_config::testing {

using json = nlohmann::ordered_json;  // members in the order written, as AWS writes them

inline std::string gzip(const std::string& text) {
  z_stream z{};
  EXPECT_EQ(deflateInit2(&z, Z_BEST_SPEED, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY),
            Z_OK);  // +16: gzip header
  std::string out(deflateBound(&z, text.size()) + 32, '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(text.data()));
  z.avail_in = static_cast<uInt>(text.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  EXPECT_EQ(deflate(&z, Z_FINISH), Z_STREAM_END);
  out.resize(z.total_out);
  deflateEnd(&z);
  return out;
}

// The delivered S3 key of a snapshot file.
inline std::string snapshot_path(const std::string& account, const std::string& region,
                                 const std::string& id) {
  return "AWSLogs/" + account + "/Config/" + region + "/2026/11/26/ConfigSnapshot/" + account +
         "_Config_" + region + "_ConfigSnapshot_20261126T000000Z_" + id + ".json";
}

// `items`: an array, or one item ({x} with one json element is x itself, not [x]).
inline json snapshot(const json& items) {
  return {{"fileVersion", "1.0"},
          {"configSnapshotId", "5ea1a4f5-0000-4e44-a0c5-6ac2b1d0e0ff"},
          {"configurationItems", items.is_array() ? items : json::array({items})}};
}

// A snapshot-form item (awsAccountId, ARN, configuration as an object).
inline json item(const std::string& type, const std::string& id, const json& configuration,
                 const std::string& arn = "", const std::string& region = "us-east-1",
                 const std::string& account = "111111111111") {
  json i = {{"configurationItemVersion", "1.3"},
            {"configurationItemCaptureTime", "2026-11-25T10:00:00.000Z"},
            {"configurationStateId", 1},
            {"awsAccountId", account},
            {"configurationItemStatus", "OK"},
            {"resourceType", type},
            {"resourceId", id},
            {"resourceName", id},
            {"awsRegion", region},
            {"availabilityZone", "Not Applicable"},
            {"tags", json::object()},
            {"relatedEvents", json::array()},
            {"relationships", json::array()},
            {"configuration", configuration},
            {"supplementaryConfiguration", json::object()}};
  if (!arn.empty()) i["ARN"] = arn;
  return i;
}

// The API form of the same item: accountId, arn, JSON strings.
inline json api_item(json snapshot_item) {
  json i = snapshot_item;
  i["accountId"] = i["awsAccountId"];
  i.erase("awsAccountId");
  if (i.contains("ARN")) {
    i["arn"] = i["ARN"];
    i.erase("ARN");
  }
  i["configuration"] = i["configuration"].dump();
  for (auto& [k, v] : i["supplementaryConfiguration"].items())
    if (!v.is_string()) v = v.dump();
  for (auto& r : i["relationships"]) {
    r["relationshipName"] = r["name"];
    r.erase("name");
  }
  return i;
}

inline AwsConfigResult read_ok(const std::string& path) {
  Result<AwsConfigResult> r = read_aws_config(path);
  EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().message);
  if (!r.ok()) return AwsConfigResult{};
  return std::move(r).value();
}

// The asset's member at a dotted path as JSON text ("" when absent).
inline std::string json_at(const Asset& a, const std::string& dotted) {
  JsonRef r = aws::testing::at_path(a, dotted);
  return r.valid() ? r.to_json() : "";
}

// The member at a dotted path as JSON text ("" when absent); a number steps into an array.
inline std::string at(const Asset& a, const std::string& dotted) {
  JsonRef ref = a.doc.root();
  for (size_t start = 0; ref.valid();) {
    size_t dot = dotted.find('.', start);
    std::string key = dotted.substr(start, dot == std::string::npos ? dot : dot - start);
    if (ref.kind() == JsonKind::Array && !key.empty() && std::isdigit(key[0]))
      ref =
          std::stoul(key) < ref.size() ? ref.at(static_cast<uint32_t>(std::stoul(key))) : JsonRef();
    else
      ref = ref.kind() == JsonKind::Object ? ref.find(key) : JsonRef();
    if (dot == std::string::npos) break;
    start = dot + 1;
  }
  return ref.valid() ? ref.to_json() : "";
}

// config.<path> is unavailable (NotInAwsConfig) and listed in the asset's errors.
inline bool unavailable(const Asset& a, const std::string& path) {
  return at(a, "config." + path).find("NotInAwsConfig") != std::string::npos &&
         at(a, "errors").find("\"config." + path + "\"") != std::string::npos;
}

// The asset with this id; a missing one fails the test (GoogleTest reports the exception).
inline const Asset& asset_of(const AwsConfigResult& r, const std::string& id) {
  const Asset* a = r.inventory.find(id);
  if (a == nullptr) throw std::runtime_error("no asset " + id);
  return *a;
}

}  // namespace vigil::aws_config::testing
