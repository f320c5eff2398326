// Which URLs single sign-on may use (oidc_settings.h).
#include "auth/oidc_settings.h"

namespace vigil::auth {

bool acceptable_oidc_url(std::string_view url) {
  auto host_after = [&](std::string_view scheme) -> std::string_view {
    std::string_view rest = url.substr(scheme.size());
    size_t end = rest.find_first_of("/?#");
    return rest.substr(0, end);
  };
  if (url.starts_with("https://")) {
    std::string_view authority = host_after("https://");
    return !authority.empty() && authority.find('@') == std::string_view::npos;
  }
  if (!url.starts_with("http://")) return false;
  std::string_view authority = host_after("http://");
  if (authority.starts_with("[::1]")) return authority.size() == 5 || authority[5] == ':';
  std::string_view host = authority.substr(0, authority.find(':'));
  if (host == "localhost") return true;
  if (!host.starts_with("127.")) return false;
  int dots = 0;
  for (char c : host) {
    if (c == '.')
      ++dots;
    else if (c < '0' || c > '9')
      return false;
  }
  return dots == 3;
}

}  // namespace vigil::auth
