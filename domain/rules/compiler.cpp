#include "domain/rules/compiler.h"

#include <algorithm>
#include <cctype>
#include <optional>
#include <utility>

#include "domain/rules/parser.h"

namespace lianban::domain::rules {

void Reads::Merge(const Reads& other) {
  fields |= other.fields;
  predicates |= other.predicates;
  policies |= other.policies;
  if (parameters.size() < other.parameters.size()) parameters.resize(other.parameters.size());
  for (std::size_t i = 0; i < other.parameters.size(); ++i) {
    if (other.parameters[i]) parameters[i] = true;
  }
  last_policy_needed = std::max(last_policy_needed, other.last_policy_needed);
}

namespace {

enum class TypeKind : std::uint8_t { kBool, kNumber, kReal, kEnum, kSet, kNull, kSymbol };

struct Type {
  TypeKind kind = TypeKind::kBool;
  Domain domain = Domain::kNone;
};

std::string TypeName(Type t) {
  switch (t.kind) {
    case TypeKind::kBool: return "a truth value";
    case TypeKind::kNumber: return "a number";
    case TypeKind::kReal: return "a number";
    case TypeKind::kEnum: return "a " + std::string(DomainName(t.domain)) + " value";
    case TypeKind::kSet: return "a set of " + std::string(DomainName(t.domain)) + " values";
    case TypeKind::kNull: return "null";
    case TypeKind::kSymbol: return "a symbol";
  }
  return "?";
}

bool IsNumeric(Type t) { return t.kind == TypeKind::kNumber || t.kind == TypeKind::kReal; }

struct Bound {
  std::int32_t node = -1;
  Type type;
};

// One compilation: binds a syntax tree into program nodes, collecting what it reads.
class Binder {
 public:
  Binder(Program* program, const std::vector<std::string>& policy_ids,
         const std::vector<std::int32_t>& policy_departments,
         const std::map<std::string, int, std::less<>>& definitions,
         const std::map<std::string, int, std::less<>>& parameters, const Scope& scope,
         std::vector<std::uint16_t>* types)
      : types_(*types), p_(program), policy_ids_(policy_ids), policy_departments_(policy_departments),
        definitions_(definitions), parameters_(parameters), scope_(scope) {
    reads_.parameters.assign(program->parameter_ids.size(), false);
    if (scope.member_param) member_var_ = "m";
  }

  Result<Formula> Run(const Syntax& root, std::string_view text) {
    Formula f;
    f.text = std::string(text);
    if (root.kind == SyntaxKind::kCompare && root.kids.size() == 2) {
      f.reports_sides = true;
      f.compare = ToCompareOp(root.ops[0]);
    }
    Bound b = scope_.want == Scope::Want::kNumber ? Numeric(root)
              : scope_.want == Scope::Want::kTruth ? Boolean(root)
                                                   : Bind(root, Domain::kNone);
    if (!error_.empty()) return Error::Make(ErrorCode::kInvalidArgument, error_reason_, error_);
    f.root = b.node;
    f.reads = reads_;
    return f;
  }

  Type TypeOf(std::int32_t node) const {
    std::uint16_t t = types_[static_cast<std::size_t>(node)];
    return Type{static_cast<TypeKind>(t & 0xFF), static_cast<Domain>(t >> 8)};
  }

 private:
  std::vector<std::uint16_t>& types_;

  static CompareOp ToCompareOp(const std::string& op) {
    if (op == "=") return CompareOp::kEq;
    if (op == "≠") return CompareOp::kNe;
    if (op == "<") return CompareOp::kLt;
    if (op == "≤") return CompareOp::kLe;
    if (op == ">") return CompareOp::kGt;
    return CompareOp::kGe;
  }

  Bound Fail(const Syntax& s, std::string reason, std::string message) {
    if (error_.empty()) {
      error_reason_ = std::move(reason);
      error_ = "at " + std::to_string(s.position) + ": " + std::move(message);
    }
    return Bound{};
  }

