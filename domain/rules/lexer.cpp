#include "domain/rules/lexer.h"

#include <array>
#include <cctype>
#include <utility>

namespace lianban::domain::rules {
namespace {

struct Spelling {
  std::string_view text;
  TokenKind kind;
};

// Longest spellings first where one is a prefix of another ("<=" before "<").
constexpr std::array<Spelling, 39> kSymbols = {{
    {"∧", TokenKind::kAnd},          {"∨", TokenKind::kOr},
    {"¬", TokenKind::kNot},          {"∃", TokenKind::kExists},
    {"∀", TokenKind::kForall},       {"∈", TokenKind::kIn},
    {"∉", TokenKind::kNotIn},        {"≤", TokenKind::kLe},
    {"≥", TokenKind::kGe},           {"≠", TokenKind::kNe},
    {"×", TokenKind::kTimes},        {"−", TokenKind::kMinus},
    {"⌊", TokenKind::kFloorOpen},    {"⌋", TokenKind::kFloorClose},
    {"⟦", TokenKind::kIversonOpen},  {"⟧", TokenKind::kIversonClose},
    {"Σ", TokenKind::kSum},          {"&&", TokenKind::kAnd},
    {"||", TokenKind::kOr},          {"[[", TokenKind::kIversonOpen},
    {"]]", TokenKind::kIversonClose}, {"<=", TokenKind::kLe},
    {">=", TokenKind::kGe},          {"!=", TokenKind::kNe},
    {"<>", TokenKind::kNe},          {"==", TokenKind::kEq},
    {"=", TokenKind::kEq},           {"<", TokenKind::kLt},
    {">", TokenKind::kGt},           {"+", TokenKind::kPlus},
    {"-", TokenKind::kMinus},        {"*", TokenKind::kTimes},
    {"/", TokenKind::kDivide},       {"(", TokenKind::kLParen},
    {")", TokenKind::kRParen},       {"{", TokenKind::kLBrace},
    {"}", TokenKind::kRBrace},       {",", TokenKind::kComma},
    {";", TokenKind::kSemicolon},
}};

constexpr std::array<Spelling, 9> kKeywords = {{
    {"and", TokenKind::kAnd},     {"or", TokenKind::kOr},         {"not", TokenKind::kNot},
    {"exists", TokenKind::kExists}, {"forall", TokenKind::kForall}, {"in", TokenKind::kIn},
    {"if", TokenKind::kIf},       {"else", TokenKind::kElse},     {"count", TokenKind::kCount},
}};

bool IsIdentStart(char c) { return std::isalpha(static_cast<unsigned char>(c)) || c == '_'; }
bool IsIdentChar(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }
bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsUpper(char c) { return c >= 'A' && c <= 'Z'; }

Error SyntaxError(std::size_t pos, std::string what) {
  return Error::Make(ErrorCode::kInvalidArgument, "formula_syntax",
                     "at " + std::to_string(pos) + ": " + std::move(what));
}

// "MZ-01", "SV-31": upper-case letters, '-', digits.
std::size_t PolicyIdLength(std::string_view s) {
  std::size_t i = 0;
  while (i < s.size() && IsUpper(s[i])) ++i;
  if (i < 2 || i + 1 >= s.size() || s[i] != '-' || !IsDigit(s[i + 1])) return 0;
  ++i;
  while (i < s.size() && IsDigit(s[i])) ++i;
  if (i < s.size() && IsIdentChar(s[i])) return 0;
  return i;
}

Token IdentOrKeyword(std::string word, std::size_t pos) {
  for (const auto& k : kKeywords) {
    if (k.text == word) return Token{k.kind, std::move(word), pos};
  }
  return Token{TokenKind::kIdent, std::move(word), pos};
}

}  // namespace

Result<std::vector<Token>> Tokenize(std::string_view f) {
  std::vector<Token> out;
  std::size_t i = 0;
  while (i < f.size()) {
    char c = f[i];
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') { ++i; continue; }
    if (std::size_t n = PolicyIdLength(f.substr(i)); n > 0) {
      out.push_back({TokenKind::kPolicyId, std::string(f.substr(i, n)), i});
      i += n;
      continue;
    }
    // "sum_m", "sum_{m in B}": the ASCII spelling of Σ_m.
    if (f.substr(i, 4) == "sum_") {
      out.push_back({TokenKind::kSum, "sum", i});
      i += 3;
      if (i + 1 < f.size() && f[i + 1] == '{') {  // "_{": emit "_" alone
        out.push_back({TokenKind::kIdent, "_", i});
        ++i;
      }
      continue;
    }
    if (IsIdentStart(c)) {
      std::size_t start = i;
      while (i < f.size() && IsIdentChar(f[i])) ++i;
      out.push_back(IdentOrKeyword(std::string(f.substr(start, i - start)), start));
      continue;
    }
    if (IsDigit(c)) {
      std::size_t start = i;
      while (i < f.size() && IsDigit(f[i])) ++i;
      out.push_back({TokenKind::kNumber, std::string(f.substr(start, i - start)), start});
      continue;
    }
    if (c == '"' || c == '\'') {
      std::size_t end = f.find(c, i + 1);
      if (end == std::string_view::npos) return SyntaxError(i, "unterminated string");
      out.push_back({TokenKind::kString, std::string(f.substr(i + 1, end - i - 1)), i});
      i = end + 1;
      continue;
    }
    if (c == '.') { out.push_back({TokenKind::kDot, ".", i}); ++i; continue; }
    if (c == ':') { out.push_back({TokenKind::kColon, ":", i}); ++i; continue; }
    bool matched = false;
    for (const auto& s : kSymbols) {
      if (f.substr(i, s.text.size()) == s.text) {
        out.push_back({s.kind, std::string(s.text), i});
        i += s.text.size();
        matched = true;
        break;
      }
    }
    if (!matched) {
      std::size_t len = 1;
      while (i + len < f.size() && (static_cast<unsigned char>(f[i + len]) & 0xC0) == 0x80) ++len;
      return SyntaxError(i, "unknown operator or character '" + std::string(f.substr(i, len)) + "'");
    }
  }
  out.push_back({TokenKind::kEnd, "", f.size()});
  return out;
}

std::string Describe(const Token& token) {
  if (token.kind == TokenKind::kEnd) return "the end of the formula";
  if (token.kind == TokenKind::kString) return "'\"" + token.text + "\"'";
  return "'" + token.text + "'";
}

}  // namespace lianban::domain::rules
