// The value rules of spec/household.md that need no JSON: ranges, names, ID numbers, member count,
// the single applicant, duplicate members, and (for screening) births after as_of. Each check
// reports violations as FieldError{path, code, detail}; callers collect them all.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/date.h"
#include "domain/household.h"
#include "domain/result.h"

namespace lianban::domain {

// The 12 street/town codes of policies.md §4, the only values of Household::street.
inline constexpr std::array<std::string_view, 12> kStreetCodes = {
    "GYQ", "HXJ", "WLD", "JBC", "SMH", "DSB", "CT", "TSP", "GJT", "FS", "YZ", "WB"};
bool IsStreetCode(std::string_view code);

// Number of Unicode code points in UTF-8 text (continuation bytes are not counted).
std::size_t CountCodePoints(std::string_view utf8);

// Single-value checks: nullopt when valid, else the violation at `path`.
// An integer field: negative_value below 0, out_of_range above 10^12.
std::optional<FieldError> CheckInteger(std::int64_t value, std::string path);
// per_capita_area_m2: negative_value below 0, out_of_range when not finite or above 100000.
std::optional<FieldError> CheckArea(double value, std::string path);
// A disability grade: out_of_range outside 1..4 (negative grades included).
std::optional<FieldError> CheckGrade(std::int64_t value, std::string path);
// A name: invalid_length when empty, only white space, or more than 40 code points.
std::optional<FieldError> CheckName(std::string_view name, std::string path);

// What the household-level member rules need to know of one member; nullopt = that field could
// not be decoded (its own violation is reported elsewhere), so rules depending on it are skipped.
struct MemberKey {
  std::optional<Relation> relation;
  std::optional<std::string> id_number;  // normalised (upper-case X) and valid
};

// invalid_member_count (0 or > 20 members, path "<prefix>.members"), invalid_self_count (not
// exactly one relation self, path "<prefix>.members"; skipped when the count is 0 or a relation is
// unknown) and duplicate_member (path "<prefix>.members[i].id_number" of each repeat).
std::vector<FieldError> CheckMemberSet(const std::vector<MemberKey>& members,
                                       std::string_view prefix);

// Every value rule above on a complete Household (ID numbers, names, ranges, grades, member
// rules). Empty when valid. Used for households built in code (generator, registry).
std::vector<FieldError> ValidateHousehold(const Household& household, std::string_view prefix);

// born_after_as_of for each member whose birth is after `as_of`, at
// "<prefix>.members[i].id_number". Screening only; registration does not check it.
std::vector<FieldError> CheckBornBeforeAsOf(const Household& household, Date as_of,
                                            std::string_view prefix);

// "<prefix>.members[i]" — the path of member i.
std::string MemberPath(std::string_view prefix, std::size_t index);

}  // namespace lianban::domain
