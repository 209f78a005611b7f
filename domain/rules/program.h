// The compiled form of every formula of a catalog: typed nodes in one flat array, compiled once
// at load by the Compiler (rules/compiler.h) and evaluated by rules/evaluator.h.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "domain/date.h"
#include "domain/rules/symbols.h"
#include "domain/rules/value.h"

namespace lianban::domain::rules {

enum class Op : std::uint8_t {
  kConst, kParam, kSize, kHukou, kStatuses, kOptField, kMemberField, kAge, kFemale,
  kDefinition,     // index: definition; evaluated for the current member if it has one
  kPolicyStatus,   // index: policy, or -1 for the policy variable
  kAmountYearly,   // index: policy
  kPaid,           // index: policy: amount_yearly unless needs_info (then unknown)
  kDept,           // the policy variable's department
  kNot, kAnd, kOr, kCompare, kIn, kAdd, kSub, kMul, kDiv, kNeg, kMin, kMax, kFloor, kIverson, kIf,
  kExists, kForall, kSumMembers, kSumBeneficiaries, kPolicyExists, kPolicyForall, kCountDistinct,
};

enum class CompareOp : std::uint8_t { kEq, kNe, kLt, kLe, kGt, kGe };

struct Node {
  Op op = Op::kConst;
  std::uint8_t flag = 0;     // kCompare: CompareOp; kIn: 1 = ∉, 2 = right side is a set value;
                             // kMul: 1 = floor the product (amount formulas)
  std::uint16_t count = 0;   // number of children
  std::uint32_t first = 0;   // children: Program::kids[first .. first + count)
  std::int32_t index = 0;    // parameter, field, definition or policy index
  Value constant;
};

// What a formula reads, found statically (through helper definitions, not through recognition
// predicates): used for `missing` (policies.md §1.8) and for the dependency checks.
struct Reads {
  std::uint32_t fields = 0;      // OptionalField bits
  std::uint64_t predicates = 0;  // recognition definitions (by definition index)
  std::uint64_t policies = 0;    // policies whose result is read (status, amount, paid)
  std::vector<bool> parameters;  // by parameter index
  int last_policy_needed = -1;   // the latest policy whose result must be known first

  void Merge(const Reads& other);
};

struct Formula {
  std::int32_t root = -1;  // -1: none
  std::string text;
  Reads reads;
  // For `actual`/`required`: the root is a two-operand comparison whose sides are reported.
  bool reports_sides = false;
  CompareOp compare = CompareOp::kEq;
};

struct Definition {
  std::string id;
  bool member = false;       // takes the member argument m
  bool recognition = false;  // a recognition predicate (§1.7): evaluated once, missing() kept
  Formula formula;
};

struct CompiledPolicy {
  std::vector<Formula> criteria;
  int member_criterion = -1;
  Formula amount;
  std::uint8_t amount_field = 0;  // 0 monthly, 1 once, 2 yearly, 3 none
  bool member_unit = false;
  std::int32_t department = 0;
};

struct CompiledItem {
  Formula trigger;
  bool member = false;
};

// Parameter values for one interval of dates, resolved once at compile time.
struct ParameterTable {
  Date from;
  std::vector<Value> values;
};

class Program {
 public:
  std::vector<Node> nodes;
  std::vector<std::int32_t> kids;
  std::vector<Definition> definitions;
  std::vector<CompiledPolicy> policies;
  std::size_t criterion_count = 0;  // of all policies together
  std::vector<CompiledItem> items;
  std::vector<std::string> parameter_ids;
  std::vector<ParameterTable> tables;  // ascending `from`; tables[0].from = first date
  std::vector<std::string> department_ids;

  // The parameter values in force at `as_of` (nullptr before the first date).
  const std::vector<Value>* ParametersAt(Date as_of) const;
};

}  // namespace lianban::domain::rules
