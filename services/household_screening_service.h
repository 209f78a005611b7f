// Screening a registered household and keeping the result: POST/GET
// /v1/households/{id}/screenings. Reads the household through HouseholdService (so scope and the
// read audit apply), screens it with the catalog in force (domain::Screen) and stores the result
// document (services/screening_json.h) sealed, with the catalog version, as_of and the
// household version screened.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <vector>

#include <nlohmann/json.hpp>

#include "db/screening_repository.h"
#include "domain/catalog.h"
#include "domain/clock.h"
#include "domain/date.h"
#include "services/household_service.h"

namespace lianban::services {

class HouseholdScreeningService {
 public:
  HouseholdScreeningService(HouseholdService& households, db::ScreeningRepository& screenings,
                            std::shared_ptr<const domain::CompiledCatalog> catalog,
                            const Clock& clock)
      : households_(households), screenings_(screenings), catalog_(std::move(catalog)),
        clock_(clock) {}

  // Screens household `id` at `as_of` (nullopt: today, UTC, from the clock) and stores the
  // result; returns it with `id` and `household_version` added. Errors: 404; 422
  // as_of_out_of_range / born_after_as_of; 412 stale_version if the household changed meanwhile.
  Result<nlohmann::json> Screen(const domain::Principal& who, std::int64_t id,
                                std::optional<domain::Date> as_of);
  // The household's stored results, oldest first. Errors: 404 (also outside scope).
  Result<nlohmann::json> List(const domain::Principal& who, std::int64_t id);

 private:
  HouseholdService& households_;
  db::ScreeningRepository& screenings_;
  std::shared_ptr<const domain::CompiledCatalog> catalog_;
  const Clock& clock_;
};

}  // namespace lianban::services