  Bound Emit(Op op, Type type, std::vector<std::int32_t> kids = {}, std::int32_t index = 0,
             std::uint8_t flag = 0, Value constant = Value{}) {
    Node n;
    n.op = op;
    n.flag = flag;
    n.index = index;
    n.constant = constant;
    n.count = static_cast<std::uint16_t>(kids.size());
    n.first = static_cast<std::uint32_t>(p_->kids.size());
    for (auto k : kids) p_->kids.push_back(k);
    p_->nodes.push_back(n);
    types_.resize(p_->nodes.size());
    auto id = static_cast<std::int32_t>(p_->nodes.size() - 1);
    types_[static_cast<std::size_t>(id)] = static_cast<std::uint16_t>(
        static_cast<unsigned>(type.kind) | (static_cast<unsigned>(type.domain) << 8));
    return Bound{id, type};
  }

  Bound Const(Value v, Type t) { return Emit(Op::kConst, t, {}, 0, 0, v); }

  Bound Bind(const Syntax& s, Domain expected) {
    if (!error_.empty()) return Bound{};
    switch (s.kind) {
      case SyntaxKind::kNumber: return Number(s);
      case SyntaxKind::kString: return Symbol(s, expected);
      case SyntaxKind::kName: return Name(s, expected);
      case SyntaxKind::kPath: return Path(s);
      case SyntaxKind::kPolicyId:
        return Fail(s, "type_error", "policy id " + s.text + " outside status(…)/amount_yearly(…)");
      case SyntaxKind::kCall: return Call(s);
      case SyntaxKind::kSetLiteral:
        return Fail(s, "type_error", "a set literal may only follow ∈ or ∉");
      case SyntaxKind::kUnary: return Unary(s);
      case SyntaxKind::kBinary: return Binary(s);
      case SyntaxKind::kCompare: return Compare(s);
      case SyntaxKind::kQuantifier: return Quantifier(s);
      case SyntaxKind::kSum: return Sum(s);
      case SyntaxKind::kCount: return Count(s);
      case SyntaxKind::kIf: return If(s);
    }
    return Fail(s, "type_error", "unsupported expression");
  }

  Bound Number(const Syntax& s) {
    if (s.text.size() > 15) return Fail(s, "type_error", "number too large: " + s.text);
    return Const(Value::Int(std::stoll(s.text)), {TypeKind::kNumber});
  }

  Bound Symbol(const Syntax& s, Domain expected) {
    if (expected == Domain::kNone) {
      return Fail(s, "unknown_symbol", "symbol '" + s.text + "' has no type here");
    }
    std::optional<std::int64_t> index;
    if (expected == Domain::kDepartment) {
      auto& ids = p_->department_ids;
      auto it = std::find(ids.begin(), ids.end(), s.text);
      if (it != ids.end()) index = it - ids.begin();
    } else {
      index = SymbolIndex(expected, s.text);
    }
    if (!index) {
      return Fail(s, "unknown_symbol",
                  "'" + s.text + "' is not a " + std::string(DomainName(expected)) + " value");
    }
    auto d = static_cast<std::uint8_t>(expected);
    return Const(Value::Enum(d, *index), {TypeKind::kEnum, expected});
  }

  Bound Name(const Syntax& s, Domain expected) {
    const std::string& n = s.text;
    if (expected != Domain::kNone) {
      bool is_symbol = expected == Domain::kDepartment
                           ? std::find(p_->department_ids.begin(), p_->department_ids.end(), n) !=
                                 p_->department_ids.end()
                           : SymbolIndex(expected, n).has_value();
      if (is_symbol) return Symbol(s, expected);
    }
    if (n == member_var_ || n == policy_var_) {
      return Fail(s, "type_error", "variable '" + n + "' used as a value");
    }
    if (n == "null") return Const(Value::Null(), {TypeKind::kNull});
    if (n == "true" || n == "false") return Const(Value::Bool(n == "true"), {TypeKind::kBool});
    if (n == "size") return Emit(Op::kSize, {TypeKind::kNumber});
    if (n == "hukou") return Emit(Op::kHukou, {TypeKind::kEnum, Domain::kHukou});
    if (n == "statuses") return Emit(Op::kStatuses, {TypeKind::kSet, Domain::kStatus});
    if (auto it = definitions_.find(n); it != definitions_.end()) {
      const Definition& d = p_->definitions[static_cast<std::size_t>(it->second)];
      if (d.member) return Fail(s, "type_error", "'" + n + "' needs a member: write " + n + "(m)");
      return DefinitionRef(it->second);
    }
    if (auto it = parameters_.find(n); it != parameters_.end()) {
      reads_.parameters[static_cast<std::size_t>(it->second)] = true;
      return Emit(Op::kParam, {TypeKind::kNumber}, {}, it->second);
    }
    return Fail(s, "unknown_symbol", "unknown symbol '" + n + "'");
  }

