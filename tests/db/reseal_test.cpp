#include "db/reseal.h"

#include <gtest/gtest.h>

#include "db/data_keys.h"
#include "db/keyring.h"
#include "tests/fixed_now.h"

namespace lianban::db {
namespace {

using ::lianban::testing::kNow;
const SealedColumn kColumn{"people", "id", "name_sealed"};

class ResealTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = std::move(Database::Open(":memory:")).value();
    keys_ = std::move(DataKeys::Load(*db_, keyring_, kNow)).value();
    sealer_ = std::make_unique<Sealer>(*keys_);
    ASSERT_TRUE(db_->Exec("CREATE TABLE people (id INTEGER PRIMARY KEY, name_sealed BLOB)").ok());
  }

  void Insert(std::int64_t id, const std::string& name) {
    std::vector<std::uint8_t> sealed =
        *sealer_->Seal(name, SealContext{kColumn.table, kColumn.sealed_column, id});
    Result<Statement> stmt = db_->Prepare("INSERT INTO people (id, name_sealed) VALUES (?1, ?2)");
    ASSERT_TRUE(stmt.ok());
    stmt->Bind(1, id).Bind(2, std::span<const std::uint8_t>(sealed));
    ASSERT_TRUE(stmt->Run().ok());
  }

  std::string Name(std::int64_t id) {
    Result<Statement> stmt = db_->Prepare("SELECT name_sealed FROM people WHERE id = ?1");
    stmt->Bind(1, id);
    EXPECT_TRUE(*stmt->Step());
    Result<std::string> name =
        sealer_->Open(stmt->ColumnBlob(0), SealContext{kColumn.table, kColumn.sealed_column, id});
    return name.ok() ? *name : "error:" + name.error().reason;
  }

  Keyring keyring_{SecretBytes::CopyOf(std::vector<std::uint8_t>(kMasterKeySize, 3))};
  std::unique_ptr<Database> db_;
  std::unique_ptr<DataKeys> keys_;
  std::unique_ptr<Sealer> sealer_;
};

TEST_F(ResealTest, MovesEveryValueToTheActiveKeyAndKeepsItsContent) {
  for (int id = 1; id <= 7; ++id) Insert(id, "person " + std::to_string(id));
  ASSERT_TRUE(db_->Exec("INSERT INTO people (id, name_sealed) VALUES (8, NULL)").ok());
  EXPECT_EQ(*CountByKeyId(*db_, kColumn), (std::map<std::uint32_t, std::int64_t>{{1, 7}}));

  ASSERT_EQ(*keys_->AddDataKey(kNow), 2u);
  Insert(9, "person 9");  // already under key 2
  Result<std::int64_t> resealed = ResealColumn(*db_, *sealer_, kColumn, 3);
  ASSERT_TRUE(resealed.ok()) << resealed.error().message;
  EXPECT_EQ(*resealed, 7);
  EXPECT_EQ(*CountByKeyId(*db_, kColumn), (std::map<std::uint32_t, std::int64_t>{{2, 8}}));
  for (int id = 1; id <= 7; ++id) EXPECT_EQ(Name(id), "person " + std::to_string(id));
  EXPECT_EQ(*ResealColumn(*db_, *sealer_, kColumn, 3), 0);  // nothing left to do
}

TEST_F(ResealTest, StopsAtATamperedValueKeepingEarlierBatches) {
  for (int id = 1; id <= 6; ++id) Insert(id, "person " + std::to_string(id));
  // Row 5 holds row 4's value: it opens nowhere but row 4.
  ASSERT_TRUE(
      db_->Exec("UPDATE people SET name_sealed = (SELECT name_sealed FROM people WHERE id = 4) "
                "WHERE id = 5")
          .ok());
  ASSERT_TRUE(keys_->AddDataKey(kNow).ok());
  Result<std::int64_t> resealed = ResealColumn(*db_, *sealer_, kColumn, 2);
  ASSERT_FALSE(resealed.ok());
  EXPECT_EQ(resealed.error().reason, "seal_tampered");
  EXPECT_NE(resealed.error().message.find("row 5"), std::string::npos);
  // Batches 1-2 and 3-4 committed under key 2; the failed batch (5-6) rolled back to key 1.
  EXPECT_EQ(*CountByKeyId(*db_, kColumn), (std::map<std::uint32_t, std::int64_t>{{1, 2}, {2, 4}}));
  EXPECT_EQ(Name(3), "person 3");
}

TEST_F(ResealTest, RefusesNamesThatAreNotPlainIdentifiers) {
  SealedColumn bad{"people; DROP TABLE people", "id", "name_sealed"};
  EXPECT_EQ(ResealColumn(*db_, *sealer_, bad).error().reason, "sql_identifier");
  EXPECT_EQ(CountByKeyId(*db_, SealedColumn{"people", "", "x"}).error().reason, "sql_identifier");
}

}  // namespace
}  // namespace lianban::db
