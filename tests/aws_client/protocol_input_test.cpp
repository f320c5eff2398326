// Request serialization against the AWS protocol test suites
// (../shared/conformance/aws-protocols/input/*.json). Per case: method, path,
// query (pairs compared in order per name: the order of different names is
// free), hostPrefix, listed headers, forbidden headers, and the body —
// form fields (ec2/query), parsed JSON (json/rest-json), canonical XML
// (rest-xml), raw bytes otherwise. Content-Length is the transport's job and
// is not checked. Exactly the cases of tests/aws_client/expected_failures_input.txt
// may fail (each listed with its reason); every failure is printed.
#include <pugixml.hpp>

#include <algorithm>
#include <map>

#include "aws_client/protocols/protocol.h"
#include "aws_client/protocols/wire_format.h"
#include "protocol_conformance_support.h"

namespace vigil::aws {
namespace {

using conformance::OJson;

std::string percent_decode(std::string_view s, bool plus_is_space) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size()) {
      out += static_cast<char>(std::stoi(std::string(s.substr(i + 1, 2)), nullptr, 16));
      i += 2;
    } else if (s[i] == '+' && plus_is_space) {
      out += ' ';
    } else {
      out += s[i];
    }
  }
  return out;
}

using Pairs = std::vector<std::pair<std::string, std::string>>;

Pairs split_pairs(std::string_view text, bool plus_is_space) {
  Pairs out;
  size_t start = 0;
  while (start <= text.size() && !text.empty()) {
    size_t amp = text.find('&', start);
    std::string_view part =
        text.substr(start, amp == std::string_view::npos ? std::string_view::npos : amp - start);
    if (!part.empty()) {
      size_t eq = part.find('=');
      out.emplace_back(
          percent_decode(part.substr(0, eq), plus_is_space),
          eq == std::string_view::npos ? "" : percent_decode(part.substr(eq + 1), plus_is_space));
    }
    if (amp == std::string_view::npos) break;
    start = amp + 1;
  }
  std::stable_sort(out.begin(), out.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  return out;
}

std::string show(const Pairs& pairs) {
  std::string s;
  for (const auto& [k, v] : pairs) s += k + "=" + v + " ";
  return s;
}

void canonical_xml(pugi::xml_node node, std::string& out) {
  out += "<";
  out += node.name();
  std::vector<std::string> attrs;
  for (auto a = node.first_attribute(); a; a = a.next_attribute())
    attrs.push_back(fmt::format(" {}=\"{}\"", a.name(), a.value()));
  std::sort(attrs.begin(), attrs.end());
  for (const auto& a : attrs) out += a;
  out += ">";
  for (auto c = node.first_child(); c; c = c.next_sibling()) {
    if (c.type() == pugi::node_element)
      canonical_xml(c, out);
    else if (c.type() == pugi::node_pcdata || c.type() == pugi::node_cdata)
      out += c.value();
  }
  out += "</";
  out += node.name();
  out += ">";
}

bool canonical(const std::string& text, std::string& out) {
  pugi::xml_document doc;
  if (!doc.load_string(text.c_str())) return false;
  canonical_xml(doc.document_element(), out);
  return true;
}

std::string compare_body(const std::string& protocol, const std::string& expected,
                         const std::string& actual) {
  if (protocol == "ec2" || protocol == "query") {
    Pairs e = split_pairs(expected, true), a = split_pairs(actual, true);
    return e == a ? "" : fmt::format("form fields differ: expected {} got {}", show(e), show(a));
  }
  if (expected.empty() || actual.empty())
    return expected == actual ? "" : fmt::format("body: expected '{}' got '{}'", expected, actual);
  if (protocol == "rest-xml" && expected.find('<') != std::string::npos) {
    std::string ce, ca;
    if (canonical(expected, ce) && canonical(actual, ca))
      return ce == ca ? "" : fmt::format("XML differs: expected {} got {}", ce, ca);
  }
  if (protocol == "json" || protocol == "rest-json") {
    auto e = nlohmann::json::parse(expected, nullptr, false),
         a = nlohmann::json::parse(actual, nullptr, false);
    if (!e.is_discarded() && !a.is_discarded())
      return e == a ? "" : fmt::format("JSON differs: expected {} got {}", e.dump(), a.dump());
  }
  return expected == actual ? "" : fmt::format("body: expected '{}' got '{}'", expected, actual);
}

const std::string* find_header(const HttpHeaders& headers, const std::string& name) {
  for (const auto& [k, v] : headers)
    if (strcasecmp(k.c_str(), name.c_str()) == 0) return &v;
  return nullptr;
}

std::string check_case(const OJson& suite, const OJson& test_case) {
  std::string error;
  auto model = conformance::case_model(suite, test_case, error);
  if (!model) return "model: " + error;
  const OJson& expected = test_case["serialized"];
  SerializeOptions options;
  options.idempotency_token = "00000000-0000-4000-8000-000000000000";
  Result<WireRequest> request = serialize_request(
      *model, test_case["given"]["name"].get<std::string>(), test_case["params"], options);
  if (!request.ok()) return "serialize error: " + request.error().message;
  const WireRequest& r = *request;
  if (r.method != expected["method"].get<std::string>())
    return fmt::format("method {} != {}", r.method, expected["method"].get<std::string>());
  // An endpoint with a path ("example.com/custom") prefixes the request path.
  std::string path = r.path;
  std::string host = expected.value("host", "");
  if (size_t slash = host.find('/'); slash != std::string::npos) {
    path = host.substr(slash) + path;
    host.resize(slash);
  }
  std::string want_uri = expected["uri"].get<std::string>();
  size_t wq = want_uri.find('?'), aq = path.find('?');
  if (want_uri.substr(0, wq) != path.substr(0, aq))
    return fmt::format("path {} != {}", path, want_uri);
  Pairs wq_pairs = wq == std::string::npos ? Pairs{} : split_pairs(want_uri.substr(wq + 1), false);
  Pairs aq_pairs = aq == std::string::npos ? Pairs{} : split_pairs(path.substr(aq + 1), false);
  if (wq_pairs != aq_pairs)
    return fmt::format("query: expected {} got {}", show(wq_pairs), show(aq_pairs));
  if (!host.empty() && r.host_prefix + "example.com" != host)
    return fmt::format("host: expected {} got {}example.com", host, r.host_prefix);
  if (expected.contains("headers"))
    for (const auto& [name, value] : expected["headers"].items()) {
      const std::string* got = find_header(r.headers, name);
      if (!got) return fmt::format("header {} missing", name);
      if (*got != value.get<std::string>())
        return fmt::format("header {}: expected '{}' got '{}'", name, value.get<std::string>(),
                           *got);
    }
  for (const auto& name : expected.value("forbidHeaders", OJson::array()))
    if (find_header(r.headers, name.get<std::string>()))
      return fmt::format("header {} must not be sent", name.get<std::string>());
  for (const auto& name : expected.value("requireHeaders", OJson::array()))
    if (name != "Content-Length" && !find_header(r.headers, name.get<std::string>()))
      return fmt::format("header {} required", name.get<std::string>());
  if (expected.contains("body"))
    return compare_body(model->metadata().protocol, expected["body"].get<std::string>(), r.body);
  return "";
}

TEST(ProtocolInputConformance, ExactlyTheListedCasesFail) {
  if (conformance::suite_dir().empty() || !std::filesystem::exists(conformance::suite_dir()))
    GTEST_SKIP() << "no AWS protocol suites (" << test_support::looked_for_shared_dir() << ")";
  const std::string differences = conformance::run_direction("input", check_case);
  EXPECT_EQ(differences, "") << differences;
}

// A case the suites do not cover: a random idempotency token is a v4 UUID.
TEST(ProtocolInput, FillsIdempotencyTokenWithRandomUuid) {
  OJson service = OJson::parse(
      R"({"metadata": {"protocol": "json", "apiVersion": "2020-01-01", "jsonVersion": "1.1",
    "targetPrefix": "Svc"}, "shapes": {"In": {"type": "structure", "members": {"Token": {"shape": "S",
    "idempotencyToken": true}}}, "S": {"type": "string"}}, "operations": {"Op": {"name": "Op", "input": {"shape": "In"},
    "http": {"method": "POST", "requestUri": "/"}}}})");
  auto model = ServiceModel::from_ordered_json(service, OJson(), "inline");
  ASSERT_TRUE(model.ok()) << model.error().message;
  auto request = serialize_request(**model, "Op", nlohmann::json::object());
  ASSERT_TRUE(request.ok()) << request.error().message;
  auto body = nlohmann::json::parse(request->body);
  std::string token = body["Token"];
  ASSERT_EQ(token.size(), 36u);
  EXPECT_EQ(token[14], '4');
  EXPECT_EQ(header_value(request->headers, "X-Amz-Target"), "Svc.Op");
}

