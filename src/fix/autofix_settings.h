// vigil.yaml `fixes: autofix:` as data (daemon/config.h reads it;
// docs/autofix.md): which policies' `autofix:` the deployment turns on, for
// which accounts and asset groups, when owners are reminded, and how many
// fixes may run per tick, per hour and per account per hour.
//
// Contract
//  - Off unless listed: a policy's `autofix:` does nothing until its id is
//    in `policies` (and `fixes: enabled: true`, its account in
//    `fixes: accounts:`; the runner checks those too).
//  - `accounts` and `groups` narrow further; empty means no narrowing.
//  - A limit of 0 means none may run (not "unlimited").
#pragma once

#include <chrono>
#include <string>
#include <vector>

namespace vigil::fix {

struct AutofixLimits {
  size_t per_run = 5;                // plans executed per tick (`vigil fix due` run)
  size_t per_hour = 20;              // plans started in any hour
  size_t per_account_per_hour = 10;  // of one account
};

struct AutofixSettings {
  std::vector<std::string> policies;  // policy ids whose `autofix:` is on
  std::vector<std::string> accounts;  // only these accounts (empty: all of `fixes: accounts:`)
  std::vector<std::string> groups;    // only assets in one of these groups (empty: any)
  // Reminders before the deadline, each sent once (when the grace is longer).
  std::vector<std::chrono::seconds> reminders = {std::chrono::hours(12), std::chrono::hours(1)};
  AutofixLimits limits;
  // Told to owners: how to request an exception (a ticket queue, a chat).
  std::string exception_help;
  // A plan refused by a busy store or a rate limit is tried again this much later.
  std::chrono::seconds retry_after{std::chrono::minutes(15)};
};

}  // namespace vigil::fix
