#include "db/matter_repository.h"

#include <gtest/gtest.h>

#include <atomic>
#include <fstream>
#include <iterator>
#include <thread>

#include "db/event_outbox.h"
#include "domain/workflow/matter_workflow.h"
#include "domain/workflow/screening_link.h"
#include "tests/db/registry_fixture.h"
#include "tests/db/temp_dir.h"
#include "tests/db/test_sealer.h"
#include "tests/domain/workflow/workflow_fixture.h"

namespace lianban::db {
namespace {

namespace wf = domain::workflow;
using domain::Date;
using wf::testing::Approve;
using wf::testing::Cst;
using wf::testing::RequestMore;

using testing::kCaseworker;

class MatterRepositoryTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = Database::Open(dir_.File("store.db")).value();
    sealer_ = std::make_unique<testing::TestSealer>(*db_);
    repo_ = std::make_unique<MatterRepository>(*db_, sealer_->sealer());
  }

  wf::Matter OpenNew(std::vector<std::string> policies, std::string household = "7",
                     std::vector<wf::MissingMaterialRequest> missing = {}) {
    auto opened = wf::OpenMatter({"", household, "", std::move(policies), std::move(missing)},
                                 wf::testing::Rules(calendar_), t0_)
                      .value();
    return repo_->Create(opened.matter, opened.events, kCaseworker, t0_).value();
  }

  testing::TempDir dir_;
  std::unique_ptr<Database> db_;
  std::unique_ptr<testing::TestSealer> sealer_;
  std::unique_ptr<MatterRepository> repo_;
  wf::WorkingCalendar calendar_ = wf::testing::OfficialCalendar();
  const std::int64_t t0_ = Cst(Date(2025, 9, 26), 10);
};

TEST_F(MatterRepositoryTest, StoresAndReloadsTheWholeMatter) {
  wf::Matter m = OpenNew({"MZ-01", "YB-01", "MZ-10"}, "7", {{"收入证明", Date(2025, 10, 10)}});
  EXPECT_EQ(m.id, "1");
  EXPECT_EQ(m.version, 1);
  ASSERT_TRUE(wf::SupplyMissingMaterial(m, "收入证明", t0_ + 1).ok());
  wf::TaskDecision d = Approve("ok");
  d.policies = {{"MZ-10", wf::Verdict::kRejected, "under 80"}};
  auto events = wf::DecideTask(m, "MZ", "MZ", d, t0_ + 2).value();
  ASSERT_TRUE(repo_->Update(m, events, {"user:2", "reviewer"}, "matter.decide", t0_ + 2).ok());
  wf::Matter back = repo_->Get("1").value();
  EXPECT_EQ(back.version, 2);
  EXPECT_EQ(back.household_id, "7");
  EXPECT_EQ(back.policy_ids, (std::vector<std::string>{"MZ-01", "YB-01", "MZ-10"}));
  ASSERT_EQ(back.tasks.size(), 2u);
  EXPECT_EQ(back.tasks[0].policy_ids, (std::vector<std::string>{"MZ-01", "MZ-10"}));
  EXPECT_EQ(back.tasks[0].state, wf::TaskState::kDecided);
  ASSERT_EQ(back.tasks[0].decisions.size(), 2u);
  EXPECT_EQ(back.tasks[0].decisions[1].reason, "under 80");
  EXPECT_EQ(back.tasks[1].due_at, m.tasks[1].due_at);
  EXPECT_EQ(back.state, wf::MatterState::kInReview);
  ASSERT_EQ(back.missing_materials.size(), 1u);
  EXPECT_EQ(back.missing_materials[0].supply_by, Date(2025, 10, 10));
  EXPECT_EQ(back.missing_materials[0].supplied_at, t0_ + 1);
}

TEST_F(MatterRepositoryTest, UnknownMatterIsNotFound) {
  EXPECT_EQ(repo_->Get("99").error().reason, "matter_not_found");
  EXPECT_EQ(repo_->Get("abc").error().reason, "matter_not_found");
}

TEST_F(MatterRepositoryTest, AStaleVersionLosesWithConcurrentUpdate) {
  OpenNew({"MZ-01", "YB-01"});
  wf::Matter a = repo_->Get("1").value();
  wf::Matter b = repo_->Get("1").value();
  auto ea = wf::DecideTask(a, "YB", "YB", Approve(), t0_ + 5).value();
  auto eb = wf::DecideTask(b, "YB", "YB", RequestMore(), t0_ + 6).value();
  ASSERT_TRUE(repo_->Update(a, ea, {"user:2", "reviewer"}, "matter.decide", t0_ + 5).ok());
  auto lost = repo_->Update(b, eb, {"user:3", "reviewer"}, "matter.decide", t0_ + 6);
  ASSERT_FALSE(lost.ok());
  EXPECT_EQ(lost.error().code, ErrorCode::kConflict);
  EXPECT_EQ(lost.error().reason, "concurrent_update");
  EXPECT_EQ(repo_->Get("1")->tasks[1].state, wf::TaskState::kDecided);
  // The loser's events never reached the outbox.
  auto page = ReadEvents(*db_, sealer_->sealer(), 0, 100, std::nullopt).value();
  for (const auto& e : page.events) EXPECT_NE(e.event.type, "task.info_requested");
}