  Bound DefinitionRef(int index, std::vector<std::int32_t> kids = {}) {
    const Definition& d = p_->definitions[static_cast<std::size_t>(index)];
    if (d.recognition) {
      reads_.predicates |= std::uint64_t{1} << index;
      reads_.last_policy_needed =
          std::max(reads_.last_policy_needed, d.formula.reads.last_policy_needed);
      Reads params_only;
      params_only.parameters = d.formula.reads.parameters;
      reads_.Merge(params_only);
    } else {
      reads_.Merge(d.formula.reads);
    }
    Type t = TypeOf(d.formula.root);
    // A derived fact that is just a field (`grade(m) := m.disability.grade`) is read directly:
    // caching it would cost more than reading it.
    if (!d.recognition && IsLeaf(p_->nodes[static_cast<std::size_t>(d.formula.root)].op)) {
      return Bound{d.formula.root, t};
    }
    return Emit(Op::kDefinition, t, std::move(kids), index);
  }

  static bool IsLeaf(Op op) {
    switch (op) {
      case Op::kConst:
      case Op::kParam:
      case Op::kSize:
      case Op::kHukou:
      case Op::kStatuses:
      case Op::kOptField:
      case Op::kMemberField:
      case Op::kAge:
      case Op::kFemale: return true;
      default: return false;
    }
  }

  Bound Path(const Syntax& s) {
    std::string tail;
    for (const auto& part : s.path) tail += (tail.empty() ? "" : ".") + part;
    if (!member_var_.empty() && s.text == member_var_) {
      auto f = FindMemberField(tail);
      if (!f) return Fail(s, "unknown_symbol", "unknown member field '" + tail + "'");
      return Emit(Op::kMemberField, MemberFieldType(*f), {}, static_cast<std::int32_t>(*f));
    }
    if (s.path.size() == 1) {
      if (auto f = FindOptionalField(s.text, s.path[0])) {
        reads_.fields |= std::uint32_t{1} << static_cast<int>(*f);
        Type t{TypeKind::kNumber};
        switch (*f) {
          case OptionalField::kAssetsBusiness:
          case OptionalField::kEventsDisaster:
          case OptionalField::kEventsHouseCollapsed:
          case OptionalField::kEventsSuddenHardship:
          case OptionalField::kHousingDangerousHouse:
          case OptionalField::kHousingOwnsHome:
          case OptionalField::kHousingRenting: t = {TypeKind::kBool}; break;
          case OptionalField::kHousingPerCapitaAreaM2: t = {TypeKind::kReal}; break;
          default: break;
        }
        return Emit(Op::kOptField, t, {}, static_cast<std::int32_t>(*f));
      }
    }
    return Fail(s, "unknown_symbol", "unknown field '" + s.text + "." + tail + "'");
  }

  static Type MemberFieldType(MemberField f) {
    switch (f) {
      case MemberField::kMonthlyIncomeFen:
      case MemberField::kUnemployedMonths:
      case MemberField::kDisability:
      case MemberField::kDisabilityGrade: return {TypeKind::kNumber};
      case MemberField::kEmployment: return {TypeKind::kEnum, Domain::kEmployment};
      case MemberField::kDisabilityCategory: return {TypeKind::kEnum, Domain::kCategory};
      case MemberField::kSelfCare: return {TypeKind::kEnum, Domain::kSelfCare};
      case MemberField::kEducationStage: return {TypeKind::kEnum, Domain::kEducation};
      default: return {TypeKind::kBool};
    }
  }

  bool IsMemberArg(const Syntax& s) const {
    return s.kind == SyntaxKind::kName && !member_var_.empty() && s.text == member_var_;
  }

