// XML and HTML text output: the one escaper of Vigil's markup writers (JUnit
// reports, the HTML framework report; HTML5 reads the same references).
//
// Contract: append_xml_text(out, s) appends `s` so that it reads back as
// `s` in element content and in attribute values delimited by either quote:
// & < > " ' become entity references; tab, line feed and carriage return
// become character references (attribute-value normalisation would turn
// them into spaces otherwise). Whatever the input, the output is well-formed
// XML 1.0 text: bytes that are not well-formed UTF-8 (core/utf8.h) and the
// characters XML 1.0 forbids (C0 controls other than tab, LF, CR; U+FFFE;
// U+FFFF) are written as U+FFFD, one per byte or character. "]]>" cannot
// survive: its '>' is escaped. No CDATA sections are written.
#pragma once

#include <string>
#include <string_view>

namespace vigil {

void append_xml_text(std::string& out, std::string_view s);

}  // namespace vigil