TEST_F(MatterRepositoryTest, TwoConnectionsDecidingAtOnceHaveExactlyOneWinner) {
  OpenNew({"MZ-01", "YB-01"});
  for (int round = 0; round < 5; ++round) {
    auto other = Database::Open(dir_.File("store.db")).value();
    testing::TestSealer other_sealer(*other);
    MatterRepository repo2(*other, other_sealer.sealer());
    std::atomic<int> wins{0}, conflicts{0};
    auto reviewer = [&](MatterRepository& repo, const char* who) {
      wf::Matter m = repo.Get("1").value();
      auto ev = wf::DecideTask(m, round % 2 ? "MZ" : "YB", round % 2 ? "MZ" : "YB",
                               RequestMore(who), t0_ + 10);
      if (!ev.ok()) return;  // decided already in an earlier round
      auto r = repo.Update(m, *ev, {who, "reviewer"}, "matter.decide", t0_ + 10);
      (r.ok() ? wins : conflicts)++;
      if (!r.ok()) {
        EXPECT_EQ(r.error().reason, "concurrent_update");
      }
    };
    std::thread t1(reviewer, std::ref(*repo_), "user:2");
    std::thread t2(reviewer, std::ref(repo2), "user:3");
    t1.join();
    t2.join();
    EXPECT_LE(wins.load(), 1);
    if (wins + conflicts > 0) {
      EXPECT_EQ(wins.load(), 1);
    }
    // Reset: supply the information so the next round can ask again.
    wf::Matter m = repo_->Get("1").value();
    if (m.state == wf::MatterState::kAwaitingInfo) {
      auto ev = wf::SupplyInfo(m, "here", calendar_, t0_ + 20).value();
      ASSERT_TRUE(repo_->Update(m, ev, kCaseworker, "matter.supply_info", t0_ + 20).ok());
    }
  }
}

TEST_F(MatterRepositoryTest, ListsOpenMattersAndDepartmentsOnHouseholds) {
  OpenNew({"MZ-01"}, "7");
  wf::Matter second = OpenNew({"JW-02"}, "8");
  auto ev = wf::WithdrawMatter(second, "moved", t0_ + 1).value();
  ASSERT_TRUE(repo_->Update(second, ev, kCaseworker, "matter.withdraw", t0_ + 1).ok());
  auto open = repo_->ListOpen().value();
  ASSERT_EQ(open.size(), 1u);
  EXPECT_EQ(open[0].id, "1");
  EXPECT_TRUE(repo_->DepartmentHasTaskOnHousehold(7, "MZ").value());
  EXPECT_FALSE(repo_->DepartmentHasTaskOnHousehold(7, "JW").value());
  EXPECT_TRUE(repo_->DepartmentHasTaskOnHousehold(8, "JW").value());
}

TEST_F(MatterRepositoryTest, TellsWhetherAHouseholdIsRegistered) {
  ASSERT_TRUE(db_->Exec("INSERT INTO households (id, version, created_at, updated_at, hukou, "
                        "member_count, members_minor, members_adult, members_elderly, document) "
                        "VALUES (7, 1, 0, 0, 'urban', 1, 0, 1, 0, x'00')")
                  .ok());
  EXPECT_TRUE(repo_->HouseholdExists(7).value());
  EXPECT_FALSE(repo_->HouseholdExists(8).value());
}

TEST_F(MatterRepositoryTest, RejectsANonNumericHousehold) {
  auto opened =
      wf::OpenMatter({"", "h-1", "", {"MZ-01"}, {}}, wf::testing::Rules(calendar_), t0_).value();
  EXPECT_EQ(repo_->Create(opened.matter, opened.events, kCaseworker, t0_).error().reason,
            "invalid_household_id");
}

