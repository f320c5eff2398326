// Catalog-generated documentation and script tables (capture_doc.h).
#include "connectors/aws/capture_doc.h"

#include <fmt/format.h>

#include <cctype>

#include "connectors/aws/catalog.h"

namespace vigil::aws {

namespace {

bool upper(char c) { return std::isupper(static_cast<unsigned char>(c)) != 0; }
bool lower_or_digit(char c) { return std::islower(static_cast<unsigned char>(c)) || std::isdigit(static_cast<unsigned char>(c)); }

// "{Field}" placeholders of an ARN template as a jq string interpolation.
std::string jq_template(std::string_view tmpl) {
  std::string out = "\"";
  for (size_t i = 0; i < tmpl.size(); ++i) {
    if (tmpl[i] != '{') {
      out.push_back(tmpl[i]);
      continue;
    }
    size_t close = tmpl.find('}', i);
    std::string_view field = tmpl.substr(i + 1, close - i - 1);
    if (field == "partition" || field == "region" || field == "account")
      out += fmt::format("\\(${})", field);
    else
      out += fmt::format("\\({})", jq_filter(field));
    i = close;
  }
  return out + "\"";
}

// The items of a list output, one per jq output ("SecurityGroups" names the array).
std::string items_jq(std::string_view items) {
  std::string out = jq_filter(items);
  if (!items.ends_with("[]")) out += "[]";
  return out;
}

// As items_jq, with bare-string items wrapped as the reader does (item_list.h).
// The list output's items whose per-resource calls are made, as the collector
// picks them (collect_tasks.cpp): not another account's (owner_field: moto and
// AWS list public snapshots and AMIs), not a copy from another region
// (home_region_field: a multi-region trail in each region).
std::string items_of(const ResourceType& t) {
  std::string out = items_jq(t.items);
  if (!t.item_member.empty()) out += fmt::format(" | {{\"{}\": .}}", t.item_member);
  if (!t.owner_field.empty())
    out += fmt::format(" | select(({0} // \"\") == \"\" or {0} == $account)",
                       jq_filter(t.owner_field));
  if (!t.home_region_field.empty())
    out += fmt::format(" | select(({0} // \"\") == \"\" or {0} == $region)",
                       jq_filter(t.home_region_field));
  return out;
}

std::string join(const std::vector<std::string_view>& items, std::string_view sep) {
  std::string out;
  for (size_t i = 0; i < items.size(); ++i) out += fmt::format("{}{}", i ? sep : "", items[i]);
  return out;
}

std::string key_jq(const ResourceType& t, const PerResourceCall& c);

// A fan-out call's line: the names come from the file of the earlier call
// named by the first segment of `each` (catalog.h).
// The "not configured" codes of a call, comma-separated; "-" for none (the
// script reads tab-separated columns, and bash's `read` merges empty ones).
std::string absent_column(const std::vector<std::string_view>& codes) {
  std::string out;
  for (std::string_view code : codes)
    out += std::string(out.empty() ? "" : ",") + std::string(code);
  return out.empty() ? "-" : out;
}

std::string fanout_line(const ResourceType& t, const PerResourceCall& c) {
  std::string_view each = c.each;
  size_t dot = each.find('.');
  std::string_view source_name = each.substr(0, dot), rest = each.substr(dot + 1);
  std::string_view source;
  for (const PerResourceCall& other : t.calls)
    if (config_name_of(other) == source_name) source = other.operation;
  return fmt::format("fanout\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{} | {}\t{}\t{}\t{}\n", t.type,
                     t.service, t.global ? "global" : "regional", t.list_operation, source,
                     c.operation, cli_command(c.operation), absent_column(c.absent_codes),
                     items_of(t), key_jq(t, c), c.parameter, jq_filter(rest), c.each_parameter);
}

std::string key_jq(const ResourceType& t, const PerResourceCall& c) {
  if (c.key == "@arn")
    return t.arn_field.empty() ? jq_template(t.arn_template) : jq_filter(t.arn_field);
  return jq_filter(c.key);
}

}  // namespace

std::string cli_command(std::string_view op) {
  std::string out;
  for (size_t i = 0; i < op.size(); ++i) {
    char c = op[i];
    if (upper(c) && i > 0) {
      bool after_lower = lower_or_digit(op[i - 1]);
      bool acronym_end = upper(op[i - 1]) && i + 1 < op.size() && std::islower(static_cast<unsigned char>(op[i + 1]));
      if (after_lower || acronym_end) out.push_back('-');
    }
    out.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  }
  return out;
}

std::string jq_filter(std::string_view path) { return "." + std::string(path); }

std::string operations_markdown() {
  std::string out =
      "| Type | Folder | List call → items | Per-resource calls (`<Operation>/<key>.json`: key ← field; absence codes) |\n"
      "|---|---|---|---|\n";
  for (const ResourceType& t : resource_catalog()) {
    std::string calls;
    for (const PerResourceCall& c : t.calls) {
      if (!calls.empty()) calls += "<br>";
      if (c.fans_out())  // <Operation>/<key>/<key2>.json, one per name
        calls += fmt::format("`{}` ← `{}` × each `{}` (`<key>/<key2>.json`) → `config.{}[]`",
                             c.operation, c.key, c.each, config_name_of(c));
      else
        calls += fmt::format("`{}` ← `{}` → `config.{}`", c.operation, c.key, config_name_of(c));
      if (!c.absent_codes.empty()) calls += fmt::format(" (absent: {})", join(c.absent_codes, ", "));
    }
    for (const FolderJoin& j : t.joins) {  // region-wide files joined into each item
      if (!calls.empty()) calls += "<br>";
      calls += fmt::format("`{}.json` joined on `{}` → `config.{}`", j.operation, j.key, j.config_name);
    }
    out += fmt::format("| `{}` | `{}/{}` | `{}` → `{}` | {} |\n", t.type, t.global ? "global" : "<region>", t.service,
                       t.list_operation, t.items, calls.empty() ? "—" : calls);
  }
  out +=
      "\n| `aws.account` setting | File | Becomes | Absence codes |\n"
      "|---|---|---|---|\n";
  for (const AccountSetting& s : account_settings()) {
    std::string_view where = s.scope == SettingScope::Global ? "global" : "<region>";
    std::string name = config_name_of(s);
    std::string becomes = fmt::format("`config.{}`", name);
    if (s.scope == SettingScope::PerRegion) becomes = fmt::format("`config.{}.<region>`", name);
    if (s.scope == SettingScope::AnyRegion) becomes += " (first region that has it)";
    if (s.decode == SettingDecode::CredentialReportRoot) becomes += " ← the `<root_account>` row";
    out += fmt::format("| `{}` | `{}/{}/{}.json` | {} | {} |\n", name, where, s.service, s.operation, becomes,
                       s.absent_codes.empty() ? "—" : join(s.absent_codes, ", "));
  }
  return out;
}

std::string script_table() {
  std::string out;
  for (const ResourceType& t : resource_catalog()) {
    std::string_view scope = t.global ? "global" : "regional";
    out += fmt::format("list\t{}\t{}\t{}\t{}\t{}\t-\t{}\n", t.type, t.service, scope,
                       t.list_operation, cli_command(t.list_operation), t.list_args);
    for (const PerResourceCall& c : t.calls) {
      if (c.fans_out()) {
        out += fanout_line(t, c);
        continue;
      }
      std::string key = key_jq(t, c);
      // Arguments with {Field} placeholders are computed per item: the jq
      // filter prints "<key>\t<arguments>" and the script splits them.
      std::string_view args = c.args;
      if (args.find('{') != std::string_view::npos) {
        key = fmt::format("({}) + \"\\t\" + {}", key, jq_template(args));
        args = {};
      }
      out += fmt::format("call\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{} | {}\t{}\t{}\n", t.type, t.service,
                         scope, t.list_operation, c.operation, cli_command(c.operation),
                         absent_column(c.absent_codes), items_of(t), key, c.parameter, args);
    }
  }
  for (const AccountSetting& s : account_settings()) {
    std::string_view scope = s.scope == SettingScope::Global ? "global" : "regional";
    out +=
        fmt::format("setting\taws.account\t{}\t{}\t{}\t{}\t{}\t{}\n", s.service, scope, s.operation,
                    cli_command(s.operation), absent_column(s.absent_codes), s.args);
  }
  return out;
}

}  // namespace vigil::aws