  Bound Call(const Syntax& s) {
    const std::string& f = s.text;
    if (f == "age" || f == "female") {
      if (s.kids.size() != 1 || !IsMemberArg(*s.kids[0])) {
        return Fail(s, "type_error", f + "(…) takes the member variable in scope");
      }
      return f == "age" ? Emit(Op::kAge, {TypeKind::kNumber}) : Emit(Op::kFemale, {TypeKind::kBool});
    }
    if (f == "min" || f == "max") return MinMax(s);
    if (f == "floor") {
      if (s.kids.size() != 1) return Fail(s, "type_error", "floor(…) takes one argument");
      Bound a = Numeric(*s.kids[0]);
      return Emit(Op::kFloor, {TypeKind::kNumber}, {a.node});
    }
    if (f == "status" || f == "amount_yearly" || f == "paid" || f == "dept") return PolicyRef(s);
    auto it = definitions_.find(f);
    if (it == definitions_.end()) return Fail(s, "unknown_symbol", "unknown function '" + f + "'");
    const Definition& d = p_->definitions[static_cast<std::size_t>(it->second)];
    if (!d.member) return Fail(s, "type_error", "'" + f + "' takes no argument");
    if (s.kids.size() != 1 || !IsMemberArg(*s.kids[0])) {
      return Fail(s, "type_error", f + "(…) takes the member variable in scope");
    }
    return DefinitionRef(it->second);
  }

  Bound MinMax(const Syntax& s) {
    if (s.kids.size() < 2) return Fail(s, "type_error", s.text + "(…) takes two or more arguments");
    std::vector<std::int32_t> kids;
    for (const auto& k : s.kids) kids.push_back(Numeric(*k).node);
    return Emit(s.text == "min" ? Op::kMin : Op::kMax, {TypeKind::kNumber}, kids);
  }

  Bound PolicyRef(const Syntax& s) {
    const std::string& f = s.text;
    if (s.kids.size() != 1) return Fail(s, "type_error", f + "(…) takes one policy");
    const Syntax& arg = *s.kids[0];
    bool is_var = arg.kind == SyntaxKind::kName && !policy_var_.empty() && arg.text == policy_var_;
    if (is_var) {
      if (f == "status") return Emit(Op::kPolicyStatus, {TypeKind::kEnum, Domain::kPolicyStatus}, {}, -1);
      if (f == "dept") return Emit(Op::kDept, {TypeKind::kEnum, Domain::kDepartment});
      return Fail(s, "type_error", f + "(…) needs a policy id");
    }
    if (arg.kind != SyntaxKind::kPolicyId || f == "dept") {
      return Fail(arg, "type_error", f + "(…) needs a policy id such as MZ-01");
    }
    auto it = std::find(policy_ids_.begin(), policy_ids_.end(), arg.text);
    if (it == policy_ids_.end()) return Fail(arg, "unknown_symbol", "unknown policy " + arg.text);
    auto index = static_cast<std::int32_t>(it - policy_ids_.begin());
    reads_.policies |= std::uint64_t{1} << index;
    reads_.last_policy_needed = std::max(reads_.last_policy_needed, static_cast<int>(index));
    if (f == "status") return Emit(Op::kPolicyStatus, {TypeKind::kEnum, Domain::kPolicyStatus}, {}, index);
    return Emit(f == "paid" ? Op::kPaid : Op::kAmountYearly, {TypeKind::kNumber}, {}, index);
  }

  Bound Boolean(const Syntax& s) {
    Bound b = Bind(s, Domain::kNone);
    if (error_.empty() && b.type.kind != TypeKind::kBool) {
      return Fail(s, "type_error", "expected a truth value, found " + TypeName(b.type));
    }
    return b;
  }

  Bound Numeric(const Syntax& s) {
    Bound b = Bind(s, Domain::kNone);
    if (error_.empty() && !IsNumeric(b.type)) {
      return Fail(s, "type_error", "expected a number, found " + TypeName(b.type));
    }
    return b;
  }

  Bound Unary(const Syntax& s) {
    if (s.text == "not") return Emit(Op::kNot, {TypeKind::kBool}, {Boolean(*s.kids[0]).node});
    if (s.text == "iverson") {
      return Emit(Op::kIverson, {TypeKind::kBool}, {Boolean(*s.kids[0]).node});
    }
    Bound a = Numeric(*s.kids[0]);
    if (s.text == "neg") return Emit(Op::kNeg, a.type, {a.node});
    return Emit(Op::kFloor, {TypeKind::kNumber}, {a.node});
  }

  // Flattens a chain of the same Kleene operator into one n-ary node.
  void Flatten(const Syntax& s, const std::string& op, std::vector<std::int32_t>* kids) {
    for (const auto& k : s.kids) {
      if (k->kind == SyntaxKind::kBinary && k->text == op) {
        Flatten(*k, op, kids);
      } else {
        kids->push_back(Boolean(*k).node);
      }
    }
  }

