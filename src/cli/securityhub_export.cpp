// BatchImportFindings in batches of 100 (securityhub_export.h).
#include "cli/securityhub_export.h"

#include <nlohmann/json.hpp>

#include "engine/formats/asff.h"

namespace vigil::cli {
namespace {

// One call for `batch`; its outcome added to `out`.
void send(aws::AwsClient& client, const aws::CallScope& scope, nlohmann::json& batch,
          SecurityHubImport& out) {
  const size_t n = batch.size();
  std::vector<std::string> ids;
  ids.reserve(n);
  for (const nlohmann::json& f : batch) ids.push_back(f.at("Id").get<std::string>());
  nlohmann::json params = {{"Findings", std::move(batch)}};
  batch = nlohmann::json::array();
  out.sent += n;
  ++out.calls;
  auto result = client.call(scope, "BatchImportFindings", params);
  if (const auto* error = std::get_if<aws::AwsCallError>(&result)) {
    for (std::string& id : ids) out.failed.push_back({std::move(id), error->code, error->message});
    return;
  }
  const nlohmann::json& answer = std::get<nlohmann::json>(result);
  size_t failed_before = out.failed.size();
  for (const nlohmann::json& f : answer.value("FailedFindings", nlohmann::json::array()))
    out.failed.push_back({f.value("Id", std::string()), f.value("ErrorCode", std::string()),
                          f.value("ErrorMessage", std::string())});
  size_t refused = out.failed.size() - failed_before;
  size_t success = answer.value("SuccessCount", size_t{0});
  // An answer that accounts for fewer findings than were sent: the rest
  // are not known to be imported.
  if (success + refused < n) {
    out.failed.push_back({"(" + std::to_string(n - success - refused) + " of the batch)",
                          "Unaccounted",
                          "the answer's SuccessCount and FailedFindings do not cover the batch"});
  }
  out.imported += std::min(success, n - refused);
}

}  // namespace

SecurityHubImport import_to_securityhub(aws::AwsClient& client, const aws::CallScope& scope,
                                        const formats::FindingSource& source,
                                        const formats::ReportMeta& meta) {
  SecurityHubImport out;
  formats::AsffEncoder encoder(meta);
  nlohmann::json batch = nlohmann::json::array();
  std::string text;
  for (size_t i = 0, n = source.size(); i < n; ++i) {
    text.clear();
    encoder.append(text, source.at(i));
    batch.push_back(nlohmann::json::parse(text));
    if (batch.size() == kSecurityHubBatch) send(client, scope, batch, out);
  }
  if (!batch.empty()) send(client, scope, batch, out);
  return out;
}

}  // namespace vigil::cli
