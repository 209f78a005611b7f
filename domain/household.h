// The household an applicant declares: the input of every policy (spec/household.md). Optional
// objects are modelled field by field with std::optional, because an absent field is "unknown" to
// the rules engine while a member field's default counts as given.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/date.h"

namespace lianban::domain {

enum class Hukou { kUrban, kRural };
enum class Relation { kSelf, kSpouse, kChild, kParent, kGrandparent, kGrandchild, kSibling, kOther };
enum class Employment { kEmployed, kFlexible, kUnemployed, kRetired, kStudent, kNone };
enum class SelfCare { kFull, kPartial, kNone };
enum class DisabilityCategory {
  kVisual, kHearing, kSpeech, kPhysical, kIntellectual, kMental, kMultiple
};
enum class EducationStage { kPreschool, kPrimary, kJunior, kSenior, kVocational, kCollege };
enum class HouseholdStatus {
  kDibao, kTekun, kDibaoEdge, kRigidExpense, kPovertyRelapseWatch, kDifficultWorker
};

// The wire names of each enum, in enumerator order (household.md spells them exactly so).
inline constexpr std::array<std::string_view, 2> kHukouNames = {"urban", "rural"};
inline constexpr std::array<std::string_view, 8> kRelationNames = {
    "self", "spouse", "child", "parent", "grandparent", "grandchild", "sibling", "other"};
inline constexpr std::array<std::string_view, 6> kEmploymentNames = {
    "employed", "flexible", "unemployed", "retired", "student", "none"};
inline constexpr std::array<std::string_view, 3> kSelfCareNames = {"full", "partial", "none"};
inline constexpr std::array<std::string_view, 7> kDisabilityCategoryNames = {
    "visual", "hearing", "speech", "physical", "intellectual", "mental", "multiple"};
inline constexpr std::array<std::string_view, 6> kEducationStageNames = {
    "preschool", "primary", "junior", "senior", "vocational", "college"};
inline constexpr std::array<std::string_view, 6> kHouseholdStatusNames = {
    "dibao", "tekun", "dibao_edge", "rigid_expense", "poverty_relapse_watch", "difficult_worker"};

// The enumerator whose wire name is `name`, or nullopt. Usage: EnumFromName<Hukou>(kHukouNames, s).
template <typename E, std::size_t N>
std::optional<E> EnumFromName(const std::array<std::string_view, N>& names, std::string_view name) {
  for (std::size_t i = 0; i < N; ++i) {
    if (names[i] == name) return static_cast<E>(i);
  }
  return std::nullopt;
}
template <typename E, std::size_t N>
std::string_view EnumName(const std::array<std::string_view, N>& names, E value) {
  return names[static_cast<std::size_t>(value)];
}

struct Disability {
  DisabilityCategory category = DisabilityCategory::kPhysical;
  int grade = 4;  // 1 (most severe) .. 4
};

struct Member {
  std::string id_number;  // 18 characters, upper-case X, checksum verified
  std::string name;
  Relation relation = Relation::kOther;
  std::int64_t monthly_income_fen = 0;
  Employment employment = Employment::kNone;
  std::int64_t unemployed_months = 0;
  std::optional<Disability> disability;
  SelfCare self_care = SelfCare::kFull;
  bool serious_illness = false;
  bool chronic_illness = false;
  std::optional<EducationStage> education_stage;
  bool boarding = false;
  bool new_student = false;
  bool orphan = false;
  bool unattended_child = false;
  bool capable_supporter = true;
  bool union_member = false;
  bool pregnant = false;
  bool insured_resident_medical = true;

  // Derived from id_number when the household is decoded (never sent by clients).
  Date birth;
  bool female = false;
};

struct Assets {
  std::optional<std::int64_t> deposits_fen;
  std::optional<std::int64_t> vehicle_value_fen;
  std::optional<std::int64_t> homes;
  std::optional<bool> business;
};

struct Expenses {
  std::optional<std::int64_t> medical_fen;
  std::optional<std::int64_t> education_fen;
};

struct Housing {
  std::optional<bool> owns_home;
  std::optional<bool> renting;
  std::optional<double> per_capita_area_m2;
  std::optional<bool> dangerous_house;
};

struct Events {
  std::optional<bool> disaster;
  std::optional<bool> house_collapsed;
  std::optional<bool> sudden_hardship;
  std::optional<std::int64_t> hardship_cost_fen;
};

struct Household {
  Hukou hukou = Hukou::kUrban;
  std::optional<std::string> street;  // a street/town code from the catalog
  std::vector<Member> members;        // 1..20, exactly one with relation self
  Assets assets;                      // absent object == all fields absent
  Expenses expenses_12m;
  Housing housing;
  Events events;
  std::vector<HouseholdStatus> statuses;  // absent == empty

  bool HasStatus(HouseholdStatus s) const {
    for (auto x : statuses) if (x == s) return true;
    return false;
  }
};

// Limits of household.md.
inline constexpr std::int64_t kMaxInteger = 1'000'000'000'000;  // 10^12
inline constexpr double kMaxAreaM2 = 100000.0;
inline constexpr std::size_t kMaxMembers = 20;
inline constexpr std::size_t kMaxNameChars = 40;

}  // namespace lianban::domain
