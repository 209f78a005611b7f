// Resident ID numbers (GB 11643-1999): region(6) birth date(8) sequence(3) check(1). Validation,
// normalisation ('x' -> 'X') and the facts derived from the number (birth date, sex).
#pragma once

#include <string>
#include <string_view>

#include "domain/date.h"
#include "domain/result.h"

namespace lianban::domain {

struct IdNumber {
  std::string normalized;  // 18 characters, check character upper-case
  Date birth;
  bool female = false;  // the 17th digit is even
};

// The earliest birth date household.md accepts.
inline constexpr Date kEarliestBirth{1900, 1, 1};

// Parses and verifies an ID number: exactly 18 characters, 17 ASCII digits then a digit, 'X' or
// 'x'; a birth date (characters 7..14) that is a real calendar date on or after 1900-01-01; and a
// check character equal to ComputeIdCheckCharacter of the first 17. On failure:
// Error{kInvalidArgument, "invalid_id_number", <why, without echoing the number>}.
Result<IdNumber> ParseIdNumber(std::string_view text);

// The check character for the first 17 digits of an ID number: weights 7 9 10 5 8 4 2 1 6 3 7 9
// 10 5 8 4 2, "10X98765432"[sum % 11]. `first17` must be 17 ASCII digits (asserted).
char ComputeIdCheckCharacter(std::string_view first17);

}  // namespace lianban::domain
