#include "db/household_repository.h"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>
#include <future>
#include <chrono>

#include "db/audit_log.h"
#include "db/audit_spool.h"
#include "db/store.h"
#include "tests/db/temp_dir.h"
#include "tests/db/registry_fixture.h"

namespace lianban::db {
namespace {

using testing::kCaseworker;
using testing::kRegistryNow;
using testing::SampleDocument;
using testing::SampleHousehold;

class HouseholdRepositoryTest : public ::testing::Test {
 protected:
  HouseholdRepository& repo() { return store_.repository(); }

  StoredHousehold CreateOrDie(int n, std::string street = "GYQ") {
    const domain::Household h = SampleHousehold(n, std::move(street));
    auto stored = repo().Create(h, SampleDocument(h), kCaseworker, kRegistryNow);
    EXPECT_TRUE(stored.ok()) << (stored.ok() ? "" : stored.error().reason);
    return stored.ok() ? *stored : StoredHousehold{};
  }

  std::vector<StoredAuditEntry> Audit() {
    auto entries = ListAudit(store_.store().db(), 0, 1000);
    EXPECT_TRUE(entries.ok());
    return entries.ok() ? *entries : std::vector<StoredAuditEntry>{};
  }

  testing::RegistryStore store_;
};

TEST_F(HouseholdRepositoryTest, CreatedHouseholdReadsBackWithVersionOne) {
  const StoredHousehold created = CreateOrDie(1);
  auto read = repo().Get(created.id, Scope::All(), kCaseworker, kRegistryNow + 5);
  ASSERT_TRUE(read.ok());
  EXPECT_EQ(read->id, created.id);
  EXPECT_EQ(read->version, 1);
  EXPECT_EQ(read->created_at, kRegistryNow);
  EXPECT_EQ(read->document, SampleDocument(SampleHousehold(1)));
}

TEST_F(HouseholdRepositoryTest, UnknownHouseholdIsNotFound) {
  auto read = repo().Get(999, Scope::All(), kCaseworker, kRegistryNow);
  ASSERT_FALSE(read.ok());
  EXPECT_EQ(read.error().code, ErrorCode::kNotFound);
  EXPECT_EQ(read.error().reason, "household_not_found");
}

TEST_F(HouseholdRepositoryTest, DepartmentScopeWithoutTasksSeesNothing) {
  const StoredHousehold created = CreateOrDie(1);
  auto read = repo().Get(created.id, Scope::Department("MZ"), {"user:9", "reviewer"}, kRegistryNow);
  ASSERT_FALSE(read.ok());
  EXPECT_EQ(read.error().reason, "household_not_found");
  auto list = repo().List({}, Scope::Department("MZ"), {"user:9", "reviewer"}, kRegistryNow);
  ASSERT_TRUE(list.ok());
  EXPECT_TRUE(list->empty());
}

TEST_F(HouseholdRepositoryTest, ReviewerSeesOnlyHouseholdsWithATaskOfItsDepartment) {
  const StoredHousehold with_task = CreateOrDie(1);
  const StoredHousehold without = CreateOrDie(2);
  // A matter on the first household with a task for department MZ (workflow tables, 005).
  ASSERT_TRUE(store_.store().db().Exec(
      "INSERT INTO matters (id, household_id, version, state, submitted_at, due_at, updated_at) "
      "VALUES (70, " + std::to_string(with_task.id) + ", 1, 'submitted', 0, 0, 0);"
      "INSERT INTO matter_tasks (matter_id, task_id, department, position, policy_ids, state, "
      "time_limit_days, due_at) VALUES (70, 't1', 'MZ', 0, 'MZ-01', 'pending', 10, 0)").ok());
  const Actor reviewer{"user:9", "reviewer"};
  EXPECT_TRUE(repo().Get(with_task.id, Scope::Department("MZ"), reviewer, kRegistryNow).ok());
  EXPECT_FALSE(repo().Get(without.id, Scope::Department("MZ"), reviewer, kRegistryNow).ok());
  auto other = repo().Get(with_task.id, Scope::Department("RS"), reviewer, kRegistryNow);
  ASSERT_FALSE(other.ok());
  EXPECT_EQ(other.error().reason, "household_not_found");
  auto list = repo().List({}, Scope::Department("MZ"), reviewer, kRegistryNow);
  ASSERT_TRUE(list.ok());
  ASSERT_EQ(list->size(), 1u);
  EXPECT_EQ(list->front().id, with_task.id);
}

TEST_F(HouseholdRepositoryTest, EveryReadAndWriteIsAudited) {
  const StoredHousehold created = CreateOrDie(1);
  ASSERT_TRUE(repo().Get(created.id, Scope::All(), kCaseworker, kRegistryNow).ok());
  ASSERT_FALSE(repo().Get(created.id + 1, Scope::All(), kCaseworker, kRegistryNow).ok());
  const auto entries = Audit();
  ASSERT_GE(entries.size(), 3u);
  const auto& last = entries[entries.size() - 1].entry;
  const auto& read = entries[entries.size() - 2].entry;
  const auto& create = entries[entries.size() - 3].entry;
  EXPECT_EQ(create.action, "household.create");
  EXPECT_EQ(create.object, "household:" + std::to_string(created.id));
  EXPECT_EQ(create.actor, "user:1");
  EXPECT_EQ(read.action, "household.read");
  EXPECT_EQ(read.outcome, "ok");
  EXPECT_EQ(last.action, "household.read");
  EXPECT_EQ(last.outcome, "household_not_found");
}

// The server records the entries of reads through the audit spool: the same entries, in the same
// order, once flushed; a read not found is recorded too.
TEST_F(HouseholdRepositoryTest, ReadsAreAuditedThroughTheSpool) {
  testing::TempDir spool_dir;
  Database& db = store_.store().db();
  ASSERT_TRUE(SpoolAudit(db, spool_dir.path() / kAuditSpoolName).ok());
  const domain::Household h = SampleHousehold(1);
  const StoredHousehold created = CreateOrDie(1);
  ASSERT_TRUE(repo().Get(created.id, Scope::All(), kCaseworker, kRegistryNow).ok());
  ASSERT_FALSE(repo().Get(created.id + 1, Scope::All(), kCaseworker, kRegistryNow).ok());
  ASSERT_TRUE(repo().FindPerson(h.members[0].id_number, kCaseworker, kRegistryNow).ok());
  ASSERT_TRUE(repo().List({}, Scope::All(), kCaseworker, kRegistryNow).ok());
  ASSERT_TRUE(FlushAudit(db).ok());
  {
    auto moved = db.Prepare("SELECT last_moved FROM audit_spool_state");
    ASSERT_TRUE(moved.ok());
    ASSERT_TRUE(*moved->Step());
    EXPECT_EQ(moved->ColumnInt64(0), 4) << "the four reads went through the spool";
  }
  const auto entries = Audit();
  ASSERT_EQ(entries.size(), 5u);
  const std::string object = "household:" + std::to_string(created.id);
  EXPECT_EQ(entries[0].entry.action, "household.create");
  EXPECT_EQ(entries[1].entry.action, "household.read");
  EXPECT_EQ(entries[1].entry.object, object);
  EXPECT_EQ(entries[1].entry.outcome, "ok");
  EXPECT_EQ(entries[2].entry.outcome, "household_not_found");
  EXPECT_EQ(entries[3].entry.action, "person.find");
  EXPECT_EQ(entries[3].entry.object, object);
  EXPECT_EQ(entries[4].entry.action, "household.list");
  EXPECT_TRUE(VerifyAudit(db).intact);
}

// With read connections (the server's), reads see every committed write and do not wait for the
// writer's connection: here the writer is held by another thread for the whole read, and the
// read's audit entry goes to the spool.
TEST_F(HouseholdRepositoryTest, ReadsOnReadConnectionsSeeCommittedWritesWithoutTheWriter) {
  testing::TempDir spool_dir;
  Database& db = store_.store().db();
  ASSERT_TRUE(SpoolAudit(db, spool_dir.path() / kAuditSpoolName).ok());
  std::vector<std::unique_ptr<Database>> readers;
  for (int i = 0; i < 2; ++i) {
    readers.push_back(Database::Open(store_.dir().File(kDatabaseFileName)).value());
    ASSERT_TRUE(readers.back()->Exec("PRAGMA query_only=ON").ok());
  }
  repo().ReadThrough({readers[0].get(), readers[1].get()});
  const domain::Household h = SampleHousehold(1);
  const StoredHousehold created = CreateOrDie(1);
  for (int i = 0; i < 2; ++i) {  // each reader in turn
    auto read = repo().Get(created.id, Scope::All(), kCaseworker, kRegistryNow);
    ASSERT_TRUE(read.ok());
    EXPECT_EQ(read->version, 1);
  }
  domain::Household changed = h;
  changed.street = "TSP";
  ASSERT_TRUE(repo().Replace(created.id, 1, changed, SampleDocument(changed), kCaseworker,
                             kRegistryNow).ok());
  for (int i = 0; i < 2; ++i) {
    auto read = repo().Get(created.id, Scope::All(), kCaseworker, kRegistryNow);
    ASSERT_TRUE(read.ok());
    EXPECT_EQ(read->version, 2) << "reader " << i << " sees the committed change";
    EXPECT_EQ(read->document, SampleDocument(changed));
  }
  EXPECT_EQ(*repo().FindPerson(h.members[0].id_number, kCaseworker, kRegistryNow), created.id);
  EXPECT_EQ(repo().List({}, Scope::All(), kCaseworker, kRegistryNow)->size(), 1u);

  std::promise<void> held, read_done;
  std::atomic<bool> read_while_held{false};
  std::thread writer([&] {
    auto lock = db.Lock();  // the writer's connection, busy for the whole read
    held.set_value();
    const bool done = read_done.get_future().wait_for(std::chrono::seconds(20)) ==
                      std::future_status::ready;
    read_while_held = done;
  });
  held.get_future().wait();
  EXPECT_TRUE(repo().Get(created.id, Scope::All(), kCaseworker, kRegistryNow).ok());
  read_done.set_value();
  writer.join();
  EXPECT_TRUE(read_while_held.load()) << "the read waited for the writer's connection";
  ASSERT_TRUE(FlushAudit(db).ok());
  const auto entries = Audit();
  ASSERT_EQ(entries.size(), 9u);  // create, 2 reads, update, 2 reads, find, list, read
  EXPECT_EQ(entries.back().entry.action, "household.read");
  EXPECT_TRUE(VerifyAudit(db).intact);
}

TEST_F(HouseholdRepositoryTest, FindsPersonByIdNumberWithLowerCaseX) {
  domain::Household h = SampleHousehold(5);
  // Find a birth date/sequence whose check character is X, to exercise normalization.
  for (int seq = 0; seq < 1000; ++seq) {
    const std::string id = testing::MakeIdNumber(domain::Date(1980, 1, 1), seq);
    if (id.back() == 'X') {
      h.members[0].id_number = id;
      break;
    }
  }
  ASSERT_EQ(h.members[0].id_number.back(), 'X');
  auto created = repo().Create(h, SampleDocument(h), kCaseworker, kRegistryNow);
  ASSERT_TRUE(created.ok());
  std::string lower = h.members[0].id_number;
  lower.back() = 'x';
  auto found = repo().FindPerson(" " + lower, kCaseworker, kRegistryNow);
  ASSERT_TRUE(found.ok());
  EXPECT_EQ(*found, created->id);
  auto missing = repo().FindPerson(testing::MakeIdNumber(domain::Date(1999, 9, 9), 1),
                                   kCaseworker, kRegistryNow);
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().reason, "person_not_found");
}

TEST_F(HouseholdRepositoryTest, PersonInAnotherHouseholdIsDuplicatePerson) {
  CreateOrDie(1);
  domain::Household other = SampleHousehold(2);
  other.members[1].id_number = SampleHousehold(1).members[1].id_number;
  auto created = repo().Create(other, SampleDocument(other), kCaseworker, kRegistryNow);
  ASSERT_FALSE(created.ok());
  EXPECT_EQ(created.error().code, ErrorCode::kAlreadyExists);
  EXPECT_EQ(created.error().reason, "duplicate_person");
  ASSERT_EQ(created.error().fields.size(), 1u);
  EXPECT_EQ(created.error().fields[0].path, "household.members[1].id_number");
  // Nothing of the refused household was stored: its applicant is unknown.
  EXPECT_FALSE(repo().FindPerson(other.members[0].id_number, kCaseworker, kRegistryNow).ok());
}

TEST_F(HouseholdRepositoryTest, ReplaceBumpsVersionAndReindexesMembers) {
  const StoredHousehold created = CreateOrDie(1);
  domain::Household changed = SampleHousehold(1);
  const std::string moved_out = changed.members[1].id_number;
  changed.members[1].id_number = testing::MakeIdNumber(domain::Date(2016, 2, 2), 7);
  auto replaced = repo().Replace(created.id, 1, changed, SampleDocument(changed), kCaseworker,
                                 kRegistryNow + 60);
  ASSERT_TRUE(replaced.ok()) << replaced.error().reason;
  EXPECT_EQ(replaced->version, 2);
  EXPECT_EQ(replaced->created_at, kRegistryNow);
  EXPECT_EQ(replaced->updated_at, kRegistryNow + 60);
  EXPECT_FALSE(repo().FindPerson(moved_out, kCaseworker, kRegistryNow).ok());
  auto found = repo().FindPerson(changed.members[1].id_number, kCaseworker, kRegistryNow);
  ASSERT_TRUE(found.ok());
  EXPECT_EQ(*found, created.id);
  auto read = repo().Get(created.id, Scope::All(), kCaseworker, kRegistryNow);
  ASSERT_TRUE(read.ok());
  EXPECT_EQ(read->document, SampleDocument(changed));
}

TEST_F(HouseholdRepositoryTest, ReplaceWithStaleVersionIsRefused) {
  const StoredHousehold created = CreateOrDie(1);
  const domain::Household h = SampleHousehold(1);
  ASSERT_TRUE(repo().Replace(created.id, 1, h, "v2", kCaseworker, kRegistryNow).ok());
  auto stale = repo().Replace(created.id, 1, h, "v2 again", kCaseworker, kRegistryNow);
  ASSERT_FALSE(stale.ok());
  EXPECT_EQ(stale.error().code, ErrorCode::kFailedPrecondition);
  EXPECT_EQ(stale.error().reason, "stale_version");
  auto read = repo().Get(created.id, Scope::All(), kCaseworker, kRegistryNow);
  ASSERT_TRUE(read.ok());
  EXPECT_EQ(read->document, "v2");
}

TEST_F(HouseholdRepositoryTest, ReplaceOfUnknownHouseholdIsNotFound) {
  auto missing = repo().Replace(42, 1, SampleHousehold(1), "x", kCaseworker, kRegistryNow);
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().reason, "household_not_found");
}

