// ReplayServer: a local AWS endpoint for tests. An httplib::Server on
// 127.0.0.1 (a free port, served from its own thread, stopped and joined in
// the destructor) that answers AWS API calls with canned responses in the
// real wire formats, so the whole client (serialize, sign, send, retry,
// parse, paginate) runs as it would against AWS.
//
// Routing: each request is identified as (service, operation):
//  - service: the signing name in the SigV4 Authorization credential scope
//    ("…/us-east-1/ec2/aws4_request"), mapped to the botocore service names
//    the test registered rules for (elb and elbv2 share a signing name: the
//    query "Version" parameter picks the model whose apiVersion matches);
//  - operation: X-Amz-Target ("TrentService.ListKeys") for json, the
//    "Action" parameter (query string or form body) for ec2/query, otherwise
//    the model's http method + requestUri template ("/{Bucket}?policy") that
//    matches the request with the most literal characters (rest-xml,
//    rest-json).
// Responses: on(service, op, {pages...}) serves the list in order and
// repeats the last; a Matcher narrows a rule to some requests (a page token,
// one account's access key, one region). fail(service, op, n, response) makes
// the next n matching requests fail first (throttle N times, then succeed).
// Every response waits Options::latency first (the "50 ms per call" of the
// performance measurement). count()/total() count requests; problems() lists
// requests that matched no rule or failed signature checks, so a test can
// assert none happened.
//
// With Options::verify_signatures, the Authorization header must have the
// SigV4 shape, and when the access key id is in Options::secrets the
// signature is recomputed with the project's signer over exactly the headers
// listed in SignedHeaders, the raw request target and the body: a request
// that curl or a proxy altered after signing is reported.
#pragma once

#include <httplib.h>
#include <sys/socket.h>

#include <atomic>
#include <chrono>
#include <ctime>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "aws_client/credentials/credentials.h"
#include "aws_client/model/service_model.h"
#include "aws_client/signing/sigv4.h"
#include "aws_client/transport/http.h"

namespace vigil::aws::replay {

// Credentials that never change: what a test hands to CallScope.
class FixedCredentials final : public CredentialsProvider {
 public:
  FixedCredentials(std::string access_key_id, std::string secret, std::string session_token = "") {
    credentials_.access_key_id = std::move(access_key_id);
    credentials_.secret_access_key = std::move(secret);
    credentials_.session_token = std::move(session_token);
    credentials_.source = "test credentials";
  }
  Result<Credentials> get() override { return credentials_; }
  std::string describe() const override { return "test credentials " + credentials_.access_key_id; }

 private:
  Credentials credentials_;
};

struct ReplayRequest {
  std::string service;    // botocore service name, e.g. "ec2"; empty when unknown
  std::string operation;  // "DescribeSecurityGroups"
  std::string region, access_key_id, signing_name;
  std::string method, target;                      // target: the raw path and query as sent
  std::multimap<std::string, std::string> params;  // query string and form body, decoded
  nlohmann::json json_body;  // parsed JSON body (json, rest-json); null otherwise
  std::string body;
  HttpHeaders headers;

  // A request parameter by name: query/form first, then a top-level member
  // of the JSON body (strings as-is, other values as JSON text). "" if absent.
  std::string param(const std::string& name) const {
    if (auto it = params.find(name); it != params.end()) return it->second;
    if (json_body.is_object() && json_body.contains(name)) {
      const auto& v = json_body[name];
      return v.is_string() ? v.get<std::string>() : v.dump();
    }
    return {};
  }
};

struct ReplayResponse {
  int status = 200;
  std::string body;
  std::string content_type = "text/xml";
  HttpHeaders headers;
};

using Matcher = std::function<bool(const ReplayRequest&)>;

// One model repository per test process for the default botocore directory:
// loading the EC2 model once instead of once per server and client.
inline std::shared_ptr<ModelRepository> shared_models() {
  static auto models = std::make_shared<ModelRepository>(kDefaultBotocoreDataDir);
  return models;
}

class ReplayServer {
 public:
  struct Options {
    std::string botocore_dir = kDefaultBotocoreDataDir;
    std::shared_ptr<ModelRepository>
        models;  // null: shared_models() (or a new one for another botocore_dir)
    std::chrono::milliseconds latency{0};
    bool verify_signatures = false;
    std::map<std::string, std::string> secrets;  // access key id -> secret, for full verification
    int threads = 128;  // server worker threads (each open keep-alive connection holds one)
  };

