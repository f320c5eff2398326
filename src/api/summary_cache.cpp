// The compliance summary's rows between requests (summary_cache.h).
#include "api/summary_cache.h"

namespace vigil::api {

std::shared_ptr<const SummarySnapshot> SummaryCache::find(const std::string& day_parameter,
                                                          const store::ScanStamp& stamp) {
  std::lock_guard lock(mutex_);
  if (!(stamp == stamp_)) return nullptr;
  auto it = by_day_.find(day_parameter);
  return it == by_day_.end() ? nullptr : it->second;
}

void SummaryCache::keep(const std::string& day_parameter, const store::ScanStamp& stamp,
                        std::shared_ptr<const SummarySnapshot> snapshot) {
  std::lock_guard lock(mutex_);
  if (!(stamp == stamp_) || by_day_.size() >= kMaxDays) {
    by_day_.clear();
    stamp_ = stamp;
  }
  by_day_[day_parameter] = std::move(snapshot);
}

}  // namespace vigil::api
