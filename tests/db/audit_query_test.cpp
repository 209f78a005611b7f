#include "db/audit_query.h"

#include <gtest/gtest.h>

namespace lianban::db {
namespace {

constexpr std::int64_t kQueryT0 = 1764230400;

class AuditQueryTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto opened = Database::Open(":memory:");
    ASSERT_TRUE(opened.ok());
    db_ = std::move(*opened);
    Add(kQueryT0 + 0, "user:1", "household.read", "household:10", "ok");       // seq 1
    Add(kQueryT0 + 10, "user:2", "household.read", "household:10", "ok");      // seq 2
    Add(kQueryT0 + 20, "user:1", "household.update", "household:10", "ok");    // seq 3
    Add(kQueryT0 + 30, "user:1", "household.read", "household:11", "denied");  // seq 4
    Add(kQueryT0 + 40, "user:1", "person.find", "household:12", "ok");         // seq 5
    Add(kQueryT0 + 50, "user:1", "session.create", "user:1", "ok");            // seq 6
  }
  void Add(std::int64_t at, std::string actor, std::string action, std::string object,
           std::string outcome) {
    ASSERT_TRUE(AppendAudit(*db_, AuditEntry{at, std::move(actor), "caseworker", std::move(action),
                                             std::move(object), std::move(outcome), "review"})
                    .ok());
  }
  std::vector<std::int64_t> Seqs(const AuditFilter& f) {
    auto page = QueryAudit(*db_, f);
    EXPECT_TRUE(page.ok());
    std::vector<std::int64_t> out;
    if (page.ok()) {
      for (const auto& e : page->entries) out.push_back(e.seq);
    }
    return out;
  }
  std::unique_ptr<Database> db_;
};

TEST_F(AuditQueryTest, FindsWhoTouchedAnObject) {
  AuditFilter f;
  f.object = "household:10";
  EXPECT_EQ(Seqs(f), (std::vector<std::int64_t>{1, 2, 3}));
  f.actor = "user:1";
  EXPECT_EQ(Seqs(f), (std::vector<std::int64_t>{1, 3}));
  f.action = "household.update";
  EXPECT_EQ(Seqs(f), (std::vector<std::int64_t>{3}));
}

TEST_F(AuditQueryTest, FiltersByAHalfOpenTimeRange) {
  AuditFilter f;
  f.from = kQueryT0 + 10;
  f.to = kQueryT0 + 40;
  EXPECT_EQ(Seqs(f), (std::vector<std::int64_t>{2, 3, 4}));
}

TEST_F(AuditQueryTest, PagesWithACursor) {
  AuditFilter f;
  f.actor = "user:1";
  f.limit = 2;
  auto first = QueryAudit(*db_, f);
  ASSERT_TRUE(first.ok());
  ASSERT_EQ(first->entries.size(), 2u);
  EXPECT_EQ(first->entries[1].entry.action, "household.update");
  ASSERT_EQ(first->next, 3);
  f.after_seq = *first->next;
  auto second = QueryAudit(*db_, f);
  ASSERT_TRUE(second.ok());
  EXPECT_EQ(second->next, 5);
  f.after_seq = *second->next;
  auto last = QueryAudit(*db_, f);
  ASSERT_TRUE(last.ok());
  ASSERT_EQ(last->entries.size(), 1u);
  EXPECT_EQ(last->entries[0].seq, 6);
  EXPECT_EQ(last->next, std::nullopt);
}

// Objects are indexed by block of 2^14 sequence numbers (migration 009): a query walks the
// blocks. Rows are written here with chosen sequence numbers (not a valid chain; the query does
// not care) so that an object's entries straddle several blocks, some of them empty.
TEST_F(AuditQueryTest, FindsAnObjectAcrossBlocksInSequenceOrder) {
  constexpr std::int64_t kBlock = std::int64_t{1} << 14;
  const std::vector<std::int64_t> seqs = {kBlock - 1, kBlock,     kBlock + 1,
                                          3 * kBlock, 5 * kBlock + 7, 5 * kBlock + 8};
  for (std::int64_t seq : seqs) {
    for (const char* object : {"household:77", "household:78"}) {
      auto insert = db_->Prepare(
          "INSERT INTO audit_log (seq, at, actor, role, action, object, outcome, purpose, "
          "prev_hash, hash) VALUES (?1, ?2, 'user:1', 'caseworker', 'household.read', ?3, 'ok', "
          "'', zeroblob(32), zeroblob(32))");
      ASSERT_TRUE(insert.ok());
      insert->Bind(1, std::string(object) == "household:77" ? seq : seq + 100);
      insert->Bind(2, kQueryT0).Bind(3, object);
      ASSERT_TRUE(insert->Run().ok());
    }
  }
  AuditFilter f;
  f.object = "household:77";
  EXPECT_EQ(Seqs(f), seqs);
  f.limit = 2;  // pages that end inside a block and at a block's end
  std::vector<std::int64_t> paged;
  for (int pages = 0; pages < 10; ++pages) {
    auto page = QueryAudit(*db_, f);
    ASSERT_TRUE(page.ok());
    for (const auto& e : page->entries) paged.push_back(e.seq);
    if (!page->next) break;
    f.after_seq = *page->next;
  }
  EXPECT_EQ(paged, seqs);
  f.after_seq = 3 * kBlock;
  f.limit = 100;
  EXPECT_EQ(Seqs(f), (std::vector<std::int64_t>{5 * kBlock + 7, 5 * kBlock + 8}));
}

TEST_F(AuditQueryTest, AnObjectIsLookedUpThroughItsIndex) {
  // The clause of db/audit_query.cpp; a drift from the index's expression would scan the log.
  auto plan = db_->Prepare(
      "EXPLAIN QUERY PLAN SELECT seq FROM audit_log WHERE seq > ?1 AND (seq >> 14) = ?2 AND "
      "object = ?3 ORDER BY seq LIMIT ?4");
  ASSERT_TRUE(plan.ok());
  std::string details;
  for (;;) {
    auto row = plan->Step();
    ASSERT_TRUE(row.ok());
    if (!*row) break;
    details += plan->ColumnText(3) + "\n";
  }
  EXPECT_NE(details.find("INDEX audit_log_object_block (<expr>=? AND object=?"), std::string::npos) << details;
  EXPECT_EQ(details.find("TEMP B-TREE"), std::string::npos) << details;  // no sort needed
}

TEST_F(AuditQueryTest, RejectsALimitOutOfRange) {
  AuditFilter f;
  f.limit = 0;
  auto page = QueryAudit(*db_, f);
  ASSERT_FALSE(page.ok());
  EXPECT_EQ(page.error().reason, "invalid_limit");
  f.limit = 1001;
  EXPECT_FALSE(QueryAudit(*db_, f).ok());
}

TEST_F(AuditQueryTest, HouseholdReadsAreTheSuccessfulReadsInTheRange) {
  auto reads = HouseholdReads(*db_, kQueryT0, kQueryT0 + 45);
  ASSERT_TRUE(reads.ok());
  ASSERT_EQ(reads->size(), 3u);  // not the update, the denied read or the login
  EXPECT_EQ((*reads)[0].actor, "user:1");
  EXPECT_EQ((*reads)[1].actor, "user:2");
  EXPECT_EQ((*reads)[2].object, "household:12");
  EXPECT_EQ((*reads)[2].at, kQueryT0 + 40);
}

}  // namespace
}  // namespace lianban::db
