// The API's own measurements for GET /metrics (Prometheus text format
// 0.0.4): requests by route template, method and status, and their latency
// as a histogram. Routes are labelled by their template
// ("/api/v1/violations/{id}"), never the raw path, so the label set stays
// bounded whatever clients send. Thread-safe; record() takes a mutex for a
// few increments.
#pragma once

#include <array>
#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <tuple>

namespace vigil::api {

class RequestMetrics {
 public:
  static constexpr std::array<double, 12> kBuckets = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025,
                                                      0.05,   0.1,   0.25,   0.5,   1.0,  5.0};

  void record(std::string_view method, std::string_view route, int status, double seconds);
  // The samples, in the exposition format (HELP and TYPE lines included).
  std::string exposition() const;

 private:
  struct Latency {
    std::array<uint64_t, kBuckets.size()> buckets{};  // cumulative when written out
    uint64_t count = 0;
    double sum = 0;
  };
  mutable std::mutex mutex_;
  std::map<std::tuple<std::string, std::string, int>, uint64_t> requests_;  // method, route, status
  std::map<std::pair<std::string, std::string>, Latency> latency_;          // method, route
};

// A label value, escaped as the exposition format requires (\\, \", \n).
std::string label_value(std::string_view text);

}  // namespace vigil::api
