// Process memory figures from /proc/self/status (Linux), in bytes.
#pragma once

#include <cstdio>
#include <cstring>
#include <string>

namespace vigil::bench {

// The value of a "Name:   123 kB" line of /proc/self/status, in bytes; 0 if absent.
inline size_t proc_status_bytes(const char* field) {
  std::FILE* f = std::fopen("/proc/self/status", "r");
  if (!f) return 0;
  char line[256];
  size_t result = 0;
  size_t len = std::strlen(field);
  while (std::fgets(line, sizeof line, f)) {
    if (std::strncmp(line, field, len) == 0 && line[len] == ':') {
      result = std::strtoull(line + len + 1, nullptr, 10) * 1024;
      break;
    }
  }
  std::fclose(f);
  return result;
}

inline size_t rss_bytes() { return proc_status_bytes("VmRSS"); }
inline size_t peak_rss_bytes() { return proc_status_bytes("VmHWM"); }

inline std::string mib(size_t bytes) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f MiB", double(bytes) / (1024.0 * 1024.0));
  return buf;
}

}  // namespace vigil::bench
