// An asset: one cloud resource as Vigil stores and evaluates it.
//
// The asset is one JSON object (see docs/assets.md):
//   id (stable; the ARN for AWS), type (e.g. "aws.s3.bucket"), account,
//   region, name, tags (map), config (the provider's API shape),
//   collected_at (RFC 3339), relationships (map: relation -> [asset ids]),
//   errors (list of {part, operation, code, message}: parts whose collection
//   failed; each `part` is a dotted path such as "config.BucketPolicy" and is
//   stored as an Unavailable node so policies reading it come out unknown).
//
// Contract: id and type are required non-empty strings; account, region,
// name default to "". The string views point into `doc` and stay valid as
// long as the Asset lives (moving an Asset keeps them valid).
#pragma once

#include <string>
#include <string_view>

#include "core/json_doc.h"
#include "core/result.h"

namespace vigil {

struct Asset {
  JsonDoc doc;  // the whole asset object
  std::string_view id;
  std::string_view type;
  std::string_view account;
  std::string_view region;
  std::string_view name;
  size_t source_bytes = 0;  // length of the JSON text it was parsed from

  // Parses and validates one asset JSON object. Error::offset points into
  // `json_text`; the message names the missing or mistyped field.
  static Result<Asset> parse(std::string_view json_text);

  // A placeholder stands for every asset of one (account, region, type)
  // whose listing failed (connectors/aws/capture_reader.h): nothing about it
  // is known, so every finding on it is unknown, whatever a condition reads.
  bool is_placeholder() const { return is_placeholder_id(id); }
  static bool is_placeholder_id(std::string_view id) { return id.starts_with(kPlaceholderPrefix); }
  // "vigil:collection-failed/<account>/<region>/<type>".
  static std::string placeholder_id(std::string_view account, std::string_view region,
                                    std::string_view type);
  static constexpr std::string_view kPlaceholderPrefix = "vigil:collection-failed/";
};

}  // namespace vigil
