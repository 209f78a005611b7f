#include "db/event_outbox.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <set>

#include "db/matter_repository.h"
#include "domain/workflow/matter_workflow.h"
#include "tests/db/temp_dir.h"
#include "tests/db/test_sealer.h"
#include "tests/domain/workflow/workflow_fixture.h"

namespace lianban::db {
namespace {

namespace wf = domain::workflow;
using domain::Date;
using wf::testing::Approve;
using wf::testing::Cst;

const Actor kActor{"user:1", "caseworker"};

class EventOutboxTest : public ::testing::Test {
 protected:
  void Reopen() {
    repo_.reset();
    sealer_.reset();
    db_.reset();
    db_ = Database::Open(dir_.File("store.db")).value();
    sealer_ = std::make_unique<testing::TestSealer>(*db_);
    repo_ = std::make_unique<MatterRepository>(*db_, sealer_->sealer());
  }
  void SetUp() override { Reopen(); }

  wf::Matter OpenNew(std::vector<std::string> policies) {
    auto opened =
        wf::OpenMatter({"", "7", "", std::move(policies), {}}, wf::testing::Rules(calendar_), t0_)
            .value();
    return repo_->Create(opened.matter, opened.events, kActor, t0_).value();
  }

  void Decide(wf::Matter& m, const std::string& dept) {
    auto ev = wf::DecideTask(m, dept, dept, Approve(), t0_ + 100).value();
    m = repo_->Update(m, ev, {"user:2", "reviewer"}, "matter.decide", t0_ + 100).value();
  }

