// Screening: one household at one date against the 45 policies and the 31 service items of a
// CompiledCatalog (spec/policies.md §1). Pure and thread-safe; the result keeps typed values and
// bit sets, and text is rendered only by the serializer (services/screening_json.h).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "domain/catalog.h"
#include "domain/date.h"
#include "domain/household.h"
#include "domain/result.h"
#include "domain/rules/value.h"

namespace lianban::domain {

using rules::Truth;

enum class PolicyStatus : std::uint8_t { kIneligible, kNeedsInfo, kEligible };
inline constexpr std::string_view kPolicyStatusNames[] = {"ineligible", "needs_info", "eligible"};

enum class ItemStatus : std::uint8_t { kNotSuggested, kToAssess, kSuggested };
inline constexpr std::string_view kItemStatusNames[] = {"not_suggested", "to_assess", "suggested"};

// A set of member indexes (households have at most 20 members): bit i = member i.
using MemberSet = std::uint32_t;
// A set of optional household fields (`assets.deposits_fen`, ...): see OptionalFieldNames.
using FieldSet = std::uint32_t;

// The dotted paths of the fields in `fields`, in ascending byte order (as `missing` lists them).
std::vector<std::string_view> OptionalFieldNames(FieldSet fields);
// The 0-based member indexes in `members`, ascending.
std::vector<int> MemberIndexes(MemberSet members);

struct Amount {
  std::int64_t monthly_fen = 0;
  std::int64_t once_fen = 0;
  std::int64_t yearly_fen = 0;
};

// One criterion's outcome. `actual` is the value of the tested quantity (the left side of a
// comparison, the number of members passing a member criterion, or the truth value itself);
// `bound` the right side of a comparison when it has one (e.g. std at as_of), else unknown.
struct CriterionOutcome {
  Truth passed = Truth::kUnknown;
  rules::Value actual;
  rules::Value bound;
};

struct PolicyOutcome {
  PolicyStatus status = PolicyStatus::kIneligible;
  MemberSet beneficiaries = 0;  // empty unless eligible
  Amount amount;                // zero unless eligible
  FieldSet missing = 0;         // empty unless needs_info
  std::uint32_t first_criterion = 0;  // index into ScreeningResult::criteria
  std::uint32_t criterion_count = 0;
};

struct ServiceItemOutcome {
  ItemStatus status = ItemStatus::kNotSuggested;
  MemberSet suggested = 0;  // member triggers: members with G(m) = T
  MemberSet to_assess = 0;  // member triggers: members with G(m) = U
  FieldSet missing = 0;     // what an assessment asks for (to_assess only)
};

struct ScreeningResult {
  Date as_of;
  std::string catalog_version;
  std::vector<PolicyOutcome> policies;        // one per policy, catalog order
  std::vector<CriterionOutcome> criteria;     // all criteria, policy after policy
  std::vector<ServiceItemOutcome> service_items;  // one per item, catalog order
};

// The request-level checks of §1.1, run before Screen: kInvalidArgument with reason
// "as_of_out_of_range" when as_of precedes the catalog's first parameter date, or
// "born_after_as_of" (field path household.members[i].id_number) when a member is born after it.
Status CheckScreeningRequest(const CompiledCatalog& catalog, const Household& household,
                             Date as_of);

// Screens a household that passed household validation and CheckScreeningRequest.
ScreeningResult Screen(const CompiledCatalog& catalog, const Household& household, Date as_of);
// The same, reusing `out`'s storage (for batch screening).
void Screen(const CompiledCatalog& catalog, const Household& household, Date as_of,
            ScreeningResult* out);

}  // namespace lianban::domain
