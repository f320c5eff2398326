// The `notifications:` block of vigil.yaml as data (daemon/config.h reads
// and validates it; docs/notifications.md explains every key). Secrets are
// never written in the file: they are named environment variables, read
// when a message is sent.
#pragma once

#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace vigil::notify {

using Seconds = std::chrono::seconds;

struct SmtpSettings {
  std::string url;   // "smtp://host:587" (STARTTLS per `tls`) or "smtps://host:465" (TLS at once)
  std::string from;  // the envelope and header sender
  // Whether to upgrade an smtp:// connection with STARTTLS: Off never,
  // WhenOffered when the server offers it, Required or fail.
  enum class Tls { Off, WhenOffered, Required };
  Tls tls = Tls::WhenOffered;
  std::string username;                      // AUTH (when set) with the password below
  std::string password_env;                  // environment variable holding the password
  std::chrono::milliseconds timeout{30000};  // one delivery, connect included
  // PEM file of the certificates to trust for the server's TLS (a private
  // CA, a self-signed server) instead of the system's; empty: the system's.
  std::string ca_file;
};

struct WebhookSettings {
  std::string name;  // channel "webhook:<name>"
  std::string url;
  enum class Format { Json, Slack, Teams };
  Format format = Format::Json;
  // Json: the environment variable holding the HMAC-SHA256 key (required).
  std::string secret_env;
  std::chrono::milliseconds timeout{10000};
};

// Who owns an asset (owners.h): the first tag key present with e-mail
// addresses, else the owners of the asset's groups, else the fallback.
struct OwnerRules {
  std::vector<std::string> tag_keys = {"owner", "Owner", "team-email"};
  std::map<std::string, std::vector<std::string>> group_owners;  // group -> addresses
  std::vector<std::string> fallback;
};

// Retry delays of a failed delivery: first, then x factor each time, at
// most `max`; after `max_attempts` attempts the message is abandoned (kept
// in the outbox with its last error).
struct Backoff {
  Seconds first{60};
  double factor = 2;
  Seconds max{6 * 3600};
  int max_attempts = 20;
  // The delay after `attempts` failed attempts (1, 2, ...).
  Seconds delay(int attempts) const;
};

struct Settings {
  bool enabled = false;  // a `notifications:` block is present
  std::optional<SmtpSettings> email;
  std::vector<WebhookSettings> webhooks;
  OwnerRules owners;
  // Exceptions expiring within this window are announced (once each).
  Seconds exception_expiring_within{7 * 24 * 3600};
  // Exceptions granted at most this long ago are announced (once each):
  // turning notifications on does not announce every old exception.
  Seconds exception_granted_within{24 * 3600};
  // A digest of the open violations per owner and per group with owners,
  // every period (notify/digests.h; e.g. 7 days: weekly, on Mondays); 0: none.
  Seconds digest_every{0};
  Backoff backoff;
  size_t items_per_message = 50;  // listed violations per message; the rest are counted
  std::string dashboard_url;      // linked from messages when set
};

}  // namespace vigil::notify
