#include "domain/rules/parser.h"

#include <utility>

#include "domain/rules/lexer.h"

namespace lianban::domain::rules {
namespace {

// Recursive descent, one function per precedence level of policies.md §1.3 (loosest first):
// conditional; ∨; ∧; ¬; comparisons and ∈/∉; + −; × /; unary −; primaries. Quantifier and
// count bodies are a full disjunction, so they extend as far right as possible.
class Parser {
 public:
  explicit Parser(std::vector<Token> tokens) : t_(std::move(tokens)) {}

  Result<SyntaxPtr> ParseAll() {
    SyntaxPtr e = Conditional();
    if (!error_.empty()) return Fail();
    if (Peek().kind != TokenKind::kEnd) {
      Expected("an operator or the end of the formula");
      return Fail();
    }
    return e;
  }

 private:
  const Token& Peek(std::size_t ahead = 0) const {
    std::size_t i = pos_ + ahead;
    return i < t_.size() ? t_[i] : t_.back();
  }
  const Token& Next() { return t_[pos_ < t_.size() - 1 ? pos_++ : pos_]; }
  bool Accept(TokenKind k) {
    if (Peek().kind != k) return false;
    ++pos_;
    return true;
  }
  void Expected(const std::string& what) {
    if (!error_.empty()) return;
    error_pos_ = Peek().position;
    error_ = "expected " + what + " but found " + Describe(Peek());
  }
  bool Expect(TokenKind k, const char* what) {
    if (Accept(k)) return true;
    Expected(what);
    return false;
  }
  Error Fail() const {
    return Error::Make(ErrorCode::kInvalidArgument, "formula_syntax",
                       "at " + std::to_string(error_pos_) + ": " + error_);
  }

  static SyntaxPtr Make(SyntaxKind kind, std::size_t pos, std::string text = {}) {
    auto s = std::make_unique<Syntax>();
    s->kind = kind;
    s->position = pos;
    s->text = std::move(text);
    return s;
  }
  static SyntaxPtr Binary(std::string op, SyntaxPtr a, SyntaxPtr b) {
    auto s = Make(SyntaxKind::kBinary, a->position, std::move(op));
    s->kids.push_back(std::move(a));
    s->kids.push_back(std::move(b));
    return s;
  }

  // value [if cond [(,|;) [else] conditional]]
  SyntaxPtr Conditional() {
    SyntaxPtr value = Or();
    if (!value || Peek().kind != TokenKind::kIf) return value;
    auto node = Make(SyntaxKind::kIf, Next().position);
    SyntaxPtr cond = Or();
    if (!cond) return nullptr;
    node->kids.push_back(std::move(value));
    node->kids.push_back(std::move(cond));
    if (Accept(TokenKind::kComma) || Accept(TokenKind::kSemicolon)) {
      Accept(TokenKind::kElse);
      SyntaxPtr rest = Conditional();
      if (!rest) return nullptr;
      node->kids.push_back(std::move(rest));
    }
    return node;
  }

  SyntaxPtr Or() {
    SyntaxPtr left = And();
    while (left && Accept(TokenKind::kOr)) {
      SyntaxPtr right = And();
      if (!right) return nullptr;
      left = Binary("or", std::move(left), std::move(right));
    }
    return left;
  }

  SyntaxPtr And() {
    SyntaxPtr left = Not();
    while (left && Accept(TokenKind::kAnd)) {
      SyntaxPtr right = Not();
      if (!right) return nullptr;
      left = Binary("and", std::move(left), std::move(right));
    }
    return left;
  }

  SyntaxPtr Not() {
    if (Peek().kind != TokenKind::kNot) return Comparison();
    auto node = Make(SyntaxKind::kUnary, Next().position, "not");
    SyntaxPtr operand = Not();
    if (!operand) return nullptr;
    node->kids.push_back(std::move(operand));
    return node;
  }

  static const char* CompareOp(TokenKind k) {
    switch (k) {
      case TokenKind::kEq: return "=";
      case TokenKind::kNe: return "≠";
      case TokenKind::kLt: return "<";
      case TokenKind::kLe: return "≤";
      case TokenKind::kGt: return ">";
      case TokenKind::kGe: return "≥";
      default: return nullptr;
    }
  }

