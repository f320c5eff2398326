// check_resource_fields: field names a policy reads that its resource
// type's shape does not have, followed through lets, comprehensions,
// filter/map, optional selection, indexing and the message, each warned at
// its place in the file; nothing is warned below Any or where the shape is
// not known.
#include <gtest/gtest.h>

#include "inventory/field_shape.h"
#include "policy/field_check.h"
#include "policy_test_util.h"

namespace vigil {
namespace {

using testing::render_all;

// aws.iam.user-like: config.CredentialReport {user, access_key_2_active},
// config.Groups [{GroupName}], config.Policy (Any), tags map, config.Count.
struct Shapes {
  FieldShapes arena;
  const FieldShape* user = nullptr;
  Shapes() {
    const FieldShape* str = arena.scalar("string");
    FieldShape& row = arena.make(FieldShape::Kind::Object);
    row.members = {{"user", str}, {"access_key_2_active", str}};
    FieldShape& group = arena.make(FieldShape::Kind::Object);
    group.members = {{"GroupName", str}};
    FieldShape& config = arena.make(FieldShape::Kind::Object);
    config.members = {{"CredentialReport", &row},
                      {"Groups", arena.list_of(&group)},
                      {"ByRegion", arena.map_of(&group)},
                      {"Policy", arena.any()},
                      {"Count", arena.scalar("integer")}};
    FieldShape& asset = arena.make(FieldShape::Kind::Object);
    asset.members = {{"id", str},
                     {"name", str},
                     {"region", str},
                     {"config", &config},
                     {"tags", arena.map_of(str)}};
    user = &asset;
  }
  ShapeSource lookup() const {
    ShapeSource s;
    s.shape_of = [this](std::string_view type) { return type == "aws.iam.user" ? user : nullptr; };
    s.related_type = [](std::string_view, std::string_view relation) {
      return relation == "peers" ? "aws.iam.user" : "";
    };
    return s;
  }
};

std::vector<Diagnostic> check(const std::string& body,
                              const std::string& resource = "aws.iam.user") {
  std::string yaml =
      "id: t\ntitle: T\nresource: " + resource + "\nseverity: low\ncategory: security\n" + body;
  auto loaded = PolicySet::load_text(yaml, "t.yaml");
  EXPECT_TRUE(loaded.ok()) << render_all(loaded);
  if (!loaded.ok()) return {};
  static const Shapes shapes;
  return check_resource_fields(loaded.set.policies()[0]->policy, shapes.lookup());
}

std::string all(const std::vector<Diagnostic>& ds) {
  std::string out;
  for (const auto& d : ds) out += d.render() + "\n";
  return out;
}

TEST(FieldCheck, ATypoThroughALetIsWarnedAtItsPlaceWithASuggestion) {
  auto ds = check(
      "let:\n"
      "  row: resource.config.CredentialReport\n"
      "condition: row.access_key_2_activ == \"true\"\n");
  ASSERT_EQ(ds.size(), 1u) << all(ds);
  const Diagnostic& d = ds[0];
  EXPECT_EQ(d.level, Diagnostic::Level::Warning);
  EXPECT_EQ(d.code, "field.unknown");
  EXPECT_EQ(d.pos.file, "t.yaml");
  EXPECT_EQ(d.pos.line, 8);
  EXPECT_EQ(d.pos.column, 16);  // `condition: row.` then the name
  EXPECT_NE(d.message.find("'access_key_2_activ'"), std::string::npos) << d.message;
  EXPECT_NE(d.message.find("resource.config.CredentialReport"), std::string::npos) << d.message;
  EXPECT_EQ(d.hint, "did you mean 'access_key_2_active'?");
}

TEST(FieldCheck, KnownNamesAnyMapsAndUnknownTypesAreQuiet) {
  EXPECT_TRUE(
      check("condition: resource.config.CredentialReport.user == \"x\" && "
            "resource.config.Policy.Statement.Anything == 1 && "
            "resource.tags.Owner == \"\" && resource.config.ByRegion[\"eu\"].GroupName == \"\"\n")
          .empty());
  // No shape for the type: nothing is checked.
  EXPECT_TRUE(check("condition: resource.config.Whatever == 1\n", "custom.thing").empty());
  // params and comprehension variables over unknown ranges are not followed.
  EXPECT_TRUE(check("params:\n  n: {type: int, default: 1}\n"
                    "condition: params.n == 1 && [1].exists(x, x.y == 2)\n")
                  .empty());
}

TEST(FieldCheck, ComprehensionsFilterMapIndexOptionalsAndHasAreFollowed) {
  auto ds = check(
      "let:\n"
      "  named: resource.config.Groups.filter(g, g.GroupName != \"\")\n"
      "  names: named.map(g, g.GroupName)\n"
      "condition: >-\n"
      "  named.exists(g, g.GroupNam == \"a\") || named[0].Nme == \"b\" ||\n"
      "  resource.config.?CredentialReport.?usr.orValue(\"\") == \"c\" ||\n"
      "  has(resource.config.Grups) || resource.config.ByRegion.exists(r,\n"
      "  resource.config.ByRegion[r].GroupNme == \"\") || resource.config[\"Cont\"] == 1\n");
  std::string text = all(ds);
  for (const char* name : {"'GroupNam'", "'Nme'", "'usr'", "'Grups'", "'GroupNme'", "'Cont'"})
    EXPECT_NE(text.find(name), std::string::npos) << name << "\n" << text;
  EXPECT_EQ(ds.size(), 6u) << text;
}

TEST(FieldCheck, TernariesWithAnEmptyLiteralAndRelatedAssetsAreFollowed) {
  auto ds = check(
      "let:\n"
      "  row: 'has(resource.config.CredentialReport) ? resource.config.CredentialReport : {}'\n"
      "  row2: 'has(resource.config.CredentialReport) ? resource.config.CredentialReport : "
      "unknown(\"no row\")'\n"
      "condition: >-\n"
      "  row.?usr.orValue(\"\") == \"\" || row2.usr2 == \"\" || related(\"peers\").exists(p, "
      "p.config.Grops == 1) ||\n"
      "  related(\"other\").exists(p, p.anything == 1)\n");
  std::string text = all(ds);
  EXPECT_EQ(ds.size(), 3u) << text;
  EXPECT_NE(text.find("'usr'"), std::string::npos) << text;
  EXPECT_NE(text.find("'usr2'"), std::string::npos) << text;
  EXPECT_NE(text.find("no aws.iam.user asset has 'Grops': related(\"peers\")[].config has no such "
                      "field"),
            std::string::npos)
      << text;
}

TEST(FieldCheck, FieldsOfListsAndScalarsAndMessagePiecesAreWarned) {
  auto ds = check(
      "condition: resource.config.Groups.GroupName == \"a\" || resource.config.Count.Value > 1\n"
      "message: \"user {{ resource.nme }}\"\n");
  std::string text = all(ds);
  EXPECT_EQ(ds.size(), 3u) << text;
  EXPECT_NE(text.find("resource.config.Groups is a list: it has no field 'GroupName'"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("resource.config.Count is an integer"), std::string::npos) << text;
  EXPECT_NE(text.find("'nme'"), std::string::npos) << text;
  EXPECT_NE(text.find("did you mean 'name'?"), std::string::npos) << text;
}

}  // namespace
}  // namespace vigil
