// The loaded set of assets, with the indexes policies use to consult
// related assets without scanning.
//
// Contract
// - Assets are kept in load order; pointers to them are stable for the
//   Inventory's lifetime (it is not copyable; it is movable).
// - Ids are unique: a duplicate id is a load error naming both lines.
// - Indexes: by id, by type, by (type, account), and the `aws.account`
//   asset per account. Built once by finalize() (load_jsonl calls it).
// - Coverage (coverage.h) says which scopes the source looked at. An
//   inventory without one (built by hand: policy tests, `vigil expr`) is
//   taken as complete; load_jsonl derives it from the file's own assets;
//   the AWS readers set what they listed.
// - Company (company.h) says which accounts and organization are the
//   company's, for questions such as "who outside can reach this?".
// - Thread-safe for concurrent reads after finalize() and set_coverage().
#pragma once

#include <deque>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "inventory/asset.h"
#include "inventory/company.h"
#include "inventory/coverage.h"

namespace vigil {

class Inventory {
 public:
  Inventory();
  Inventory(Inventory&&) noexcept;
  Inventory& operator=(Inventory&&) noexcept;
  ~Inventory();

  // Reads a JSON-lines file (one asset per line; blank lines and lines
  // starting with '#' are skipped). Every bad line is reported as
  // "<path>:<line>:<col>: <message>"; any bad line fails the load (nothing
  // is silently dropped). Errors are joined with newlines in one Error.
  static Result<Inventory> load_jsonl(const std::string& path);

  // Adds one asset (before finalize()). Returns an error on duplicate id.
  Status add(Asset asset);
  // Builds the indexes. Call once after the last add().
  void finalize();

  size_t size() const;
  const Asset& at(size_t i) const;

  const Asset* find(std::string_view id) const;
  std::span<const Asset* const> of_type(std::string_view type) const;
  std::span<const Asset* const> of_type_in_account(std::string_view type,
                                                   std::string_view account) const;
  // The "aws.account" asset whose account is `account`, or null.
  const Asset* account_asset(std::string_view account) const;
  // The assets named by asset.relationships[relation] that are in this
  // inventory, in the order listed. Ids not present are skipped and
  // counted in *missing when missing is not null.
  std::vector<const Asset*> related(const Asset& asset, std::string_view relation,
                                    size_t* missing = nullptr) const;

  // Before the inventory is shared with readers (after finalize() is fine).
  void set_coverage(Coverage coverage);
  // Null when the inventory is taken as complete.
  const Coverage* coverage() const;
  // Empty when every asset of `type` in `account` is here; else why not
  // (Coverage::gap).
  std::string type_gap(std::string_view type, std::string_view account) const;

  // Who the company is (company.h): set by the deployment (vigil.yaml
  // `company:`, `vigil scan --organization`), empty when not given.
  void set_company(Company company);
  const Company& company() const;

  // Sum of Asset::doc.memory_bytes() and of source_bytes.
  size_t memory_bytes() const;
  size_t source_bytes() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace vigil
