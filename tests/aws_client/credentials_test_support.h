// Shared set-up for the credentials tests: the real process environment,
// isolated (ScopedEnv clears every variable the chain reads, points the
// shared files at a temp directory, disables the instance metadata so nothing
// leaves 127.0.0.1, and restores everything afterwards), real temp files, and
// a local HTTP server (httplib on 127.0.0.1, a free port, its own thread,
// stopped and joined by the destructor). FakeSsoPortal is the IAM Identity
// Center portal's GetRoleCredentials on such a server.
#pragma once

#include <httplib.h>
#include <stdlib.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

#include "aws_client/credentials/credentials_json.h"

namespace vigil::aws::testing {

class ScopedEnv {
 public:
  ScopedEnv() {
    for (const char* name : {"AWS_ACCESS_KEY_ID",
                             "AWS_SECRET_ACCESS_KEY",
                             "AWS_SESSION_TOKEN",
                             "AWS_SECURITY_TOKEN",
                             "AWS_CREDENTIAL_EXPIRATION",
                             "AWS_PROFILE",
                             "AWS_DEFAULT_PROFILE",
                             "AWS_CONFIG_FILE",
                             "AWS_SHARED_CREDENTIALS_FILE",
                             "AWS_WEB_IDENTITY_TOKEN_FILE",
                             "AWS_ROLE_ARN",
                             "AWS_ROLE_SESSION_NAME",
                             "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI",
                             "AWS_CONTAINER_CREDENTIALS_FULL_URI",
                             "AWS_CONTAINER_AUTHORIZATION_TOKEN",
                             "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE",
                             "AWS_EC2_METADATA_DISABLED",
                             "AWS_EC2_METADATA_SERVICE_ENDPOINT",
                             "AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE",
                             "AWS_ENDPOINT_URL",
                             "AWS_ENDPOINT_URL_STS",
                             "AWS_ENDPOINT_URL_SSO",
                             "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS",
                             "AWS_REGION",
                             "AWS_DEFAULT_REGION"}) {
      unset(name);
    }
    set("AWS_EC2_METADATA_DISABLED", "true");
  }
  ~ScopedEnv() {
    for (const auto& [name, value] : saved_) {
      if (value) {
        setenv(name.c_str(), value->c_str(), 1);
      } else {
        unsetenv(name.c_str());
      }
    }
  }
  ScopedEnv(const ScopedEnv&) = delete;
  ScopedEnv& operator=(const ScopedEnv&) = delete;

  void set(const std::string& name, const std::string& value) {
    save(name);
    setenv(name.c_str(), value.c_str(), 1);
  }
  void unset(const std::string& name) {
    save(name);
    unsetenv(name.c_str());
  }

 private:
  void save(const std::string& name) {
    if (saved_.count(name)) return;
    const char* value = getenv(name.c_str());
    saved_[name] = value ? std::optional<std::string>(value) : std::nullopt;
  }
  std::map<std::string, std::optional<std::string>> saved_;
};

class TempDir {
 public:
  TempDir() {
    std::string pattern =
        (std::filesystem::temp_directory_path() / "vigil-credentials-XXXXXX").string();
    path_ = mkdtemp(pattern.data());
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  std::string path(const std::string& name) const { return (path_ / name).string(); }
  std::string write(const std::string& name, const std::string& content) const {
    std::ofstream out(path(name), std::ios::binary);
    out << content;
    return path(name);
  }

 private:
  std::filesystem::path path_;
};

class LocalServer {
 public:
  explicit LocalServer(const std::function<void(httplib::Server&)>& routes) {
    routes(server_);
    port_ = server_.bind_to_any_port("127.0.0.1");
    thread_ = std::thread([this] { server_.listen_after_bind(); });
    while (!server_.is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  ~LocalServer() {
    server_.stop();
    if (thread_.joinable()) thread_.join();
  }
  LocalServer(const LocalServer&) = delete;
  LocalServer& operator=(const LocalServer&) = delete;

  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }

 private:
  httplib::Server server_;
  int port_ = 0;
  std::thread thread_;
};

// A wall clock the test moves by hand.
struct TestClock {
  std::chrono::system_clock::time_point now = std::chrono::system_clock::now();
  WallClock function() {
    return [this] { return now; };
  }
};

inline std::string in(std::chrono::seconds from_now) {
  return format_utc(std::chrono::system_clock::now() + from_now);
}

// SSO GetRoleCredentials (GET /federation/credentials?role_name=&account_id=)
// as the portal answers it: the bearer token must be `accepted_token` (else
// 401 UnauthorizedException), the role and account must be the assigned
// ones (else 403 ForbiddenException). Call n hands out keys[n] (the last
// one repeated), secret "secret-KEY", session token "session-KEY".
struct FakeSsoPortal {
  std::mutex mutex;
  std::string accepted_token = "sso-access-token";
  std::string role = "ReadOnly", account = "111122223333";
  std::vector<std::string> keys = {"ASIASSO1"};
  std::chrono::system_clock::time_point expiration =
      std::chrono::system_clock::now() + std::chrono::hours(1);
  int calls = 0;
  std::vector<std::string> tokens_seen;

  int call_count() {
    std::lock_guard lock(mutex);
    return calls;
  }
  void accept(const std::string& token) {
    std::lock_guard lock(mutex);
    accepted_token = token;
  }
  void routes(httplib::Server& server) {
    server.Get("/federation/credentials", [this](const httplib::Request& req,
                                                 httplib::Response& res) {
      std::lock_guard lock(mutex);
      int n = calls++;
      std::string token = req.get_header_value("x-amz-sso_bearer_token");
      tokens_seen.push_back(token);
      if (token != accepted_token) {
        res.status = 401;
        res.set_header("x-amzn-ErrorType",
                       "UnauthorizedException:http://internal.amazon.com/coral/"
                       "com.amazonaws.switchboard.portal/");
        res.set_content(R"({"message":"Session token not found or invalid"})", "application/json");
        return;
      }
      if (req.get_param_value("role_name") != role ||
          req.get_param_value("account_id") != account) {
        res.status = 403;
        res.set_header("x-amzn-ErrorType", "ForbiddenException");
        res.set_content(R"({"message":"No access"})", "application/json");
        return;
      }
      const std::string& key = keys[std::min<size_t>(static_cast<size_t>(n), keys.size() - 1)];
      long long ms =
          std::chrono::duration_cast<std::chrono::milliseconds>(expiration.time_since_epoch())
              .count();
      res.set_content(nlohmann::json{{"roleCredentials",
                                      {{"accessKeyId", key},
                                       {"secretAccessKey", "secret-" + key},
                                       {"sessionToken", "session-" + key},
                                       {"expiration", ms}}}}
                          .dump(),
                      "application/json");
    });
  }
};

// Writes `aws sso login`'s token cache file HOME/.aws/sso/cache/NAME.json.
inline void write_sso_token(const std::string& home, const std::string& name,
                            const std::string& access_token, const std::string& expires_at) {
  std::filesystem::path folder = std::filesystem::path(home) / ".aws" / "sso" / "cache";
  std::filesystem::create_directories(folder);
  std::ofstream out(folder / (name + ".json"), std::ios::binary);
  out << nlohmann::json{{"startUrl", "https://corp.awsapps.com/start"},
                        {"region", "us-east-1"},
                        {"accessToken", access_token},
                        {"expiresAt", expires_at}}
             .dump();
}

}  // namespace vigil::aws::testing
