// A configured source (vigil.yaml) as the pipeline runs it: its settings as
// a pipeline::Source, the policies section as loader options, and one
// scheduled scan of it (pipeline::run_scan: load, assess, record).
#pragma once

#include <atomic>
#include <string>

#include "core/result.h"
#include "daemon/config.h"
#include "pipeline/run.h"
#include "policy/policy_set.h"
#include "store/store.h"

namespace vigil::daemon {

// The source's settings as the pipeline's source description (kind aws:
// the live collection request).
pipeline::Source pipeline_source(const SourceConfig& source);

// The policies section as loader options (params converted to CEL values
// as policy files convert them: cel/json_value.h value_from_json), with
// the evaluation limits of `limits`.
Result<LoadOptions> policy_load_options(const PoliciesConfig& policies, const Limits& limits);

// The run settings of a scan of `source` at `now` (what scan_source uses):
// the deployment's limits, company, weights, source names and notices.
pipeline::RunSettings run_settings(const SourceConfig& source, const Config& config,
                                   store::Time now, unsigned threads,
                                   const std::atomic<bool>* cancel = nullptr);

// "<load summary>; N evaluations, N violations, N unknown; scan 12: opened
// ..." for logs.
std::string report_line(const pipeline::RunReport& report);

// "source 'prod': <message>", the same error otherwise.
Error source_error(const SourceConfig& source, Error error);

// One scan of a configured source at time `now` (what the policies see),
// recorded in the store with the deployment's weights and source names.
// `policies` is loaded once by the caller from config.policies. Errors name
// the source ("source 'prod': ..."); a source that could not be loaded is
// recorded as a failed scan.
Result<pipeline::RunReport> scan_source(store::Store& store, const SourceConfig& source,
                                        const PolicySet& policies, const Config& config,
                                        store::Time now, unsigned threads,
                                        const std::atomic<bool>* cancel = nullptr,
                                        pipeline::Observer& observer = pipeline::no_observer());

}  // namespace vigil::daemon
