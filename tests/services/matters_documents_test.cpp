// The documents of a matter through the router: upload by the caseworker, reading by the roles
// that read the matter and by reviewers and agencies of departments with a task on it only.
#include <nlohmann/json.hpp>

#include "services/base64.h"
#include "tests/services/matters_fixture.h"

namespace lianban::services {
namespace {

using nlohmann::json;

const std::string kPng = std::string("\x89PNG\r\n\x1A\n", 8) + "IHDR fake image bytes \x00\x01\xFF";

class MattersDocumentsTest : public testing::MattersFixture {
 protected:
  void SetUp() override {
    MattersFixture::SetUp();
    auto opened = Send(caseworker_, "POST", "/v1/matters",
                       json{{"household_id", 7}, {"policy_ids", {"MZ-01", "YB-01"}}});
    ASSERT_EQ(opened.status, 201) << opened.body.dump();
    base_ = "/v1/matters/" + std::to_string(opened.body["id"].get<std::int64_t>());
  }

  Reply Upload(const std::string& name, const std::string& type, const std::string& content) {
    return Send(
        caseworker_, "POST", base_ + "/documents",
        json{{"name", name}, {"content_type", type}, {"content_base64", EncodeBase64(content)}});
  }

  domain::Principal AgencyOf(const std::string& department) {
    auto key =
        Send(admin_, "POST", "/v1/api-keys", json{{"name", "k"}, {"department", department}});
    EXPECT_EQ(key.status, 201);
    return Agency(key.body["key"]);
  }

  std::string base_;
};

TEST_F(MattersDocumentsTest, UploadedOnceAndReadByEveryDepartmentOnTheMatter) {
  auto up = Upload("户口簿", "image/png", kPng);
  ASSERT_EQ(up.status, 201) << up.body.dump();
  EXPECT_EQ(up.body["name"], "户口簿");
  EXPECT_EQ(up.body["content_type"], "image/png");
  EXPECT_EQ(up.body["size_bytes"], kPng.size());
  EXPECT_EQ(up.body["sha256"].get<std::string>().size(), 64u);
  EXPECT_EQ(up.body["uploaded_at"], "2025-09-26T10:00:00+08:00");
  const std::string doc = base_ + "/documents/" + std::to_string(up.body["id"].get<int>());

  for (const auto& who : {mz_, yb_, supervisor_, caseworker_, AgencyOf("YB")}) {
    auto list = Send(who, "GET", base_ + "/documents");
    ASSERT_EQ(list.status, 200) << who.username;
    ASSERT_EQ(list.body["documents"].size(), 1u);
    EXPECT_EQ(list.body["documents"][0], up.body);
    auto got = Send(who, "GET", doc);
    ASSERT_EQ(got.status, 200);
    EXPECT_EQ(DecodeBase64(got.body["content_base64"].get<std::string>()), kPng);
    EXPECT_EQ(got.body["sha256"], up.body["sha256"]);
  }
}

TEST_F(MattersDocumentsTest, OtherDepartmentsGetNotFoundAndAdminsForbidden) {
  auto up = Upload("户口簿", "image/png", kPng);
  ASSERT_EQ(up.status, 201);
  const std::string doc = base_ + "/documents/" + std::to_string(up.body["id"].get<int>());
  for (const auto& who : {jw_, AgencyOf("JW")}) {
    auto list = Send(who, "GET", base_ + "/documents");
    EXPECT_EQ(list.status, 404);
    EXPECT_EQ(list.body["code"], "matter_not_found");
    EXPECT_EQ(Send(who, "GET", doc).status, 404);
  }
  EXPECT_EQ(Send(admin_, "GET", doc).status, 403);
  EXPECT_EQ(Send(mz_, "POST", base_ + "/documents",
                 json{{"name", "x"},
                      {"content_type", "image/png"},
                      {"content_base64", EncodeBase64(kPng)}})
                .status,
            403);
  EXPECT_EQ(Send(mz_, "GET", base_ + "/documents/999").body["code"], "document_not_found");
}

TEST_F(MattersDocumentsTest, RefusesBadBase64MismatchedTypeAndOversizedContent) {
  auto bad =
      Send(caseworker_, "POST", base_ + "/documents",
           json{{"name", "x"}, {"content_type", "image/png"}, {"content_base64", "iVBO*w=="}});
  EXPECT_EQ(bad.status, 422);
  EXPECT_EQ(bad.body["code"], "invalid_base64");
  auto unpadded =
      Send(caseworker_, "POST", base_ + "/documents",
           json{{"name", "x"}, {"content_type", "image/png"}, {"content_base64", "iVBORw"}});
  EXPECT_EQ(unpadded.body["code"], "invalid_base64");
  auto mismatch = Upload("x", "application/pdf", kPng);
  EXPECT_EQ(mismatch.status, 422);
  EXPECT_EQ(mismatch.body["code"], "material_type_mismatch");
  std::string big = "%PDF-" + std::string(domain::workflow::kMaxMaterialBytes, 'a');
  auto large = Upload("x", "application/pdf", big);
  EXPECT_EQ(large.status, 413);
  EXPECT_EQ(large.body["code"], "material_too_large");
  big.resize(domain::workflow::kMaxMaterialBytes);  // exactly 10 MiB is accepted
  EXPECT_EQ(Upload("big", "application/pdf", big).status, 201);
  auto extra = Send(caseworker_, "POST", base_ + "/documents",
                    json{{"name", "x"},
                         {"content_type", "image/png"},
                         {"content_base64", EncodeBase64(kPng)},
                         {"size", 3}});
  EXPECT_EQ(extra.body["code"], "unknown_field");
  EXPECT_EQ(Send(caseworker_, "POST", "/v1/matters/999/documents",
                 json{{"name", "x"},
                      {"content_type", "image/png"},
                      {"content_base64", EncodeBase64(kPng)}})
                .status,
            404);
}

TEST_F(MattersDocumentsTest, ASettledMatterTakesNoMoreDocuments) {
  ASSERT_EQ(Send(caseworker_, "POST", base_ + "/withdraw", json{{"reason", "moved away"}}).status,
            200);
  auto up = Upload("户口簿", "image/png", kPng);
  EXPECT_EQ(up.status, 409);
  EXPECT_EQ(up.body["code"], "matter_settled");
}

TEST(RouteBodyLimitTest, OnlyTheUploadRouteGetsTheLargerLimit) {
  EXPECT_EQ(RouteBodyLimit("POST", "/v1/matters/12/documents"), kDocumentUploadBodyBytes);
  EXPECT_EQ(RouteBodyLimit("POST", "/v1/matters/12/documents?x=1"), kDocumentUploadBodyBytes);
  EXPECT_EQ(RouteBodyLimit("GET", "/v1/matters/12/documents"), 0u);
  EXPECT_EQ(RouteBodyLimit("POST", "/v1/matters"), 0u);
  EXPECT_EQ(RouteBodyLimit("POST", "/v1/matters/1/2/documents"), 0u);
  EXPECT_GE(kDocumentUploadBodyBytes, (domain::workflow::kMaxMaterialBytes + 2) / 3 * 4 + 4096);
}

}  // namespace
}  // namespace lianban::services
