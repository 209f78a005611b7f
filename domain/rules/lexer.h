// Splits a formula into tokens, mapping each Unicode operator and its ASCII alias to one kind.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "domain/result.h"

namespace lianban::domain::rules {

enum class TokenKind {
  kEnd, kNumber, kString, kIdent, kPolicyId,
  kAnd, kOr, kNot, kExists, kForall, kIn, kNotIn,
  kEq, kNe, kLt, kLe, kGt, kGe,
  kPlus, kMinus, kTimes, kDivide,
  kLParen, kRParen, kLBrace, kRBrace, kFloorOpen, kFloorClose, kIversonOpen, kIversonClose,
  kComma, kSemicolon, kColon, kDot, kSum, kIf, kElse, kCount,
};

struct Token {
  TokenKind kind = TokenKind::kEnd;
  std::string text;       // identifier, number digits, string contents, policy id
  std::size_t position = 0;
};

// The tokens of `formula` ending with kEnd, or kInvalidArgument "formula_syntax" naming the
// position of the first character that starts no token.
Result<std::vector<Token>> Tokenize(std::string_view formula);

// How a token is shown in error messages.
std::string Describe(const Token& token);

}  // namespace lianban::domain::rules
