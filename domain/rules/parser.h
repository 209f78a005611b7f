// Parses the formula notation of policies.md §1 (∧ ∨ ¬ ∃ ∀ ∈ ∉ ≤ ≥ ≠ × − ⌊⌋ ⟦⟧ Σ, with ASCII
// aliases) into a syntax tree. The grammar is in docs/rules-language.md.
#pragma once

#include <string_view>

#include "domain/result.h"
#include "domain/rules/ast.h"

namespace lianban::domain::rules {

// The tree of `formula`, or kInvalidArgument (reason "formula_syntax") whose message names the
// byte position and what was expected there, e.g. "at 14: expected ')' but found '∧'".
Result<SyntaxPtr> ParseFormula(std::string_view formula);

}  // namespace lianban::domain::rules
