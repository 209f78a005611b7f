// Stored screenings: POST/GET /v1/households/{id}/screenings.
#include <gtest/gtest.h>

#include "domain/screening.h"
#include "services/catalog_loader.h"
#include "services/handlers/households_screenings.h"
#include "services/screening_json.h"
#include "tests/services/households_fixture.h"

namespace lianban::services {
namespace {

using nlohmann::json;

class HouseholdsScreeningsTest : public testing::HouseholdsApi {
 protected:
  void SetUp() override {
    auto catalog = LoadCatalog(CatalogDirUnder(LIANBAN_SOURCE_DIR));
    ASSERT_TRUE(catalog.ok()) << catalog.error().message;
    catalog_ = *catalog;
    RegisterHouseholdScreeningRoutes(router_, service_, store_.store(), catalog_, clock_);
    id_ = Register(1)["id"].dump();
  }

  Response Screen(const std::string& body, const std::string& token = "cw") {
    return Call("POST", "/v1/households/" + id_ + "/screenings", token, body);
  }

  std::shared_ptr<const domain::CompiledCatalog> catalog_;
  std::string id_;
};

TEST_F(HouseholdsScreeningsTest, StoredResultIsReproducedExactlyByScreeningAgain) {
  Response first = Screen(R"({"as_of":"2025-09-01"})");
  ASSERT_EQ(first.status, 201) << first.body;
  json stored = Json(first);
  EXPECT_EQ(stored["as_of"], "2025-09-01");
  EXPECT_EQ(stored["catalog_version"], catalog_->version());
  EXPECT_EQ(stored["household_version"], 1);
  EXPECT_EQ(stored["results"].size(), catalog_->spec().policies.size());

  Response again = Screen(R"({"as_of":"2025-09-01"})");
  ASSERT_EQ(again.status, 201);
  json repeated = Json(again);
  EXPECT_NE(repeated["id"], stored["id"]);
  repeated.erase("id");
  json without_id = stored;
  without_id.erase("id");
  EXPECT_EQ(repeated, without_id);

  // The same as screening the household directly with the engine.
  auto view = service_.Get(principals_["cw"], std::stoll(id_));
  ASSERT_TRUE(view.ok());
  json direct = ScreeningResultJson(
      *catalog_, domain::Screen(*catalog_, view->household, domain::Date(2025, 9, 1)));
  direct["id"] = stored["id"];
  direct["household_version"] = 1;
  EXPECT_EQ(direct, stored);

  Response list = Call("GET", "/v1/households/" + id_ + "/screenings", "sup");
  ASSERT_EQ(list.status, 200);
  const json listed = Json(list)["screenings"];
  ASSERT_EQ(listed.size(), 2u);
  EXPECT_EQ(listed[0], stored);
}

// "Today" is China's date: the clock reads 2026-05-28T20:26:40Z, 04:26 on the 29th in Chongqing.
TEST_F(HouseholdsScreeningsTest, AbsentAsOfIsTodayInChina) {
  Response r = Screen("{}");
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(Json(r)["as_of"], "2026-05-29");
  Response empty = Screen("");
  ASSERT_EQ(empty.status, 201) << empty.body;
  EXPECT_EQ(Json(empty)["as_of"], "2026-05-29");
  clock_.Set(1'779'983'999);  // 2026-05-28T15:59:59Z: 23:59:59 on the 28th in China
  Response late = Screen("{}");
  ASSERT_EQ(late.status, 201) << late.body;
  EXPECT_EQ(Json(late)["as_of"], "2026-05-28");
}

TEST_F(HouseholdsScreeningsTest, BadRequestsAreRefused) {
  EXPECT_EQ(Json(Screen(R"({"as_of":"2025-02-30"})"))["code"], "invalid_as_of");
  EXPECT_EQ(Json(Screen(R"({"as_of":20250901})"))["code"], "invalid_as_of");
  EXPECT_EQ(Json(Screen(R"({"as_of":"2025-09-01","x":1})"))["code"], "unknown_field");
  EXPECT_EQ(Json(Screen(R"({"as_of":"2013-01-01"})"))["code"], "as_of_out_of_range");
  EXPECT_EQ(Screen(R"({"as_of":"2025-09-01"})", "sup").status, 403);
  EXPECT_EQ(Call("POST", "/v1/households/999/screenings", "cw", "{}").status, 404);
  Response reviewer = Call("GET", "/v1/households/" + id_ + "/screenings", "rev");
  EXPECT_EQ(reviewer.status, 404);
  EXPECT_TRUE(Json(Call("GET", "/v1/households/" + id_ + "/screenings", "cw"))["screenings"]
                  .empty());
}

}  // namespace
}  // namespace lianban::services
