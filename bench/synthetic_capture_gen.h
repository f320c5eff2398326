// Internals of the synthetic capture generator (synthetic_capture.h): the
// file sink and the generator's per-account state. synthetic_capture.cpp
// holds the driver, account settings, IAM and S3; synthetic_capture_ec2.cpp
// the regional EC2 and CloudTrail files.
#pragma once

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "json_writer.h"
#include "synthetic_capture.h"
#include "synthetic_gen.h"

namespace vigil::bench {

// Writes capture files: <root>/<account>/<region>/<service>/<Operation>[/<key>].json.
class CaptureSink {
 public:
  explicit CaptureSink(std::string root) : root_(std::move(root)) {}
  // Pretty-prints the compact JSON of `w` into the file; clears `w`.
  void put(std::string_view account, std::string_view region, std::string_view service, std::string_view operation,
           JsonWriter& w, std::string_view key = {});
  // An AWS error file {"Error": {"Code", "Message"}}.
  void error(std::string_view account, std::string_view region, std::string_view service,
             std::string_view operation, std::string_view code, std::string_view message, std::string_view key = {});
  const std::optional<std::string>& failure() const { return failure_; }
  size_t files() const { return files_; }
  size_t bytes() const { return bytes_; }

 private:
  std::string root_;
  std::set<std::string> made_;
  std::string pretty_;
  JsonWriter scratch_;
  std::optional<std::string> failure_;
  size_t files_ = 0, bytes_ = 0;
};

class CaptureGen {
 public:
  CaptureGen(CaptureSink& sink, uint64_t seed) : sink_(sink), rng_(seed) {}

  // One account of about `budget` resources; returns the resources written.
  size_t account(const std::string& id, size_t budget, size_t regions);

 private:
  size_t iam(const std::string& acct, size_t users);
  size_t s3(const std::string& acct, size_t buckets);
  void global_settings(const std::string& acct);
  // Returns the resources it wrote (the GuardDuty detector, when there is one).
  size_t region_settings(const std::string& acct, std::string_view region);
  size_t ec2(const std::string& acct, std::string_view region, size_t budget);
  size_t cloudtrail(const std::string& acct, const std::vector<std::string_view>& regions);
  void tags(std::string_view member, std::string_view name);  // writes "<member>": [{Key, Value}...]
  std::string id(std::string_view prefix, int digits = 17);
  std::string ago(int64_t min_days, int64_t max_days);
  bool denied() { return rng_.chance(0.005); }

  CaptureSink& sink_;
  Rng rng_;
  JsonWriter w_;
  uint64_t counter_ = 0;
};

}  // namespace vigil::bench
