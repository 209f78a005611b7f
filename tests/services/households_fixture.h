// Test support for the registry's HTTP tests: a store in a temporary directory, the household
// service with a FakeClock, the registry's routes behind a Dispatcher whose authenticator knows
// one fixed token per role, and helpers to make requests and household bodies.
#pragma once

#include <gtest/gtest.h>

#include <map>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "domain/clock.h"
#include "domain/id_number.h"
#include "services/authenticator.h"
#include "services/dispatcher.h"
#include "services/handlers/households_handlers.h"
#include "services/household_service.h"
#include "services/router.h"
#include "tests/db/registry_fixture.h"

namespace lianban::services::testing {

// A valid ID number of region 500105 born on yyyymmdd with a sequence number.
inline std::string IdNumber(const char* yyyymmdd, int sequence) {
  char first17[48];
  std::snprintf(first17, sizeof first17, "500105%s%03d", yyyymmdd, sequence % 1000);
  std::string id(first17, 17);
  id.push_back(domain::ComputeIdCheckCharacter(id));
  return id;
}

// A valid household body with two members whose ID numbers and names derive from `n`.
inline nlohmann::json HouseholdBody(int n, const char* street = "GYQ") {
  return {
      {"hukou", "urban"},
      {"street", street},
      {"members",
       {{{"id_number", IdNumber("19700101", 2 * n)}, {"name", "申请人" + std::to_string(n)},
         {"relation", "self"}, {"monthly_income_fen", 90000}},
        {{"id_number", IdNumber("20120505", 2 * n + 1)}, {"name", "孩子" + std::to_string(n)},
         {"relation", "child"}, {"education_stage", "primary"}}}},
      {"assets", {{"deposits_fen", 100000}}},
      {"statuses", {"dibao"}},
  };
}

class HouseholdsApi : public ::testing::Test {
 protected:
  HouseholdsApi()
      : clock_(db::testing::kRegistryNow),
        repository_(store_.store().db(), store_.store().sealer(), store_.store().blind_index()),
        service_(repository_, clock_),
        dispatcher_(router_, authenticator_) {
    RegisterHouseholdRoutes(router_, service_);
    AddPrincipal("cw", domain::Role::kCaseworker, "");
    AddPrincipal("sup", domain::Role::kSupervisor, "");
    AddPrincipal("aud", domain::Role::kAuditor, "");
    AddPrincipal("adm", domain::Role::kAdmin, "");
    AddPrincipal("rev", domain::Role::kReviewer, "MZ");
    authenticator_.AddLookup([this](std::string_view token)
                                 -> std::optional<Result<domain::Principal>> {
      auto it = principals_.find(std::string(token));
      if (it == principals_.end()) return std::nullopt;
      return Result<domain::Principal>(it->second);
    });
  }

  void AddPrincipal(const std::string& token, domain::Role role, std::string department) {
    domain::Principal p;
    p.id = static_cast<std::int64_t>(principals_.size()) + 1;
    p.username = token;
    p.role = role;
    p.department = std::move(department);
    principals_[token] = p;
  }

  Response Call(const std::string& method, const std::string& target, const std::string& token,
                const std::string& body = "",
                std::vector<std::pair<std::string, std::string>> headers = {}) {
    Request request;
    request.method = method;
    request.SetTarget(target);
    request.headers = std::move(headers);
    if (!token.empty()) request.headers.emplace_back("authorization", "Bearer " + token);
    if (!body.empty()) request.headers.emplace_back("content-type", "application/json");
    request.body = body;
    return dispatcher_.Handle(request);
  }

  // Registers HouseholdBody(n) as the caseworker; returns the 201 response's JSON.
  nlohmann::json Register(int n, const char* street = "GYQ") {
    Response r = Call("POST", "/v1/households", "cw", HouseholdBody(n, street).dump());
    EXPECT_EQ(r.status, 201) << r.body;
    return nlohmann::json::parse(r.body, nullptr, false);
  }

  static nlohmann::json Json(const Response& r) {
    return nlohmann::json::parse(r.body, nullptr, false);
  }

  db::testing::RegistryStore store_;
  FakeClock clock_;
  db::HouseholdRepository repository_;
  HouseholdService service_;
  Router router_;
  Authenticator authenticator_;
  Dispatcher dispatcher_;
  std::map<std::string, domain::Principal> principals_;
};

}  // namespace lianban::services::testing
