// The household registry on the encrypted store. Each household is one sealed document (the
// caller's canonical encoding, opaque here) bound to ("households", "document", id), plus clear
// columns that reports count (hukou, street, member count, age bands, statuses) and a blind index
// of every member's ID number, whose uniqueness is "one person, one household". Every call appends
// its audit entry inside the same write transaction as the change or read it records.
#pragma once

#include <atomic>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "db/blind_index.h"
#include "db/database.h"
#include "db/sealer.h"
#include "domain/household.h"
#include "domain/result.h"

namespace lianban::db {

// Who is acting, as the audit log records it: id "user:7" (or "apikey:3", "system"), role name.
struct Actor {
  std::string id;
  std::string role;
};

// Which households a caller may see: district-wide roles see all; a department-scoped role
// (reviewer) sees those on which its department has a task (docs/registry.md).
struct Scope {
  std::optional<std::string> department;  // nullopt: all households
  static Scope All() { return {}; }
  static Scope Department(std::string code) { return Scope{std::move(code)}; }
};

struct StoredHousehold {
  std::int64_t id = 0;
  std::int64_t version = 0;
  std::int64_t created_at = 0;  // unix seconds
  std::int64_t updated_at = 0;
  std::string document;  // opened
};

// The clear part of a household: what lists show and reports count. No personal data.
struct HouseholdSummary {
  std::int64_t id = 0;
  std::int64_t version = 0;
  std::int64_t created_at = 0;
  std::int64_t updated_at = 0;
  std::string hukou;
  std::optional<std::string> street;
  std::int64_t member_count = 0;
  std::int64_t members_minor = 0;    // under 18 at updated_at
  std::int64_t members_adult = 0;    // 18..59
  std::int64_t members_elderly = 0;  // 60 and over
  std::vector<std::string> statuses;  // wire names, sorted
};

struct HouseholdFilter {
  std::optional<std::string> street;
  std::optional<std::string> status;  // a status wire name
  std::int64_t after_id = 0;          // cursor: ids greater than this
  int limit = 50;                     // 1..500
};

inline constexpr char kPersonIndexName[] = "person_id_number";

class HouseholdRepository {
 public:
  // All three must outlive the repository.
  HouseholdRepository(Database& db, const Sealer& sealer, const BlindIndex& index)
      : db_(db), sealer_(sealer), index_(index) {}

  // Registers `household` (already validated) with its sealed `document`; version 1. Errors:
  // kAlreadyExists "duplicate_person" naming the member's path ("household.members[i].id_number")
  // but not the other household; sealing and database errors.
  Result<StoredHousehold> Create(const domain::Household& household, std::string_view document,
                                 const Actor& actor, std::int64_t now);

  // The household, opened. Errors: kNotFound "household_not_found" when it does not exist or is
  // outside `scope` (the two are indistinguishable on purpose); kInternal "seal_tampered".
  Result<StoredHousehold> Get(std::int64_t id, const Scope& scope, const Actor& actor,
                              std::int64_t now);

  // Replaces the household when its version is still `expected_version` (then version + 1).
  // Errors: kNotFound "household_not_found"; kFailedPrecondition "stale_version";
  // kAlreadyExists "duplicate_person".
  Result<StoredHousehold> Replace(std::int64_t id, std::int64_t expected_version,
                                  const domain::Household& household, std::string_view document,
                                  const Actor& actor, std::int64_t now);

  // The household of the person with this ID number (trimmed, 'x' upper-cased here).
  // Errors: kNotFound "person_not_found".
  Result<std::int64_t> FindPerson(std::string_view id_number, const Actor& actor,
                                  std::int64_t now);

  // Summaries with id > filter.after_id in ascending id order, at most filter.limit, within scope.
  Result<std::vector<HouseholdSummary>> List(const HouseholdFilter& filter, const Scope& scope,
                                             const Actor& actor, std::int64_t now);

  // Whether `scope` covers household `id` (used by the screenings repository and handlers).
  Result<bool> InScope(std::int64_t id, const Scope& scope);

  // Runs Get, FindPerson and List on these read-only connections to the same database (taken in
  // turn) instead of the writer's, so reads do not queue behind each other's page reads on the
  // one connection lock. Their audit entries still go through the writer (RecordAudit). In WAL
  // mode each read transaction sees every commit before it, so a read after a write sees it.
  // Set once, before other threads use the repository; the connections must outlive it.
  void ReadThrough(std::vector<Database*> readers) { readers_ = std::move(readers); }

 private:
  // The connection for the next read: the writer's, or one of the readers.
  Database& Reader();
  Result<bool> InScopeOn(Database& conn, std::int64_t id, const Scope& scope);
  Result<std::vector<std::vector<std::uint8_t>>> PersonIndexes(const domain::Household& h) const;
  Status CheckNoDuplicates(const std::vector<std::vector<std::uint8_t>>& indexes,
                           std::int64_t own_id);
  Status WriteDetails(std::int64_t id, const domain::Household& household,
                      std::string_view document,
                      const std::vector<std::vector<std::uint8_t>>& indexes, std::int64_t now);

  Database& db_;
  const Sealer& sealer_;
  const BlindIndex& index_;
  std::vector<Database*> readers_;
  std::atomic<std::size_t> next_reader_{0};
};

// Normalizes an ID number for the blind index: surrounding white space removed, 'x' -> 'X'.
std::string NormalizeIdNumber(std::string_view id_number);

}  // namespace lianban::db
