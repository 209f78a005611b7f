#include "db/matter_document_repository.h"

#include <gtest/gtest.h>

#include <fstream>
#include <iterator>

#include "db/audit_query.h"
#include "db/backup.h"
#include "db/event_outbox.h"
#include "tests/db/registry_fixture.h"
#include "tests/db/temp_dir.h"
#include "tests/db/test_sealer.h"
#include "tests/fixed_now.h"

namespace lianban::db {
namespace {

namespace wf = domain::workflow;

using testing::kCaseworker;
const Actor kReviewer{"user:2", "reviewer"};
using ::lianban::testing::kNow;

std::string Pdf(const std::string& marker) { return "%PDF-1.7\n" + marker + "\n%%EOF\n"; }

std::string FileBytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

class MatterDocumentRepositoryTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = Database::Open(dir_.File("store.db")).value();
    sealer_ = std::make_unique<testing::TestSealer>(*db_);
    repo_ = std::make_unique<MatterDocumentRepository>(*db_, sealer_->sealer());
    ASSERT_TRUE(db_->Exec("INSERT INTO matters (id, household_id, version, state, submitted_at, "
                          "due_at, updated_at) VALUES (1, 7, 1, 'in_review', 0, 0, 0), "
                          "(2, 8, 1, 'in_review', 0, 0, 0)")
                    .ok());
  }

  Result<wf::MaterialInfo> Add(std::int64_t matter, const std::string& content) {
    wf::WorkflowEvent added{"matter.document_added", "", "", "", "in_review", "in_review", "", 0};
    return repo_->Add(matter, "户口簿", "application/pdf", content, added, kCaseworker, kNow);
  }

  std::int64_t AuditCount(const std::string& action) {
    auto st = db_->Prepare("SELECT COUNT(*) FROM audit_log WHERE action = ?1");
    EXPECT_TRUE(st.ok());
    st->Bind(1, action);
    EXPECT_TRUE(st->Step().value());
    return st->ColumnInt64(0);
  }

  testing::TempDir dir_;
  std::unique_ptr<Database> db_;
  std::unique_ptr<testing::TestSealer> sealer_;
  std::unique_ptr<MatterDocumentRepository> repo_;
};

TEST_F(MatterDocumentRepositoryTest, StoresListsAndReadsADocumentWithItsDigest) {
  auto info = Add(1, "%PDF-1.7\nabc");
  ASSERT_TRUE(info.ok()) << info.error().message;
  EXPECT_EQ(info->id, "1");
  EXPECT_EQ(info->size_bytes, 12);
  // sha256("%PDF-1.7\nabc"), computed independently with sha256sum.
  EXPECT_EQ(info->sha256_hex, "3c1dd4f09e8ea551683a8c93d934c49084c2407fe2213a20d2702bad0296be10");
  auto list = repo_->List(1, kReviewer, kNow + 1).value();
  ASSERT_EQ(list.size(), 1u);
  EXPECT_EQ(list[0].name, "户口簿");
  EXPECT_EQ(list[0].content_type, "application/pdf");
  auto doc = repo_->Get(1, 1, kReviewer, kNow + 2).value();
  EXPECT_EQ(doc.content, "%PDF-1.7\nabc");
  EXPECT_EQ(doc.info.sha256_hex, info->sha256_hex);
  EXPECT_TRUE(repo_->List(2, kReviewer, kNow).value().empty());
  EXPECT_EQ(AuditCount("matter.document.add"), 1);
  EXPECT_EQ(AuditCount("matter.documents.list"), 2);
  EXPECT_EQ(AuditCount("matter.document.read"), 1);
  auto events = ReadEvents(*db_, sealer_->sealer(), 0, 10, std::nullopt).value();
  ASSERT_EQ(events.events.size(), 1u);
  EXPECT_EQ(events.events[0].event.type, "matter.document_added");
  EXPECT_EQ(events.events[0].event.matter_id, "1");
  EXPECT_EQ(events.events[0].event.detail, "1");
}

TEST_F(MatterDocumentRepositoryTest, ADocumentOfAnotherMatterOrUnknownMatterIsNotFound) {
  ASSERT_TRUE(Add(1, Pdf("x")).ok());
  EXPECT_EQ(repo_->Get(2, 1, kReviewer, kNow).error().reason, "document_not_found");
  EXPECT_EQ(repo_->Get(1, 9, kReviewer, kNow).error().reason, "document_not_found");
  EXPECT_EQ(Add(99, Pdf("x")).error().reason, "matter_not_found");
  EXPECT_EQ(AuditCount("matter.document.read"), 0);  // refused reads change nothing
}

TEST_F(MatterDocumentRepositoryTest, ContentIsSealedPerRow) {
  const std::string marker = "诊断证明-content-marker-8c41";
  ASSERT_TRUE(Add(1, Pdf(marker)).ok());
  ASSERT_TRUE(Add(1, Pdf("second")).ok());
  const std::string bytes = FileBytes(dir_.File("store.db")) + FileBytes(dir_.File("store.db-wal"));
  EXPECT_EQ(bytes.find(marker), std::string::npos);
  // A sealed content moved to another row does not open.
  ASSERT_TRUE(db_->Exec("UPDATE matter_documents SET content = (SELECT content FROM "
                        "matter_documents WHERE id = 1) WHERE id = 2")
                  .ok());
  EXPECT_EQ(repo_->Get(1, 2, kReviewer, kNow).error().reason, "seal_tampered");
}

TEST_F(MatterDocumentRepositoryTest, BackupCarriesTheDocuments) {
  const std::string content = Pdf("backed up");
  ASSERT_TRUE(Add(1, content).ok());
  testing::TempDir out;
  ASSERT_TRUE(WriteBackup(dir_.File("store.db"), sealer_->keyring(), out.path() / "b").ok());
  ASSERT_TRUE(RestoreBackup(out.path() / "b", sealer_->keyring(), out.File("restored.db")).ok());
  auto restored = Database::Open(out.File("restored.db")).value();
  testing::TestSealer sealer(*restored);
  MatterDocumentRepository repo(*restored, sealer.sealer());
  EXPECT_EQ(repo.Get(1, 1, kReviewer, kNow).value().content, content);
}

}  // namespace
}  // namespace lianban::db
