// vigil serve --config vigil.yaml [--once] [--threads N]
// Runs every configured source on its cadence and records each scan in the
// store, until SIGTERM or SIGINT (cli/signal_watch.h: a live collection in
// progress is cancelled, its unfinished scopes recorded as failed, any other
// scan is finished and recorded first; a second signal removes the temporary
// captures and exits at once, which is safe too: every scan is recorded in
// one transaction). The HTTP API (src/api, docs/api.md) listens on
// --listen (default 127.0.0.1:8470; "off" for none) while the scheduler runs.
// Several serve processes may share a store: one schedules (the leader,
// Store::try_leadership), all serve the API; with `workers:` enabled the
// scans are done by `vigil worker` processes (daemon/jobs.h).
#include <fmt/format.h>
#include <unistd.h>

#include <cstdlib>

#include <iostream>
#include <memory>
#include <thread>

#include "api/server.h"
#include "auth/accounts.h"
#include "auth/oidc_client.h"
#include "cli/cli_util.h"
#include "cli/commands.h"
#include "cli/deployment.h"
#include "cli/serve_fixes.h"
#include "cli/signal_watch.h"
#include "cli/source_input.h"
#include "cli/tracker_common.h"
#include "core/malloc_tuning.h"
#include "core/time_text.h"
#include "daemon/config_sync.h"
#include "daemon/scheduler.h"
#include "daemon/source_scan.h"
#include "fix/autofix_check.h"

