// The whole one-matter story over real HTTP against the `lianban serve` binary: users made with
// `lianban user add`, a household registered and screened (policies.md Example A, whose amounts
// are hand-computed in tests/data/policy_cases.json), a matter across MZ, YB and JW resting on
// that screening, a document uploaded once and read by the departments on the matter, decisions
// in different orders with one request for information, the joint outcome to the fen, and the
// event feed telling the same story in order. Finally the data directory's bytes hold none of
// the reasons written.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <regex>
#include <string>
#include <vector>

#include "services/base64.h"
#include "tests/services/http_client.h"
#include "tests/services/lianban_process.h"

namespace lianban::services {
namespace {

using lianban::testing::Exchange;
using lianban::testing::HttpReply;
using lianban::testing::LianbanProcess;
using lianban::testing::RequestText;
using lianban::testing::RunLianban;
using lianban::testing::TempDir;
using nlohmann::json;

struct Reply {
  int status = 0;
  json body;
};

// Example A of policies.md §7.1 as hand-computed in tests/data/policy_cases.json.
json ExampleA() {
  std::ifstream in(std::filesystem::path(LIANBAN_SOURCE_DIR) / "tests/data/policy_cases.json");
  const json cases = json::parse(in);
  for (const json& c : cases["cases"]) {
    if (c["name"].get<std::string>().starts_with("Example A")) return c;
  }
  return nullptr;
}

class MattersHttpStoryTest : public ::testing::Test {
 protected:
  void SetUp() override {
    data_ = dir_.path() / "data";
    ASSERT_EQ(RunLianban({"init", "--data", data_.string()}, dir_.path()).exit_code, 0);
    AddUser("admin", "admin", "");
    AddUser("caseworker", "caseworker", "");
    AddUser("reviewer.mz", "reviewer", "MZ");
    AddUser("reviewer.yb", "reviewer", "YB");
    AddUser("reviewer.jw", "reviewer", "JW");
    AddUser("reviewer.rs", "reviewer", "RS");
    server_ = std::make_unique<LianbanProcess>(
        std::vector<std::string>{"serve", "--data", data_.string(), "--listen", "127.0.0.1:0",
                                 "--pwhash-profile", "test"},
        dir_.path());
    const std::string out = server_->WaitForOutput("listening on http://");
    std::smatch m;
    ASSERT_TRUE(std::regex_search(out, m, std::regex(R"(127\.0\.0\.1:(\d+))"))) << server_->err();
    port_ = static_cast<std::uint16_t>(std::stoi(m[1]));
  }

  void AddUser(const std::string& name, const std::string& role, const std::string& department) {
    std::vector<std::string> args = {"user", "add",    "--data", data_.string(),     "--username",
                                     name,   "--role", role,     "--pwhash-profile", "test"};
    if (!department.empty()) {
      args.push_back("--department");
      args.push_back(department);
    }
    auto r = RunLianban(args, dir_.path(), name + "-story-pass\n");
    ASSERT_EQ(r.exit_code, 0) << r.err;
  }

  Reply Call(const std::string& token, const std::string& method, const std::string& target,
             const json& body = nullptr) {
    const std::string auth = token.empty() ? "" : "Authorization: Bearer " + token + "\r\n";
    HttpReply r =
        Exchange(port_, RequestText(method, target, body.is_null() ? "" : body.dump(), auth));
    EXPECT_TRUE(r.ok) << method << " " << target;
    Reply out{r.status, nullptr};
    if (!r.body.empty()) out.body = json::parse(r.body, nullptr, false);
    return out;
  }

  std::string Login(const std::string& name) {
    Reply r = Call("", "POST", "/v1/sessions",
                   json{{"username", name}, {"password", name + "-story-pass"}});
    EXPECT_EQ(r.status, 201) << name << " " << r.body.dump();
    return r.body.value("token", "");
  }

  std::string Decide(const std::string& token, const std::string& matter, const std::string& task,
                     const json& decision) {
    Reply r = Call(token, "POST", matter + "/tasks/" + task + "/decision", decision);
    EXPECT_EQ(r.status, 200) << task << " " << r.body.dump();
    return r.body.value("state", "");
  }

