// Read handles on the store for the API's threads (reader_pool.h).
#include "api/reader_pool.h"

namespace vigil::api {

Result<ReaderPool::Lease> ReaderPool::borrow() {
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

void ReaderPool::give_back(std::unique_ptr<store::Store> store) {
  std::lock_guard lock(mutex_);
  idle_.push_back(std::move(store));
}

}  // namespace vigil::api