namespace vigil::cli {
namespace {

const char* kServeCommand = "serve";

struct ServeCliOptions {
  std::string config;
  bool once = false;
  unsigned threads = 0;
  std::string listen = "127.0.0.1:8470";
  std::string tls_cert, tls_key;
};

// "HOST:PORT" (PORT 0: any free port) or "off".
Result<std::optional<std::pair<std::string, int>>> parse_listen(const std::string& text) {
  if (text == "off") return std::optional<std::pair<std::string, int>>{};
  size_t colon = text.rfind(':');
  int port = -1;
  if (colon != std::string::npos && colon > 0) {
    try {
      size_t used = 0;
      port = std::stoi(text.substr(colon + 1), &used);
      if (used != text.size() - colon - 1) port = -1;
    } catch (const std::exception&) {
      port = -1;
    }
  }
  if (port < 0 || port > 65535)
    return Error(fmt::format("--listen {}: use HOST:PORT (e.g. 127.0.0.1:8470) or off", text));
  std::string host = text.substr(0, colon);
  if (host.size() > 2 && host.front() == '[' && host.back() == ']')
    host = host.substr(1, host.size() - 2);
  return std::optional{std::pair{host, port}};
}

// The API's view of the deployment: its pack, its catalogues, and read
// handles on its store.
api::ApiContext api_context(const daemon::Config& config, const PolicySet& policies,
                            api::StorePool& stores) {
  api::ApiContext context;
  context.exception_max_duration = config.exception_max_duration;
  context.stores = &stores;
  context.policies = &policies;
  std::string catalogs = default_catalogs_dir();
  if (!catalogs.empty()) {
    auto loaded = load_framework_catalogs(catalogs);
    if (loaded.ok()) context.catalogs = std::move(loaded.value());
  }
  for (const auto& p : policies.policies())
    context.texts[p->policy.id] = {p->policy.title, p->policy.rationale, p->policy.remediation};
  return context;
}

std::atomic<daemon::Scheduler*> g_scheduler{nullptr};
std::atomic<bool> g_stop{false};

// Single sign-on's client, with the secret read from the environment
// variable the config names (never from the file); null when not configured.
Result<std::shared_ptr<auth::OidcClient>> oidc_client(const daemon::Config& config) {
  if (!config.oidc) return std::shared_ptr<auth::OidcClient>();
  std::string secret;
  if (const std::string& env = config.oidc->client_secret_env; !env.empty()) {
    const char* value = std::getenv(env.c_str());
    if (!value || !*value)
      return Error(
          fmt::format("auth.oidc.client_secret_env names {}, which is not set (or empty) "
                      "in vigil serve's environment",
                      env));
    secret = value;
  }
  return std::make_shared<auth::OidcClient>(*config.oidc, std::move(secret));
}

// The first SIGTERM/SIGINT (cli/signal_watch.h): finish promptly. A live
// collection in progress is cancelled (its unfinished scopes fail).
void stop_serving() {
  g_stop = true;
  if (daemon::Scheduler* s = g_scheduler.load()) s->request_stop();
}

void log_line(const std::string& line) {
  std::cerr << vigil::format_time(std::chrono::system_clock::now()) << " " << line << std::endl;
}

int run_serve(const ServeCliOptions& o) {
  keep_freed_memory_for_reuse();  // before any thread: the API's answers reuse memory
  SignalWatch signals(stop_serving);
  DeploymentLoad deployment = load_deployment(o.config);
  size_t errors = print_diagnostics(deployment.diagnostics);
  if (errors > 0 || !deployment.ok())
    return command_error(
        kServeCommand, fmt::format("{} error{} in {} or its policies; nothing was started", errors,
                                   errors == 1 ? "" : "s", o.config));
  const daemon::Config& config = deployment.config;
  if (config.sources.empty())
    return command_error(kServeCommand,
                         fmt::format("{} declares no source; add one under `sources:` "
                                     "(docs/configuration.md)",
                                     o.config));
  const PolicySet& policy_set = *deployment.policies;

  auto opened = store::open_store(config.store);
  if (!opened.ok())
    return command_error(kServeCommand, fmt::format("cannot open the store {}: {}", config.store,
                                                    opened.error().message));
  std::unique_ptr<store::Store> db = std::move(opened.value());

  auto synced = daemon::sync_config(*db, config, std::chrono::system_clock::now());
  if (!synced.ok())
    return command_error(kServeCommand,
                         "applying the config to the store: " + synced.error().message);
  for (const std::string& m : synced->messages) log_line("vigil serve: " + m);

  daemon::SystemClock clock;
  pipeline::ProgressBoard progress;  // the running scan, streamed by the API
  daemon::SchedulerOptions options;
  options.threads = o.threads;
  options.progress = &progress;
  options.log = [](const std::string& line) { log_line("vigil serve: " + line); };
  daemon::Scheduler scheduler(config, policy_set, *db, clock, options);
  g_scheduler.store(&scheduler);
  if (g_stop) scheduler.request_stop();
  // Before the scheduler goes: no signal may reach it from then on.
  struct Unpublish {
    SignalWatch& signals;
    ~Unpublish() {
      signals.disarm();
      g_scheduler.store(nullptr);
    }
  } unpublish{signals};
  log_line(fmt::format("vigil serve: {} source{}, {} policies, store {}, pid {}",
                       config.sources.size(), config.sources.size() == 1 ? "" : "s",
                       policy_set.policies().size(), config.store, ::getpid()));
  for (const std::string& problem : fix::settings_problems(config.fixes.autofix, policy_set))
    log_line("vigil serve: warning: " + problem);

  api::StorePool stores([&db] { return db->open_reader(); });
  std::unique_ptr<api::ApiServer> server;
  auto listen = parse_listen(o.listen);
  if (!listen.ok()) return command_error(kServeCommand, listen.error().message);
  if (*listen && !o.once) {
    if (o.tls_cert.empty() != o.tls_key.empty())
      return command_error(kServeCommand, "--tls-cert and --tls-key go together");
    auto first_admin = auth::bootstrap_admin(*db, std::chrono::system_clock::now());
    if (!first_admin.ok())
      return command_error(kServeCommand,
                           "creating the first admin: " + first_admin.error().message);
    if (*first_admin)
      log_line(
          fmt::format("vigil serve: no user existed, so user `admin` was created with the "
                      "one-time password {} (change it at first sign-in; or create users "
                      "with `vigil users add`)",
                      **first_admin));
    api::ServerOptions options;
    options.host = (*listen)->first;
    options.port = (*listen)->second;
    options.tls_cert = o.tls_cert;
    options.tls_key = o.tls_key;
    api::ApiContext context = api_context(config, policy_set, stores);
    auto oidc = oidc_client(config);
    if (!oidc.ok()) return command_error(kServeCommand, oidc.error().message);
    context.oidc = std::move(*oidc);
    if (context.oidc)
      log_line(fmt::format("vigil serve: single sign-on with {} (client {})", config.oidc->issuer,
                           config.oidc->client_id));
    context.request_scan = [&scheduler](const std::string& source) {
      return scheduler.request_run(source);
    };
    context.progress = &progress;
    wire_fixes(context, config, policy_set);
    server = std::make_unique<api::ApiServer>(std::move(context), options);
    auto port = server->start();
    if (!port.ok()) return command_error(kServeCommand, port.error().message);
    log_line(fmt::format("vigil serve: API on {}://{}:{}/api/v1/",
                         o.tls_cert.empty() ? "http" : "https", options.host, *port));
  }

  // Before the server stops: event streams waiting for progress end now.
  struct CloseProgress {
    pipeline::ProgressBoard& board;
    ~CloseProgress() { board.close(); }
  } close_progress{progress};

  if (o.once) {
    Status started = scheduler.start();
    if (!started.ok()) return command_error(kServeCommand, started.error().message);
    size_t failed = scheduler.run_all();  // every source once, whatever its schedule
    return failed ? kExitError : kExitOk;
  }

  // Several vigil serve on one store: one schedules (the leader), every one
  // serves the API; a follower takes over when the leader's process ends.
  bool followed = false;
  while (!g_stop) {
    auto led = db->try_leadership();
    if (led.ok() && *led) break;
    if (!led.ok())
      log_line("vigil serve: cannot take the scheduling leadership: " + led.error().message);
    else if (!followed)
      log_line(
          "vigil serve: another vigil serve schedules the scans; this one serves the API "
          "and takes over scheduling when that one stops");
    followed = true;
    for (int i = 0; i < 20 && !g_stop; ++i)
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  if (followed && !g_stop) log_line("vigil serve: now scheduling the scans (leader)");
  Status ran = scheduler.run();
  if (!ran.ok()) return command_error(kServeCommand, ran.error().message);
  log_line("vigil serve: stopped");
  return kExitOk;
}

}  // namespace

void add_serve_command(CLI::App& app, int* exit_code) {
  auto o = std::make_shared<ServeCliOptions>();
  auto* cmd = app.add_subcommand("serve",
                                 "Run the configured sources on their cadence and record every "
                                 "scan (stops on SIGTERM/SIGINT)");
  cmd->add_option("--config", o->config, "vigil.yaml (docs/configuration.md)")
      ->required()
      ->check(CLI::ExistingFile);
  cmd->add_option("--listen", o->listen,
                  "HTTP API address HOST:PORT (port 0: any free one), or off")
      ->capture_default_str();
  cmd->add_option("--tls-cert", o->tls_cert,
                  "Serve the API over TLS with this PEM certificate (chain)")
      ->check(CLI::ExistingFile);
  cmd->add_option("--tls-key", o->tls_key, "The PEM private key of --tls-cert")
      ->check(CLI::ExistingFile);
  cmd->add_flag("--once", o->once, "Scan every source once, then exit (1 when a scan failed)");
  cmd->add_option("--threads", o->threads, "Worker threads per scan (default 0: all cores)")
      ->check(CLI::Range(0u, 1024u));
  cmd->footer(
      "Logs go to stderr, one line per event: each source's schedule at start, each scan's "
      "summary\n"
      "(opened, reopened, closed, exempted, ...), the next run. Next run times are kept in the "
      "store:\n"
      "a restart resumes the schedule, and a run missed while stopped runs once at start.");
  cmd->callback([=] { *exit_code = run_serve(*o); });
}

}  // namespace vigil::cli
