// Binds names, checks types and compiles formulas into a Program (rules/program.h). Used by
// CompileCatalog once per catalog; each formula is compiled exactly once.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "domain/result.h"
#include "domain/rules/program.h"

namespace lianban::domain::rules {

// Where a formula appears, which decides what it may use.
struct Scope {
  bool member_param = false;      // `m` is bound (a member definition or a member criterion)
  bool amount = false;            // an amount formula: `a × p/q` is floored where written
  bool beneficiaries = false;     // Σ_{m∈B} is allowed (amount formulas)
  bool policy_quantifiers = false;  // ∃ P, count{…} over policies (service-item triggers)
  enum class Want { kTruth, kNumber, kAny };
  Want want = Want::kTruth;       // what the formula must be (definitions may be anything)
};

class Compiler {
 public:
  // `program` must outlive the compiler; its parameter_ids, department_ids and the policy ids
  // given here are the names formulas may use.
  Compiler(Program* program, std::vector<std::string> policy_ids,
           std::vector<std::int32_t> policy_departments);

  // Compiles `text`. Errors: kInvalidArgument "formula_syntax" (position), "unknown_symbol",
  // "type_error", with a message naming the offending name.
  Result<Formula> Compile(std::string_view text, const Scope& scope);

  // Makes a compiled definition visible to later formulas under its id.
  void AddDefinition(Definition definition);
  bool HasName(std::string_view id) const;

 private:
  Program* program_;
  std::vector<std::string> policy_ids_;
  std::vector<std::int32_t> policy_departments_;
  std::map<std::string, int, std::less<>> definitions_;
  std::map<std::string, int, std::less<>> parameters_;
  std::vector<std::uint16_t> types_;  // per node: type kind | domain << 8
};

}  // namespace lianban::domain::rules
