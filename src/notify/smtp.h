// E-mail over SMTP with libcurl: STARTTLS as configured (SmtpSettings::Tls;
// smtps:// is TLS from the start), AUTH with the username and the password
// from the environment variable named in the settings, one timeout for the
// whole delivery. Every recipient must be accepted, or nothing is sent.
//
// Failure kinds (failure.h): ServerDown (no connection, timeout, TLS error,
// an unexpected reply), AuthFailed (login refused), RecipientRefused (RCPT
// TO refused), Rejected (MAIL FROM or the message refused), BadConfig (the
// password variable is unset, STARTTLS required but not offered, no
// recipient).
#pragma once

#include "notify/channel.h"
#include "notify/settings.h"

namespace vigil::notify {

class SmtpChannel : public Channel {
 public:
  explicit SmtpChannel(SmtpSettings settings) : settings_(std::move(settings)) {}
  std::string name() const override { return "email"; }
  Status send(const Message& message) override;

 private:
  SmtpSettings settings_;
};

}  // namespace vigil::notify