  testing::TempDir dir_;
  std::unique_ptr<Database> db_;
  std::unique_ptr<testing::TestSealer> sealer_;
  std::unique_ptr<MatterRepository> repo_;
  wf::WorkingCalendar calendar_ = wf::testing::OfficialCalendar();
  const std::int64_t t0_ = Cst(Date(2025, 9, 26), 10);
};

TEST_F(EventOutboxTest, PagesThroughEveryEventInOrderWithoutGapsOrDuplicatesAcrossRestarts) {
  wf::Matter a = OpenNew({"MZ-01", "YB-01"});
  wf::Matter b = OpenNew({"JW-02"});
  Decide(a, "YB");
  Decide(b, "JW");
  Decide(a, "MZ");
  std::vector<std::int64_t> cursors;
  std::vector<std::string> types;
  std::int64_t after = 0;
  for (int page = 0; page < 50; ++page) {
    if (page == 3) Reopen();  // a restart in the middle of reading
    auto p = ReadEvents(*db_, sealer_->sealer(), after, 2, std::nullopt).value();
    if (p.events.empty()) break;
    for (const auto& e : p.events) {
      cursors.push_back(e.cursor);
      types.push_back(e.event.type);
    }
    after = p.next;
  }
  ASSERT_FALSE(cursors.empty());
  for (std::size_t i = 0; i < cursors.size(); ++i) EXPECT_EQ(cursors[i], std::int64_t(i + 1));
  EXPECT_EQ(types.front(), "matter.submitted");
  EXPECT_EQ(types.back(), "matter.decided");
  // 3 + 2 on opening; YB: 2 + matter.in_review; JW: 2 + in_review + decided; MZ: 2 + decided.
  EXPECT_EQ(cursors.size(), 5u + 3u + 4u + 3u);
}

TEST_F(EventOutboxTest, ADepartmentSeesItsTasksAndTheMatterWideEventsOfItsMattersOnly) {
  wf::Matter a = OpenNew({"MZ-01", "YB-01"});
  wf::Matter b = OpenNew({"JW-02"});
  Decide(a, "YB");
  auto yb = ReadEvents(*db_, sealer_->sealer(), 0, 1000, std::string("YB")).value();
  std::set<std::string> matters;
  for (const auto& e : yb.events) {
    matters.insert(e.event.matter_id);
    EXPECT_TRUE(e.event.department == "YB" || e.event.department.empty()) << e.event.type;
  }
  EXPECT_EQ(matters, std::set<std::string>{a.id});
  // matter.submitted, task.created(YB), task.in_review, matter.in_review, task.decided.
  EXPECT_EQ(yb.events.size(), 5u);
  EXPECT_TRUE(ReadEvents(*db_, sealer_->sealer(), 0, 1000, std::string("TW"))->events.empty());
  auto jw = ReadEvents(*db_, sealer_->sealer(), 0, 1000, std::string("JW")).value();
  EXPECT_EQ(jw.events.size(), 2u);
  EXPECT_EQ(jw.events[0].event.matter_id, b.id);
}

TEST_F(EventOutboxTest, EmptyPageKeepsTheCursorAndLimitsAreChecked) {
  OpenNew({"MZ-01"});
  auto end = ReadEvents(*db_, sealer_->sealer(), 2, 10, std::nullopt).value();
  EXPECT_TRUE(end.events.empty());
  EXPECT_EQ(end.next, 2);
  const Sealer& sealer = sealer_->sealer();
  EXPECT_EQ(ReadEvents(*db_, sealer, 0, 0, std::nullopt).error().reason, "invalid_limit");
  EXPECT_EQ(ReadEvents(*db_, sealer, 0, 1001, std::nullopt).error().reason, "invalid_limit");
  EXPECT_EQ(ReadEvents(*db_, sealer, -1, 10, std::nullopt).error().reason, "invalid_cursor");
}

TEST_F(EventOutboxTest, TheOutboxIsAppendOnly) {
  OpenNew({"MZ-01"});
  EXPECT_FALSE(db_->Exec("DELETE FROM event_outbox").ok());
  EXPECT_FALSE(db_->Exec("UPDATE event_outbox SET type = 'x'").ok());
  EXPECT_FALSE(db_->Exec("UPDATE event_outbox SET at = 0").ok());
  EXPECT_FALSE(db_->Exec("UPDATE event_outbox SET detail = 'rewritten'").ok());
}

// The raw columns of one event: (detail, detail_sealed).
std::pair<std::string, std::vector<std::uint8_t>> RawEventDetail(Database& db, std::int64_t cursor) {
  auto st = db.Prepare("SELECT detail, detail_sealed FROM event_outbox WHERE cursor = ?1");
  EXPECT_TRUE(st.ok());
  st->Bind(1, cursor);
  EXPECT_TRUE(*st->Step());
  return {st->ColumnText(0), st->ColumnBlob(1)};
}

bool BytesContain(const std::vector<std::uint8_t>& bytes, std::string_view text) {
  return std::search(bytes.begin(), bytes.end(), text.begin(), text.end()) != bytes.end();
}

TEST_F(EventOutboxTest, ACaseworkersNoteIsSealedAtRestAndReadBackInTheFeed) {
  const std::string note = "张三的住院病历已补交，身份证号见附件";
  const wf::WorkflowEvent supplied{"matter.material_supplied", "7", "", "", "awaiting_info",
                                   "in_review", note, t0_};
  const wf::WorkflowEvent empty{"matter.in_review", "7", "", "", "submitted", "in_review", "",
                                t0_};
  ASSERT_TRUE(db_->WithWriteTransaction([&] {
                   return AppendEvents(*db_, sealer_->sealer(), {supplied, empty});
                 }).ok());
  const auto [detail, sealed] = RawEventDetail(*db_, 1);
  EXPECT_EQ(detail, "");
  EXPECT_FALSE(sealed.empty());
  EXPECT_FALSE(BytesContain(sealed, note));
  EXPECT_TRUE(RawEventDetail(*db_, 2).second.empty()) << "an empty detail is not sealed";
  auto page = ReadEvents(*db_, sealer_->sealer(), 0, 10, std::nullopt);
  ASSERT_TRUE(page.ok());
  ASSERT_EQ(page->events.size(), 2u);
  EXPECT_EQ(page->events[0].event.detail, note);
  EXPECT_EQ(page->events[1].event.detail, "");
  EXPECT_EQ(page->events[1].cursor, 2);
  Reopen();  // the cursors continue after a restart, sealed to the right rows
  ASSERT_TRUE(db_->WithWriteTransaction([&] {
                   return AppendEvents(*db_, sealer_->sealer(), {supplied});
                 }).ok());
  page = ReadEvents(*db_, sealer_->sealer(), 2, 10, std::nullopt);
  ASSERT_TRUE(page.ok());
  ASSERT_EQ(page->events.size(), 1u);
  EXPECT_EQ(page->events[0].cursor, 3);
  EXPECT_EQ(page->events[0].event.detail, note);
}

TEST_F(EventOutboxTest, ClearDetailsOfOlderRowsAreSealedAtStartAndASwappedSealDoesNotOpen) {
  // Rows as written before migration 011: the detail in clear.
  ASSERT_TRUE(db_->Exec("INSERT INTO event_outbox (type, matter_id, task_id, department, "
                        "from_state, to_state, detail, at) VALUES "
                        "('matter.withdrawn', 7, '', '', 'submitted', 'withdrawn', '申请人李四已去世', 1),"
                        "('matter.submitted', 8, '', '', '', 'submitted', '', 2),"
                        "('matter.withdrawn', 9, '', '', 'submitted', 'withdrawn', 'moved away', 3)")
                  .ok());
  auto sealed = SealClearEventDetails(*db_, sealer_->sealer());
  ASSERT_TRUE(sealed.ok());
  EXPECT_EQ(*sealed, 2);
  EXPECT_EQ(*SealClearEventDetails(*db_, sealer_->sealer()), 0) << "idempotent";
  EXPECT_EQ(RawEventDetail(*db_, 1).first, "");
  EXPECT_FALSE(BytesContain(RawEventDetail(*db_, 1).second, "李四"));
  auto page = ReadEvents(*db_, sealer_->sealer(), 0, 10, std::nullopt);
  ASSERT_TRUE(page.ok());
  ASSERT_EQ(page->events.size(), 3u);
  EXPECT_EQ(page->events[0].event.detail, "申请人李四已去世");
  EXPECT_EQ(page->events[1].event.detail, "");
  EXPECT_EQ(page->events[2].event.detail, "moved away");
  // Someone with file access moves row 1's sealed detail onto row 3: it no longer opens.
  ASSERT_TRUE(db_->Exec("UPDATE event_outbox SET detail_sealed = (SELECT detail_sealed FROM "
                        "event_outbox WHERE cursor = 1) WHERE cursor = 3")
                  .ok());
  auto tampered = ReadEvents(*db_, sealer_->sealer(), 0, 10, std::nullopt);
  ASSERT_FALSE(tampered.ok());
  EXPECT_EQ(tampered.error().reason, "seal_tampered");
}

}  // namespace
}  // namespace lianban::db