  // Every byte of every file under the data directory (database, WAL, key file, seeds).
  std::string DataBytes() const {
    std::string bytes;
    for (const auto& entry : std::filesystem::recursive_directory_iterator(data_)) {
      if (!entry.is_regular_file()) continue;
      std::ifstream in(entry.path(), std::ios::binary);
      bytes.append(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    }
    return bytes;
  }

  TempDir dir_;
  std::filesystem::path data_;
  std::unique_ptr<LianbanProcess> server_;
  std::uint16_t port_ = 0;
};

TEST_F(MattersHttpStoryTest, ThreeDepartmentsOneRequestForInformationAndTheJointOutcome) {
  const json example = ExampleA();
  ASSERT_FALSE(example.is_null());
  const std::string admin = Login("admin");
  const std::string caseworker = Login("caseworker");
  const std::string mz = Login("reviewer.mz");
  const std::string yb = Login("reviewer.yb");
  const std::string jw = Login("reviewer.jw");
  const std::string rs = Login("reviewer.rs");

  // The household, screened as of the example's date.
  Reply household = Call(caseworker, "POST", "/v1/households", example["household"]);
  ASSERT_EQ(household.status, 201) << household.body.dump();
  const std::string hh = std::to_string(household.body["id"].get<std::int64_t>());
  Reply screening = Call(caseworker, "POST", "/v1/households/" + hh + "/screenings",
                         json{{"as_of", example["as_of"]}});
  ASSERT_EQ(screening.status, 201) << screening.body.dump();

  // One matter over MZ, YB and JW; MZ-10 is applied for although the screening found it
  // ineligible (allowed, and recorded).
  const std::vector<std::string> policies = {"MZ-01", "MZ-08", "MZ-10", "YB-01", "YB-02", "JW-03"};
  Reply opened = Call(caseworker, "POST", "/v1/matters",
                      json{{"household_id", household.body["id"]},
                           {"policy_ids", policies},
                           {"screening_id", screening.body["id"]}});
  ASSERT_EQ(opened.status, 201) << opened.body.dump();
  const std::string matter = "/v1/matters/" + std::to_string(opened.body["id"].get<std::int64_t>());
  ASSERT_EQ(opened.body["tasks"].size(), 3u);
  EXPECT_EQ(opened.body["screening"]["id"], screening.body["id"]);
  EXPECT_EQ(opened.body["screening"]["policies"][2],
            json::parse(R"({"policy_id":"MZ-10","status":"ineligible"})"));

  // A screening of no household of ours is refused.
  Reply foreign = Call(caseworker, "POST", "/v1/matters",
                       json{{"household_id", household.body["id"]},
                            {"policy_ids", {"MZ-01"}},
                            {"screening_id", 999999}});
  EXPECT_EQ(foreign.status, 422);
  EXPECT_EQ(foreign.body["code"], "unknown_screening");

  // A document, submitted once; a 10 MiB one fits the upload route's body limit.
  const std::string pdf = "%PDF-1.7\n% 户口簿 scan\n%%EOF\n";
  Reply doc = Call(caseworker, "POST", matter + "/documents",
                   json{{"name", "户口簿"},
                        {"content_type", "application/pdf"},
                        {"content_base64", EncodeBase64(pdf)}});
  ASSERT_EQ(doc.status, 201) << doc.body.dump();
  EXPECT_EQ(doc.body["size_bytes"], pdf.size());
  const std::string doc_path = matter + "/documents/" + std::to_string(doc.body["id"].get<int>());
  std::string big = "%PDF-" + std::string(10 * 1024 * 1024 - 5, 'x');
  Reply large = Call(caseworker, "POST", matter + "/documents",
                     json{{"name", "病历"},
                          {"content_type", "application/pdf"},
                          {"content_base64", EncodeBase64(big)}});
  EXPECT_EQ(large.status, 201) << large.body.dump();
  big.push_back('x');
  Reply too_large = Call(caseworker, "POST", matter + "/documents",
                         json{{"name", "病历"},
                              {"content_type", "application/pdf"},
                              {"content_base64", EncodeBase64(big)}});
  EXPECT_EQ(too_large.status, 413);

  for (const std::string& reviewer : {mz, yb, jw}) {
    Reply got = Call(reviewer, "GET", doc_path);
    ASSERT_EQ(got.status, 200);
    EXPECT_EQ(DecodeBase64(got.body["content_base64"].get<std::string>()), pdf);
    EXPECT_EQ(Call(reviewer, "GET", matter + "/documents").body["documents"].size(), 2u);
  }
  // Another department: 403 on a decision, 404 on the matter's documents.
  Reply forbidden = Call(rs, "POST", matter + "/tasks/MZ/decision",
                         json{{"decision", "approve"}, {"reason", "not mine"}});
  EXPECT_EQ(forbidden.status, 403);
  EXPECT_EQ(forbidden.body["code"], "forbidden_department");
  EXPECT_EQ(Call(rs, "GET", matter + "/documents").status, 404);
  EXPECT_EQ(Call(rs, "GET", doc_path).status, 404);

  // Agency keys: a department on the matter reads its documents; another does not.
  Reply mz_key =
      Call(admin, "POST", "/v1/api-keys", json{{"name", "民政局"}, {"department", "MZ"}});
  Reply rs_key =
      Call(admin, "POST", "/v1/api-keys", json{{"name", "人社局"}, {"department", "RS"}});
  ASSERT_EQ(mz_key.status, 201);
  ASSERT_EQ(rs_key.status, 201);
  EXPECT_EQ(Call(mz_key.body["key"], "GET", doc_path).status, 200);
  EXPECT_EQ(Call(rs_key.body["key"], "GET", doc_path).status, 404);

  // The reviewers, in their own order: JW first, YB asks for information, MZ meanwhile.
  const std::string jw_reason = "高中在读-jw-reason-4b1e";
  const std::string yb_ask = "请补充医疗费用票据-yb-ask-77c2";
  const std::string mz_reason = "家庭收入低于低保标准-mz-reason-0d9a";
  const std::string mz10_reason = "家中无八十岁以上老人-mz10-reason-e3f5";
  const std::string yb_reason = "低保家庭参保资助-yb-reason-a611";
  const std::string yb02_reason = "大病保险另行办理-yb02-reason-5c08";
  EXPECT_EQ(Decide(jw, matter, "JW", json{{"decision", "approve"}, {"reason", jw_reason}}),
            "in_review");
  EXPECT_EQ(Decide(yb, matter, "YB", json{{"decision", "request_info"}, {"reason", yb_ask}}),
            "awaiting_info");
  EXPECT_EQ(
      Decide(mz, matter, "MZ",
             json{{"decision", "approve"},
                  {"reason", mz_reason},
                  {"policies",
                   {{{"policy_id", "MZ-10"}, {"decision", "reject"}, {"reason", mz10_reason}}}}}),
      "awaiting_info");
  Reply supplied = Call(caseworker, "POST", matter + "/supply-info", json{{"note", "票据已交"}});
  ASSERT_EQ(supplied.status, 200);
  EXPECT_EQ(supplied.body["state"], "in_review");
  EXPECT_EQ(
      Decide(yb, matter, "YB",
             json{{"decision", "approve"},
                  {"reason", yb_reason},
                  {"policies",
                   {{{"policy_id", "YB-02"}, {"decision", "reject"}, {"reason", yb02_reason}}}}}),
      "decided");

  // The joint outcome: Example A's hand-computed amounts for the approved policies, to the fen.
  Reply decided = Call(caseworker, "GET", matter);
  ASSERT_EQ(decided.status, 200);
  const json expected = json::parse(R"([
    {"policy_id":"MZ-01","department":"MZ","decision":"approved",
     "amount":{"monthly_fen":208000,"once_fen":0,"yearly_fen":0},"beneficiaries":[0,1,2,3],
     "screening_status":"eligible"},
    {"policy_id":"MZ-08","department":"MZ","decision":"approved",
     "amount":{"monthly_fen":8000,"once_fen":0,"yearly_fen":0},"beneficiaries":[1],
     "screening_status":"eligible"},
    {"policy_id":"MZ-10","department":"MZ","decision":"rejected",
     "amount":{"monthly_fen":0,"once_fen":0,"yearly_fen":0},"beneficiaries":[],
     "screening_status":"ineligible"},
    {"policy_id":"YB-01","department":"YB","decision":"approved",
     "amount":{"monthly_fen":0,"once_fen":0,"yearly_fen":112000},"beneficiaries":[0,1,2,3],
     "screening_status":"eligible"},
    {"policy_id":"YB-02","department":"YB","decision":"rejected",
     "amount":{"monthly_fen":0,"once_fen":0,"yearly_fen":0},"beneficiaries":[],
     "screening_status":"eligible"},
    {"policy_id":"JW-03","department":"JW","decision":"approved",
     "amount":{"monthly_fen":0,"once_fen":0,"yearly_fen":230000},"beneficiaries":[2],
     "screening_status":"eligible"}])");
  const json& outcome = decided.body["outcome"];
  ASSERT_EQ(outcome["policies"].size(), expected.size()) << outcome.dump();
  const std::vector<std::string> reasons = {mz_reason, mz_reason,   mz10_reason,
                                            yb_reason, yb02_reason, jw_reason};
  for (std::size_t i = 0; i < expected.size(); ++i) {
    json got = outcome["policies"][i];
    EXPECT_EQ(got["reason"], reasons[i]) << i;
    got.erase("reason");
    EXPECT_EQ(got, expected[i]) << i;
    // The amounts are exactly those worked out by hand in policy_cases.json.
    const json& hand = example["expect"][expected[i]["policy_id"].get<std::string>()];
    if (expected[i]["decision"] == "approved") {
      EXPECT_EQ(got["amount"], hand["amount"]) << i;
    }
  }
  EXPECT_EQ(outcome["total"],
            json::parse(R"({"monthly_fen":216000,"once_fen":0,"yearly_fen":342000})"));

