// A source of assets: what to read or collect. The one description every
// caller hands to the pipeline (load.h): `vigil scan` builds it from its
// options, `vigil serve` from a vigil.yaml source, and the API and workers
// will build it from a request.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "connectors/aws_live/collection.h"

namespace vigil::pipeline {

enum class SourceKind { Capture, AwsConfig, Inventory, Aws };
std::string_view to_string(SourceKind kind);  // "capture", "aws-config", "inventory", "aws"

struct Source {
  SourceKind kind = SourceKind::Inventory;
  // The source's name: the scope's "sources" and the owner of what its
  // scans record (a vigil.yaml source's name; `vigil scan --source`, "cli").
  std::string name;
  std::string path;  // Capture: the folder; AwsConfig: a file or folder; Inventory: the file
  // Aws: the live collection (accounts, regions, types, endpoint...). Its
  // `cancel` and `limits` are set by load_source from its LoadSettings.
  aws::CollectionRequest live;
  // Aws: collect into this folder and keep it; empty: a temporary folder,
  // removed once read (and on every exit path: aws::TemporaryCapture).
  std::string keep_capture;
};

// What the source is configured to cover, for the scope of its scans:
// {"sources": [name], "kind", "path"} (the keys set) and, kind Aws, the
// requested "accounts", "accounts_file", "org", "regions", "types". A load
// refines it with what was actually collected (LoadedSource::scope).
nlohmann::json configured_scope(const Source& source);

}  // namespace vigil::pipeline
