// vigil.yaml: the deployment's configuration (docs/configuration.md).
//
//   store:      where state lives (SQLite file, or a later backend URL)
//   sources:    what to scan and when (capture, aws-config, inventory, aws)
//   policies:   policy paths, param overrides, enable/disable, severities
//   groups:     asset groups by accounts, regions, types, tags, CEL condition
//   exceptions: the maximum duration, and sticky exceptions declared here
//   scoring:    severity and category weights of the compliance score
//   server:     listen address of `vigil serve`'s HTTP API (later issue)
//   company:    the organization and accounts that are "inside"
//   limits:     bounds on untrusted input (core/limits.h)
//   notifications: e-mail and webhooks, owners, retries (notify/settings.h)
//   auth:       single sign-on with OpenID Connect (auth/oidc_settings.h)
//   fixes:      remediation: the global switch, dry-run, allowed accounts, and
//               autofix: the grace-period workflow (docs/autofix.md)
//
// Contract
// - load_config() never stops at the first problem: every error is a
//   Diagnostic (file:line:col, the offending line with a caret, a hint),
//   the same rendering as policy load errors. Unknown keys are errors with
//   a did-you-mean. `ok()` is false when any diagnostic is an error.
// - Relative paths (store, source paths, policy paths) are resolved against
//   the folder of the config file, so the file can be moved with its data.
// - Durations are "90s", "30m", "6h", "7d", "2w" or a sum such as "1h30m".
#pragma once

#include <chrono>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "auth/oidc_settings.h"
#include "core/diagnostic.h"
#include "core/limits.h"
#include "daemon/cron.h"
#include "fix/autofix_settings.h"
#include "inventory/company.h"
#include "notify/settings.h"
#include "pipeline/source.h"
#include "policy/policy.h"
#include "policy/policy_set.h"
#include "tracker/scoring.h"

namespace vigil::daemon {

using Seconds = std::chrono::seconds;

// When a source runs: every `interval`, or at the times of `cron`; each run
// is delayed by a random amount in [0, jitter).
struct Cadence {
  std::optional<Seconds> interval;
  std::optional<CronSchedule> cron;
  Seconds jitter{0};
  // The next run strictly after `after`, before jitter. nullopt for a cron
  // expression that never matches again.
  std::optional<Time> next_after(Time after) const;
  std::string describe() const;  // "every 6h" / "cron 0 */6 * * *"
};

using pipeline::SourceKind;  // and pipeline::to_string(SourceKind)

struct SourceConfig {
  std::string name;
  SourceKind kind = SourceKind::Inventory;
  std::string path;  // capture, aws-config, inventory: resolved path
  // aws (the live collector, connectors/aws_live/collection.h):
  std::string profile, role, external_id;
  std::vector<std::string> accounts, regions, types;
  std::string accounts_file;  // resolved path
  bool org = false;           // every ACTIVE account of the organization
  std::string endpoint_url;   // every call goes there (local AWS-compatible endpoints)
  std::string botocore_data;  // resolved path; empty: the default botocore data folder
  unsigned concurrency = 16;  // calls in flight
  Cadence cadence;
  SourcePos pos;  // where the source's entry starts
};

struct PoliciesConfig {
  std::vector<std::string> paths;  // resolved; empty: the built-in policies/ folder
  // policy id -> param -> value (YAML scalars and lists as JSON text values)
  std::map<std::string, std::map<std::string, nlohmann::json>> params;
  std::set<std::string> disable, enable;
  std::map<std::string, Severity> severity;
  OverridePlaces places;  // where each override is written, for errors at its line
};

struct GroupConfig {
  std::string name, description;
  nlohmann::json criteria;  // {"accounts": [...], "regions": [...], "types": [...], "tags": {...},
                            // "condition": "CEL"}
  SourcePos pos;
};

// A sticky exception declared in the config: a set of policies (ids or a
// category/severity selector) x an asset matcher (group or CEL condition).
struct StickyExceptionConfig {
  std::vector<std::string> policies;
  std::string category, severity;
  std::string group, condition;
  std::string reason, requested_by, granted_by, ticket;
  std::chrono::system_clock::time_point expires{};
  SourcePos pos;
  SourcePos expires_pos;  // of the `expires:` value
};

// `fixes:` (docs/autofix.md): off unless enabled; in dry-run mode unless
// `mode: apply`; only in the accounts listed; AWS reached as configured
// here (the opt-in fix role, deploy/aws/vigil-fix-policy.json).
// `fixes: flow_logs:` where ec2-vpc-flow-logs sends a VPC's flow log: a
// CloudWatch Logs group and the role that delivers to it, or an S3 bucket
// ARN (with an optional prefix). Neither: that fix is refused.
struct FlowLogsConfig {
  std::string log_group, role_arn, s3_arn;
  std::string traffic_type = "ALL";  // ALL, ACCEPT or REJECT
  bool configured() const { return !log_group.empty() || !s3_arn.empty(); }
};

struct FixesConfig {
  bool enabled = false;
  bool dry_run = true;
  std::vector<std::string> accounts;
  std::string profile, role, external_id, endpoint_url;
  FlowLogsConfig flow_logs;
  fix::AutofixSettings autofix;  // `autofix:` the grace-period workflow (off unless listed)
};

struct ServerConfig {
  std::string listen = "127.0.0.1:8080";
};

// `workers:` (docs/scaling.md): off by default (`vigil serve` scans
// itself). Enabled, the scheduling `vigil serve` only enqueues each scan as
// jobs (daemon/jobs.h) and `vigil worker` processes on the same store do
// them; a live AWS source is split into collect jobs (jobs.h plan_run).
struct WorkersConfig {
  bool enabled = false;
  Seconds lease{60};  // a job whose worker stops renewing it for this long is taken over
  int attempts = 3;   // times a job may be taken before it fails
  // Account x region folders per collect job of a multi-account source (jobs.h).
  size_t job_folders = 64;
};

struct Config {
  std::string file;                // the config file as given
  std::string store = "vigil.db";  // resolved location (see store::open_store)
  std::vector<SourceConfig> sources;
  PoliciesConfig policies;
  std::vector<GroupConfig> groups;
  Seconds exception_max_duration = std::chrono::hours(24 * 90);
  std::vector<StickyExceptionConfig> exceptions;
  tracker::ScoreWeights scoring;  // severity and category weights
  ServerConfig server;
  Company company;  // who the company is (inventory/company.h)
  Limits limits;    // bounds on untrusted input (core/limits.h, docs/limits.md)
  notify::Settings notifications;  // off unless a `notifications:` block is present
  std::optional<auth::OidcSettings> oidc;  // auth.oidc; none: password sign-in only
  FixesConfig fixes;               // off by default
  WorkersConfig workers;           // off by default
};

// "o-" and 10 to 32 lower-case letters or digits (AWS Organizations ids).
bool is_organization_id(std::string_view id);

struct ConfigLoad {
  Config config;
  std::vector<Diagnostic> diagnostics;
  bool ok() const;
};

ConfigLoad load_config(const std::string& path);

// A source or group name: letters, digits and - _ . only, not empty. The
// one rule for names, in vigil.yaml and on the command line.
bool is_valid_name(std::string_view name);
// `text` as if read from `file` (tests). Relative paths resolve against
// the folder of `file`.
ConfigLoad load_config_text(std::string_view text, const std::string& file);

// "6h", "1h30m", "90s", "7d", "2w" -> seconds. Errors say what is allowed.

}  // namespace vigil::daemon
