// AwsSession (aws_session.h).
#include "fix/aws_session.h"

#include <fmt/format.h>

#include "aws_client/client_impl.h"
#include "aws_client/credentials/sts.h"
#include "connectors/aws_live/accounts.h"

namespace vigil::fix {

Result<std::unique_ptr<AwsSession>> AwsSession::open(const AwsAccess& access,
                                                     const std::string& account) {
  aws::AwsClientOptions options;
  if (!access.botocore_dir.empty()) options.botocore_data_dir = access.botocore_dir;
  options.endpoint_url = access.endpoint_url;
  auto made = aws::make_aws_client(options);
  if (!made.ok()) return Error(made.error().message).with_kind(Error::Kind::InvalidInput);
  std::unique_ptr<AwsSession> session(new AwsSession());
  session->client_ = std::move(made).value();

  const std::string home = "us-east-1";
  aws::CredentialsContext context;
  context.http = aws::make_curl_http_client();
  aws::StsOptions sts;
  sts.region = home;
  sts.endpoint_url = access.endpoint_url;
  context.sts = aws::make_sts_api(session->client_, context.http, sts);
  aws::AccountSelection selection;
  selection.profile = access.profile;
  selection.role = access.role;
  selection.external_id = access.external_id;
  if (!access.role.empty()) selection.accounts = {account};
  auto targets = aws::resolve_accounts(selection, *session->client_, context, home);
  if (!targets.ok()) return Error(targets.error().message).with_kind(Error::Kind::InvalidInput);
  if (targets->size() != 1 || !(*targets)[0].credentials)
    return Error("no credentials for account " + account).with_kind(Error::Kind::InvalidInput);
  session->credentials_ = (*targets)[0].credentials;

  auto who = session->call({"sts", home, "GetCallerIdentity", nlohmann::json::object()});
  if (auto* e = std::get_if<aws::AwsCallError>(&who))
    return Error(fmt::format("STS GetCallerIdentity: {}: {}", e->code, e->message))
        .with_kind(Error::Kind::Unavailable);
  std::string got = std::get<nlohmann::json>(who).value("Account", "");
  if (got != account)
    return Error(fmt::format("the credentials are for account '{}', not {}: nothing sent", got,
                             account))
        .with_kind(Error::Kind::Conflict);
  return session;
}

aws::AwsResult<nlohmann::json> AwsSession::call(const ApiCall& call) {
  aws::CallScope scope{call.service, call.region, credentials_};
  return client_->call(scope, call.operation, call.params);
}

}  // namespace vigil::fix