  ReplayServer() : ReplayServer(Options{}) {}
  explicit ReplayServer(Options options) : options_(std::move(options)) {
    models_ = options_.models ? options_.models
              : options_.botocore_dir == kDefaultBotocoreDataDir
                  ? shared_models()
                  : std::make_shared<ModelRepository>(options_.botocore_dir);
    latency_ms_ = options_.latency.count();
    int threads = options_.threads;
    server_.new_task_queue = [threads] {
      return new httplib::ThreadPool(static_cast<size_t>(threads));
    };
    server_.set_keep_alive_timeout(2);
    server_.set_keep_alive_max_count(100000);  // like AWS: many requests per connection
    server_.set_tcp_nodelay(
        true);  // else Nagle + delayed ACK add ~40 ms to responses written in two parts
    auto handler = [this](const httplib::Request& req, httplib::Response& res) {
      handle(req, res);
    };
    server_.Get(".*", handler);
    server_.Post(".*", handler);
    server_.Put(".*", handler);
    server_.Delete(".*", handler);
    server_.Patch(".*", handler);
    // httplib listens with a backlog of 5: with more simultaneous connects
    // the kernel drops SYNs and clients stall for the 1 s retransmit. Linux
    // lets listen() be called again to raise the backlog.
    server_.set_socket_options([this](socket_t sock) {
      httplib::default_socket_options(sock);
      listen_socket_ = sock;
    });
    port_ = server_.bind_to_any_port("127.0.0.1");
    if (port_ > 0) ::listen(listen_socket_, 1024);
    thread_ = std::thread([this] { server_.listen_after_bind(); });
    while (!server_.is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }

  ~ReplayServer() {
    server_.stop();
    if (thread_.joinable()) thread_.join();
  }
  ReplayServer(const ReplayServer&) = delete;
  ReplayServer& operator=(const ReplayServer&) = delete;

  int port() const { return port_; }
  std::string url() const { return fmt::format("http://127.0.0.1:{}", port_); }
  void set_latency(std::chrono::milliseconds latency) { latency_ms_ = latency.count(); }

  // Responses for (service, operation), served in order, the last repeated.
  // Rules with a Matcher are tried before rules without; otherwise the first
  // registered rule that matches wins.
  void on(const std::string& service, const std::string& operation,
          std::vector<ReplayResponse> responses, Matcher when = nullptr) {
    std::lock_guard lock(mutex_);
    services_[service];
    rules_.push_back(Rule{service, operation, std::move(when), std::move(responses), 0});
  }

  // The next `times` requests for (service, operation) [matching `when`] get
  // `failure` before any rule is consulted.
  void fail(const std::string& service, const std::string& operation, int times,
            ReplayResponse failure, Matcher when = nullptr) {
    std::lock_guard lock(mutex_);
    services_[service];
    failures_.push_back(Failure{service, operation, std::move(when), times, std::move(failure)});
  }

  // A 2xx response body in the service's wire format (content type set).
  ReplayResponse ok(const std::string& service, std::string body) {
    ReplayResponse r;
    r.body = std::move(body);
    std::string protocol = protocol_of(service);
    if (protocol == "json") {
      r.content_type = "application/x-amz-json-" + json_version_of(service);
    } else if (protocol == "rest-json") {
      r.content_type = "application/json";
    }
    r.headers.emplace_back("x-amzn-RequestId", "replay-request-id");
    return r;
  }

  // An AWS error response exactly as the service's protocol encodes it.
  ReplayResponse error(const std::string& service, int status, const std::string& code,
                       const std::string& message) {
    ReplayResponse r;
    r.status = status;
    std::string protocol = protocol_of(service);
    std::string id = "replay-request-id";
    std::string m = xml_escape(message), c = xml_escape(code);
    if (protocol == "ec2") {
      r.body = fmt::format(
          "<?xml version=\"1.0\" "
          "encoding=\"UTF-8\"?>\n<Response><Errors><Error><Code>{}</Code><Message>{}</Message>"
          "</Error></Errors><RequestID>{}</RequestID></Response>",
          c, m, id);
    } else if (protocol == "query") {
      r.body = fmt::format(
          "<ErrorResponse "
          "xmlns=\"https://{}.amazonaws.com/doc/{}/\"><Error><Type>{}</Type><Code>{}</Code>"
          "<Message>{}</Message></Error><RequestId>{}</RequestId></ErrorResponse>",
          service, api_version_of(service), status >= 500 ? "Receiver" : "Sender", c, m, id);
    } else if (protocol == "rest-xml") {
      r.body = fmt::format(
          "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>{}</Code><Message>{}</Message>"
          "<RequestId>{}</RequestId><HostId>replay</HostId></Error>",
          c, m, id);
      r.headers.emplace_back("x-amz-request-id", id);
    } else {  // json, rest-json
      r.content_type = protocol == "json" ? "application/x-amz-json-" + json_version_of(service)
                                          : "application/json";
      r.body = nlohmann::json{{"__type", code}, {"message", message}}.dump();
      r.headers.emplace_back("x-amzn-RequestId", id);
      if (protocol == "rest-json") r.headers.emplace_back("x-amzn-ErrorType", code);
    }
    return r;
  }

  size_t count(const std::string& service, const std::string& operation) const {
    std::lock_guard lock(mutex_);
    auto it = counts_.find(service + "." + operation);
    return it == counts_.end() ? 0 : it->second;
  }
  size_t total() const { return total_.load(); }
  std::vector<std::string> problems() const {
    std::lock_guard lock(mutex_);
    return problems_;
  }
  // The last requests received (up to 1000), oldest first.
  std::vector<ReplayRequest> requests() const {
    std::lock_guard lock(mutex_);
    return log_;
  }

 private:
  struct Rule {
    std::string service, operation;
    Matcher when;
    std::vector<ReplayResponse> responses;
    size_t served;
  };
  struct Failure {
    std::string service, operation;
    Matcher when;
    int remaining;
    ReplayResponse response;
  };

  static std::string xml_escape(const std::string& text) {
    std::string out;
    for (char c : text) {
      switch (c) {
        case '&':
          out += "&amp;";
          break;
        case '<':
          out += "&lt;";
          break;
        case '>':
          out += "&gt;";
          break;
        case '"':
          out += "&quot;";
          break;
        default:
          out += c;
      }
    }
    return out;
  }

  static std::string url_decode(std::string_view text) {
    std::string out;
    for (size_t i = 0; i < text.size(); ++i) {
      if (text[i] == '+') {
        out += ' ';
      } else if (text[i] == '%' && i + 2 < text.size()) {
        out += static_cast<char>(std::stoi(std::string(text.substr(i + 1, 2)), nullptr, 16));
        i += 2;
      } else {
        out += text[i];
      }
    }
    return out;
  }

  static void parse_pairs(std::string_view text, std::multimap<std::string, std::string>& out) {
    size_t pos = 0;
    while (pos <= text.size() && !text.empty()) {
      size_t amp = text.find('&', pos);
      std::string_view pair =
          text.substr(pos, amp == std::string_view::npos ? std::string_view::npos : amp - pos);
      if (!pair.empty()) {
        size_t eq = pair.find('=');
        out.emplace(url_decode(pair.substr(0, eq)),
                    eq == std::string_view::npos ? std::string() : url_decode(pair.substr(eq + 1)));
      }
      if (amp == std::string_view::npos) break;
      pos = amp + 1;
    }
  }

  std::shared_ptr<const ServiceModel> model(const std::string& service) {
    auto m = models_->service(service);
    return m.ok() ? *m : nullptr;
  }
  std::string protocol_of(const std::string& service) {
    auto m = model(service);
    return m ? m->metadata().protocol : "json";
  }
  std::string json_version_of(const std::string& service) {
    auto m = model(service);
    return m && !m->metadata().json_version.empty() ? m->metadata().json_version : "1.1";
  }
  std::string api_version_of(const std::string& service) {
    auto m = model(service);
    return m ? m->metadata().api_version : "";
  }

  // Matches a request path+query against a requestUri template; returns the
  // number of literal characters matched, or -1.
  static int match_uri(const std::string& uri_template, const std::string& path,
                       const std::multimap<std::string, std::string>& query) {
    auto split = [](std::string_view s) {
      std::vector<std::string> parts;
      size_t pos = 0;
      while (pos < s.size()) {
        size_t slash = s.find('/', pos);
        if (slash == std::string_view::npos) slash = s.size();
        if (slash > pos) parts.emplace_back(s.substr(pos, slash - pos));
        pos = slash + 1;
      }
      return parts;
    };
    size_t q = uri_template.find('?');
    auto template_parts = split(std::string_view(uri_template).substr(0, q));
    auto path_parts = split(path);
    int score = 0;
    size_t i = 0;
    for (; i < template_parts.size(); ++i) {
      const std::string& t = template_parts[i];
      if (t.size() > 2 && t.front() == '{' && t.back() == '}') {
        if (t[t.size() - 2] == '+') return i < path_parts.size() ? score : -1;  // greedy label
        if (i >= path_parts.size()) return -1;
        continue;
      }
      if (i >= path_parts.size() || path_parts[i] != t) return -1;
      score += static_cast<int>(t.size()) + 1;
    }
    if (i != path_parts.size()) return -1;
    if (q != std::string::npos) {
      std::multimap<std::string, std::string> literal;
      parse_pairs(std::string_view(uri_template).substr(q + 1), literal);
      for (const auto& [name, value] : literal) {
        auto it = query.find(name);
        if (it == query.end() || (!value.empty() && it->second != value)) return -1;
        score += static_cast<int>(name.size() + value.size()) + 1;
      }
    }
    return score + 1;
  }

  // Fills service and operation (see the header comment for the rules).
  void identify(ReplayRequest& r) {
    std::vector<std::string> candidates;
    {
      std::lock_guard lock(mutex_);
      for (const auto& entry : services_) candidates.push_back(entry.first);
    }
    std::vector<std::pair<std::string, std::shared_ptr<const ServiceModel>>> services;
    for (const auto& name : candidates) {
      auto m = model(name);
      if (!m) continue;
      std::string signing = m->metadata().signing_name.empty() ? m->metadata().endpoint_prefix
                                                               : m->metadata().signing_name;
      if (r.signing_name.empty() || signing == r.signing_name) services.emplace_back(name, m);
    }
    if (services.size() > 1 && !r.param("Version").empty()) {
      std::erase_if(services, [&](const auto& s) {
        return s.second->metadata().api_version != r.param("Version");
      });
    }
    std::string target = header_value(r.headers, "X-Amz-Target");
    std::string action = r.params.count("Action") ? r.params.find("Action")->second : "";
    std::string path = r.target.substr(0, r.target.find('?'));
    std::multimap<std::string, std::string> query;
    if (auto q = r.target.find('?'); q != std::string::npos)
      parse_pairs(r.target.substr(q + 1), query);
    if (!target.empty() || !action.empty()) {
      std::string op = !target.empty() ? target.substr(target.rfind('.') + 1) : action;
      for (const auto& [name, m] : services) {
        if (m->operation(op) != nullptr) {
          r.service = name;
          r.operation = op;
          return;
        }
      }
      return;
    }
    int best = -1;
    for (const auto& [name, m] : services) {
      for (const auto& [op, def] : m->operations()) {
        if (def.http_method != r.method) continue;
        int score = match_uri(def.request_uri, path, query);
        if (score > best) {
          best = score;
          r.service = name;
          r.operation = op;
        }
      }
    }
  }

  // Checks the SigV4 Authorization header; returns a problem or "".
  std::string check_signature(const httplib::Request& req, const ReplayRequest& r) {
    std::string auth = req.get_header_value("Authorization");
    if (!auth.starts_with("AWS4-HMAC-SHA256 Credential=")) return "no SigV4 Authorization header";
    auto signed_pos = auth.find("SignedHeaders="), sig_pos = auth.find("Signature=");
    if (signed_pos == std::string::npos || sig_pos == std::string::npos)
      return "malformed Authorization: " + auth;
    std::string signed_headers =
        auth.substr(signed_pos + 14, auth.find(',', signed_pos) - signed_pos - 14);
    std::string signature = auth.substr(sig_pos + 10);
    if (signature.size() != 64 ||
        signature.find_first_not_of("0123456789abcdef") != std::string::npos) {
      return "signature is not 64 lowercase hex digits";
    }
    if (signed_headers.find("host") == std::string::npos) return "host is not signed";
    std::string amz_date = req.get_header_value("X-Amz-Date");
    if (amz_date.size() != 16) return "missing or malformed X-Amz-Date";
    auto secret = options_.secrets.find(r.access_key_id);
    if (secret == options_.secrets.end()) return "";

    std::tm tm{};
    tm.tm_year = std::stoi(amz_date.substr(0, 4)) - 1900;
    tm.tm_mon = std::stoi(amz_date.substr(4, 2)) - 1;
    tm.tm_mday = std::stoi(amz_date.substr(6, 2));
    tm.tm_hour = std::stoi(amz_date.substr(9, 2));
    tm.tm_min = std::stoi(amz_date.substr(11, 2));
    tm.tm_sec = std::stoi(amz_date.substr(13, 2));
    auto time = std::chrono::system_clock::from_time_t(timegm(&tm));

    HttpRequest copy;
    copy.method = req.method;
    copy.url = "http://" + req.get_header_value("Host") + req.target;
    copy.body = req.body;
    std::vector<std::string> names;
    for (size_t pos = 0; pos <= signed_headers.size();) {
      size_t semi = signed_headers.find(';', pos);
      names.push_back(
          signed_headers.substr(pos, semi == std::string::npos ? std::string::npos : semi - pos));
      if (semi == std::string::npos) break;
      pos = semi + 1;
    }
    for (const auto& [name, value] : req.headers) {
      std::string lower;
      for (char c : name) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      if (lower != "host" && std::find(names.begin(), names.end(), lower) != names.end()) {
        copy.headers.emplace_back(name, value);
      }
    }
    Credentials credentials;
    credentials.access_key_id = r.access_key_id;
    credentials.secret_access_key = secret->second;
    credentials.session_token = req.get_header_value("X-Amz-Security-Token");
    auto params = SigningParams::for_service(r.signing_name, r.region, time);
    params.payload_hash = req.get_header_value("X-Amz-Content-SHA256");
    auto expected = default_signer().sign(copy, credentials, params);
    if (!expected.ok()) return "cannot recompute the signature: " + expected.error().message;
    if (expected->signature != signature) {
      return fmt::format("signature mismatch (sent {}, expected {}); canonical request:\n{}",
                         signature, expected->signature, expected->canonical_request);
    }
    return "";
  }

  void handle(const httplib::Request& req, httplib::Response& res) {
    ++total_;
    ReplayRequest r;
    r.method = req.method;
    r.target = req.target;
    r.body = req.body;
    for (const auto& [name, value] : req.headers) r.headers.emplace_back(name, value);
    if (auto q = req.target.find('?'); q != std::string::npos)
      parse_pairs(req.target.substr(q + 1), r.params);
    std::string content_type = req.get_header_value("Content-Type");
    if (content_type.starts_with("application/x-www-form-urlencoded"))
      parse_pairs(req.body, r.params);
    if (content_type.find("json") != std::string::npos && !req.body.empty()) {
      r.json_body = nlohmann::json::parse(req.body, nullptr, false);
      if (r.json_body.is_discarded()) r.json_body = nullptr;
    }
    // Credential=AKID/DATE/REGION/SERVICE/aws4_request
    std::string auth = req.get_header_value("Authorization");
    if (auto c = auth.find("Credential="); c != std::string::npos) {
      std::string scope = auth.substr(c + 11, auth.find(',', c) - c - 11);
      std::vector<std::string> parts;
      for (size_t pos = 0;;) {
        size_t slash = scope.find('/', pos);
        parts.push_back(
            scope.substr(pos, slash == std::string::npos ? std::string::npos : slash - pos));
        if (slash == std::string::npos) break;
        pos = slash + 1;
      }
      if (parts.size() == 5)
        r.access_key_id = parts[0], r.region = parts[2], r.signing_name = parts[3];
    }
    identify(r);

    std::string problem;
    if (options_.verify_signatures) problem = check_signature(req, r);
    if (latency_ms_ > 0) std::this_thread::sleep_for(std::chrono::milliseconds(latency_ms_.load()));

    ReplayResponse reply;
    bool found = false;
    {
      std::lock_guard lock(mutex_);
      if (log_.size() < 1000) log_.push_back(r);
      ++counts_[r.service + "." + r.operation];
      if (!problem.empty()) {
        problems_.push_back(fmt::format("{} {} {}: {}", r.service, r.operation, r.target, problem));
      }
      for (auto& f : failures_) {
        if (f.remaining > 0 && f.service == r.service && f.operation == r.operation &&
            (!f.when || f.when(r))) {
          --f.remaining;
          reply = f.response;
          found = true;
          break;
        }
      }
      for (int pass = 0; pass < 2 && !found; ++pass) {  // rules with a matcher first
        for (auto& rule : rules_) {
          if (rule.service != r.service || rule.operation != r.operation || rule.responses.empty())
            continue;
          if (pass == 0 ? !rule.when || !rule.when(r) : static_cast<bool>(rule.when)) continue;
          reply = rule.responses[std::min(rule.served, rule.responses.size() - 1)];
          ++rule.served;
          found = true;
          break;
        }
      }
      if (!found) {
        problems_.push_back(
            fmt::format("no replay rule for {} {} ({} {})", r.service.empty() ? "?" : r.service,
                        r.operation.empty() ? "?" : r.operation, r.method, r.target));
      }
    }
    if (!found) {
      res.status = 501;
      res.set_content("<Error><Code>NotImplemented</Code><Message>no replay rule</Message></Error>",
                      "text/xml");
      return;
    }
    res.status = reply.status;
    for (const auto& [name, value] : reply.headers) res.set_header(name.c_str(), value.c_str());
    res.set_content(reply.body, reply.content_type.c_str());
  }

  Options options_;
  std::shared_ptr<ModelRepository> models_;
  httplib::Server server_;
  std::thread thread_;
  int port_ = -1;
  socket_t listen_socket_ = -1;
  std::atomic<long> latency_ms_{0};
  std::atomic<size_t> total_{0};
  mutable std::mutex mutex_;
  std::map<std::string, int> services_;
  std::vector<Rule> rules_;
  std::vector<Failure> failures_;
  std::map<std::string, size_t> counts_;
  std::vector<std::string> problems_;
  std::vector<ReplayRequest> log_;
};

}  // namespace vigil::aws::replay