TEST_F(HouseholdRepositoryTest, OfTwoConcurrentReplacesWithOneVersionExactlyOneWins) {
  const StoredHousehold created = CreateOrDie(1);
  // Two connections, as two server processes would have, racing on BEGIN IMMEDIATE.
  auto second = Store::Open(store_.dir().path(), kRegistryNow);
  ASSERT_TRUE(second.ok());
  HouseholdRepository other((*second)->db(), (*second)->sealer(), (*second)->blind_index());
  for (int round = 0; round < 10; ++round) {
    const std::int64_t version = round + 1;
    std::atomic<int> wins{0}, stale{0};
    auto race = [&](HouseholdRepository& r, const char* doc) {
      auto result = r.Replace(created.id, version, SampleHousehold(1), doc, kCaseworker,
                              kRegistryNow);
      if (result.ok()) ++wins;
      if (!result.ok() && result.error().reason == "stale_version") ++stale;
    };
    std::thread a([&] { race(repo(), "a"); });
    std::thread b([&] { race(other, "b"); });
    a.join();
    b.join();
    EXPECT_EQ(wins.load(), 1) << "round " << round;
    EXPECT_EQ(stale.load(), 1) << "round " << round;
  }
  auto read = repo().Get(created.id, Scope::All(), kCaseworker, kRegistryNow);
  ASSERT_TRUE(read.ok());
  EXPECT_EQ(read->version, 11);
}