  // The event feed (admin) tells the same story, in commit order, across pages.
  std::vector<std::string> story;
  bool note_in_feed = false;  // sealed at rest (checked below), opened for the feed
  std::int64_t after = 0;
  for (;;) {
    Reply page = Call(admin, "GET", "/v1/events?after=" + std::to_string(after) + "&limit=4");
    ASSERT_EQ(page.status, 200) << page.body.dump();
    if (page.body["events"].empty()) break;
    for (const json& e : page.body["events"]) {
      EXPECT_GT(e["cursor"].get<std::int64_t>(), after);
      after = e["cursor"];
      story.push_back(e["type"].get<std::string>() +
                      (e["department"].is_null() ? "" : "@" + e["department"].get<std::string>()));
      EXPECT_EQ(e["detail"].get<std::string>().find("reason"), std::string::npos) << e.dump();
      if (e["detail"] == "票据已交") note_in_feed = true;
    }
  }
  EXPECT_TRUE(note_in_feed);
  EXPECT_EQ(story, (std::vector<std::string>{
                       "matter.submitted", "task.created@MZ", "task.created@YB", "task.created@JW",
                       "matter.document_added", "matter.document_added", "task.in_review@JW",
                       "matter.in_review", "task.decided@JW", "task.in_review@YB",
                       "task.info_requested@YB", "matter.awaiting_info", "task.in_review@MZ",
                       "task.decided@MZ", "matter.in_review", "task.in_review@YB",
                       "task.decided@YB", "matter.decided"}));

  // At rest, no reason is readable: stop the server and scan every file of the data directory.
  server_->Signal(SIGTERM);
  ASSERT_EQ(server_->Wait(), 0) << server_->err();
  const std::string bytes = DataBytes();
  ASSERT_GT(bytes.size(), 10u * 1024 * 1024);  // the large document is in there, sealed
  for (const std::string& text :
       {jw_reason, yb_ask, mz_reason, mz10_reason, yb_reason, yb02_reason,
        std::string("票据已交")}) {  // the caseworker's supply note, in the event feed
    EXPECT_EQ(bytes.find(text), std::string::npos) << text << " is stored in clear";
  }
  EXPECT_EQ(bytes.find("户口簿 scan"), std::string::npos) << "document content in clear";
}

}  // namespace
}  // namespace lianban::services
