// HTML and XML text output: the one escaper of Vigil's markup writers (the
// HTML framework report, XML reports).
//
// Contract: append_markup_text(out, s) appends `s` as character data that
// is safe both in element content and in a quoted attribute value of HTML5
// and XML 1.0: & < > " ' become &amp; &lt; &gt; &quot; &#39;; characters
// XML 1.0 forbids (C0 controls other than tab, newline and carriage return;
// U+FFFE, U+FFFF)
// and bytes that are not well-formed UTF-8 (core/utf8.h) become U+FFFD, so
// the output is always well-formed whatever the input.
#pragma once

#include <string>
#include <string_view>

namespace vigil {

void append_markup_text(std::string& out, std::string_view s);
std::string markup_text(std::string_view s);

}  // namespace vigil
