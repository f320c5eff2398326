// Hostile YAML through each reader of its own (issue [Hardening]): vigil.yaml,
// a framework catalogue and an accounts file each go through the one YAML
// kit (yaml/load.h), so an alias cycle, an alias bomb or runaway nesting is
// an error with its code or position, never a crash, a hang or 10^7 nodes.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "connectors/aws_live/accounts.h"
#include "daemon/config.h"
#include "policy/frameworks.h"

namespace vigil {
namespace {

namespace fs = std::filesystem;
using daemon::ConfigLoad;
using daemon::load_config_text;

// Eight lines of nested aliases: 10^8 nodes if expanded.
std::string alias_bomb(const std::string& top) {
  std::string text = "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n";
  for (int i = 1; i < 8; ++i)
    text += "a" + std::to_string(i) + ": &a" + std::to_string(i) + " [" + std::string("*a") +
            std::to_string(i - 1) + ", *a" + std::to_string(i - 1) + ", *a" +
            std::to_string(i - 1) + ", *a" + std::to_string(i - 1) + ", *a" +
            std::to_string(i - 1) + ", *a" + std::to_string(i - 1) + ", *a" +
            std::to_string(i - 1) + ", *a" + std::to_string(i - 1) + ", *a" +
            std::to_string(i - 1) + ", *a" + std::to_string(i - 1) + "]\n";
  return text + top + ": *a7\n";
}

std::string deep_nesting() { return "controls: " + std::string(100000, '[') + "\n"; }

fs::path write(const std::string& name, const std::string& text) {
  fs::path dir =
      fs::temp_directory_path() / ("vigil-hostile-yaml-readers-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  std::ofstream(dir / name, std::ios::binary) << text;
  return dir / name;
}

std::string rendered(const ConfigLoad& load) {
  std::string out;
  for (const auto& d : load.diagnostics) out += d.render() + "\n";
  return out;
}

TEST(HostileYamlReaders, VigilYamlAliasCycleBombAndNesting) {
  ConfigLoad cycle =
      load_config_text("policies: {params: {x.y: &a [*a]}}\n", "/etc/vigil/vigil.yaml");
  EXPECT_FALSE(cycle.ok());
  EXPECT_NE(rendered(cycle).find("alias"), std::string::npos) << rendered(cycle);

  ConfigLoad bomb = load_config_text(alias_bomb("sources"), "/etc/vigil/vigil.yaml");
  EXPECT_FALSE(bomb.ok());
  EXPECT_FALSE(bomb.diagnostics.empty());

  ConfigLoad deep =
      load_config_text("sources: " + std::string(100000, '[') + "\n", "/etc/vigil/vigil.yaml");
  EXPECT_FALSE(deep.ok());
}

TEST(HostileYamlReaders, FrameworkCatalogue) {
  for (const std::string& text : std::vector<std::string>{"id: x\nname: x\ncontrols: &c [*c]\n",
                                                          alias_bomb("controls"), deep_nesting()}) {
    auto loaded = load_framework_catalog(write("catalog.yaml", text).string());
    EXPECT_FALSE(loaded.ok()) << text.substr(0, 80);
    if (!loaded.ok()) {
      EXPECT_NE(loaded.error().message.find("catalog.yaml"), std::string::npos)
          << loaded.error().message;
    }
  }
}

TEST(HostileYamlReaders, AccountsFile) {
  for (const std::string& text :
       std::vector<std::string>{"accounts: &a [*a]\n", alias_bomb("accounts"),
                                "accounts: " + std::string(100000, '[') + "\n"}) {
    auto loaded = aws::read_accounts_file(write("accounts.yaml", text).string());
    EXPECT_FALSE(loaded.ok()) << text.substr(0, 80);
  }
}

}  // namespace
}  // namespace vigil
