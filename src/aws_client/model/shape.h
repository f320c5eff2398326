// Compiled botocore shapes: the service-2.json "shapes" and "operations"
// turned once, at load, into linked structs the protocol code walks without
// touching JSON (no string lookups of trait names, no copies per request).
//
// Contract:
//  - Every MemberRef::shape points into the owning ServiceModel, which
//    outlives the refs it hands out.
//  - Structure members keep the order of the model file (XML bodies are
//    written in that order).
//  - Traits follow botocore: a member reference may override its target's
//    flattened / timestampFormat / xmlNamespace; the member's own
//    locationName is its wire name (a shape-level locationName only names a
//    top-level XML element).
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace vigil::aws {

enum class ShapeType {
  Structure,
  List,
  Map,
  String,
  Integer,
  Long,
  Boolean,
  Float,
  Double,
  Timestamp,
  Blob
};

// Where a rest-* member lives in the HTTP message.
enum class Location { Body, Uri, QueryString, Header, Headers, StatusCode };

struct XmlNamespace {
  std::string uri;     // empty: none
  std::string prefix;  // empty: default namespace (xmlns="...")
};

struct Shape;

struct MemberRef {
  std::string
      name;  // member name in the model ("InstanceId"); "member"/"key"/"value" in lists/maps
  const Shape* shape = nullptr;
  Location location = Location::Body;
  std::string location_name;     // locationName when given, else empty
  std::string query_name;        // ec2 queryName, else empty
  std::string timestamp_format;  // member-level override, else empty
  XmlNamespace xml_namespace;    // member-level, else empty
  bool flattened = false;        // member-level or inherited from the shape
  bool xml_attribute = false;
  bool idempotency_token = false;
  bool host_label = false;
  bool jsonvalue = false;

  // The name on the wire: locationName, else the member name.
  const std::string& wire_name() const { return location_name.empty() ? name : location_name; }
};

struct Shape {
  std::string name;
  ShapeType type = ShapeType::String;
  std::vector<MemberRef> members;     // structure members, model order
  std::vector<std::string> required;  // structure
  std::string payload;                // structure: name of the payload member, if any
  MemberRef member;                   // list
  MemberRef key, value;               // map
  std::string location_name;          // shape-level locationName (XML root element)
  std::string timestamp_format;       // "iso8601", "rfc822", "unixTimestamp" or empty
  XmlNamespace xml_namespace;
  bool flattened = false;
  bool document = false;  // free-form JSON document
  bool is_union = false;
  bool exception = false;
  bool streaming = false;
  bool jsonvalue = false;
  bool sensitive = false;  // botocore's "sensitive" trait: a secret (connectors/aws/sensitive.h)

  const MemberRef* find_member(std::string_view member_name) const {
    for (const MemberRef& m : members)
      if (m.name == member_name) return &m;
    return nullptr;
  }
};

struct OperationDef {
  std::string name;
  std::string http_method = "POST";
  std::string request_uri = "/";
  const Shape* input = nullptr;     // null: no input
  const Shape* output = nullptr;    // null: no output
  std::string input_location_name;  // operation "input": {"locationName"} (rest-xml root element)
  XmlNamespace input_xml_namespace;
  std::string result_wrapper;      // query: <OperationResult> element name
  std::string host_prefix;         // endpoint hostPrefix, labels as {Name}
  bool checksum_required =
      false;  // httpChecksumRequired or httpChecksum.requestChecksumRequired: send Content-MD5
  bool gzip_request = false;       // requestcompression lists gzip
  std::vector<const Shape*> errors;
};

}  // namespace vigil::aws
