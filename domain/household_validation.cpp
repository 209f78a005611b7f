#include "domain/household_validation.h"

#include <algorithm>
#include <cmath>
#include <unordered_set>

#include "domain/id_number.h"

namespace lianban::domain {
namespace {

FieldError Violation(std::string path, std::string code, std::string detail) {
  return FieldError{std::move(path), std::move(code), std::move(detail)};
}

// ASCII white space and the Unicode spaces a form is likely to carry (NBSP, ideographic space).
bool IsOnlyWhiteSpace(std::string_view s) {
  std::size_t i = 0;
  while (i < s.size()) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    if (c == ' ' || (c >= '\t' && c <= '\r')) {
      ++i;
    } else if (s.substr(i, 2) == "\xC2\xA0") {
      i += 2;
    } else if (s.substr(i, 3) == "\xE3\x80\x80") {
      i += 3;
    } else {
      return false;
    }
  }
  return true;
}

void AddIf(std::vector<FieldError>& out, std::optional<FieldError> e) {
  if (e) out.push_back(std::move(*e));
}

void ValidateMemberValues(const Member& m, const std::string& path, std::vector<FieldError>& out) {
  if (!ParseIdNumber(m.id_number)) {
    out.push_back(Violation(path + ".id_number", "invalid_id_number", "not a valid ID number"));
  }
  AddIf(out, CheckName(m.name, path + ".name"));
  AddIf(out, CheckInteger(m.monthly_income_fen, path + ".monthly_income_fen"));
  AddIf(out, CheckInteger(m.unemployed_months, path + ".unemployed_months"));
  if (m.disability) AddIf(out, CheckGrade(m.disability->grade, path + ".disability.grade"));
}

void CheckOptionalInteger(const std::optional<std::int64_t>& v, std::string path,
                          std::vector<FieldError>& out) {
  if (v) AddIf(out, CheckInteger(*v, std::move(path)));
}

void ValidateObjectValues(const Household& h, const std::string& p, std::vector<FieldError>& out) {
  CheckOptionalInteger(h.assets.deposits_fen, p + ".assets.deposits_fen", out);
  CheckOptionalInteger(h.assets.vehicle_value_fen, p + ".assets.vehicle_value_fen", out);
  CheckOptionalInteger(h.assets.homes, p + ".assets.homes", out);
  CheckOptionalInteger(h.expenses_12m.medical_fen, p + ".expenses_12m.medical_fen", out);
  CheckOptionalInteger(h.expenses_12m.education_fen, p + ".expenses_12m.education_fen", out);
  CheckOptionalInteger(h.events.hardship_cost_fen, p + ".events.hardship_cost_fen", out);
  if (h.housing.per_capita_area_m2) {
    AddIf(out, CheckArea(*h.housing.per_capita_area_m2, p + ".housing.per_capita_area_m2"));
  }
}

}  // namespace

bool IsStreetCode(std::string_view code) {
  return std::find(kStreetCodes.begin(), kStreetCodes.end(), code) != kStreetCodes.end();
}

std::size_t CountCodePoints(std::string_view utf8) {
  return static_cast<std::size_t>(std::count_if(utf8.begin(), utf8.end(), [](char c) {
    return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  }));
}

std::string MemberPath(std::string_view prefix, std::size_t index) {
  return std::string(prefix) + ".members[" + std::to_string(index) + "]";
}

std::optional<FieldError> CheckInteger(std::int64_t value, std::string path) {
  if (value < 0) return Violation(std::move(path), "negative_value", "must be 0 or more");
  if (value > kMaxInteger) {
    return Violation(std::move(path), "out_of_range", "must be at most 10^12");
  }
  return std::nullopt;
}

std::optional<FieldError> CheckArea(double value, std::string path) {
  if (!std::isfinite(value) || value > kMaxAreaM2) {
    return Violation(std::move(path), "out_of_range", "must be a finite number up to 100000");
  }
  if (value < 0) return Violation(std::move(path), "negative_value", "must be 0 or more");
  return std::nullopt;
}

std::optional<FieldError> CheckGrade(std::int64_t value, std::string path) {
  if (value < 1 || value > 4) {
    return Violation(std::move(path), "out_of_range", "a disability grade is 1, 2, 3 or 4");
  }
  return std::nullopt;
}

std::optional<FieldError> CheckName(std::string_view name, std::string path) {
  if (name.empty() || IsOnlyWhiteSpace(name)) {
    return Violation(std::move(path), "invalid_length", "a name is not empty or only white space");
  }
  if (CountCodePoints(name) > kMaxNameChars) {
    return Violation(std::move(path), "invalid_length", "a name has at most 40 characters");
  }
  return std::nullopt;
}

std::vector<FieldError> CheckMemberSet(const std::vector<MemberKey>& members,
                                       std::string_view prefix) {
  std::vector<FieldError> out;
  const std::string members_path = std::string(prefix) + ".members";
  if (members.empty() || members.size() > kMaxMembers) {
    out.push_back(
        Violation(members_path, "invalid_member_count", "a household has 1 to 20 members"));
  }
  const bool relations_known = std::all_of(
      members.begin(), members.end(), [](const MemberKey& k) { return k.relation.has_value(); });
  if (!members.empty() && relations_known) {
    const auto selves = std::count_if(members.begin(), members.end(), [](const MemberKey& k) {
      return k.relation == Relation::kSelf;
    });
    if (selves != 1) {
      out.push_back(
          Violation(members_path, "invalid_self_count",
                    "exactly one member has relation self, found " + std::to_string(selves)));
    }
  }
  std::unordered_set<std::string> seen;
  for (std::size_t i = 0; i < members.size(); ++i) {
    if (!members[i].id_number) continue;
    if (!seen.insert(*members[i].id_number).second) {
      out.push_back(Violation(MemberPath(prefix, i) + ".id_number", "duplicate_member",
                              "the same ID number appears earlier in this household"));
    }
  }
  return out;
}

std::vector<FieldError> ValidateHousehold(const Household& household, std::string_view prefix) {
  std::vector<FieldError> out;
  const std::string p(prefix);
  if (household.street && !IsStreetCode(*household.street)) {
    out.push_back(Violation(p + ".street", "invalid_enum", "not a street/town code"));
  }
  std::vector<MemberKey> keys;
  for (std::size_t i = 0; i < household.members.size(); ++i) {
    const Member& m = household.members[i];
    ValidateMemberValues(m, MemberPath(prefix, i), out);
    auto id = ParseIdNumber(m.id_number);
    keys.push_back({m.relation, id ? std::optional(id->normalized) : std::nullopt});
  }
  ValidateObjectValues(household, p, out);
  auto set = CheckMemberSet(keys, prefix);
  out.insert(out.end(), set.begin(), set.end());
  return out;
}

std::vector<FieldError> CheckBornBeforeAsOf(const Household& household, Date as_of,
                                            std::string_view prefix) {
  std::vector<FieldError> out;
  for (std::size_t i = 0; i < household.members.size(); ++i) {
    if (household.members[i].birth > as_of) {
      out.push_back(Violation(MemberPath(prefix, i) + ".id_number", "born_after_as_of",
                              "the member is born after as_of"));
    }
  }
  return out;
}

}  // namespace lianban::domain