  // A static estimate of the work of evaluating a node once (member quantifiers count four
  // members, policy quantifiers the 45 policies).
  int Cost(std::int32_t node) const {
    const Node& n = p_->nodes[static_cast<std::size_t>(node)];
    if (n.op == Op::kDefinition) {
      const Definition& d = p_->definitions[static_cast<std::size_t>(n.index)];
      return d.member ? 3 + Cost(d.formula.root) / 2 : 3;  // cached once computed
    }
    int kids = 0;
    for (int i = 0; i < n.count; ++i) kids += Cost(p_->kids[n.first + static_cast<std::uint32_t>(i)]);
    switch (n.op) {
      case Op::kExists:
      case Op::kForall:
      case Op::kSumMembers:
      case Op::kSumBeneficiaries: return 1 + 4 * kids;
      case Op::kPolicyExists:
      case Op::kPolicyForall:
      case Op::kCountDistinct: return 1 + 45 * kids;
      default: return 1 + kids;
    }
  }

  // Orders the operands of ∧ / ∨ cheapest first, so that a decisive cheap operand spares the
  // dear ones. Strong-Kleene ∧ and ∨ have the same value in any order, and `missing` is decided
  // from what a formula reads, not from what was evaluated, so results do not change.
  void CheapestFirst(std::vector<std::int32_t>* kids) const {
    std::vector<std::pair<int, std::int32_t>> costed;
    for (auto k : *kids) costed.emplace_back(Cost(k), k);
    std::stable_sort(costed.begin(), costed.end(),
                     [](const auto& a, const auto& b) { return a.first < b.first; });
    for (std::size_t i = 0; i < costed.size(); ++i) (*kids)[i] = costed[i].second;
  }

  Bound Binary(const Syntax& s) {
    const std::string& op = s.text;
    if (op == "and" || op == "or") {
      std::vector<std::int32_t> kids;
      Flatten(s, op, &kids);
      if (!error_.empty()) return Bound{};
      CheapestFirst(&kids);
      return Emit(op == "and" ? Op::kAnd : Op::kOr, {TypeKind::kBool}, kids);
    }
    if (op == "in" || op == "notin") return In(s, op == "notin");
    Bound a = Numeric(*s.kids[0]);
    Bound b = Numeric(*s.kids[1]);
    Type t = (a.type.kind == TypeKind::kReal || b.type.kind == TypeKind::kReal)
                 ? Type{TypeKind::kReal} : Type{TypeKind::kNumber};
    if (op == "+") return Emit(Op::kAdd, t, {a.node, b.node});
    if (op == "-") return Emit(Op::kSub, t, {a.node, b.node});
    if (op == "/") return Emit(Op::kDiv, t, {a.node, b.node});
    return Emit(Op::kMul, t, {a.node, b.node}, 0, scope_.amount ? 1 : 0);
  }

  Bound In(const Syntax& s, bool negated) {
    const Syntax& right = *s.kids[1];
    std::uint8_t flag = negated ? 1 : 0;
    if (right.kind == SyntaxKind::kSetLiteral) {
      Bound x = Bind(*s.kids[0], Domain::kNone);
      if (!error_.empty()) return Bound{};
      std::vector<std::int32_t> kids = {x.node};
      for (const auto& e : right.kids) {
        Domain d = x.type.kind == TypeKind::kEnum ? x.type.domain : Domain::kNone;
        Bound el = Bind(*e, d);
        if (!error_.empty()) return Bound{};
        if (!Comparable(x.type, el.type)) {
          return Fail(*e, "type_error", "set element is " + TypeName(el.type) + ", not " +
                                            TypeName(x.type));
        }
        kids.push_back(el.node);
      }
      if (auto set = SymbolSet(x.type, kids)) {
        return Emit(Op::kIn, {TypeKind::kBool}, {x.node, *set}, 0, flag | 2);
      }
      return Emit(Op::kIn, {TypeKind::kBool}, kids, 0, flag);
    }
    Bound set = Bind(right, Domain::kNone);
    if (!error_.empty()) return Bound{};
    if (set.type.kind != TypeKind::kSet) {
      return Fail(right, "type_error", "∈ needs a set on its right, found " + TypeName(set.type));
    }
    Bound x = Bind(*s.kids[0], set.type.domain);
    if (!error_.empty()) return Bound{};
    if (x.type.kind != TypeKind::kEnum || x.type.domain != set.type.domain) {
      return Fail(*s.kids[0], "type_error", "expected " + TypeName({TypeKind::kEnum, set.type.domain}));
    }
    return Emit(Op::kIn, {TypeKind::kBool}, {x.node, set.node}, 0, flag | 2);
  }

