// See process_provider.h.
#include "aws_client/credentials/process_provider.h"

#include <sys/wait.h>

#include <cstdio>

#include <nlohmann/json.hpp>

#include "aws_client/credentials/credentials_json.h"
#include "aws_client/credentials/refreshing.h"

namespace vigil::aws {

namespace {

constexpr size_t kMaxOutput = 64 * 1024;

class ProcessProvider final : public RefreshingProvider {
 public:
  ProcessProvider(std::string command, std::string where, WallClock now)
      : RefreshingProvider(std::move(now)), command_(std::move(command)), where_(std::move(where)) {}

  std::string describe() const override { return "credential_process of " + where_; }

 protected:
  Result<Credentials> fetch() override {
    FILE* pipe = ::popen(command_.c_str(), "r");
    if (pipe == nullptr) return Error(where_ + ": cannot run credential_process");
    std::string out;
    char buffer[4096];
    bool too_long = false;
    for (size_t n; (n = std::fread(buffer, 1, sizeof buffer, pipe)) > 0;) {
      if (out.size() + n > kMaxOutput) {
        too_long = true;  // keep reading so the process is not killed by SIGPIPE mid-way
        continue;
      }
      out.append(buffer, n);
    }
    int status = ::pclose(pipe);
    if (status == -1 || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
      std::string how = status != -1 && WIFEXITED(status) ? "exited with status " + std::to_string(WEXITSTATUS(status))
                                                          : "did not exit normally";
      return Error(where_ + ": credential_process " + how + " (its messages are above)");
    }
    if (too_long) return Error(where_ + ": credential_process printed more than 64 KiB");
    nlohmann::json document = nlohmann::json::parse(out, nullptr, false);
    if (document.is_discarded() || !document.is_object())
      return Error(where_ + ": credential_process did not print a JSON object");
    auto version = document.find("Version");
    if (version == document.end() || !version->is_number_integer() || version->get<int64_t>() != 1)
      return Error(where_ + ": credential_process printed a document whose Version is not 1");
    Result<Credentials> credentials = credentials_from_json(document, "SessionToken", where_);
    if (!credentials.ok()) return credentials.error();
    credentials->source = "credential_process of " + where_;
    return credentials;
  }

 private:
  std::string command_;
  std::string where_;
};

}  // namespace

std::shared_ptr<CredentialsProvider> make_process_provider(std::string command, std::string where,
                                                           WallClock now) {
  return std::make_shared<ProcessProvider>(std::move(command), std::move(where), std::move(now));
}

}  // namespace vigil::aws
