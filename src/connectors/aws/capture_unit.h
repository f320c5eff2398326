// One task of the capture reader: one <account>/<region>/<service> folder
// -> the assets of every catalog type of that service, plus the values of
// the account-wide settings found there (merged later into aws.account).
#pragma once

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "connectors/aws/assemble.h"
#include "connectors/aws/capture_reader.h"
#include "connectors/aws/sensitive.h"
#include "core/json_builder.h"
#include "inventory/asset.h"

namespace vigil::aws {

struct Unit {
  std::string account, region, service;
  std::filesystem::path dir;
  const SensitiveFilter* sensitive = nullptr;  // hides secrets (sensitive.h); null: none known
};

// One account setting read in one region folder.
struct SettingValue {
  size_t setting = 0;  // index into account_settings()
  std::string region;
  enum class State { Value, Absent, Failed } state = State::Value;
  JsonTree value;         // Value: an owned tree
  CollectionError error;  // Failed (part filled in by the account builder)
};

struct UnitOutput {
  std::vector<Asset> assets;
  std::vector<SettingValue> settings;
  std::vector<CollectedScope> scopes;  // every catalog type of the folder, ok or failed
  std::vector<std::string> problems;   // malformed files, failed scopes, freeze errors
  std::vector<std::string> unknown;    // "<service>/<Operation>" keys, with the file: "key\tpath"
  size_t failed_scopes = 0;
  size_t malformed_files = 0;
  size_t files = 0;
  size_t bytes = 0;
};

UnitOutput read_unit(const Unit& unit);

}  // namespace vigil::aws
