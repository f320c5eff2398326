// Internals of collect() (collector.h): the state of one collection run and
// its tasks. collector.cpp probes accounts and schedules; collect_tasks.cpp
// holds the tasks (a type's list call, one item's per-resource calls, an
// account setting). Not part of the library's interface.
#pragma once

#include <atomic>
#include <memory>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "aws_client/transport/work_queue.h"
#include "connectors/aws/catalog.h"
#include "connectors/aws/sensitive.h"
#include "connectors/aws_live/collector.h"

namespace vigil::aws::live {

// One account x region folder, for progress: done when no task is pending.
struct ScopeRun {
  std::atomic<size_t> pending{0};
};

struct AccountRun {
  AccountTarget target;
  std::string id;     // the probed account id
  std::string label;  // "111111111111 (prod)"
  std::vector<std::string> regions;
  std::vector<std::unique_ptr<ScopeRun>> scopes;
  std::atomic<size_t> pending{0};
  std::atomic<bool> failed{false};
  std::atomic<uint64_t> not_sent{0};
  std::mutex mutex;
  std::string failure_code, failure_message;  // under mutex, set once
};

// One per-resource call of one item: the key and the expanded extra arguments.
// A fan-out call (catalog.h) is made once per name its `each` path reaches in
// the outputs of the item's earlier calls (item_task).
struct ItemCall {
  const PerResourceCall* call = nullptr;
  std::string key, args;
};

// Where a call goes: the capture folder and the API region.
struct Place {
  std::string folder_region;  // "us-east-1" or "global"
  std::string call_region;    // signing / endpoint region
  std::string service;
};

class CollectRun {
 public:
  CollectRun(AwsClient& client, ModelRepository& models, const CollectOptions& options);
  CollectSummary run();

 private:
  // collector.cpp
  void probe(AccountRun& account);
  void schedule(AccountRun& account);
  void spawn(AccountRun& account, ScopeRun& scope, std::function<void()> task);
  // Runs a task of `account`; an exception it throws (a defect, or data no
  // check foresaw) fails the account with the reason instead of ending the
  // process, so its scopes are reported failed, not empty.
  void guarded(AccountRun& account, const std::function<void()>& task);
  void report_progress();
  bool wanted(const ResourceType& type) const;
  bool settings_wanted() const;
  std::string global_region() const;

  // collect_tasks.cpp
  void list_task(AccountRun& account, ScopeRun& scope, const Place& place,
                 const ResourceType& type);
  void item_task(AccountRun& account, const Place& place, const ResourceType& type,
                 std::vector<ItemCall> calls);
  void setting_task(AccountRun& account, const Place& place, const AccountSetting& setting);
  // Sends one call unless the account failed, writes its output or error file,
  // records the outcome. Returns the output when the call succeeded.
  std::optional<nlohmann::json> perform(AccountRun& account, const Place& place,
                                        std::string_view operation, const nlohmann::json& params,
                                        const std::filesystem::path& path,
                                        std::span<const std::string_view> absent_codes,
                                        std::string_view key);
  void write(const std::filesystem::path& path, const std::string& text);
  void fail_account(AccountRun& account, std::string code, std::string message);
  // The request parameters of a call: the key option plus the catalog's arguments.
  // A fan-out call's second key goes to key2_option.
  Result<nlohmann::json> params_for(const Place& place, std::string_view operation,
                                    std::string_view key_option, std::string_view key,
                                    std::string_view args, std::string_view key2_option = {},
                                    std::string_view key2 = {});

  AwsClient& client_;
  ModelRepository& models_;
  const CollectOptions& options_;
  std::unique_ptr<WorkQueue> pool_;  // concurrency workers, made by run()
  std::vector<std::unique_ptr<AccountRun>> accounts_;
  SensitiveKey sensitive_key_;  // sensitive.h: loaded by run()
  // Replaces the secrets of an operation's output (sensitive.h) before it is written.
  void redact(const Place& place, std::string_view operation, nlohmann::json& output);

  std::mutex mutex_;  // guards everything below
  CollectSummary summary_;
  CollectProgress progress_;
};

}  // namespace vigil::aws::live
