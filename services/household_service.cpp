#include "services/household_service.h"

#include <charconv>
#include <cstdio>

#include <nlohmann/json.hpp>

#include "domain/date.h"
#include "domain/id_number.h"
#include "services/household_json.h"

namespace lianban::services {
namespace {

Error PreconditionRequired() {
  return Error::Make(ErrorCode::kPreconditionRequired, "precondition_required",
                     "send If-Match with the ETag of the household you read");
}

Error Stale() {
  return Error::Make(ErrorCode::kFailedPrecondition, "stale_version",
                     "the household was changed since you read it; read it again");
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

}  // namespace

db::Scope ScopeOf(const domain::Principal& who) {
  if (domain::RoleNeedsDepartment(who.role)) return db::Scope::Department(who.department);
  return db::Scope::All();
}

std::string ETagOf(std::int64_t version) { return "\"" + std::to_string(version) + "\""; }

Result<std::int64_t> VersionFromIfMatch(std::optional<std::string_view> if_match) {
  if (!if_match) return PreconditionRequired();
  const std::string_view value = Trim(*if_match);
  if (value.empty() || value == "*") return PreconditionRequired();
  if (value.size() < 3 || value.front() != '"' || value.back() != '"') return Stale();
  const std::string_view digits = value.substr(1, value.size() - 2);
  std::int64_t version = 0;
  const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), version);
  if (ec != std::errc() || end != digits.data() + digits.size() || version < 1) return Stale();
  return version;
}

std::string FormatTimestamp(std::int64_t unix_seconds) {
  const std::int64_t day_seconds = ((unix_seconds % 86400) + 86400) % 86400;
  const domain::Date date = domain::Date::FromUnix(unix_seconds);
  char time[16];
  std::snprintf(time, sizeof time, "T%02d:%02d:%02dZ", static_cast<int>(day_seconds / 3600),
                static_cast<int>(day_seconds / 60 % 60), static_cast<int>(day_seconds % 60));
  return date.ToString() + time;
}

Result<HouseholdView> HouseholdService::ToView(db::StoredHousehold stored) const {
  const nlohmann::json document = nlohmann::json::parse(stored.document, nullptr, false);
  auto household = DecodeHousehold(document);
  if (!household.ok()) {
    return Error::Make(ErrorCode::kInternal, "stored_document_invalid",
                       "a stored household no longer decodes");
  }
  return HouseholdView{stored.id, stored.version, stored.created_at, stored.updated_at,
                       std::move(household).value()};
}

Result<HouseholdView> HouseholdService::Register(const domain::Principal& who,
                                                 const domain::Household& household) {
  return RegisterAs(ActorOf(who), household);
}

Result<HouseholdView> HouseholdService::RegisterAs(const db::Actor& actor,
                                                   const domain::Household& household) {
  const std::string document = EncodeHousehold(household).dump();
  auto stored = repository_.Create(household, document, actor, clock_.NowUnix());
  if (!stored.ok()) return std::move(stored).take_error();
  return HouseholdView{stored->id, stored->version, stored->created_at, stored->updated_at,
                       household};
}

Result<HouseholdView> HouseholdService::Get(const domain::Principal& who, std::int64_t id) {
  auto stored = GetStored(who, id);
  if (!stored.ok()) return std::move(stored).take_error();
  return ToView(std::move(stored).value());
}

Result<db::StoredHousehold> HouseholdService::GetStored(const domain::Principal& who,
                                                        std::int64_t id) {
  return repository_.Get(id, ScopeOf(who), ActorOf(who), clock_.NowUnix());
}

Result<HouseholdView> HouseholdService::Replace(const domain::Principal& who, std::int64_t id,
                                                std::optional<std::string_view> if_match,
                                                const domain::Household& household) {
  auto version = VersionFromIfMatch(if_match);
  if (!version.ok()) return std::move(version).take_error();
  const std::string document = EncodeHousehold(household).dump();
  auto stored =
      repository_.Replace(id, *version, household, document, ActorOf(who), clock_.NowUnix());
  if (!stored.ok()) return std::move(stored).take_error();
  return HouseholdView{stored->id, stored->version, stored->created_at, stored->updated_at,
                       household};
}

Result<std::int64_t> HouseholdService::FindPerson(const domain::Principal& who,
                                                  std::string_view id_number) {
  auto parsed = domain::ParseIdNumber(id_number);
  if (!parsed.ok()) {
    Error error = std::move(parsed).take_error();
    error.fields.push_back({"id_number", error.reason, error.message});
    return error;
  }
  return repository_.FindPerson(parsed->normalized, ActorOf(who), clock_.NowUnix());
}

Result<HouseholdPage> HouseholdService::List(const domain::Principal& who,
                                             const db::HouseholdFilter& filter) {
  auto rows = repository_.List(filter, ScopeOf(who), ActorOf(who), clock_.NowUnix());
  if (!rows.ok()) return std::move(rows).take_error();
  HouseholdPage page{std::move(rows).value(), std::nullopt};
  if (static_cast<int>(page.households.size()) == filter.limit && !page.households.empty()) {
    page.next = page.households.back().id;
  }
  return page;
}

}  // namespace lianban::services
