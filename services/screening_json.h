// The screening result on the wire (api-contract.md, "Screening result"): {as_of,
// catalog_version, results:[{policy_id, status, beneficiaries, amount, criteria, missing}],
// service_items:[{id, status, members, to_assess, missing}]}. Text is rendered only here.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "domain/catalog.h"
#include "domain/rules/value.h"
#include "domain/screening.h"

namespace lianban::services {

// The JSON document of a screening result produced with `catalog`.
nlohmann::json ScreeningResultJson(const domain::CompiledCatalog& catalog,
                                   const domain::ScreeningResult& result);

// The same document as compact text: byte for byte ScreeningResultJson(...).dump() as
// Response::Json renders it, written directly instead of through a JSON tree (a screening's
// response is about 20 KB, and building the tree cost far more than screening).
std::string ScreeningResultText(const domain::CompiledCatalog& catalog,
                                const domain::ScreeningResult& result);

// A rules value as JSON: true/false, null (unknown or a null field), an integer, an exact ratio
// as the string "p/q", a real, or a symbol's name.
nlohmann::json ValueJson(const domain::CompiledCatalog& catalog, const domain::rules::Value& value);

}  // namespace lianban::services
