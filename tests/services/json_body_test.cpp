#include "services/json_body.h"

#include <gtest/gtest.h>

namespace lianban::services {
namespace {

Request JsonRequest(std::string body, std::string type = "application/json") {
  Request r;
  r.method = "POST";
  r.headers.emplace_back("content-type", std::move(type));
  r.body = std::move(body);
  return r;
}

TEST(JsonBodyTest, ParsesAnObject) {
  auto parsed = ParseJsonBody(JsonRequest(R"({"a":1,"b":{"c":"x"}})"));
  ASSERT_TRUE(parsed.ok());
  EXPECT_EQ((*parsed)["b"]["c"], "x");
}

TEST(JsonBodyTest, AcceptsACharsetParameter) {
  EXPECT_TRUE(ParseJsonBody(JsonRequest("{}", "Application/JSON; charset=utf-8")).ok());
}

TEST(JsonBodyTest, RejectsOtherMediaTypesWith415) {
  auto parsed = ParseJsonBody(JsonRequest("{}", "text/plain"));
  ASSERT_FALSE(parsed.ok());
  EXPECT_EQ(parsed.error().code, ErrorCode::kUnsupportedMediaType);
  Request none;
  none.body = "{}";
  EXPECT_EQ(ParseJsonBody(none).error().reason, "unsupported_media_type");
}

TEST(JsonBodyTest, RejectsMalformedJsonAsInvalidJson) {
  for (const char* text : {"", "{", "{\"a\":}", "{\"a\":1,}", "{'a':1}", "{\"a\":1} x",
                           "{\"a\":\"\xff\"}"}) {
    auto parsed = ParseJsonObject(text);
    ASSERT_FALSE(parsed.ok()) << text;
    EXPECT_EQ(parsed.error().reason, "invalid_json") << text;
    EXPECT_EQ(parsed.error().code, ErrorCode::kMalformed);
  }
}

TEST(JsonBodyTest, RejectsAKeyRepeatedInOneObjectNamingItsPath) {
  auto parsed = ParseJsonObject(R"({"household":{"members":[{"x":1},{"name":"a","name":"b"}]}})");
  ASSERT_FALSE(parsed.ok());
  EXPECT_EQ(parsed.error().reason, "duplicate_key");
  EXPECT_EQ(parsed.error().code, ErrorCode::kMalformed);
  ASSERT_EQ(parsed.error().fields.size(), 1u);
  EXPECT_EQ(parsed.error().fields[0].path, "household.members[1].name");
}

TEST(JsonBodyTest, AllowsTheSameKeyInDifferentObjects) {
  EXPECT_TRUE(ParseJsonObject(R"({"a":{"id":1},"b":{"id":2},"c":[{"id":1},{"id":2}]})").ok());
}

TEST(JsonBodyTest, RejectsNonObjectBodies) {
  auto parsed = ParseJsonObject("[1,2]");
  ASSERT_FALSE(parsed.ok());
  EXPECT_EQ(parsed.error().reason, "expected_object");
}

TEST(JsonBodyTest, RejectsVeryDeepNesting) {
  std::string deep = "{\"a\":" + std::string(100, '[') + std::string(100, ']') + "}";
  EXPECT_EQ(ParseJsonObject(deep).error().reason, "invalid_json");
}

TEST(JsonBodyTest, RejectsUnknownFieldsWithTheirPath) {
  auto body = nlohmann::json::parse(R"({"username":"a","password":"b","role":"admin"})");
  Status s = RejectUnknownFields(body, {"username", "password"}, "");
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().reason, "unknown_field");
  EXPECT_EQ(s.error().code, ErrorCode::kInvalidArgument);
  ASSERT_EQ(s.error().fields.size(), 1u);
  EXPECT_EQ(s.error().fields[0].path, "role");
  EXPECT_TRUE(RejectUnknownFields(body, {"username", "password", "role"}).ok());
}

TEST(JsonBodyTest, StringFieldReportsMissingAndWrongType) {
  auto body = nlohmann::json::parse(R"({"a":"x","b":3})");
  EXPECT_EQ(*StringField(body, "a"), "x");
  EXPECT_EQ(StringField(body, "b").error().reason, "invalid_type");
  EXPECT_EQ(StringField(body, "c", "user").error().fields[0].path, "user.c");
}

}  // namespace
}  // namespace lianban::services
