#include "services/matter_screening.h"

namespace lianban::services {
namespace {

using domain::workflow::ScreenedPolicy;
using nlohmann::json;

Error BadDocument() {
  return Error::Make(ErrorCode::kInternal, "invalid_screening_document",
                     "a stored screening result does not have the expected shape");
}

Error UnknownScreening() {
  Error e = Error::Make(ErrorCode::kInvalidArgument, "unknown_screening",
                        "the household has no stored screening with this id");
  e.fields.push_back({"screening_id", "unknown_screening", "not a screening of this household"});
  return e;
}

Result<MatterScreening> FromDocument(const json& doc) {
  if (!doc.is_object() || !doc.contains("id")) return BadDocument();
  auto results = ScreenedPoliciesFromJson(doc);
  if (!results.ok()) return std::move(results).take_error();
  return MatterScreening{doc["id"].dump(), std::move(results).value()};
}

}  // namespace

Result<std::vector<ScreenedPolicy>> ScreenedPoliciesFromJson(const json& result) {
  if (!result.is_object() || !result.contains("results") || !result["results"].is_array()) {
    return BadDocument();
  }
  std::vector<ScreenedPolicy> out;
  try {
    for (const json& r : result["results"]) {
      ScreenedPolicy p;
      p.policy_id = r.at("policy_id").get<std::string>();
      p.status = r.at("status").get<std::string>();
      const json& amount = r.at("amount");
      p.amount = {amount.at("monthly_fen").get<std::int64_t>(),
                  amount.at("once_fen").get<std::int64_t>(),
                  amount.at("yearly_fen").get<std::int64_t>()};
      p.beneficiaries = r.at("beneficiaries").get<std::vector<int>>();
      out.push_back(std::move(p));
    }
  } catch (const json::exception&) {
    return BadDocument();
  }
  return out;
}

ScreeningSource MakeScreeningSource(HouseholdScreeningService& screenings) {
  return [&screenings](const domain::Principal& who, std::int64_t household_id,
                       std::optional<std::int64_t> screening_id,
                       domain::Date opening_day) -> Result<MatterScreening> {
    if (!screening_id) {
      auto screened = screenings.Screen(who, household_id, opening_day);
      if (!screened.ok()) return std::move(screened).take_error();
      return FromDocument(*screened);
    }
    auto stored = screenings.List(who, household_id);
    if (!stored.ok()) return std::move(stored).take_error();
    for (const json& doc : (*stored)["screenings"]) {
      if (doc.value("id", std::int64_t{0}) == *screening_id) return FromDocument(doc);
    }
    return UnknownScreening();
  };
}

}  // namespace lianban::services
