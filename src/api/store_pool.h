// Handles on the store for the API's threads: SQLite connections are not
// shared between threads, and opening one per request would cost more than
// most requests. A handler borrows a handle for the request; it returns to
// the pool when the Lease goes. Handles read and write (a write waits for
// the scan being recorded, up to the store's busy timeout, then fails as
// Unavailable: a 503 the client may retry). Thread-safe.
#pragma once

#include <functional>
#include <memory>
#include <mutex>
#include <vector>

#include "core/result.h"
#include "store/store.h"

namespace vigil::api {

class StorePool {
 public:
  using Opener = std::function<Result<std::unique_ptr<store::Store>>()>;
  explicit StorePool(Opener open) : open_(std::move(open)) {}

  class Lease {
   public:
    Lease(StorePool* pool, std::unique_ptr<store::Store> store)
        : pool_(pool), store_(std::move(store)) {}
    Lease(Lease&&) = default;
    ~Lease() {
      if (pool_ && store_) pool_->give_back(std::move(store_));
    }
    store::Store* operator->() const { return store_.get(); }
    store::Store& operator*() const { return *store_; }

   private:
    StorePool* pool_;
    std::unique_ptr<store::Store> store_;
  };

  Result<Lease> borrow();

 private:
  void give_back(std::unique_ptr<store::Store> store);

  Opener open_;
  std::mutex mutex_;
  std::vector<std::unique_ptr<store::Store>> idle_;
};

}  // namespace vigil::api
