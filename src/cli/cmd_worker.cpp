// vigil worker --config vigil.yaml [--name N] [--threads N] [--until-idle]
// Takes jobs from the store's queue (daemon/jobs.h) and runs them, until
// SIGTERM or SIGINT (the job in progress is cancelled: a live collection
// stops promptly and its job fails; a recording is atomic either way). The
// store is the config's `store:` (PostgreSQL for several machines; a SQLite
// file for several processes on one), shared with the scheduling
// `vigil serve` whose vigil.yaml has `workers: enabled: true`.
#include <fmt/format.h>

#include <iostream>
#include <memory>

#include "cli/cli_util.h"
#include "cli/commands.h"
#include "cli/deployment.h"
#include "cli/signal_watch.h"
#include "core/time_text.h"
#include "daemon/worker.h"

namespace vigil::cli {
namespace {

const char* kWorkerCommand = "worker";

struct WorkerCliOptions {
  std::string config, name;
  unsigned threads = 0;
  bool until_idle = false;
};

std::atomic<daemon::Worker*> g_worker{nullptr};
std::atomic<bool> g_worker_stop{false};

void stop_working() {
  g_worker_stop = true;
  if (daemon::Worker* w = g_worker.load()) w->request_stop();
}

int run_worker(const WorkerCliOptions& o) {
  SignalWatch signals(stop_working);
  DeploymentLoad deployment = load_deployment(o.config);
  size_t errors = print_diagnostics(deployment.diagnostics);
  if (errors > 0 || !deployment.ok())
    return command_error(kWorkerCommand,
                         fmt::format("{} error{} in {} or its policies; no job was taken", errors,
                                     errors == 1 ? "" : "s", o.config));
  const daemon::Config& config = deployment.config;
  auto store = store::open_store(config.store);
  if (!store.ok())
    return command_error(kWorkerCommand, fmt::format("cannot open the store {}: {}", config.store,
                                                     store.error().message));
  auto heartbeats = store::open_store(config.store);
  if (!heartbeats.ok())
    return command_error(kWorkerCommand, fmt::format("cannot open the store {}: {}", config.store,
                                                     heartbeats.error().message));
  if (!config.workers.enabled)
    std::cerr << "vigil worker: warning: " << o.config
              << " does not enable `workers:`, so its vigil serve queues no jobs; this worker "
                 "runs only jobs queued by others\n";
  daemon::WorkerOptions options;
  options.name = o.name;
  options.threads = o.threads;
  options.until_idle = o.until_idle;
  options.log = [](const std::string& line) {
    std::cerr << vigil::format_time(std::chrono::system_clock::now()) << " vigil worker: " << line
              << std::endl;
  };
  daemon::Worker worker(config, *deployment.policies, **store, **heartbeats, options);
  g_worker.store(&worker);
  if (g_worker_stop) worker.request_stop();
  struct Unpublish {
    SignalWatch& signals;
    ~Unpublish() {
      signals.disarm();
      g_worker.store(nullptr);
    }
  } unpublish{signals};
  auto done = worker.run();
  if (!done.ok()) return command_error(kWorkerCommand, done.error().message);
  return kExitOk;
}

}  // namespace

void add_worker_command(CLI::App& app, int* exit_code) {
  auto o = std::make_shared<WorkerCliOptions>();
  auto* cmd =
      app.add_subcommand("worker",
                         "Take scan jobs from the store's queue and run them (several machines: "
                         "docs/scaling.md; stops on SIGTERM/SIGINT)");
  cmd->add_option("--config", o->config, "vigil.yaml, the same as the scheduling vigil serve's")
      ->required()
      ->check(CLI::ExistingFile);
  cmd->add_option("--name", o->name, "This worker's name in the queue (default: host:pid)");
  cmd->add_option("--threads", o->threads, "Threads per job (default 0: all cores)")
      ->check(CLI::Range(0u, 1024u));
  cmd->add_flag("--until-idle", o->until_idle, "Exit once no job is left to take");
  cmd->callback([=] { *exit_code = run_worker(*o); });
}

}  // namespace vigil::cli
