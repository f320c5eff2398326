// The RFC 5322 / MIME text of an e-mail: headers (From, To, Subject as an
// RFC 2047 encoded word when not plain ASCII, Date, Message-ID), then a
// multipart/alternative body with the text part first and the HTML part
// last (readers show the last they can), each UTF-8 in base64.
//
// Contract: every line ends with CRLF and is at most 78 characters; a CR or
// LF inside a header value (subject, address) becomes a space, so a value
// can never add a header.
#pragma once

#include <chrono>
#include <string>
#include <string_view>

#include "notify/message.h"

namespace vigil::notify {

using SystemTime = std::chrono::system_clock::time_point;

// `message_id` without angle brackets ("<key-hash>@vigil").
std::string mime_message(const Message& message, std::string_view from, SystemTime date,
                         std::string_view message_id);

}  // namespace vigil::notify
