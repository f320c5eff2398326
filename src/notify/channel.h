// A way to deliver a Message: e-mail (smtp.h) or a webhook (webhook.h).
// Contract: send() blocks for at most the channel's timeout and returns Ok
// only when the receiver accepted the message; a failure is an Error made
// by delivery_failure (failure.h), naming the server and the cause.
#pragma once

#include <string>

#include "core/result.h"
#include "notify/message.h"

namespace vigil::notify {

class Channel {
 public:
  virtual ~Channel() = default;
  // The outbox channel name: "email", "webhook:<name>".
  virtual std::string name() const = 0;
  virtual Status send(const Message& message) = 0;
};

}  // namespace vigil::notify
