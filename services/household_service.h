// The registry's use cases: register, read, replace (optimistic concurrency by ETag), list and
// find a person. Decides the caller's scope from its principal, turns principals into audit
// actors and keeps the stored document in household_json's canonical encoding.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "db/household_repository.h"
#include "services/actor.h"
#include "domain/authz.h"
#include "domain/clock.h"
#include "domain/household.h"
#include "domain/result.h"

namespace lianban::services {

struct HouseholdView {
  std::int64_t id = 0;
  std::int64_t version = 0;
  std::int64_t created_at = 0;
  std::int64_t updated_at = 0;
  domain::Household household;
};

struct HouseholdPage {
  std::vector<db::HouseholdSummary> households;
  std::optional<std::int64_t> next;  // cursor of the next page; nullopt on the last one
};

class HouseholdService {
 public:
  HouseholdService(db::HouseholdRepository& repository, const Clock& clock)
      : repository_(repository), clock_(clock) {}

  // Errors: those of HouseholdRepository::Create (409 duplicate_person).
  Result<HouseholdView> Register(const domain::Principal& who, const domain::Household& household);
  // The same for a non-user actor (e.g. {"system", "demo-data"} for `lianban demo-data`).
  Result<HouseholdView> RegisterAs(const db::Actor& actor, const domain::Household& household);
  // Errors: 404 household_not_found (also outside the caller's scope).
  Result<HouseholdView> Get(const domain::Principal& who, std::int64_t id);
  // The same read (audited alike), with the document as stored rather than decoded: for
  // GET /v1/households/{id}, which returns it as it is (RenderStoredHousehold).
  Result<db::StoredHousehold> GetStored(const domain::Principal& who, std::int64_t id);
  // `if_match` is the If-Match header. Errors: 428 precondition_required when absent, empty or
  // "*"; 412 stale_version when it names another version; 404; 409 duplicate_person.
  Result<HouseholdView> Replace(const domain::Principal& who, std::int64_t id,
                                std::optional<std::string_view> if_match,
                                const domain::Household& household);
  // The household id of the person. Errors: 422 invalid_id_number; 404 person_not_found.
  Result<std::int64_t> FindPerson(const domain::Principal& who, std::string_view id_number);
  // One page of summaries (filter.limit of them at most) within the caller's scope.
  Result<HouseholdPage> List(const domain::Principal& who, const db::HouseholdFilter& filter);

 private:
  Result<HouseholdView> ToView(db::StoredHousehold stored) const;

  db::HouseholdRepository& repository_;
  const Clock& clock_;
};

// The scope of a principal: department-scoped roles see their department's households only.
db::Scope ScopeOf(const domain::Principal& who);
// The strong ETag of a version: "\"7\"".
std::string ETagOf(std::int64_t version);
// The version an If-Match header names. Errors: 428 precondition_required (absent, empty, "*");
// 412 stale_version for a value that is no ETag of ours (it can match no version).
Result<std::int64_t> VersionFromIfMatch(std::optional<std::string_view> if_match);
// "2026-11-27T12:04:48Z".
std::string FormatTimestamp(std::int64_t unix_seconds);

}  // namespace lianban::services
