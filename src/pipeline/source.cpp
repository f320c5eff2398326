// See source.h.
#include "pipeline/source.h"

namespace vigil::pipeline {

std::string_view to_string(SourceKind kind) {
  switch (kind) {
    case SourceKind::Capture:
      return "capture";
    case SourceKind::AwsConfig:
      return "aws-config";
    case SourceKind::Inventory:
      return "inventory";
    case SourceKind::Aws:
      return "aws";
  }
  return "inventory";
}

nlohmann::json configured_scope(const Source& s) {
  nlohmann::json scope = nlohmann::json::object();
  if (!s.name.empty()) scope["sources"] = {s.name};
  scope["kind"] = std::string(to_string(s.kind));
  if (!s.path.empty()) scope["path"] = s.path;
  if (s.kind != SourceKind::Aws) return scope;
  const aws::AccountSelection& a = s.live.accounts;
  if (!a.accounts.empty()) scope["accounts"] = a.accounts;
  if (!a.accounts_file.empty()) scope["accounts_file"] = a.accounts_file;
  if (a.org) scope["org"] = true;
  if (!s.live.regions.empty()) scope["regions"] = s.live.regions;
  if (!s.live.types.empty()) scope["types"] = s.live.types;
  return scope;
}

}  // namespace vigil::pipeline
