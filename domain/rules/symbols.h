// The names the rules language knows before any catalog is read: enum domains and their symbols,
// member fields, the optional household fields that can be absent (and so appear in `missing`).
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace lianban::domain::rules {

// Enum domains (Value::domain). Symbols of kDepartment come from the catalog.
enum class Domain : std::uint8_t {
  kNone, kHukou, kEmployment, kSelfCare, kCategory, kEducation, kStatus, kPolicyStatus,
  kDepartment,
};

// The symbols of a built-in domain in index order (empty for kNone and kDepartment).
const std::string_view* DomainSymbols(Domain d, std::size_t* count);
std::string_view DomainName(Domain d);
// The index of `symbol` in a built-in domain, or nullopt.
std::optional<std::int64_t> SymbolIndex(Domain d, std::string_view symbol);

// The optional fields of household.md's four optional objects, in ascending byte order of their
// dotted paths (so a FieldSet iterated by bit is already sorted as `missing` requires).
enum class OptionalField : std::uint8_t {
  kAssetsBusiness, kAssetsDepositsFen, kAssetsHomes, kAssetsVehicleValueFen,
  kEventsDisaster, kEventsHardshipCostFen, kEventsHouseCollapsed, kEventsSuddenHardship,
  kExpensesEducationFen, kExpensesMedicalFen,
  kHousingDangerousHouse, kHousingOwnsHome, kHousingPerCapitaAreaM2, kHousingRenting,
};
inline constexpr std::size_t kOptionalFieldCount = 14;
std::string_view OptionalFieldPath(OptionalField f);
std::optional<OptionalField> FindOptionalField(std::string_view object, std::string_view field);

enum class MemberField : std::uint8_t {
  kMonthlyIncomeFen, kEmployment, kUnemployedMonths, kDisability, kDisabilityGrade,
  kDisabilityCategory, kSelfCare, kSeriousIllness, kChronicIllness, kEducationStage, kBoarding,
  kNewStudent, kOrphan, kUnattendedChild, kCapableSupporter, kUnionMember, kPregnant,
  kInsuredResidentMedical,
};
inline constexpr std::size_t kMemberFieldCount = 18;
// `path` is the dotted tail after the member variable: "orphan", "disability.grade".
std::optional<MemberField> FindMemberField(std::string_view path);

}  // namespace lianban::domain::rules