  SyntaxPtr Comparison() {
    SyntaxPtr left = Additive();
    if (!left) return nullptr;
    bool not_in = Peek().kind == TokenKind::kNotIn ||
                  (Peek().kind == TokenKind::kNot && Peek(1).kind == TokenKind::kIn);
    if (Peek().kind == TokenKind::kIn || not_in) {
      if (Next().kind == TokenKind::kNot) Next();
      SyntaxPtr right = Additive();
      if (!right) return nullptr;
      return Binary(not_in ? "notin" : "in", std::move(left), std::move(right));
    }
    if (!CompareOp(Peek().kind)) return left;
    auto node = Make(SyntaxKind::kCompare, left->position);
    node->kids.push_back(std::move(left));
    while (const char* op = CompareOp(Peek().kind)) {
      Next();
      SyntaxPtr right = Additive();
      if (!right) return nullptr;
      node->ops.emplace_back(op);
      node->kids.push_back(std::move(right));
    }
    return node;
  }

  SyntaxPtr Additive() {
    SyntaxPtr left = Multiplicative();
    while (left && (Peek().kind == TokenKind::kPlus || Peek().kind == TokenKind::kMinus)) {
      std::string op = Next().kind == TokenKind::kPlus ? "+" : "-";
      SyntaxPtr right = Multiplicative();
      if (!right) return nullptr;
      left = Binary(op, std::move(left), std::move(right));
    }
    return left;
  }

  SyntaxPtr Multiplicative() {
    SyntaxPtr left = Unary();
    while (left && (Peek().kind == TokenKind::kTimes || Peek().kind == TokenKind::kDivide)) {
      std::string op = Next().kind == TokenKind::kTimes ? "*" : "/";
      SyntaxPtr right = Unary();
      if (!right) return nullptr;
      left = Binary(op, std::move(left), std::move(right));
    }
    return left;
  }

  SyntaxPtr Unary() {
    if (Peek().kind != TokenKind::kMinus) return Primary();
    auto node = Make(SyntaxKind::kUnary, Next().position, "neg");
    SyntaxPtr operand = Unary();
    if (!operand) return nullptr;
    node->kids.push_back(std::move(operand));
    return node;
  }

  SyntaxPtr Enclosed(const char* op, TokenKind close, const char* close_text) {
    auto node = Make(SyntaxKind::kUnary, Next().position, op);
    SyntaxPtr inner = Conditional();
    if (!inner || !Expect(close, close_text)) return nullptr;
    node->kids.push_back(std::move(inner));
    return node;
  }

  SyntaxPtr Primary() {
    const Token& tok = Peek();
    switch (tok.kind) {
      case TokenKind::kNumber: return Make(SyntaxKind::kNumber, Next().position, tok.text);
      case TokenKind::kString: return Make(SyntaxKind::kString, Next().position, tok.text);
      case TokenKind::kPolicyId: return Make(SyntaxKind::kPolicyId, Next().position, tok.text);
      case TokenKind::kIdent: return NameOrCall();
      case TokenKind::kLParen: {
        Next();
        SyntaxPtr inner = Conditional();
        if (!inner || !Expect(TokenKind::kRParen, "')'")) return nullptr;
        return inner;
      }
      case TokenKind::kFloorOpen: return Enclosed("floor", TokenKind::kFloorClose, "'⌋'");
      case TokenKind::kIversonOpen: return Enclosed("iverson", TokenKind::kIversonClose, "'⟧'");
      case TokenKind::kLBrace: return SetLiteral();
      case TokenKind::kExists:
      case TokenKind::kForall: return Quantifier();
      case TokenKind::kSum: return Sum();
      case TokenKind::kCount: return Count();
      default:
        Expected("a value, a name or '('");
        return nullptr;
    }
  }

