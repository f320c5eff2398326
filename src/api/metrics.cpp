// Request metrics (metrics.h).
#include "api/metrics.h"

#include <fmt/format.h>

namespace vigil::api {

std::string label_value(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (c == '\\')
      out += "\\\\";
    else if (c == '"')
      out += "\\\"";
    else if (c == '\n')
      out += "\\n";
    else
      out += c;
  }
  return out;
}

void RequestMetrics::record(std::string_view method, std::string_view route, int status,
                            double seconds) {
  std::lock_guard lock(mutex_);
  ++requests_[{std::string(method), std::string(route), status}];
  Latency& l = latency_[{std::string(method), std::string(route)}];
  for (size_t i = 0; i < kBuckets.size(); ++i)
    if (seconds <= kBuckets[i]) {
      ++l.buckets[i];
      break;
    }
  ++l.count;
  l.sum += seconds;
}

std::string RequestMetrics::exposition() const {
  std::lock_guard lock(mutex_);
  std::string out =
      "# HELP vigil_http_requests_total API requests by method, route template and status.\n"
      "# TYPE vigil_http_requests_total counter\n";
  for (const auto& [key, n] : requests_) {
    const auto& [method, route, status] = key;
    out += fmt::format("vigil_http_requests_total{{method=\"{}\",route=\"{}\",status=\"{}\"}} {}\n",
                       method, label_value(route), status, n);
  }
  out +=
      "# HELP vigil_http_request_duration_seconds API request latency (authorization and "
      "handler).\n"
      "# TYPE vigil_http_request_duration_seconds histogram\n";
  for (const auto& [key, l] : latency_) {
    const auto& [method, route] = key;
    std::string labels = fmt::format("method=\"{}\",route=\"{}\"", method, label_value(route));
    uint64_t cumulative = 0;
    for (size_t i = 0; i < kBuckets.size(); ++i) {
      cumulative += l.buckets[i];
      out += fmt::format("vigil_http_request_duration_seconds_bucket{{{},le=\"{}\"}} {}\n", labels,
                         kBuckets[i], cumulative);
    }
    out += fmt::format("vigil_http_request_duration_seconds_bucket{{{},le=\"+Inf\"}} {}\n", labels,
                       l.count);
    out += fmt::format("vigil_http_request_duration_seconds_sum{{{}}} {}\n", labels, l.sum);
    out += fmt::format("vigil_http_request_duration_seconds_count{{{}}} {}\n", labels, l.count);
  }
  return out;
}

}  // namespace vigil::api
