#include "domain/id_number.h"

#include <array>
#include <cassert>

namespace lianban::domain {
namespace {

constexpr std::size_t kLength = 18;
constexpr std::array<int, 17> kWeights = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
constexpr std::string_view kCheckCharacters = "10X98765432";

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

int DigitsValue(std::string_view s) {
  int v = 0;
  for (char c : s) v = v * 10 + (c - '0');
  return v;
}

Error Invalid(std::string message) {
  return Error::Make(ErrorCode::kInvalidArgument, "invalid_id_number", std::move(message));
}

}  // namespace

char ComputeIdCheckCharacter(std::string_view first17) {
  assert(first17.size() == kWeights.size());
  int sum = 0;
  for (std::size_t i = 0; i < kWeights.size(); ++i) {
    assert(IsDigit(first17[i]));
    sum += (first17[i] - '0') * kWeights[i];
  }
  return kCheckCharacters[sum % 11];
}

Result<IdNumber> ParseIdNumber(std::string_view text) {
  if (text.size() != kLength) return Invalid("an ID number has exactly 18 characters");
  for (std::size_t i = 0; i + 1 < kLength; ++i) {
    if (!IsDigit(text[i])) return Invalid("the first 17 characters of an ID number are digits");
  }
  char check = text[kLength - 1];
  if (check == 'x') check = 'X';
  if (!IsDigit(check) && check != 'X') {
    return Invalid("the last character of an ID number is a digit or X");
  }
  const auto birth = Date::FromYmd(DigitsValue(text.substr(6, 4)), DigitsValue(text.substr(10, 2)),
                                   DigitsValue(text.substr(12, 2)));
  if (!birth) return Invalid("the birth date in the ID number is not a calendar date");
  if (*birth < kEarliestBirth) return Invalid("the birth date in the ID number is before 1900");
  if (ComputeIdCheckCharacter(text.substr(0, 17)) != check) {
    return Invalid("the check character of the ID number does not verify");
  }
  IdNumber id;
  id.normalized = std::string(text.substr(0, 17)) + check;
  id.birth = *birth;
  id.female = (text[16] - '0') % 2 == 0;
  return id;
}

}  // namespace lianban::domain
