// vigil.yaml: the `notifications:` block (docs/notifications.md).
#include <fmt/format.h>

#include <set>

#include "core/suggest.h"
#include "daemon/config_reader.h"
#include "notify/owners.h"

namespace vigil::daemon::detail {

namespace {

const std::vector<std::string> kKeys = {"email",
                                        "webhooks",
                                        "owners",
                                        "exception_expiring_within",
                                        "exception_granted_within",
                                        "digest_every",
                                        "retry",
                                        "items_per_message",
                                        "dashboard_url"};
const std::vector<std::string> kEmailKeys = {"smtp",         "from",    "tls",    "username",
                                             "password_env", "timeout", "ca_file"};
const std::vector<std::string> kWebhookKeys = {"name", "url", "format", "secret_env", "timeout"};
const std::vector<std::string> kOwnerKeys = {"tag_keys", "groups", "fallback"};
const std::vector<std::string> kRetryKeys = {"first", "max", "attempts"};

bool is_address(const std::string& s) {
  return notify::addresses_in(s) == std::vector<std::string>{s};
}

}  // namespace

bool ConfigReader::read_addresses(const YAML::Node& key, const YAML::Node& value,
                                  std::vector<std::string>& out) {
  if (!read_string_list(key, value, out)) return false;
  for (const std::string& a : out)
    if (!is_address(a)) {
      error(at(value), fmt::format("'{}' is not an e-mail address", a),
            "write addresses as name@example.com, one per list item");
      return false;
    }
  return true;
}

void ConfigReader::read_notifications(const YAML::Node& key, const YAML::Node& value,
                                      Config& config) {
  notify::Settings& n = config.notifications;
  n.enabled = true;
  for_keys(value, &key, "'notifications'", kKeys, [&](const YAML::Node& k, const YAML::Node& v) {
    const std::string& name = k.Scalar();
    if (name == "email") read_email(k, v, n);
    if (name == "webhooks") read_webhooks(k, v, n);
    if (name == "owners") {
      for_keys(v, &k, "'owners'", kOwnerKeys, [&](const YAML::Node& ok, const YAML::Node& ov) {
        std::vector<std::string> keys;
        if (ok.Scalar() == "tag_keys" && read_string_list(ok, ov, keys)) n.owners.tag_keys = keys;
        if (ok.Scalar() == "fallback") read_addresses(ok, ov, n.owners.fallback);
        if (ok.Scalar() == "groups") {
          if (!ov.IsMap()) {
            error(at(ov.IsNull() ? ok : ov), "'groups' must be a map of group name: [addresses]",
                  "write e.g.\n  groups:\n    prod: [prod-team@example.com]");
            return;
          }
          for (auto it = ov.begin(); it != ov.end(); ++it)
            read_addresses(it->first, it->second, n.owners.group_owners[it->first.Scalar()]);
        }
      });
    }
    if (name == "exception_expiring_within") read_duration(k, v, n.exception_expiring_within);
    if (name == "exception_granted_within") read_duration(k, v, n.exception_granted_within);
    if (name == "digest_every" && read_duration(k, v, n.digest_every) &&
        n.digest_every < std::chrono::hours(1))
      error(at(v), "'digest_every' must be at least 1h", "write e.g. `digest_every: 7d` (weekly)");
    if (name == "retry") {
      for_keys(v, &k, "'retry'", kRetryKeys, [&](const YAML::Node& rk, const YAML::Node& rv) {
        if (rk.Scalar() == "first") read_duration(rk, rv, n.backoff.first);
        if (rk.Scalar() == "max") read_duration(rk, rv, n.backoff.max);
        double attempts = 0;
        if (rk.Scalar() == "attempts" && read_number(rk, rv, attempts)) {
          if (attempts < 1 || attempts > 1000)
            error(at(rv), "'attempts' must be between 1 and 1000", "write e.g. `attempts: 20`");
          else
            n.backoff.max_attempts = static_cast<int>(attempts);
        }
      });
    }
    double items = 0;
    if (name == "items_per_message" && read_number(k, v, items)) {
      if (items < 1)
        error(at(v), "'items_per_message' must be at least 1",
              "write e.g. `items_per_message: 50`");
      else
        n.items_per_message = static_cast<size_t>(items);
    }
    if (name == "dashboard_url") read_string(k, v, n.dashboard_url);
  });
  if (!n.email && n.webhooks.empty())
    error(at(key), "'notifications' configures no channel",
          "add `email:` (an SMTP server) and/or `webhooks:`, or remove the block to turn "
          "notifications off");
}

void ConfigReader::read_email(const YAML::Node& key, const YAML::Node& value, notify::Settings& n) {
  notify::SmtpSettings email;
  size_t before = error_count();
  for_keys(value, &key, "'email'", kEmailKeys, [&](const YAML::Node& k, const YAML::Node& v) {
    const std::string& name = k.Scalar();
    if (name == "smtp" && read_string(k, v, email.url, false) &&
        !email.url.starts_with("smtp://") && !email.url.starts_with("smtps://"))
      error(at(v), fmt::format("'smtp' must be an smtp:// or smtps:// URL, got '{}'", email.url),
            "write e.g. `smtp: smtp://mail.example.com:587` (STARTTLS) or "
            "smtps://mail.example.com:465");
    if (name == "from" && read_string(k, v, email.from, false) && !is_address(email.from))
      error(at(v), fmt::format("'from' must be an e-mail address, got '{}'", email.from),
            "write e.g. `from: vigil@example.com`");
    if (name == "tls") {
      std::string tls;
      if (!read_string(k, v, tls, false)) return;
      if (tls == "starttls")
        email.tls = notify::SmtpSettings::Tls::WhenOffered;
      else if (tls == "required")
        email.tls = notify::SmtpSettings::Tls::Required;
      else if (tls == "off")
        email.tls = notify::SmtpSettings::Tls::Off;
      else
        error(at(v), fmt::format("'tls' must be starttls, required or off, got '{}'", tls),
              "starttls upgrades when the server offers it; required refuses to send without it");
    }
    if (name == "username") read_string(k, v, email.username, false);
    if (name == "password_env") read_string(k, v, email.password_env, false);
    if (name == "ca_file" && read_string(k, v, email.ca_file, false)) {
      email.ca_file = resolve(email.ca_file);  // relative to vigil.yaml
      if (!std::filesystem::is_regular_file(email.ca_file))
        error(at(v), fmt::format("'ca_file' {} is not a file", email.ca_file),
              "a PEM file of the CA certificates (or the self-signed certificate) to trust");
    }
    Seconds timeout{0};
    if (name == "timeout" && read_duration(k, v, timeout)) email.timeout = timeout;
  });
  if (error_count() != before) return;
  if (email.url.empty() || email.from.empty()) {
    error(
        at(key), "'email' needs 'smtp' and 'from'",
        "write e.g.\n  email:\n    smtp: smtp://mail.example.com:587\n    from: vigil@example.com");
    return;
  }
  if (!email.username.empty() && email.password_env.empty()) {
    error(at(key), "'email' has a 'username' but no 'password_env'",
          "name the environment variable that holds the password: `password_env: "
          "VIGIL_SMTP_PASSWORD`");
    return;
  }
  n.email = std::move(email);
}

void ConfigReader::read_webhooks(const YAML::Node& key, const YAML::Node& value,
                                 notify::Settings& n) {
  if (!expect_list(key, value, "name: secops\n      url: https://hooks.example.com/vigil")) return;
  std::set<std::string> names;
  for (const auto& entry : value) {
    notify::WebhookSettings hook;
    size_t before = error_count();
    std::string format = "json";
    std::optional<YAML::Node> format_node;
    for_keys(entry, nullptr, "a webhook", kWebhookKeys,
             [&](const YAML::Node& k, const YAML::Node& v) {
               const std::string& name = k.Scalar();
               if (name == "name" && read_name(k, v, hook.name, "webhook") &&
                   !names.insert(hook.name).second)
                 error(at(v), fmt::format("webhook '{}' is defined twice", hook.name),
                       "give each webhook its own name");
               if (name == "url" && read_string(k, v, hook.url, false) &&
                   !hook.url.starts_with("https://") && !hook.url.starts_with("http://"))
                 error(at(v),
                       fmt::format("'url' must be an http:// or https:// URL, got '{}'", hook.url),
                       "write e.g. `url: https://hooks.example.com/vigil`");
               if (name == "format" && read_string(k, v, format, false)) format_node = v;
               if (name == "secret_env") read_string(k, v, hook.secret_env, false);
               Seconds timeout{0};
               if (name == "timeout" && read_duration(k, v, timeout)) hook.timeout = timeout;
             });
    if (format == "json")
      hook.format = notify::WebhookSettings::Format::Json;
    else if (format == "slack")
      hook.format = notify::WebhookSettings::Format::Slack;
    else if (format == "teams")
      hook.format = notify::WebhookSettings::Format::Teams;
    else {
      std::string guess = closest(format, {"json", "slack", "teams"});
      error(at(*format_node), fmt::format("'{}' is not a webhook format", format),
            guess.empty() ? "formats are: json, slack, teams"
                          : fmt::format("did you mean '{}'?", guess));
    }
    if (error_count() != before) continue;
    if (hook.name.empty() || hook.url.empty()) {
      error(at(entry), "a webhook needs 'name' and 'url'",
            "write e.g.\n  - name: secops\n    url: https://hooks.example.com/vigil\n    "
            "secret_env: VIGIL_WEBHOOK_SECRET");
      continue;
    }
    if (hook.format == notify::WebhookSettings::Format::Json && hook.secret_env.empty()) {
      error(at(entry), fmt::format("webhook '{}' (format json) needs 'secret_env'", hook.name),
            "name the environment variable holding the HMAC key; receivers verify "
            "X-Vigil-Signature with it");
      continue;
    }
    n.webhooks.push_back(std::move(hook));
  }
}

}  // namespace vigil::daemon::detail