TEST_F(HouseholdRepositoryTest, ListFiltersByStreetAndStatusWithCursor) {
  for (int n = 1; n <= 9; ++n) CreateOrDie(n, n <= 6 ? "GYQ" : "YZ");
  HouseholdFilter filter;
  filter.street = "GYQ";
  filter.limit = 4;
  auto first = repo().List(filter, Scope::All(), kCaseworker, kRegistryNow);
  ASSERT_TRUE(first.ok());
  ASSERT_EQ(first->size(), 4u);
  filter.after_id = first->back().id;
  auto second = repo().List(filter, Scope::All(), kCaseworker, kRegistryNow);
  ASSERT_TRUE(second.ok());
  ASSERT_EQ(second->size(), 2u);
  EXPECT_EQ(second->back().street, "GYQ");
  EXPECT_EQ(second->back().member_count, 2);
  EXPECT_EQ(second->back().members_minor, 1);

  HouseholdFilter dibao;
  dibao.status = "dibao";
  auto with_status = repo().List(dibao, Scope::All(), kCaseworker, kRegistryNow);
  ASSERT_TRUE(with_status.ok());
  ASSERT_EQ(with_status->size(), 3u);  // households 3, 6 and 9
  for (const auto& s : *with_status) EXPECT_EQ(s.statuses, std::vector<std::string>{"dibao"});
}

