#include "domain/rules/evaluator.h"

#include <algorithm>
#include <bit>
#include <cmath>

namespace lianban::domain::rules {
namespace {

__extension__ using Int128 = __int128;

constexpr std::uint32_t kHouseholdSlot = 31;
constexpr std::int64_t kNeedsInfo = 1;  // index of needs_info among the policy-status symbols
constexpr std::size_t kSlots = kMaxMembers + 1;

Value FromInt128(Int128 num, Int128 den) {
  if (den == 1) return Value::Int(static_cast<std::int64_t>(num));
  Int128 a = num < 0 ? -num : num, b = den < 0 ? -den : den;
  while (b != 0) {
    Int128 t = a % b;
    a = b;
    b = t;
  }
  if (a > 1) {
    num /= a;
    den /= a;
  }
  return Value::Ratio(static_cast<std::int64_t>(num), static_cast<std::int64_t>(den));
}

double AsDouble(const Value& v) {
  return v.kind == ValueKind::kReal ? v.real()
                                    : static_cast<double>(v.num) / static_cast<double>(v.den);
}

Truth FromBool(bool b) { return b ? Truth::kTrue : Truth::kFalse; }

static_assert(static_cast<int>(Truth::kFalse) == 0 && static_cast<int>(Truth::kTrue) == 1);
static_assert(static_cast<int>(CompareOp::kEq) == 0 && static_cast<int>(CompareOp::kNe) == 1 &&
              static_cast<int>(CompareOp::kLt) == 2 && static_cast<int>(CompareOp::kLe) == 3 &&
              static_cast<int>(CompareOp::kGt) == 4 && static_cast<int>(CompareOp::kGe) == 5);

// The truth of `x op y` given cmp = sign(x - y): bit cmp + 1 of the operator's mask (bit 0 less,
// bit 1 equal, bit 2 greater), branch-free because comparisons are the engine's commonest node.
inline Truth Ordered(CompareOp op, int cmp) {
  constexpr std::uint8_t kMask[] = {0b010, 0b101, 0b001, 0b011, 0b100, 0b110};  // CompareOp order
  return static_cast<Truth>((kMask[static_cast<int>(op)] >> (cmp + 1)) & 1);
}

int CompareNumbers(const Value& a, const Value& b) {
  if (a.kind == ValueKind::kReal || b.kind == ValueKind::kReal) {
    // A double against an integer or a small ratio p/q: x·q against p, in long double.
    long double x = a.kind == ValueKind::kReal ? a.real() : static_cast<long double>(a.num);
    long double y = b.kind == ValueKind::kReal ? b.real() : static_cast<long double>(b.num);
    if (a.kind == ValueKind::kReal && b.kind == ValueKind::kNumber) x *= b.den;
    if (b.kind == ValueKind::kReal && a.kind == ValueKind::kNumber) y *= a.den;
    return x < y ? -1 : (x > y ? 1 : 0);
  }
  Int128 x = static_cast<Int128>(a.num) * b.den;
  Int128 y = static_cast<Int128>(b.num) * a.den;
  return x < y ? -1 : (x > y ? 1 : 0);
}

}  // namespace

int AgeAt(Date birth, Date as_of) {
  int age = as_of.year() - birth.year();
  if (as_of.month() < birth.month() ||
      (as_of.month() == birth.month() && as_of.day() < birth.day())) {
    --age;
  }
  return age;
}

Truth CompareValues(CompareOp op, const Value& a, const Value& b) {
  if (a.is_unknown() || b.is_unknown()) return Truth::kUnknown;
  if (a.kind == ValueKind::kNull || b.kind == ValueKind::kNull) {
    bool both = a.kind == b.kind;
    if (op == CompareOp::kEq) return FromBool(both);
    if (op == CompareOp::kNe) return FromBool(!both);
    return Truth::kFalse;
  }
  switch (a.kind) {
    case ValueKind::kBool: return Ordered(op, a.boolean == b.boolean ? 0 : 1);
    case ValueKind::kEnum:
      // A needs_info policy will end up eligible or ineligible: which one is not known yet.
      if (a.domain == static_cast<std::uint8_t>(Domain::kPolicyStatus) && a.num != b.num &&
          (a.num == kNeedsInfo || b.num == kNeedsInfo)) {
        return Truth::kUnknown;
      }
      return Ordered(op, a.num == b.num ? 0 : 1);
    default: return Ordered(op, CompareNumbers(a, b));
  }
}

Value Add(const Value& a, const Value& b, bool subtract) {
  if (a.is_unknown() || b.is_unknown()) return Value::Unknown();
  if (a.kind == ValueKind::kReal || b.kind == ValueKind::kReal) {
    return Value::Real(subtract ? AsDouble(a) - AsDouble(b) : AsDouble(a) + AsDouble(b));
  }
  std::int64_t bn = subtract ? -b.num : b.num;
  if (a.den == 1 && b.den == 1) return Value::Int(a.num + bn);
  return FromInt128(static_cast<Int128>(a.num) * b.den + static_cast<Int128>(bn) * a.den,
                    static_cast<Int128>(a.den) * b.den);
}

Value Multiply(const Value& a, const Value& b, bool floor_result) {
  if (a.is_unknown() || b.is_unknown()) return Value::Unknown();
  if (a.kind == ValueKind::kReal || b.kind == ValueKind::kReal) {
    return Value::Real(AsDouble(a) * AsDouble(b));
  }
  if (a.den == 1 && b.den == 1) return Value::Int(a.num * b.num);
  Value r = FromInt128(static_cast<Int128>(a.num) * b.num, static_cast<Int128>(a.den) * b.den);
  return floor_result ? Floor(r) : r;
}

Value Divide(const Value& a, const Value& b) {
  if (a.is_unknown() || b.is_unknown() || (b.kind == ValueKind::kNumber && b.num == 0)) {
    return Value::Unknown();
  }
  if (a.kind == ValueKind::kReal || b.kind == ValueKind::kReal) {
    return Value::Real(AsDouble(a) / AsDouble(b));
  }
  return FromInt128(static_cast<Int128>(a.num) * b.den, static_cast<Int128>(a.den) * b.num);
}

Value Floor(const Value& a) {
  if (a.kind == ValueKind::kReal) return Value::Int(static_cast<std::int64_t>(std::floor(a.real())));
  if (a.kind != ValueKind::kNumber || a.den == 1) return a;
  std::int64_t q = a.num / a.den;
  if (a.num % a.den != 0 && a.num < 0) --q;
  return Value::Int(q);
}

namespace {

Value OptionalFieldOf(const Household& h, OptionalField field) {
  auto opt_bool = [](const std::optional<bool>& b) {
    return b ? Value::Bool(*b) : Value::Unknown();
  };
  auto opt_int = [](const std::optional<std::int64_t>& n) {
    return n ? Value::Int(*n) : Value::Unknown();
  };
  switch (field) {
    case OptionalField::kAssetsBusiness: return opt_bool(h.assets.business);
    case OptionalField::kAssetsDepositsFen: return opt_int(h.assets.deposits_fen);
    case OptionalField::kAssetsHomes: return opt_int(h.assets.homes);
    case OptionalField::kAssetsVehicleValueFen: return opt_int(h.assets.vehicle_value_fen);
    case OptionalField::kEventsDisaster: return opt_bool(h.events.disaster);
    case OptionalField::kEventsHardshipCostFen: return opt_int(h.events.hardship_cost_fen);
    case OptionalField::kEventsHouseCollapsed: return opt_bool(h.events.house_collapsed);
    case OptionalField::kEventsSuddenHardship: return opt_bool(h.events.sudden_hardship);
    case OptionalField::kExpensesEducationFen: return opt_int(h.expenses_12m.education_fen);
    case OptionalField::kExpensesMedicalFen: return opt_int(h.expenses_12m.medical_fen);
    case OptionalField::kHousingDangerousHouse: return opt_bool(h.housing.dangerous_house);
    case OptionalField::kHousingOwnsHome: return opt_bool(h.housing.owns_home);
    case OptionalField::kHousingPerCapitaAreaM2:
      return h.housing.per_capita_area_m2 ? Value::Real(*h.housing.per_capita_area_m2)
                                          : Value::Unknown();
    case OptionalField::kHousingRenting: return opt_bool(h.housing.renting);
  }
  return Value::Unknown();
}

Value MemberFieldOf(const Member& m, MemberField field) {
  auto enum_of = [](Domain d, auto e) {
    return Value::Enum(static_cast<std::uint8_t>(d), static_cast<std::int64_t>(e));
  };
  switch (field) {
    case MemberField::kMonthlyIncomeFen: return Value::Int(m.monthly_income_fen);
    case MemberField::kEmployment: return enum_of(Domain::kEmployment, m.employment);
    case MemberField::kUnemployedMonths: return Value::Int(m.unemployed_months);
    case MemberField::kDisability: return m.disability ? Value::Int(1) : Value::Null();
    case MemberField::kDisabilityGrade:
      return m.disability ? Value::Int(m.disability->grade) : Value::Null();
    case MemberField::kDisabilityCategory:
      return m.disability ? enum_of(Domain::kCategory, m.disability->category) : Value::Null();
    case MemberField::kSelfCare: return enum_of(Domain::kSelfCare, m.self_care);
    case MemberField::kSeriousIllness: return Value::Bool(m.serious_illness);
    case MemberField::kChronicIllness: return Value::Bool(m.chronic_illness);
    case MemberField::kEducationStage:
      return m.education_stage ? enum_of(Domain::kEducation, *m.education_stage) : Value::Null();
    case MemberField::kBoarding: return Value::Bool(m.boarding);
    case MemberField::kNewStudent: return Value::Bool(m.new_student);
    case MemberField::kOrphan: return Value::Bool(m.orphan);
    case MemberField::kUnattendedChild: return Value::Bool(m.unattended_child);
    case MemberField::kCapableSupporter: return Value::Bool(m.capable_supporter);
    case MemberField::kUnionMember: return Value::Bool(m.union_member);
    case MemberField::kPregnant: return Value::Bool(m.pregnant);
    case MemberField::kInsuredResidentMedical: return Value::Bool(m.insured_resident_medical);
  }
  return Value::Unknown();
}

// CompareValues for the common cases (integers, symbols other than policy statuses, truth
// values), inline; everything else (unknown, null, ratios, reals, statuses) goes the long way.
inline Truth Compare(CompareOp op, const Value& a, const Value& b) {
  if (a.kind == b.kind) {
    if (a.kind == ValueKind::kNumber && (a.den | b.den) == 1) {
      return Ordered(op, (a.num > b.num) - (a.num < b.num));
    }
    if (a.kind == ValueKind::kBool) return Ordered(op, a.boolean == b.boolean ? 0 : 1);
    if (a.kind == ValueKind::kEnum) {
      // A needs_info policy will end up eligible or ineligible: which one is not known yet.
      if (a.num != b.num && a.domain == static_cast<std::uint8_t>(Domain::kPolicyStatus) &&
          (a.num == kNeedsInfo || b.num == kNeedsInfo)) {
        return Truth::kUnknown;
      }
      return Ordered(op, a.num == b.num ? 0 : 1);
    }
  } else if ((a.kind == ValueKind::kNull || b.kind == ValueKind::kNull) && !a.is_unknown() &&
             !b.is_unknown()) {
    // A member without a disability or education stage: = null T, ≠ null F, everything else F.
    return op == CompareOp::kNe ? Truth::kTrue : Truth::kFalse;
  }
  return CompareValues(op, a, b);
}

}  // namespace

Evaluator::Evaluator(const Program& program, const Household& household, Date as_of,
                     const std::vector<Value>& params, const PolicyFacts* policies,
                     Scratch* scratch)
    : program_(program), nodes_(program.nodes.data()), kids_(program.kids.data()),
      params_(params), policies_(policies), scratch_(*scratch) {
  size_ = static_cast<int>(std::min(household.members.size(), kMaxMembers));
  if (scratch_.member_facts.size() < kMaxMembers * kFactsPerMember) {
    scratch_.member_facts.resize(kMaxMembers * kFactsPerMember);
  }
  member_facts_ = scratch_.member_facts.data();
  for (int i = 0; i < size_; ++i) {
    const Member& m = household.members[static_cast<std::size_t>(i)];
    Value* facts = member_facts_ + static_cast<std::size_t>(i) * kFactsPerMember;
    for (std::size_t f = 0; f < kMemberFieldCount; ++f) {
      facts[f] = MemberFieldOf(m, static_cast<MemberField>(f));
    }
    facts[kAgeFact] = Value::Int(AgeAt(m.birth, as_of));
    facts[kFemaleFact] = Value::Bool(m.female);
  }
  for (std::size_t f = 0; f < kOptionalFieldCount; ++f) {
    optional_[f] = OptionalFieldOf(household, static_cast<OptionalField>(f));
    if (optional_[f].is_unknown()) absent_ |= 1u << f;
  }
  hukou_ = Value::Enum(static_cast<std::uint8_t>(Domain::kHukou),
                       static_cast<std::int64_t>(household.hukou));
  std::uint64_t bits = 0;
  for (auto s : household.statuses) bits |= std::uint64_t{1} << static_cast<int>(s);
  statuses_ = Value::Set(static_cast<std::uint8_t>(Domain::kStatus), bits);
  std::size_t defs = program.definitions.size();
  if (scratch_.values.size() < defs * kSlots) scratch_.values.resize(defs * kSlots);
  scratch_.computed.assign(defs, 0);
  scratch_.missing.resize(defs);
  scratch_.missing_known.assign(defs, 0);
}

inline Value Evaluator::Operand(std::int32_t index) {
  const Node& n = NodeAt(index);
  switch (n.op) {
    case Op::kConst: return n.constant;
    case Op::kParam: return params_[static_cast<std::size_t>(n.index)];
    case Op::kMemberField:
      return Fact(static_cast<std::size_t>(n.index));
    case Op::kAge: return Fact(kAgeFact);
    case Op::kOptField: return optional_[static_cast<std::size_t>(n.index)];
    case Op::kPolicyStatus: {
      int p = n.index >= 0 ? n.index : policy_var_;
      return Value::Enum(static_cast<std::uint8_t>(Domain::kPolicyStatus), policies_[p].status);
    }
    case Op::kDept:
      return Value::Enum(static_cast<std::uint8_t>(Domain::kDepartment),
                         program_.policies[static_cast<std::size_t>(policy_var_)].department);
    default: return Eval(index);
  }
}

Value Evaluator::Definition(std::int32_t index) {
  const auto& def = program_.definitions[static_cast<std::size_t>(index)];
  std::uint32_t slot = def.member ? static_cast<std::uint32_t>(member_) : kHouseholdSlot;
  std::uint32_t bit = 1u << slot;
  std::size_t cell = static_cast<std::size_t>(index) * kSlots +
                     (def.member ? static_cast<std::size_t>(member_) : kMaxMembers);
  std::uint32_t& computed = scratch_.computed[static_cast<std::size_t>(index)];
  if (computed & bit) return scratch_.values[cell];
  int saved_member = member_;
  if (!def.member) member_ = -1;
  Value v = Eval(def.formula.root);
  member_ = saved_member;
  scratch_.values[cell] = v;
  computed |= bit;
  return v;
}

std::uint32_t Evaluator::PredicateMissing(std::int32_t index) {
  auto i = static_cast<std::size_t>(index);
  if (!scratch_.missing_known[i]) {
    scratch_.missing[i] = MissingOf(program_.definitions[i].formula);
    scratch_.missing_known[i] = 1;
  }
  return scratch_.missing[i];
}

std::uint32_t Evaluator::MissingOf(const Formula& f) {
  std::uint32_t out = f.reads.fields & absent_;
  for (std::uint64_t preds = f.reads.predicates; preds != 0; preds &= preds - 1) {
    auto index = static_cast<std::int32_t>(std::countr_zero(preds));
    int saved = member_;
    member_ = -1;
    bool unknown = Definition(index).is_unknown();
    member_ = saved;
    if (unknown) out |= PredicateMissing(index);
  }
  for (std::uint64_t pols = f.reads.policies; pols != 0; pols &= pols - 1) {
    const PolicyFacts& p = policies_[std::countr_zero(pols)];
    if (p.status == 1) out |= p.missing;
  }
  return out;
}

Truth Evaluator::Kleene(const Node& n, bool is_and) {
  bool unknown = false;
  for (int i = 0; i < n.count; ++i) {
    Truth t = EvalTruth(Kid(n, i));
    if (t == Truth::kUnknown) unknown = true;
    else if ((t == Truth::kTrue) != is_and) return is_and ? Truth::kFalse : Truth::kTrue;
  }
  if (unknown) return Truth::kUnknown;
  return is_and ? Truth::kTrue : Truth::kFalse;
}

Truth Evaluator::Quantify(const Node& n, bool exists) {
  const Truth decisive = exists ? Truth::kTrue : Truth::kFalse;
  int saved = member_;
  bool unknown = false;
  bool decided = false;
  for (int m = 0; m < size_ && !decided; ++m) {
    member_ = m;
    Truth t = EvalTruth(Kid(n, 0));
    if (t == Truth::kUnknown) unknown = true;
    decided = t == decisive;
  }
  member_ = saved;
  if (decided) return decisive;
  if (unknown) return Truth::kUnknown;
  return exists ? Truth::kFalse : Truth::kTrue;
}

Truth Evaluator::PolicyQuantify(const Node& n, bool exists) {
  const Truth decisive = exists ? Truth::kTrue : Truth::kFalse;
  const int count = static_cast<int>(program_.policies.size());
  int saved = policy_var_;
  bool unknown = false;
  bool decided = false;
  for (int p = 0; p < count && !decided; ++p) {
    policy_var_ = p;
    Truth t = EvalTruth(Kid(n, 0));
    if (t == Truth::kUnknown) unknown = true;
    decided = t == decisive;
  }
  policy_var_ = saved;
  if (decided) return decisive;
  if (unknown) return Truth::kUnknown;
  return exists ? Truth::kFalse : Truth::kTrue;
}

Value Evaluator::SumOver(const Node& n, std::uint32_t members) {
  int saved = member_;
  Value sum = Value::Int(0);
  for (int m = 0; m < size_; ++m) {
    if (!(members & (1u << m))) continue;
    member_ = m;
    sum = Add(sum, Operand(Kid(n, 0)), false);
  }
  member_ = saved;
  return sum;
}

Truth Evaluator::In(const Node& n) {
  bool negated = n.flag & 1;
  Value x = Operand(Kid(n, 0));
  if (x.is_unknown()) return Truth::kUnknown;
  bool found = false;
  if (n.flag & 2) {
    Value set = Operand(Kid(n, 1));
    if (set.is_unknown()) return Truth::kUnknown;
    found = x.kind == ValueKind::kEnum && ((set.set() >> x.num) & 1);
  } else if (x.kind != ValueKind::kNull) {
    for (int i = 1; i < n.count && !found; ++i) {
      found = Compare(CompareOp::kEq, x, Operand(Kid(n, i))) == Truth::kTrue;
    }
  }
  return found != negated ? Truth::kTrue : Truth::kFalse;
}

Value Evaluator::CountDistinct(const Node& n) {
  const int count = static_cast<int>(program_.policies.size());
  int saved = policy_var_;
  std::uint64_t seen = 0;
  for (int p = 0; p < count; ++p) {
    policy_var_ = p;
    if (EvalTruth(Kid(n, 1)) != Truth::kTrue) continue;
    Value key = Operand(Kid(n, 0));
    if (key.kind == ValueKind::kEnum) seen |= std::uint64_t{1} << key.num;
  }
  policy_var_ = saved;
  return Value::Int(std::popcount(seen));
}

Value Evaluator::Eval(std::int32_t index) {
  const Node& n = NodeAt(index);
  switch (n.op) {
    case Op::kConst: return n.constant;
    case Op::kParam: return params_[static_cast<std::size_t>(n.index)];
    case Op::kSize: return Value::Int(size_);
    case Op::kHukou: return hukou_;
    case Op::kStatuses: return statuses_;
    case Op::kOptField: return optional_[static_cast<std::size_t>(n.index)];
    case Op::kMemberField:
      return Fact(static_cast<std::size_t>(n.index));
    case Op::kAge: return Fact(kAgeFact);
    case Op::kFemale: return Fact(kFemaleFact);
    case Op::kDefinition: return Definition(n.index);
    case Op::kPolicyStatus: {
      int p = n.index >= 0 ? n.index : policy_var_;
      return Value::Enum(static_cast<std::uint8_t>(Domain::kPolicyStatus), policies_[p].status);
    }
    case Op::kAmountYearly: return Value::Int(policies_[n.index].yearly_fen);
    case Op::kPaid:
      return policies_[n.index].status == 1 ? Value::Unknown()
                                            : Value::Int(policies_[n.index].yearly_fen);
    case Op::kDept:
      return Value::Enum(static_cast<std::uint8_t>(Domain::kDepartment),
                         program_.policies[static_cast<std::size_t>(policy_var_)].department);
    case Op::kNot:
    case Op::kAnd:
    case Op::kOr:
    case Op::kCompare:
    case Op::kIn:
    case Op::kIverson:
    case Op::kExists:
    case Op::kForall:
    case Op::kPolicyExists:
    case Op::kPolicyForall: return Value::FromTruth(EvalTruth(index));
    case Op::kAdd: return Add(Operand(Kid(n, 0)), Operand(Kid(n, 1)), false);
    case Op::kSub: return Add(Operand(Kid(n, 0)), Operand(Kid(n, 1)), true);
    case Op::kMul: return Multiply(Operand(Kid(n, 0)), Operand(Kid(n, 1)), n.flag == 1);
    case Op::kDiv: return Divide(Operand(Kid(n, 0)), Operand(Kid(n, 1)));
    case Op::kNeg: return Add(Value::Int(0), Operand(Kid(n, 0)), true);
    case Op::kMin:
    case Op::kMax: {
      Value best = Operand(Kid(n, 0));
      for (int i = 1; i < n.count; ++i) {
        Value v = Operand(Kid(n, i));
        if (best.is_unknown() || v.is_unknown()) return Value::Unknown();
        bool less = Compare(CompareOp::kLt, v, best) == Truth::kTrue;
        if (less == (n.op == Op::kMin)) best = v;
      }
      return best;
    }
    case Op::kFloor: return Floor(Operand(Kid(n, 0)));
    case Op::kIf:
      return EvalTruth(Kid(n, 0)) == Truth::kTrue ? Operand(Kid(n, 1)) : Operand(Kid(n, 2));
    case Op::kSumMembers: return SumOver(n, (size_ >= 32 ? ~0u : (1u << size_) - 1));
    case Op::kSumBeneficiaries: return SumOver(n, beneficiaries_);
    case Op::kCountDistinct: return CountDistinct(n);
  }
  return Value::Unknown();
}

Truth Evaluator::EvalTruth(std::int32_t index) {
  const Node& n = NodeAt(index);
  switch (n.op) {
    case Op::kConst: return n.constant.truth();
    case Op::kNot: {
      Truth t = EvalTruth(Kid(n, 0));
      return t == Truth::kUnknown ? t : (t == Truth::kTrue ? Truth::kFalse : Truth::kTrue);
    }
    case Op::kAnd: return Kleene(n, true);
    case Op::kOr: return Kleene(n, false);
    case Op::kCompare:
      return Compare(static_cast<CompareOp>(n.flag), Operand(Kid(n, 0)), Operand(Kid(n, 1)));
    case Op::kIn: return In(n);
    case Op::kDefinition: return Definition(n.index).truth();
    case Op::kMemberField:
      return Fact(static_cast<std::size_t>(n.index)).truth();
    case Op::kFemale: return Fact(kFemaleFact).truth();
    case Op::kOptField: return optional_[static_cast<std::size_t>(n.index)].truth();
    case Op::kIverson:
      return EvalTruth(Kid(n, 0)) == Truth::kTrue ? Truth::kTrue : Truth::kFalse;
    case Op::kExists: return Quantify(n, true);
    case Op::kForall: return Quantify(n, false);
    case Op::kPolicyExists: return PolicyQuantify(n, true);
    case Op::kPolicyForall: return PolicyQuantify(n, false);
    default: return Eval(index).truth();
  }
}

Truth Evaluator::EvalForMember(std::int32_t node, int member) {
  int saved = member_;
  member_ = member;
  Truth t = EvalTruth(node);
  member_ = saved;
  return t;
}

Truth Evaluator::EvalComparison(std::int32_t node, Value* left, Value* right) {
  const Node& n = NodeAt(node);
  *left = Operand(Kid(n, 0));
  *right = Operand(Kid(n, 1));
  return Compare(static_cast<CompareOp>(n.flag), *left, *right);
}

Value Evaluator::EvalAmount(std::int32_t node, std::uint32_t beneficiaries) {
  beneficiaries_ = beneficiaries;
  Value v = Floor(Eval(node));
  beneficiaries_ = 0;
  return v;
}

}  // namespace lianban::domain::rules
