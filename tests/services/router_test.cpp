#include "services/router.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "services/dispatcher.h"

namespace lianban::services {
namespace {

Request Make(std::string method, std::string target) {
  Request r;
  r.method = std::move(method);
  r.SetTarget(std::move(target));
  return r;
}

Response Echo(const Request& r, RequestContext& ctx) {
  nlohmann::json body = {{"id", r.PathParam("id")}};
  if (ctx.principal()) body["user"] = ctx.principal()->username;
  return Response::Json(200, body);
}

class DispatcherTest : public ::testing::Test {
 protected:
  void SetUp() override {
    router_.Add("GET", "/healthz", Echo, Access::kPublic);
    router_.Add("GET", "/v1/households/{id}", Echo);
    router_.Add("PUT", "/v1/households/{id}", Echo);
    auth_.AddLookup([](std::string_view token) -> std::optional<Result<domain::Principal>> {
      if (token.substr(0, 4) != "lbs_") return std::nullopt;
      if (token != "lbs_good") {
        return Result<domain::Principal>(
            Error::Make(ErrorCode::kUnauthenticated, "unauthenticated", "revoked"));
      }
      domain::Principal p;
      p.username = "wang";
      return Result<domain::Principal>(p);
    });
  }
  Router router_;
  Authenticator auth_;
  Dispatcher dispatcher_{router_, auth_};
};

TEST_F(DispatcherTest, RoutesPathParametersToTheHandler) {
  Request r = Make("GET", "/v1/households/42?x=1");
  r.headers.emplace_back("authorization", "Bearer lbs_good");
  Response resp = dispatcher_.Handle(r);
  ASSERT_EQ(resp.status, 200);
  EXPECT_EQ(nlohmann::json::parse(resp.body)["id"], "42");
  EXPECT_EQ(nlohmann::json::parse(resp.body)["user"], "wang");
}

TEST_F(DispatcherTest, PublicRoutesNeedNoToken) {
  Request r = Make("GET", "/healthz");
  EXPECT_EQ(dispatcher_.Handle(r).status, 200);
}

TEST_F(DispatcherTest, MissingMalformedUnknownAndRevokedTokensAre401) {
  for (const char* header : {"", "Basic abc", "Bearer", "Bearer lbs_revoked", "Bearer other"}) {
    Request r = Make("GET", "/v1/households/1");
    if (*header) r.headers.emplace_back("authorization", header);
    Response resp = dispatcher_.Handle(r);
    EXPECT_EQ(resp.status, 401) << header;
    EXPECT_EQ(nlohmann::json::parse(resp.body)["code"], "unauthenticated") << header;
    EXPECT_EQ(resp.Header("www-authenticate"), "Bearer");
  }
}

TEST_F(DispatcherTest, UnknownPathIs404KnownPathWrongMethodIs405WithAllow) {
  Request missing = Make("GET", "/v1/nothing");
  EXPECT_EQ(dispatcher_.Handle(missing).status, 404);
  Request trailing = Make("GET", "/healthz/");
  EXPECT_EQ(dispatcher_.Handle(trailing).status, 404);
  Request wrong = Make("DELETE", "/v1/households/1");
  Response resp = dispatcher_.Handle(wrong);
  EXPECT_EQ(resp.status, 405);
  EXPECT_EQ(resp.Header("allow"), "GET, PUT");
}

TEST_F(DispatcherTest, UnknownMethodIs501) {
  Request r = Make("BREW", "/healthz");
  EXPECT_EQ(dispatcher_.Handle(r).status, 501);
}

TEST_F(DispatcherTest, HandlerExceptionsBecome500WithoutDetails) {
  router_.Add("GET", "/boom", [](const Request&, RequestContext&) -> Response {
    throw std::runtime_error("secret detail");
  }, Access::kPublic);
  Request r = Make("GET", "/boom");
  Response resp = dispatcher_.Handle(r);
  EXPECT_EQ(resp.status, 500);
  EXPECT_EQ(resp.body.find("secret"), std::string::npos);
}

TEST(RequestTest, QueryParametersAreDecodedAndTheFirstWins) {
  Request r = Make("GET", "/v1/persons?id_number=5001%2012&x=a+b&x=c");
  EXPECT_EQ(r.path, "/v1/persons");
  EXPECT_EQ(r.Query("id_number"), "5001 12");
  EXPECT_EQ(r.Query("x"), "a b");
  EXPECT_EQ(r.Query("y"), std::nullopt);
}

TEST(RequestContextTest, RequireDistinguishesRoleAndDepartmentDenials) {
  RequestContext ctx;
  EXPECT_EQ(ctx.Require(domain::Action::kReadCatalog, "").error().reason, "unauthenticated");
  domain::Principal reviewer;
  reviewer.role = domain::Role::kReviewer;
  reviewer.department = "MZ";
  ctx.set_principal(reviewer);
  EXPECT_TRUE(ctx.Require(domain::Action::kDecideTask, "MZ").ok());
  EXPECT_EQ(ctx.Require(domain::Action::kDecideTask, "RS").error().reason,
            "forbidden_department");
  EXPECT_EQ(ctx.RequireRole(domain::Action::kOpenMatter).error().reason, "forbidden");
  EXPECT_TRUE(ctx.RequireRole(domain::Action::kDecideTask).ok());
}

}  // namespace
}  // namespace lianban::services
