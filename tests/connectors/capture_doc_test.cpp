// docs/capture-format.md and scripts/aws-capture.sh carry tables generated
// from the catalog; these tests fail when either drifts from what the reader
// reads. On failure the expected text is printed and written next to the
// build (capture-format-operations.md / aws-capture-table.tsv) for pasting.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "connectors/aws/capture_doc.h"
#include "connectors/aws/catalog.h"

namespace vigil::aws {
namespace {

std::string slurp(const std::string& path) {
  std::ifstream in(path);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// The text between the line holding `begin` and the line holding `end`.
std::string between(const std::string& text, const std::string& begin, const std::string& end) {
  size_t b = text.find(begin);
  if (b == std::string::npos) return "<no " + begin + " marker>";
  b = text.find('\n', b) + 1;
  size_t e = text.find(end, b);
  if (e == std::string::npos) return "<no " + end + " marker>";
  e = text.rfind('\n', e) + 1;
  return text.substr(b, e - b);
}

TEST(CaptureDoc, FormatDocumentListsEveryOperationOfTheCatalog) {
  std::string doc = slurp(VIGIL_SOURCE_DIR "/docs/capture-format.md");
  std::string expected = operations_markdown();
  std::string actual = between(doc, "<!-- BEGIN operations", "<!-- END operations");
  if (actual != expected)
    std::ofstream(VIGIL_BINARY_DIR "/capture-format-operations.md") << expected;
  EXPECT_EQ(actual, expected)
      << "docs/capture-format.md is out of date with the catalog; replace the table between "
         "the operations markers with the text above (also written to "
      << VIGIL_BINARY_DIR "/capture-format-operations.md)";
}

TEST(CaptureDoc, CaptureScriptLoopsOverTheCatalogsOperations) {
  std::string script = slurp(VIGIL_SOURCE_DIR "/scripts/aws-capture.sh");
  std::string expected = script_table();
  std::string actual = between(script, "# BEGIN CATALOG", "# END CATALOG");
  if (actual != expected) std::ofstream(VIGIL_BINARY_DIR "/aws-capture-table.tsv") << expected;
  EXPECT_EQ(actual, expected)
      << "scripts/aws-capture.sh's table is out of date with the catalog (expected text "
         "written to " VIGIL_BINARY_DIR "/aws-capture-table.tsv)";
}

TEST(CaptureDoc, CliCommandNames) {
  EXPECT_EQ(cli_command("DescribeSecurityGroups"), "describe-security-groups");
  EXPECT_EQ(cli_command("DescribeDBInstances"), "describe-db-instances");
  EXPECT_EQ(cli_command("DescribeDBSnapshotAttributes"), "describe-db-snapshot-attributes");
  EXPECT_EQ(cli_command("GetEbsEncryptionByDefault"), "get-ebs-encryption-by-default");
  EXPECT_EQ(cli_command("ListDomainNames"), "list-domain-names");
}

TEST(CaptureDoc, CatalogEntriesAreComplete) {
  for (const ResourceType& t : resource_catalog()) {
    SCOPED_TRACE(std::string(t.type));
    EXPECT_TRUE(t.type.starts_with("aws." + std::string(t.service) + ".") ||
                t.type.starts_with("aws."));
    EXPECT_FALSE(t.list_operation.empty());
    EXPECT_FALSE(t.items.empty());
    EXPECT_TRUE(!t.arn_field.empty() || !t.arn_template.empty());
    EXPECT_FALSE(t.name.empty());
    for (const PerResourceCall& c : t.calls) {
      EXPECT_FALSE(c.key.empty()) << c.operation;
      EXPECT_TRUE(c.parameter.starts_with("--"))
          << c.operation << ": the AWS CLI option for the key";
    }
    for (const Relation& r : t.relations) {
      if (!r.reverse && r.target_type.empty()) continue;
      EXPECT_NE(find_resource_type(r.target_type), nullptr) << r.name;
    }
    EXPECT_EQ(find_resource_type(t.type), &t) << "duplicate type";
  }
}

}  // namespace
}  // namespace vigil::aws
