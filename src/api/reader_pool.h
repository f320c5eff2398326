// Read handles on the store for the API's threads: SQLite connections are
// not shared between threads, and opening one per request would cost more
// than most requests. A handler borrows a handle for the request; it
// returns to the pool when the Lease goes. Thread-safe.
#pragma once

#include <functional>
#include <memory>
#include <mutex>
#include <vector>

#include "core/result.h"
#include "store/store.h"

namespace vigil::api {

class ReaderPool {
 public:
  using Opener = std::function<Result<std::unique_ptr<store::Store>>()>;
  explicit ReaderPool(Opener open) : open_(std::move(open)) {}

  class Lease {
   public:
    Lease(ReaderPool* pool, std::unique_ptr<store::Store> store)
        : pool_(pool), store_(std::move(store)) {}
    Lease(Lease&&) = default;
    ~Lease() {
      if (pool_ && store_) pool_->give_back(std::move(store_));
    }
    store::Store* operator->() const { return store_.get(); }
    store::Store& operator*() const { return *store_; }

   private:
    ReaderPool* pool_;
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
