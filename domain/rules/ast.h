// The syntax tree of one formula, as written (before names are bound and types checked).
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace lianban::domain::rules {

enum class SyntaxKind : std::uint8_t {
  kNumber,      // text: digits
  kString,      // text: the quoted symbol, e.g. dibao
  kName,        // text: an identifier (parameter, definition, field, symbol, variable)
  kPath,        // text: head identifier; path: the dotted tail (`m.disability.grade`)
  kPolicyId,    // text: MZ-01
  kCall,        // text: function name; kids: arguments
  kSetLiteral,  // kids: the elements
  kUnary,       // text: "not" | "neg" | "floor" | "iverson"; kids[0]
  kBinary,      // text: "and" "or" "+" "-" "*" "/" "in" "notin"; kids[0], kids[1]
  kCompare,     // ops: a chain `a < b <= c`; kids: the operands
  kQuantifier,  // text: "exists" | "forall"; var; kids[0]: body
  kSum,         // var; over_beneficiaries; kids[0]: body
  kCount,       // var "P"; kids[0]: counted key, kids[1]: condition
  kIf,          // kids: value, condition, [else-value]
};

struct Syntax {
  SyntaxKind kind = SyntaxKind::kName;
  std::string text;
  std::vector<std::string> path;
  std::vector<std::string> ops;
  std::string var;
  bool over_beneficiaries = false;
  std::size_t position = 0;  // byte offset of the node in the formula
  std::vector<std::unique_ptr<Syntax>> kids;
};

using SyntaxPtr = std::unique_ptr<Syntax>;

}  // namespace lianban::domain::rules
