// Evaluates compiled formulas (rules/program.h) on one household at one date: strong-Kleene
// logic, exact rational arithmetic, member quantifiers and sums, cached definitions, and the
// `missing` fields of policies.md §1.8. No allocation after the scratch space has grown once.
// The household's facts (member fields, ages, optional fields, statuses) are turned into values
// once, when the Evaluator is built, so that formulas read them from a table.
#pragma once

#include <array>
#include <cstdint>
#include <vector>

#include "domain/date.h"
#include "domain/household.h"
#include "domain/rules/program.h"

namespace lianban::domain::rules {

// What later formulas may read of a policy already evaluated.
struct PolicyFacts {
  std::uint8_t status = 0;  // 0 ineligible, 1 needs_info, 2 eligible (the policy-status symbols)
  std::int64_t yearly_fen = 0;
  std::uint32_t missing = 0;
};

// Reusable per-thread storage for the definition cache.
struct Scratch {
  std::vector<Value> values;            // definitions × (kMaxMembers + 1)
  std::vector<std::uint32_t> computed;  // per definition: bit i member i, bit 31 household
  std::vector<std::uint32_t> missing;   // per recognition definition, when computed
  std::vector<std::uint8_t> missing_known;
  std::vector<Value> member_facts;      // kMaxMembers × the facts of one member (Evaluator)
};

class Evaluator {
 public:
  // `params` are the parameter values at `as_of`; `policies` has one entry per policy, filled by
  // the caller as policies are evaluated (entries are read only for earlier policies).
  Evaluator(const Program& program, const Household& household, Date as_of,
            const std::vector<Value>& params, const PolicyFacts* policies, Scratch* scratch);

  Value Eval(std::int32_t node);
  // The truth of a boolean node, without materialising intermediate values where possible.
  Truth EvalTruth(std::int32_t node);

  // Evaluates `node` for member `member` (a member criterion or trigger).
  Truth EvalForMember(std::int32_t node, int member);
  // The value of a two-operand comparison, reporting both sides.
  Truth EvalComparison(std::int32_t node, Value* left, Value* right);
  // Evaluates an amount formula with `beneficiaries` as B.
  Value EvalAmount(std::int32_t node, std::uint32_t beneficiaries);

  // The `missing` contribution of a formula whose value is unknown (§1.8 rules 1-3).
  std::uint32_t MissingOf(const Formula& formula);

  std::uint32_t absent_fields() const { return absent_; }
  int member_count() const { return size_; }

 private:
  // Per member: the kMemberFieldCount fields, then age(m), then female(m).
  static constexpr std::size_t kAgeFact = kMemberFieldCount;
  static constexpr std::size_t kFemaleFact = kMemberFieldCount + 1;
  static constexpr std::size_t kFactsPerMember = kMemberFieldCount + 2;

  // The value of a leaf (constant, parameter, household or member fact, policy status or
  // department) read inline; any other node goes through Eval.
  Value Operand(std::int32_t index);
  Value Definition(std::int32_t index);
  std::uint32_t PredicateMissing(std::int32_t index);
  Truth Kleene(const Node& n, bool is_and);
  Truth Quantify(const Node& n, bool exists);
  Truth PolicyQuantify(const Node& n, bool exists);
  Value SumOver(const Node& n, std::uint32_t members);
  Truth In(const Node& n);
  Value CountDistinct(const Node& n);
  const Node& NodeAt(std::int32_t index) const { return nodes_[index]; }
  std::int32_t Kid(const Node& n, int i) const { return kids_[n.first + i]; }
  // A fact of the current member.
  const Value& Fact(std::size_t fact) const {
    return member_facts_[static_cast<std::size_t>(member_) * kFactsPerMember + fact];
  }

  const Program& program_;
  const Node* nodes_;
  const std::int32_t* kids_;
  const std::vector<Value>& params_;
  const PolicyFacts* policies_;
  Scratch& scratch_;
  int size_ = 0;
  int member_ = -1;
  int policy_var_ = -1;
  std::uint32_t beneficiaries_ = 0;
  std::uint32_t absent_ = 0;
  Value hukou_;
  Value statuses_;
  std::array<Value, kOptionalFieldCount> optional_;
  Value* member_facts_;  // scratch.member_facts
};

// Comparison and arithmetic on values (exposed for tests).
Truth CompareValues(CompareOp op, const Value& a, const Value& b);
Value Add(const Value& a, const Value& b, bool subtract);
Value Multiply(const Value& a, const Value& b, bool floor_result);
Value Divide(const Value& a, const Value& b);
Value Floor(const Value& a);
// Completed years at `as_of` of someone born on `birth` (policies.md §1.6).
int AgeAt(Date birth, Date as_of);

}  // namespace lianban::domain::rules
