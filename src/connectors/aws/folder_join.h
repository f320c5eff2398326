// Joins of region-wide outputs into each item (catalog.h FolderJoin), e.g.
// the IAM credential report's row of each user.
//
// Contract: one FolderJoins per unit folder; each joined file is loaded and
// indexed once (through the unit's FileStore, whose documents outlive the
// join). apply() sets config.<config_name> on the asset: the entry, nothing
// (absence: no entry for the item, or an absence code), or an unavailable
// node plus an `errors` entry (file missing: NotCaptured; error file: its
// code; malformed file or index failure: the reason). Malformed files are
// not reported here: the reader reports each file once where it lists it.
#pragma once

#include <filesystem>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "connectors/aws/assemble.h"
#include "connectors/aws/capture_files.h"
#include "connectors/aws/catalog.h"

namespace vigil::aws {

class FolderJoins {
 public:
  FolderJoins(std::filesystem::path dir, FileStore& store) : dir_(std::move(dir)), store_(store) {}

  void apply(const ResourceType& type, PendingAsset& asset);

 private:
  struct Index {
    bool failed = false;
    bool absent = false;
    CollectionError error;
    std::map<std::string, JsonTree, std::less<>> entries;
  };
  const Index& index_of(const FolderJoin& join);

  std::filesystem::path dir_;
  FileStore& store_;
  std::map<std::string, Index, std::less<>> indexes_;  // by operation
};

}  // namespace vigil::aws
