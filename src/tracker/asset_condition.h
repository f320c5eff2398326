// A CEL condition over one asset (variable `resource`, plus Vigil's
// inventory functions: related(), assets(), account(), asset()), as used by
// asset groups and sticky exceptions. Compiled once, evaluated per asset.
//
// Contract: compile() errors name the condition and the byte offset.
// matches() is true only when the condition evaluates to true; an error or a
// non-bool result is "no match" (a group or an exception never widens on
// data it could not read).
#pragma once

#include <memory>
#include <string>

#include "cel/program.h"
#include "core/result.h"
#include "inventory/inventory.h"

namespace vigil::tracker {

class AssetCondition {
 public:
  static Result<AssetCondition> compile(const std::string& text);
  bool matches(const Asset& asset, const Inventory* inventory) const;
  const std::string& text() const { return text_; }

 private:
  AssetCondition(std::string text, std::shared_ptr<const cel::Program> program)
      : text_(std::move(text)), program_(std::move(program)) {}
  std::string text_;
  std::shared_ptr<const cel::Program> program_;
};

}  // namespace vigil::tracker
