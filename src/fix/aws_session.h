// How fixes reach AWS: the AWS client (aws_client/client.h, the one the
// collector uses) with credentials for one account, checked to be that
// account before any change is sent.
//
// Contract
//  - open() builds the client (botocore models, endpoint override) and the
//    account's credentials exactly as the collector does (aws_live/
//    accounts.h: `role` assumed in the account, else the base credentials
//    of `profile` or the standard chain), then asks STS GetCallerIdentity:
//    credentials of another account than the one asked are an Error
//    (Conflict) and nothing is sent. Unusable settings: InvalidInput;
//    STS failing: Unavailable.
//  - call() sends one ApiCall; errors are the client's AwsCallError.
#pragma once

#include <memory>
#include <string>

#include <nlohmann/json.hpp>

#include "aws_client/client.h"
#include "core/result.h"
#include "fix/action.h"

namespace vigil::fix {

// Where fixes get their AWS credentials (vigil.yaml `fixes:`, CLI options).
struct AwsAccess {
  std::string profile, role, external_id;
  std::string endpoint_url;  // every call goes there (moto in the tests)
  std::string botocore_dir;  // empty: the default botocore data folder
};

class AwsSession {
 public:
  static Result<std::unique_ptr<AwsSession>> open(const AwsAccess& access,
                                                  const std::string& account);
  aws::AwsResult<nlohmann::json> call(const ApiCall& call);

 private:
  AwsSession() = default;
  std::shared_ptr<aws::AwsClient> client_;
  std::shared_ptr<aws::CredentialsProvider> credentials_;
};

}  // namespace vigil::fix
