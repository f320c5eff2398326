// Internals of the synthetic inventory generator (see synthetic_aws.h):
// the random source, the per-account state, and one writer per asset type.
// synthetic_aws.cpp drives it; synthetic_compute.cpp holds the EC2 types.
#pragma once

#include <cstdint>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "json_writer.h"

namespace vigil::bench {

class Rng {
 public:
  explicit Rng(uint64_t seed) : engine_(seed) {}
  uint64_t next() { return engine_(); }
  bool chance(double p) { return static_cast<double>(next() >> 11) * 0x1.0p-53 < p; }
  int64_t range(int64_t lo, int64_t hi) { return lo + static_cast<int64_t>(next() % static_cast<uint64_t>(hi - lo + 1)); }
  template <typename T, size_t N>
  const T& pick(const T (&items)[N]) {
    return items[next() % N];
  }

 private:
  std::mt19937_64 engine_;
};

struct Account {
  std::string id;                     // 12 digits
  std::vector<std::string> sg_ids;    // recent security groups (for instance references)
  std::vector<std::string> sg_names;
  std::vector<std::string> sg_arns;
};

class Generator {
 public:
  explicit Generator(uint64_t seed) : rng_(seed) {}

  // Each writes one asset line (ending in '\n') into `text()`.
  void account(const Account& a);
  void trail(Account& a);
  void bucket(Account& a);
  void user(Account& a);
  void security_group(Account& a);
  // An instance followed by its volumes; returns the number of assets written.
  size_t instance_with_volumes(Account& a);
  void lone_volume(Account& a);

  std::string& text() { return w_.text(); }
  void clear() { w_.clear(); }

 private:
  // Common header: id, type, account, region, name, collected_at.
  void begin_asset(std::string_view id, std::string_view type, const Account& a, std::string_view region,
                   std::string_view name);
  void end_asset() {
    w_.end();
    w_.text() += '\n';
  }
  void tags_map(std::string_view name_tag);
  void tags_list(std::string_view name_tag);
  void volume(Account& a, std::string_view region, std::string_view az, const std::string& volume_id,
              const std::string& instance_id, const std::string& instance_arn);
  void ip_permission(bool ingress);
  std::string hex_id(std::string_view prefix, int digits);
  std::string ago(int64_t min_days, int64_t max_days);
  std::string_view region();

  Rng rng_;
  JsonWriter w_;
  uint64_t counter_ = 0;
  std::string tag_env_, tag_team_;
};

}  // namespace vigil::bench