  // `x ∈ {a, b, …}` over symbols is tested as one bit set: the node of that set constant, or
  // nullopt when an element is not a symbol constant. kids[0] is x, the rest the elements.
  std::optional<std::int32_t> SymbolSet(Type x, const std::vector<std::int32_t>& kids) {
    if (x.kind != TypeKind::kEnum) return std::nullopt;
    std::uint64_t bits = 0;
    for (std::size_t i = 1; i < kids.size(); ++i) {
      const Node& el = p_->nodes[static_cast<std::size_t>(kids[i])];
      if (el.op != Op::kConst || el.constant.kind != ValueKind::kEnum || el.constant.num < 0 ||
          el.constant.num >= 64) {
        return std::nullopt;
      }
      bits |= std::uint64_t{1} << el.constant.num;
    }
    auto d = static_cast<std::uint8_t>(x.domain);
    return Const(Value::Set(d, bits), {TypeKind::kSet, x.domain}).node;
  }

  static bool Comparable(Type a, Type b) {
    if (a.kind == TypeKind::kNull || b.kind == TypeKind::kNull) return true;
    if (IsNumeric(a) && IsNumeric(b)) return true;
    if (a.kind == TypeKind::kEnum && b.kind == TypeKind::kEnum) return a.domain == b.domain;
    return a.kind == TypeKind::kBool && b.kind == TypeKind::kBool;
  }

  // Binds both sides, resolving a bare symbol against the other side's enum domain.
  std::pair<Bound, Bound> BindPair(const Syntax& a, const Syntax& b) {
    auto symbolish = [](const Syntax& x) {
      return x.kind == SyntaxKind::kString || x.kind == SyntaxKind::kName;
    };
    if (symbolish(a) && !symbolish(b)) {
      Bound rb = Bind(b, Domain::kNone);
      Bound ra = Bind(a, rb.type.kind == TypeKind::kEnum ? rb.type.domain : Domain::kNone);
      return {ra, rb};
    }
    Bound ra = Bind(a, Domain::kNone);
    Bound rb = Bind(b, ra.type.kind == TypeKind::kEnum ? ra.type.domain : Domain::kNone);
    return {ra, rb};
  }

  Bound Compare(const Syntax& s) {
    std::vector<std::int32_t> parts;
    std::vector<Bound> operands(s.kids.size());
    for (std::size_t i = 0; i + 1 < s.kids.size(); ++i) {
      if (i == 0) {
        auto [a, b] = BindPair(*s.kids[0], *s.kids[1]);
        operands[0] = a;
        operands[1] = b;
      } else {
        Domain d = operands[i].type.kind == TypeKind::kEnum ? operands[i].type.domain : Domain::kNone;
        operands[i + 1] = Bind(*s.kids[i + 1], d);
      }
      if (!error_.empty()) return Bound{};
      Type ta = operands[i].type, tb = operands[i + 1].type;
      CompareOp op = ToCompareOp(s.ops[i]);
      if (!Comparable(ta, tb)) {
        return Fail(s, "type_error", "cannot compare " + TypeName(ta) + " with " + TypeName(tb));
      }
      bool ordered = op != CompareOp::kEq && op != CompareOp::kNe;
      if (ordered && !(IsNumeric(ta) || ta.kind == TypeKind::kNull) ) {
        return Fail(s, "type_error", "'" + s.ops[i] + "' needs numbers, found " + TypeName(ta));
      }
      parts.push_back(Emit(Op::kCompare, {TypeKind::kBool}, {operands[i].node, operands[i + 1].node},
                           0, static_cast<std::uint8_t>(op)).node);
    }
    if (parts.size() == 1) return Bound{parts[0], {TypeKind::kBool}};
    return Emit(Op::kAnd, {TypeKind::kBool}, parts);
  }

