#include "domain/screening.h"

#include <bit>

#include "domain/rules/evaluator.h"
#include "domain/rules/program.h"
#include "domain/rules/symbols.h"

namespace lianban::domain {
namespace {

using rules::Evaluator;
using rules::PolicyFacts;
using rules::Value;

struct CriteriaTally {
  bool any_false = false;
  bool any_unknown = false;
  MemberSet members = 0;  // Q(m) = T of the member criterion
  FieldSet missing = 0;
};

CriterionOutcome EvalMemberCriterion(Evaluator& ev, const rules::Formula& f, int size,
                                     CriteriaTally* tally) {
  MemberSet yes = 0, unknown = 0;
  for (int m = 0; m < size; ++m) {
    Truth t = ev.EvalForMember(f.root, m);
    if (t == Truth::kTrue) yes |= 1u << m;
    if (t == Truth::kUnknown) unknown |= 1u << m;
  }
  CriterionOutcome out;
  // Stricter than a Kleene ∃ (§1.8): any unknown member leaves the criterion unknown.
  out.passed = (yes | unknown) == 0 ? Truth::kFalse : unknown ? Truth::kUnknown : Truth::kTrue;
  out.actual = Value::Int(std::popcount(yes));
  tally->members = yes;
  return out;
}

CriterionOutcome EvalCriterion(Evaluator& ev, const rules::Formula& f, bool member, int size,
                               CriteriaTally* tally) {
  CriterionOutcome out;
  if (member) {
    out = EvalMemberCriterion(ev, f, size, tally);
  } else if (f.reports_sides) {
    out.passed = ev.EvalComparison(f.root, &out.actual, &out.bound);
  } else {
    out.passed = ev.EvalTruth(f.root);
    out.actual = Value::FromTruth(out.passed);
  }
  if (out.passed == Truth::kFalse) tally->any_false = true;
  if (out.passed == Truth::kUnknown) {
    tally->any_unknown = true;
    tally->missing |= ev.MissingOf(f);
  }
  return out;
}

void SetAmount(std::uint8_t field, std::int64_t fen, Amount* amount) {
  if (field == 0) amount->monthly_fen = fen;
  if (field == 1) amount->once_fen = fen;
  if (field == 2) amount->yearly_fen = fen;
}

// Evaluates a policy whose criteria go to criteria[first_criterion ...].
PolicyOutcome EvalPolicy(Evaluator& ev, const rules::CompiledPolicy& cp,
                         std::uint32_t first_criterion, CriterionOutcome* criteria) {
  PolicyOutcome po;
  po.first_criterion = first_criterion;
  po.criterion_count = static_cast<std::uint32_t>(cp.criteria.size());
  CriteriaTally tally;
  int size = ev.member_count();
  for (std::size_t c = 0; c < cp.criteria.size(); ++c) {
    bool member = static_cast<int>(c) == cp.member_criterion;
    criteria[first_criterion + c] = EvalCriterion(ev, cp.criteria[c], member, size, &tally);
  }
  if (tally.any_false) return po;
  if (tally.any_unknown) {
    po.status = PolicyStatus::kNeedsInfo;
    po.missing = tally.missing;
    return po;
  }
  po.status = PolicyStatus::kEligible;
  po.beneficiaries = cp.member_unit ? tally.members : (1u << size) - 1;
  if (cp.amount.root >= 0) {
    Value v = ev.EvalAmount(cp.amount.root, po.beneficiaries);
    SetAmount(cp.amount_field, v.is_integer() ? v.num : 0, &po.amount);
  }
  return po;
}

ServiceItemOutcome EvalItem(Evaluator& ev, const rules::CompiledItem& item) {
  ServiceItemOutcome out;
  if (item.member) {
    for (int m = 0; m < ev.member_count(); ++m) {
      Truth t = ev.EvalForMember(item.trigger.root, m);
      if (t == Truth::kTrue) out.suggested |= 1u << m;
      if (t == Truth::kUnknown) out.to_assess |= 1u << m;
    }
    out.status = out.suggested ? ItemStatus::kSuggested
                 : out.to_assess ? ItemStatus::kToAssess : ItemStatus::kNotSuggested;
    if (out.to_assess) out.missing = ev.MissingOf(item.trigger);
    return out;
  }
  Truth t = ev.EvalTruth(item.trigger.root);
  out.status = t == Truth::kTrue ? ItemStatus::kSuggested
               : t == Truth::kUnknown ? ItemStatus::kToAssess : ItemStatus::kNotSuggested;
  if (t == Truth::kUnknown) out.missing = ev.MissingOf(item.trigger);
  return out;
}

}  // namespace

std::vector<std::string_view> OptionalFieldNames(FieldSet fields) {
  std::vector<std::string_view> out;
  for (std::size_t f = 0; f < rules::kOptionalFieldCount; ++f) {
    if (fields & (1u << f)) out.push_back(rules::OptionalFieldPath(static_cast<rules::OptionalField>(f)));
  }
  return out;
}

std::vector<int> MemberIndexes(MemberSet members) {
  std::vector<int> out;
  for (int i = 0; i < 32; ++i) {
    if (members & (1u << i)) out.push_back(i);
  }
  return out;
}

Status CheckScreeningRequest(const CompiledCatalog& catalog, const Household& household,
                             Date as_of) {
  if (as_of < catalog.first_parameter_date()) {
    return Error::Make(ErrorCode::kInvalidArgument, "as_of_out_of_range",
                       "as_of is before " + catalog.first_parameter_date().ToString() +
                           ", the first date the parameters cover");
  }
  Error error = Error::Make(ErrorCode::kInvalidArgument, "born_after_as_of",
                            "a member is born after as_of");
  for (std::size_t i = 0; i < household.members.size(); ++i) {
    if (as_of < household.members[i].birth) {
      error.fields.push_back({"household.members[" + std::to_string(i) + "].id_number",
                              "born_after_as_of", "born after as_of"});
    }
  }
  if (!error.fields.empty()) return error;
  return OkStatus();
}

void Screen(const CompiledCatalog& catalog, const Household& household, Date as_of,
            ScreeningResult* out) {
  thread_local rules::Scratch scratch;
  thread_local std::vector<PolicyFacts> facts;
  const rules::Program& program = catalog.program();
  const std::vector<Value>* params = program.ParametersAt(as_of);
  if (params == nullptr) params = &program.tables.front().values;  // rejected earlier (§1.1)
  facts.assign(program.policies.size(), PolicyFacts{});
  Evaluator ev(program, household, as_of, *params, facts.data(), &scratch);
  out->as_of = as_of;
  if (out->catalog_version != catalog.version()) out->catalog_version = catalog.version();
  // Every element is overwritten below, so a reused result keeps its storage.
  out->policies.resize(program.policies.size());
  out->criteria.resize(program.criterion_count);
  out->service_items.resize(program.items.size());
  std::uint32_t first_criterion = 0;
  for (std::size_t i = 0; i < program.policies.size(); ++i) {
    PolicyOutcome po = EvalPolicy(ev, program.policies[i], first_criterion, out->criteria.data());
    first_criterion += po.criterion_count;
    facts[i] = PolicyFacts{static_cast<std::uint8_t>(po.status), po.amount.yearly_fen, po.missing};
    out->policies[i] = po;
  }
  for (std::size_t i = 0; i < program.items.size(); ++i) {
    out->service_items[i] = EvalItem(ev, program.items[i]);
  }
}

ScreeningResult Screen(const CompiledCatalog& catalog, const Household& household, Date as_of) {
  ScreeningResult out;
  Screen(catalog, household, as_of, &out);
  return out;
}

}  // namespace lianban::domain