TEST_F(HouseholdRepositoryTest, SealedDocumentMovedToAnotherRowDoesNotOpen) {
  const StoredHousehold a = CreateOrDie(1);
  const StoredHousehold b = CreateOrDie(2);
  ASSERT_TRUE(store_.store().db().Exec(
      "UPDATE households SET document = (SELECT document FROM households WHERE id = " +
      std::to_string(a.id) + ") WHERE id = " + std::to_string(b.id)).ok());
  auto read = repo().Get(b.id, Scope::All(), kCaseworker, kRegistryNow);
  ASSERT_FALSE(read.ok());
  EXPECT_EQ(read.error().reason, "seal_tampered");
}

TEST_F(HouseholdRepositoryTest, NoNameOrIdNumberReachesTheDatabaseFiles) {
  std::vector<domain::Household> written;
  for (int n = 1; n <= 20; ++n) {
    written.push_back(SampleHousehold(n));
    CreateOrDie(n);
  }
  const std::string db_file = store_.dir().File(kDatabaseFileName);
  // Read while the WAL still holds the pages, then again after a checkpoint into the main file.
  auto found = testing::FoundIn({db_file, db_file + "-wal"}, testing::Secrets(written));
  EXPECT_TRUE(found.empty()) << found.front();
  store_.Close();
  found = testing::FoundIn({db_file, db_file + "-wal"}, testing::Secrets(written));
  EXPECT_TRUE(found.empty()) << found.front();
  // The scan does see what is stored in the clear (the street code), so it can fail.
  EXPECT_FALSE(testing::FoundIn({db_file}, {"GYQ"}).empty());
}

}  // namespace
}  // namespace lianban::db