  Bound Quantifier(const Syntax& s) {
    bool exists = s.text == "exists";
    if (std::isupper(static_cast<unsigned char>(s.var[0]))) {
      if (!scope_.policy_quantifiers) {
        return Fail(s, "type_error", "quantifiers over policies are only allowed in triggers");
      }
      std::string saved = policy_var_;
      policy_var_ = s.var;
      Bound body = Boolean(*s.kids[0]);
      policy_var_ = saved;
      return Emit(exists ? Op::kPolicyExists : Op::kPolicyForall, {TypeKind::kBool}, {body.node});
    }
    if (!member_var_.empty()) {
      return Fail(s, "type_error", "nested member quantifier over '" + s.var + "'");
    }
    member_var_ = s.var;
    Bound body = Boolean(*s.kids[0]);
    member_var_.clear();
    return Emit(exists ? Op::kExists : Op::kForall, {TypeKind::kBool}, {body.node});
  }

  Bound Sum(const Syntax& s) {
    if (s.over_beneficiaries && !scope_.beneficiaries) {
      return Fail(s, "type_error", "Σ over the beneficiaries B is only allowed in amounts");
    }
    if (!member_var_.empty()) return Fail(s, "type_error", "nested member sum");
    member_var_ = s.var;
    Bound body = Numeric(*s.kids[0]);
    member_var_.clear();
    return Emit(s.over_beneficiaries ? Op::kSumBeneficiaries : Op::kSumMembers,
                {TypeKind::kNumber}, {body.node});
  }

  Bound Count(const Syntax& s) {
    if (!scope_.policy_quantifiers) {
      return Fail(s, "type_error", "count{…} over policies is only allowed in triggers");
    }
    std::string saved = policy_var_;
    policy_var_ = s.var;
    Bound key = Bind(*s.kids[0], Domain::kNone);
    Bound cond = Boolean(*s.kids[1]);
    policy_var_ = saved;
    if (!error_.empty()) return Bound{};
    if (key.type.kind != TypeKind::kEnum) {
      return Fail(s, "type_error", "count{…} counts symbols such as dept(P)");
    }
    return Emit(Op::kCountDistinct, {TypeKind::kNumber}, {key.node, cond.node});
  }

  Bound If(const Syntax& s) {
    Bound value = Bind(*s.kids[0], Domain::kNone);
    Bound cond = Boolean(*s.kids[1]);
    Bound other = s.kids.size() > 2 ? Bind(*s.kids[2], Domain::kNone)
                                    : Const(Value::Int(0), {TypeKind::kNumber});
    if (!error_.empty()) return Bound{};
    if (!IsNumeric(value.type) || !IsNumeric(other.type)) {
      return Fail(s, "type_error", "'if' chooses between numbers");
    }
    return Emit(Op::kIf, {TypeKind::kNumber}, {cond.node, value.node, other.node});
  }

  Program* p_;
  const std::vector<std::string>& policy_ids_;
  const std::vector<std::int32_t>& policy_departments_;
  const std::map<std::string, int, std::less<>>& definitions_;
  const std::map<std::string, int, std::less<>>& parameters_;
  Scope scope_;
  Reads reads_;
  std::string member_var_;
  std::string policy_var_;
  std::string error_;
  std::string error_reason_;
};

}  // namespace

Compiler::Compiler(Program* program, std::vector<std::string> policy_ids,
                   std::vector<std::int32_t> policy_departments)
    : program_(program), policy_ids_(std::move(policy_ids)),
      policy_departments_(std::move(policy_departments)) {
  for (std::size_t i = 0; i < program->parameter_ids.size(); ++i) {
    parameters_.emplace(program->parameter_ids[i], static_cast<int>(i));
  }
}

Result<Formula> Compiler::Compile(std::string_view text, const Scope& scope) {
  auto tree = ParseFormula(text);
  if (!tree.ok()) return std::move(tree).take_error();
  Binder binder(program_, policy_ids_, policy_departments_, definitions_, parameters_, scope,
                &types_);
  return binder.Run(**tree, text);
}

void Compiler::AddDefinition(Definition definition) {
  definitions_.emplace(definition.id, static_cast<int>(program_->definitions.size()));
  program_->definitions.push_back(std::move(definition));
}

bool Compiler::HasName(std::string_view id) const {
  return definitions_.count(id) > 0 || parameters_.count(id) > 0;
}

}  // namespace lianban::domain::rules
