#include "domain/rules/symbols.h"

#include <array>

#include "domain/household.h"

namespace lianban::domain::rules {
namespace {

constexpr std::array<std::string_view, 3> kPolicyStatusSymbols = {"ineligible", "needs_info",
                                                                  "eligible"};

constexpr std::array<std::string_view, kOptionalFieldCount> kOptionalPaths = {
    "assets.business", "assets.deposits_fen", "assets.homes", "assets.vehicle_value_fen",
    "events.disaster", "events.hardship_cost_fen", "events.house_collapsed",
    "events.sudden_hardship", "expenses_12m.education_fen", "expenses_12m.medical_fen",
    "housing.dangerous_house", "housing.owns_home", "housing.per_capita_area_m2",
    "housing.renting",
};

struct MemberFieldName {
  std::string_view path;
  MemberField field;
};
constexpr std::array<MemberFieldName, 18> kMemberFields = {{
    {"monthly_income_fen", MemberField::kMonthlyIncomeFen},
    {"employment", MemberField::kEmployment},
    {"unemployed_months", MemberField::kUnemployedMonths},
    {"disability", MemberField::kDisability},
    {"disability.grade", MemberField::kDisabilityGrade},
    {"disability.category", MemberField::kDisabilityCategory},
    {"self_care", MemberField::kSelfCare},
    {"serious_illness", MemberField::kSeriousIllness},
    {"chronic_illness", MemberField::kChronicIllness},
    {"education_stage", MemberField::kEducationStage},
    {"boarding", MemberField::kBoarding},
    {"new_student", MemberField::kNewStudent},
    {"orphan", MemberField::kOrphan},
    {"unattended_child", MemberField::kUnattendedChild},
    {"capable_supporter", MemberField::kCapableSupporter},
    {"union_member", MemberField::kUnionMember},
    {"pregnant", MemberField::kPregnant},
    {"insured_resident_medical", MemberField::kInsuredResidentMedical},
}};

}  // namespace

const std::string_view* DomainSymbols(Domain d, std::size_t* count) {
  switch (d) {
    case Domain::kHukou: *count = kHukouNames.size(); return kHukouNames.data();
    case Domain::kEmployment: *count = kEmploymentNames.size(); return kEmploymentNames.data();
    case Domain::kSelfCare: *count = kSelfCareNames.size(); return kSelfCareNames.data();
    case Domain::kCategory:
      *count = kDisabilityCategoryNames.size();
      return kDisabilityCategoryNames.data();
    case Domain::kEducation:
      *count = kEducationStageNames.size();
      return kEducationStageNames.data();
    case Domain::kStatus:
      *count = kHouseholdStatusNames.size();
      return kHouseholdStatusNames.data();
    case Domain::kPolicyStatus:
      *count = kPolicyStatusSymbols.size();
      return kPolicyStatusSymbols.data();
    default: *count = 0; return nullptr;
  }
}

std::string_view DomainName(Domain d) {
  switch (d) {
    case Domain::kHukou: return "hukou";
    case Domain::kEmployment: return "employment";
    case Domain::kSelfCare: return "self_care";
    case Domain::kCategory: return "disability category";
    case Domain::kEducation: return "education_stage";
    case Domain::kStatus: return "status";
    case Domain::kPolicyStatus: return "policy status";
    case Domain::kDepartment: return "department";
    default: return "none";
  }
}

std::optional<std::int64_t> SymbolIndex(Domain d, std::string_view symbol) {
  std::size_t n = 0;
  const std::string_view* names = DomainSymbols(d, &n);
  for (std::size_t i = 0; i < n; ++i) {
    if (names[i] == symbol) return static_cast<std::int64_t>(i);
  }
  return std::nullopt;
}

std::string_view OptionalFieldPath(OptionalField f) {
  return kOptionalPaths[static_cast<std::size_t>(f)];
}

std::optional<OptionalField> FindOptionalField(std::string_view object, std::string_view field) {
  for (std::size_t i = 0; i < kOptionalPaths.size(); ++i) {
    std::string_view p = kOptionalPaths[i];
    if (p.size() == object.size() + 1 + field.size() && p.substr(0, object.size()) == object &&
        p[object.size()] == '.' && p.substr(object.size() + 1) == field) {
      return static_cast<OptionalField>(i);
    }
  }
  return std::nullopt;
}

std::optional<MemberField> FindMemberField(std::string_view path) {
  for (const auto& f : kMemberFields) {
    if (f.path == path) return f.field;
  }
  return std::nullopt;
}

}  // namespace lianban::domain::rules
