// The household on the wire (spec/household.md): decoding untrusted JSON into domain::Household
// with every violation reported by JSON path, and encoding it back (the registry's stored form).
#pragma once

#include <nlohmann/json.hpp>
#include <string_view>
#include <vector>

#include "domain/household.h"
#include "domain/result.h"

namespace lianban::services {

// Decodes and validates a household object. Checks the JSON shape (unknown_field, missing_field,
// invalid_type, invalid_enum, negative_value, out_of_range, invalid_length) and then the semantic
// rules of domain/household_validation.h (invalid_id_number, invalid_member_count,
// invalid_self_count, duplicate_member). All violations are collected, never only the first.
// Paths are rooted at `path_prefix`, e.g. "household.members[2].id_number".
// On success: ID numbers upper-cased ('x' -> 'X'), Member::birth and Member::female derived,
// absent member fields set to their household.md defaults, empty optional objects = absent.
// On failure: Error{kInvalidArgument, reason, message, fields}, where reason is the code of the
// single violation if there is exactly one, else "invalid_household"; fields lists every
// violation {path, code, detail}. Never throws. born_after_as_of is NOT checked here (it needs
// as_of): see domain::CheckBornBeforeAsOf.
Result<domain::Household> DecodeHousehold(const nlohmann::json& j,
                                          std::string_view path_prefix = "household");

// The same checks, returning only the violations (empty when valid). For callers that merge the
// household's violations with their own envelope's (e.g. as_of, unknown envelope fields).
std::vector<FieldError> HouseholdViolations(const nlohmann::json& j,
                                            std::string_view path_prefix = "household");

// The inverse of DecodeHousehold: DecodeHousehold(EncodeHousehold(h)) == h for any decoded h.
// Every member field is written (defaults included); absent optional fields and objects are
// omitted; `statuses` is written only when non-empty. Derived fields (birth, female) are not.
nlohmann::json EncodeHousehold(const domain::Household& household);

// The Error that DecodeHousehold would return for these violations (non-empty): reason is the
// single code or "invalid_household". Shared so envelopes can report merged violations alike.
Error HouseholdError(std::vector<FieldError> violations);

}  // namespace lianban::services
