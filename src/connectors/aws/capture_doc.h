// Text generated from the catalog, so documentation and the capture script
// cannot drift from what the reader reads (tests/connectors/capture_doc_test
// compares them with docs/capture-format.md and scripts/aws-capture.sh).
#pragma once

#include <string>
#include <string_view>

namespace vigil::aws {

// The AWS CLI command of an operation: DescribeDBInstances -> describe-db-instances.
std::string cli_command(std::string_view operation);

// A path of catalog.h's syntax as a jq filter: "Reservations[].Instances[]" -> ".Reservations[].Instances[]".
std::string jq_filter(std::string_view path);

// Markdown tables of every type's operations and of the account settings.
std::string operations_markdown();

// The tab-separated table scripts/aws-capture.sh loops over, one line per call:
//   list     <type> <service> <regional|global> <Operation> <cli-command> - <args>
//   call     <type> <service> <regional|global> <ListOperation> <Operation> <cli-command> <absent>
//            <jq-keys> <option> <args>
//   fanout   <type> <service> <regional|global> <ListOperation> <SourceOperation> <Operation>
//            <cli-command> <absent> <jq-keys> <option> <jq-names> <name-option>
//   setting  aws.account <service> <regional|global> <Operation> <cli-command> <absent> <args>
// <type> is the asset type (aws.sqs.queue), so the script's --types selects lines as
// `vigil collect aws --types` selects calls: by asset type, by service, or aws.account.
// A fanout line (catalog.h, FAN-OUT CALLS) makes one call per key and per name
// <jq-names> reads from <SourceOperation>/<key>.json, into <Operation>/<key>/<name>.json.
// <jq-keys> reads the keys from the list output; it may use $partition, $region and $account.
// <absent>: the error codes that mean "not configured" (comma-separated; "-" for none), which
// the script does not count as failures.
std::string script_table();

}  // namespace vigil::aws
