// The dashboard on `vigil serve`'s port: every GET that is not the API's
// answers with an embedded file of the single-page app (web/web_assets.h).
//
// Contract
// - ui_path(path): true for the paths the app owns: everything but /api
//   and /api/..., /metrics, /healthz and /readyz (and paths under them),
//   which stay the API's (an unknown one is the API's JSON 404).
// - serve_ui: a path naming an embedded file answers it; /static/... (hashed
//   names) that is not a file is a 404; any other path is index.html, so
//   deep links (/violations?status=open) load the app, which routes itself.
// - Caching: /static/ files `public, max-age=31536000, immutable`;
//   index.html and other files `no-cache`. Each answer carries its strong
//   ETag; a matching If-None-Match is a 304 without a body.
// - The gzip'd copy is sent (Content-Encoding: gzip, its own ETag) when the
//   client accepts gzip; Vary: Accept-Encoding always.
// - The UI's CSP (ui_csp) replaces the API's "load nothing" one: scripts,
//   styles, fonts and connections from the same origin only, images also
//   as data: URLs, nothing inline, no framing, no <base>, forms to self.
#pragma once

#include <httplib.h>

#include <string_view>

namespace vigil::api {

extern const char* const ui_csp;

bool ui_path(std::string_view path);

void serve_ui(const httplib::Request& req, httplib::Response& res);

}  // namespace vigil::api