  SyntaxPtr NameOrCall() {
    const Token& name = Next();
    if (Accept(TokenKind::kLParen)) {
      auto call = Make(SyntaxKind::kCall, name.position, name.text);
      if (Accept(TokenKind::kRParen)) return call;
      do {
        SyntaxPtr arg = Conditional();
        if (!arg) return nullptr;
        call->kids.push_back(std::move(arg));
      } while (Accept(TokenKind::kComma));
      if (!Expect(TokenKind::kRParen, "')' or ','")) return nullptr;
      return call;
    }
    if (Peek().kind != TokenKind::kDot) return Make(SyntaxKind::kName, name.position, name.text);
    auto path = Make(SyntaxKind::kPath, name.position, name.text);
    while (Accept(TokenKind::kDot)) {
      if (Peek().kind != TokenKind::kIdent) {
        Expected("a field name after '.'");
        return nullptr;
      }
      path->path.push_back(Next().text);
    }
    return path;
  }

  SyntaxPtr SetLiteral() {
    auto set = Make(SyntaxKind::kSetLiteral, Next().position);
    do {
      const Token& tok = Peek();
      SyntaxKind kind;
      if (tok.kind == TokenKind::kIdent) kind = SyntaxKind::kName;
      else if (tok.kind == TokenKind::kNumber) kind = SyntaxKind::kNumber;
      else if (tok.kind == TokenKind::kString) kind = SyntaxKind::kString;
      else {
        Expected("a set element");
        return nullptr;
      }
      set->kids.push_back(Make(kind, tok.position, tok.text));
      Next();
    } while (Accept(TokenKind::kComma));
    if (!Expect(TokenKind::kRBrace, "'}' or ','")) return nullptr;
    return set;
  }

  SyntaxPtr Quantifier() {
    const Token& q = Next();
    auto node = Make(SyntaxKind::kQuantifier, q.position,
                     q.kind == TokenKind::kExists ? "exists" : "forall");
    if (Peek().kind != TokenKind::kIdent) {
      Expected("a variable after the quantifier");
      return nullptr;
    }
    node->var = Next().text;
    if (!Expect(TokenKind::kColon, "':'")) return nullptr;
    SyntaxPtr body = Or();
    if (!body) return nullptr;
    node->kids.push_back(std::move(body));
    return node;
  }

  // Σ_m body | Σ_{m∈B} body; the body is one term (a unary expression).
  SyntaxPtr Sum() {
    auto node = Make(SyntaxKind::kSum, Next().position);
    if (Peek().kind != TokenKind::kIdent || Peek().text.empty() || Peek().text[0] != '_') {
      Expected("'_m' or '_{m∈B}' after Σ");
      return nullptr;
    }
    std::string sub = Next().text.substr(1);
    if (sub.empty()) {
      if (!Expect(TokenKind::kLBrace, "'{'")) return nullptr;
      if (Peek().kind != TokenKind::kIdent) {
        Expected("a variable");
        return nullptr;
      }
      node->var = Next().text;
      if (!Expect(TokenKind::kIn, "'∈'")) return nullptr;
      if (Peek().kind != TokenKind::kIdent || Peek().text != "B") {
        Expected("'B' (the beneficiaries)");
        return nullptr;
      }
      Next();
      if (!Expect(TokenKind::kRBrace, "'}'")) return nullptr;
      node->over_beneficiaries = true;
    } else {
      node->var = sub;
    }
    SyntaxPtr body = Unary();
    if (!body) return nullptr;
    node->kids.push_back(std::move(body));
    return node;
  }

  // count{ key : condition } over the policies P.
  SyntaxPtr Count() {
    auto node = Make(SyntaxKind::kCount, Next().position);
    node->var = "P";
    if (!Expect(TokenKind::kLBrace, "'{'")) return nullptr;
    SyntaxPtr key = Additive();
    if (!key || !Expect(TokenKind::kColon, "':'")) return nullptr;
    SyntaxPtr cond = Or();
    if (!cond || !Expect(TokenKind::kRBrace, "'}'")) return nullptr;
    node->kids.push_back(std::move(key));
    node->kids.push_back(std::move(cond));
    return node;
  }

  std::vector<Token> t_;
  std::size_t pos_ = 0;
  std::string error_;
  std::size_t error_pos_ = 0;
};

}  // namespace

Result<SyntaxPtr> ParseFormula(std::string_view formula) {
  auto tokens = Tokenize(formula);
  if (!tokens.ok()) return std::move(tokens).take_error();
  Parser parser(std::move(tokens).value());
  return parser.ParseAll();
}

}  // namespace lianban::domain::rules
