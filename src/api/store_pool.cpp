// Handles on the store for the API's threads (store_pool.h).
#include "api/store_pool.h"

namespace vigil::api {

Result<StorePool::Lease> StorePool::borrow() {
  {
    std::lock_guard lock(mutex_);
    if (!idle_.empty()) {
      std::unique_ptr<store::Store> store = std::move(idle_.back());
      idle_.pop_back();
      return Lease(this, std::move(store));
    }
  }
  auto opened = open_();
  if (!opened.ok()) return opened.error();
  return Lease(this, std::move(opened.value()));
}

void StorePool::give_back(std::unique_ptr<store::Store> store) {
  std::lock_guard lock(mutex_);
  idle_.push_back(std::move(store));
}

}  // namespace vigil::api
