// A deterministic generator of realistic synthetic households (for benchmarks, demos and
// fuzz-like tests). Pure integer arithmetic and its own PRNG (splitmix64 seeding xoshiro256**),
// so the same (seed, index) gives the same household on every platform and standard library.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "domain/date.h"
#include "domain/household.h"

namespace lianban::domain {

// Ages are computed against this date; every birth date is on or before it, so screen generated
// households with as_of >= kGeneratorReference (or born_after_as_of is reported).
inline constexpr Date kGeneratorReference{2025, 9, 1};

// Household number `index` of the population `seed`. Independent of any other index, so a
// population can be generated in parallel or streamed. The result always satisfies
// ValidateHousehold (household_validation.h): ID numbers with region 500105 and a real birth date,
// names of 2 or 3 Chinese characters, exactly one applicant, 1..8 members, all 12 streets.
Household GenerateHousehold(std::uint64_t seed, std::uint64_t index,
                            Date reference = kGeneratorReference);

// Households 0 .. count-1 of the population `seed`.
std::vector<Household> GenerateHouseholds(std::size_t count, std::uint64_t seed,
                                          Date reference = kGeneratorReference);

}  // namespace lianban::domain