// Every byte the store wrote: the database file and its write-ahead log.
std::string StoreBytes(const testing::TempDir& dir) {
  std::string bytes;
  for (const char* name : {"store.db", "store.db-wal"}) {
    std::ifstream in(dir.File(name), std::ios::binary);
    bytes.append(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  }
  return bytes;
}

TEST_F(MatterRepositoryTest, SealsReasonsInformationRequestsAndScreeningAtRest) {
  const std::string approve = "收入低于低保标准-approve-5e1c";
  const std::string reject = "家中无八十岁以上老人-reject-91b2";
  const std::string ask = "请补充2025年住院发票-ask-33d7";
  auto opened = wf::OpenMatter({"", "7", "", {"MZ-01", "MZ-10", "YB-01"}, {}},
                               wf::testing::Rules(calendar_), t0_)
                    .value();
  ASSERT_TRUE(wf::AttachScreening(opened.matter, "42",
                                  {{"MZ-01", "eligible", {125000, 0, 0}, {0, 1}},
                                   {"MZ-10", "ineligible", {}, {}},
                                   {"YB-01", "needs_info", {}, {}}})
                  .ok());
  wf::Matter m = repo_->Create(opened.matter, opened.events, kCaseworker, t0_).value();
  wf::TaskDecision d = Approve(approve);
  d.policies = {{"MZ-10", wf::Verdict::kRejected, reject}};
  auto ev = wf::DecideTask(m, "MZ", "MZ", d, t0_ + 1).value();
  m = repo_->Update(m, ev, {"user:2", "reviewer"}, "matter.decide", t0_ + 1).value();
  ev = wf::DecideTask(m, "YB", "YB", RequestMore(ask), t0_ + 2).value();
  m = repo_->Update(m, ev, {"user:3", "reviewer"}, "matter.decide", t0_ + 2).value();

  wf::Matter back = repo_->Get(m.id).value();
  EXPECT_EQ(back.tasks[0].decisions[0].reason, approve);
  EXPECT_EQ(back.tasks[0].decisions[1].reason, reject);
  EXPECT_EQ(back.tasks[1].info_request, ask);
  EXPECT_EQ(back.screening_id, "42");
  ASSERT_EQ(back.screened.size(), 3u);
  EXPECT_EQ(back.screened[0], (wf::ScreenedPolicy{"MZ-01", "eligible", {125000, 0, 0}, {0, 1}}));
  EXPECT_EQ(back.screened[1].status, "ineligible");

  const std::string bytes = StoreBytes(dir_);
  ASSERT_FALSE(bytes.empty());
  for (const std::string& text : {approve, reject, ask, std::string("-ask-33d7")}) {
    EXPECT_EQ(bytes.find(text), std::string::npos) << text << " is stored in clear";
  }
  EXPECT_EQ(bytes.find("125000"), std::string::npos) << "the screened amount is stored in clear";
}

TEST_F(MatterRepositoryTest, AReasonMovedToAnotherPolicyDoesNotOpen) {
  wf::Matter m = OpenNew({"MZ-01", "MZ-10"});
  wf::TaskDecision d = Approve("yes");
  d.policies = {{"MZ-10", wf::Verdict::kRejected, "no"}};
  auto ev = wf::DecideTask(m, "MZ", "MZ", d, t0_ + 1).value();
  ASSERT_TRUE(repo_->Update(m, ev, {"user:2", "reviewer"}, "matter.decide", t0_ + 1).ok());
  ASSERT_TRUE(db_->Exec("UPDATE matter_reasons SET ref = 'x' WHERE ref = 'MZ-01'; "
                        "UPDATE matter_reasons SET ref = 'MZ-01' WHERE ref = 'MZ-10'; "
                        "UPDATE matter_reasons SET ref = 'MZ-10' WHERE ref = 'x'")
                  .ok());
  auto back = repo_->Get(m.id);
  ASSERT_FALSE(back.ok());
  EXPECT_EQ(back.error().reason, "seal_tampered");
}

TEST_F(MatterRepositoryTest, SealsReasonsThatOlderRowsHoldInClear) {
  wf::Matter m = OpenNew({"MZ-01", "YB-01"});
  // Rows as a build before migration 008 wrote them.
  ASSERT_TRUE(db_->Exec("UPDATE matter_tasks SET state = 'decided' WHERE task_id = 'MZ'; "
                        "INSERT INTO matter_decisions (matter_id, task_id, policy_id, verdict, "
                        "reason, decided_at) VALUES (1, 'MZ', 'MZ-01', 'approved', 'old reason', "
                        "5); UPDATE matter_tasks SET state = 'in_review', info_request = "
                        "'old request' WHERE task_id = 'YB'")
                  .ok());
  EXPECT_EQ(repo_->Get("1")->tasks[0].decisions.at(0).reason, "old reason");  // still readable
  EXPECT_EQ(repo_->SealClearReasons().value(), 2);
  EXPECT_EQ(repo_->SealClearReasons().value(), 0);
  wf::Matter back = repo_->Get("1").value();
  EXPECT_EQ(back.tasks[0].decisions.at(0).reason, "old reason");
  EXPECT_EQ(back.tasks[1].info_request, "old request");
  auto clear = db_->Prepare(
      "SELECT (SELECT COUNT(*) FROM matter_decisions WHERE reason <> '') + "
      "(SELECT COUNT(*) FROM matter_tasks WHERE info_request <> '')");
  ASSERT_TRUE(clear.ok() && clear->Step().value());
  EXPECT_EQ(clear->ColumnInt64(0), 0);
}

}  // namespace
}  // namespace lianban::db
