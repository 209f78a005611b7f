// 1,000 random operations from several clients at once (caseworkers and reviewers of four
// departments, on a handful of matters), then the invariants: each matter is consistent with its
// tasks, the event feed has no gaps or duplicates, and replaying it gives every matter's state.
#include <atomic>
#include <map>
#include <nlohmann/json.hpp>
#include <random>
#include <set>
#include <thread>

#include "tests/services/matters_fixture.h"

namespace lianban::services {
namespace {

using nlohmann::json;

class MattersRandomTest : public testing::MattersFixture {};

TEST_F(MattersRandomTest, ConcurrentClientsKeepEveryInvariant) {
  const json policies = {"MZ-01", "YB-01", "JW-02", "RS-01"};
  std::vector<std::string> ids;
  for (int i = 0; i < 6; ++i) {
    auto r = Send(caseworker_, "POST", "/v1/matters",
                  json{{"household_id", 7 + i % 2}, {"policy_ids", policies}});
    ASSERT_EQ(r.status, 201);
    ids.push_back(std::to_string(r.body["id"].get<std::int64_t>()));
  }
  const std::vector<std::string> depts = {"MZ", "YB", "JW", "RS"};
  const std::vector<std::string> decisions = {"approve", "reject", "request_info", "request_info"};
  std::atomic<int> ok{0}, conflict{0}, forbidden{0}, other{0};
  auto client = [&](int seed) {
    std::mt19937 rng(seed);
    for (int i = 0; i < 125; ++i) {
      const std::string base = "/v1/matters/" + ids[rng() % ids.size()];
      Reply r;
      switch (rng() % 6) {
        case 0:
          r = Send(caseworker_, "POST", base + "/supply-info", json{{"note", "here"}});
          break;
        case 1:
          if (rng() % 10 == 0) {
            r = Send(caseworker_, "POST", base + "/withdraw", json{{"reason", "moved"}});
            break;
          }
          [[fallthrough]];
        default: {
          const std::string& task = depts[rng() % 4];
          const std::string& acting = rng() % 8 == 0 ? depts[rng() % 4] : task;
          r = Send(testing::User(domain::Role::kReviewer, acting, 100 + seed), "POST",
                   base + "/tasks/" + task + "/decision",
                   json{{"decision", decisions[rng() % 4]}, {"reason", "r"}});
        }
      }
      if (r.status == 200)
        ++ok;
      else if (r.status == 409)
        ++conflict;
      else if (r.status == 403)
        ++forbidden;
      else
        ++other;
    }
  };
  std::vector<std::thread> clients;
  for (int c = 0; c < 8; ++c) clients.emplace_back(client, 1000 + c);
  for (auto& t : clients) t.join();
  EXPECT_EQ(ok + conflict + forbidden + other, 1000);
  EXPECT_EQ(other.load(), 0);
  // How many succeed depends on the interleaving (a matter withdrawn or decided early turns the
  // rest of its operations into 409s), so the bound only rules out a run where nothing happened.
  EXPECT_GE(ok.load(), 6);
  EXPECT_GT(conflict.load(), 0);

  // The feed: cursors 1..N, then replay.
  std::map<std::string, std::string> matter_state;
  std::map<std::pair<std::string, std::string>, std::string> task_state;
  std::map<std::pair<std::string, std::string>, int> decided_events;
  std::int64_t after = 0;
  while (true) {
    auto page = Send(admin_, "GET", "/v1/events?after=" + std::to_string(after) + "&limit=97");
    ASSERT_EQ(page.status, 200);
    if (page.body["events"].empty()) break;
    for (const auto& e : page.body["events"]) {
      ASSERT_EQ(e["cursor"].get<std::int64_t>(), after + 1);
      after = e["cursor"];
      const std::string m = std::to_string(e["matter_id"].get<std::int64_t>());
      const std::string type = e["type"];
      if (type.starts_with("matter.") && type != "matter.material_supplied") {
        matter_state[m] = e["to_state"];
      } else if (type.starts_with("task.")) {
        auto key = std::make_pair(m, e["task_id"].get<std::string>());
        if (type != "task.created") {
          EXPECT_EQ(task_state[key], e["from_state"]) << type;
        }
        task_state[key] = e["to_state"];
        if (type == "task.decided") ++decided_events[key];
      }
    }
  }
  for (const auto& id : ids) {
    auto got = Send(caseworker_, "GET", "/v1/matters/" + id);
    ASSERT_EQ(got.status, 200);
    const json& m = got.body;
    EXPECT_EQ(matter_state[id], m["state"]);
    bool any_info = false, all_decided = true;
    for (const auto& t : m["tasks"]) {
      auto key = std::make_pair(id, t["id"].get<std::string>());
      EXPECT_EQ(task_state[key], t["state"]);
      EXPECT_LE(decided_events[key], 1);
      EXPECT_EQ(decided_events[key] == 1, t["state"] == "decided");
      any_info |= t["state"] == "info_requested";
      all_decided &= t["state"] == "decided";
    }
    if (m["state"] == "awaiting_info") {
      EXPECT_TRUE(any_info);
    }
    if (m["state"] == "in_review") {
      EXPECT_FALSE(any_info || all_decided);
    }
    if (m["state"] == "decided") {
      EXPECT_TRUE(all_decided);
    }
  }
}

}  // namespace
}  // namespace lianban::services
