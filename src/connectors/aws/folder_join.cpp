// Folder joins (folder_join.h).
#include "connectors/aws/folder_join.h"

#include <fmt/format.h>

#include "connectors/aws/path.h"

namespace vigil::aws {

const FolderJoins::Index& FolderJoins::index_of(const FolderJoin& join) {
  auto it = indexes_.find(join.operation);
  if (it != indexes_.end()) return it->second;
  Index& index = indexes_[std::string(join.operation)];
  std::filesystem::path path = dir_ / (std::string(join.operation) + ".json");
  index.error.operation = std::string(join.operation);
  CaptureFile f = store_.load(path);
  switch (f.state) {
    case CaptureFile::State::Missing:
      index.failed = true;
      index.error.code = "NotCaptured";
      index.error.message = fmt::format("no file {}", path.string());
      return index;
    case CaptureFile::State::Malformed:
      index.failed = true;
      index.error.code = f.code;
      index.error.message = fmt::format("{}: {}", path.string(), f.message);
      return index;
    case CaptureFile::State::Error:
      for (std::string_view absent : join.absent_codes)
        if (f.code == absent) index.absent = true;
      index.failed = !index.absent;
      index.error.code = f.code;
      index.error.message = f.message;
      return index;
    case CaptureFile::State::Ok:
      break;
  }
  Result<std::vector<std::pair<std::string, JsonTree>>> entries = join.index(f.root);
  if (!entries.ok()) {
    index.failed = true;
    index.error.code = "UnexpectedShape";
    index.error.message = fmt::format("{}: {}", path.string(), entries.error().message);
    return index;
  }
  for (auto& [key, value] : *entries) index.entries.emplace(std::move(key), std::move(value));
  return index;
}

void FolderJoins::apply(const ResourceType& type, PendingAsset& asset) {
  for (const FolderJoin& join : type.joins) {
    const Index& index = index_of(join);
    if (index.absent) continue;
    asset.parts.config.expand();
    if (index.failed) {
      CollectionError e = index.error;
      e.part = "config." + std::string(join.config_name);
      asset.parts.config.set(join.config_name, JsonTree::unavailable(e.reason()));
      asset.errors.push_back(std::move(e));
      continue;
    }
    auto entry = index.entries.find(first_string(asset.parts.config, join.key));
    if (entry != index.entries.end()) asset.parts.config.set(join.config_name, entry->second);
  }
}

}  // namespace vigil::aws