TEST(ProtocolInput, WrongTypesAndUnknownMembersAreErrorsNamingThePath) {
  OJson service = OJson::parse(R"({"metadata": {"protocol": "query", "apiVersion": "2020-01-01"},
    "shapes": {"In": {"type": "structure", "required": ["Names"], "members": {"Names": {"shape": "L"}}},
    "L": {"type": "list", "member": {"shape": "S"}}, "S": {"type": "string"}},
    "operations": {"Op": {"name": "Op", "input": {"shape": "In"}, "http": {"method": "POST", "requestUri": "/"}}}})");
  auto model = ServiceModel::from_ordered_json(service, OJson(), "inline");
  ASSERT_TRUE(model.ok());
  auto wrong = serialize_request(**model, "Op", nlohmann::json{{"Names", {"a", 3}}});
  ASSERT_FALSE(wrong.ok());
  EXPECT_NE(wrong.error().message.find("Op.Names[1]"), std::string::npos) << wrong.error().message;
  auto unknown = serialize_request(**model, "Op", nlohmann::json{{"Names", {"a"}}, {"Nope", 1}});
  ASSERT_FALSE(unknown.ok());
  EXPECT_NE(unknown.error().message.find("Op.Nope"), std::string::npos) << unknown.error().message;
  auto missing = serialize_request(**model, "Op", nlohmann::json::object());
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.error().message.find("Op.Names"), std::string::npos) << missing.error().message;
  auto no_such = serialize_request(**model, "Nope", nlohmann::json::object());
  EXPECT_FALSE(no_such.ok());
}

}  // namespace
}  // namespace vigil::aws
