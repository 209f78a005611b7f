// Signed checkpoints over the audit log: the note format, the signature, and that every way of
// tampering with the log (edit, delete, insert, reorder, truncate — with or without recomputing the
// hash chain) and every forged checkpoint is detected.
#include "db/audit_checkpoint.h"

#include <gtest/gtest.h>

#include "db/audit_checkpoint_store.h"
#include "db/audit_checkpoint_verify.h"
#include "db/audit_log.h"
#include "db/database.h"
#include "db/keyring.h"

namespace lianban::db {
namespace {

constexpr std::int64_t kT0 = 1764230400;  // 2025-11-27T08:00:00Z
constexpr int kEntries = 10;

Keyring MakeKeyring(std::uint8_t fill) {
  std::vector<std::uint8_t> master(kMasterKeySize, fill);
  return Keyring(SecretBytes::CopyOf(master));
}

AuditEntry Entry(int i) {
  return AuditEntry{kT0 + i,          "user:" + std::to_string(i % 3 + 1),    "caseworker",
                    "household.read", "household:" + std::to_string(100 + i), "ok",
                    "screening"};
}

class AuditCheckpointTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto opened = Database::Open(":memory:");
    ASSERT_TRUE(opened.ok()) << opened.error().message;
    db_ = std::move(*opened);
    auto signer = AuditSigner::FromKeyring(keyring_);
    ASSERT_TRUE(signer.ok());
    signer_.emplace(std::move(*signer));
    for (int i = 1; i <= kEntries; ++i) ASSERT_TRUE(AppendAudit(*db_, Entry(i)).ok());
    auto made = MakeCheckpoint(*db_, *signer_, kT0 + 100);
    ASSERT_TRUE(made.ok()) << made.error().message;
    // What the auditor keeps outside the server: the note, parsed back as `lianban audit verify`
    // reads it.
    auto parsed = ParseCheckpointNote(FormatCheckpointNote(*made));
    ASSERT_TRUE(parsed.ok()) << parsed.error().message;
    kept_ = *parsed;
  }

  void Sql(const std::string& sql) { ASSERT_TRUE(db_->Exec(sql).ok()) << sql; }
  // An attacker with write access to the file drops the append-only triggers first.
  void DropTriggers() {
    Sql("DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete;");
  }
  // ... and may recompute every hash from `from_seq` on, so the chain itself verifies again.
  void Rechain() {
    auto rows = ListAudit(*db_, 0, 1000);
    ASSERT_TRUE(rows.ok());
    AuditHash prev{};
    for (const auto& row : *rows) {
      AuditHash hash = AuditEntryHash(row.seq, row.entry, prev);
      auto st = db_->Prepare("UPDATE audit_log SET prev_hash = ?1, hash = ?2 WHERE seq = ?3");
      ASSERT_TRUE(st.ok());
      st->Bind(1, std::span<const std::uint8_t>(prev))
          .Bind(2, std::span<const std::uint8_t>(hash))
          .Bind(3, row.seq);
      ASSERT_TRUE(st->Run().ok());
      prev = hash;
    }
    ASSERT_TRUE(VerifyAudit(*db_).intact);
  }

  TrailVerdict Verify() {
    std::vector<Checkpoint> external = {kept_};
    return VerifyAuditTrail(*db_, signer_->public_key(), external);
  }

  Keyring keyring_ = MakeKeyring(7);
  std::unique_ptr<Database> db_;
  std::optional<AuditSigner> signer_;
  Checkpoint kept_;
};

TEST_F(AuditCheckpointTest, IntactLogVerifiesAgainstItsCheckpoints) {
  TrailVerdict v = Verify();
  EXPECT_TRUE(v.intact) << v.reason << ": " << v.detail;
  EXPECT_EQ(v.entries, kEntries);
  EXPECT_EQ(v.covered, kEntries);
  EXPECT_EQ(v.checkpoints_checked, 2);  // the kept file and the stored row
  EXPECT_EQ(kept_.size, kEntries);
  EXPECT_EQ(kept_.time, kT0 + 100);
}

TEST_F(AuditCheckpointTest, MakesANewCheckpointOnlyWhenTheLogGrew) {
  auto same = MakeCheckpoint(*db_, *signer_, kT0 + 200);
  ASSERT_TRUE(same.ok());
  EXPECT_EQ(same->time, kT0 + 100);
  ASSERT_TRUE(AppendAudit(*db_, Entry(11)).ok());
  auto grown = MakeCheckpoint(*db_, *signer_, kT0 + 300);
  ASSERT_TRUE(grown.ok());
  EXPECT_EQ(grown->size, kEntries + 1);
  EXPECT_EQ(grown->time, kT0 + 300);
  auto all = ListCheckpoints(*db_);
  ASSERT_TRUE(all.ok());
  EXPECT_EQ(all->size(), 2u);
  EXPECT_TRUE(Verify().intact);
}

TEST_F(AuditCheckpointTest, EntriesAfterTheLastCheckpointAreNotCovered) {
  ASSERT_TRUE(AppendAudit(*db_, Entry(11)).ok());
  TrailVerdict v = Verify();
  EXPECT_TRUE(v.intact);
  EXPECT_EQ(v.entries, kEntries + 1);
  EXPECT_EQ(v.covered, kEntries);
}

TEST_F(AuditCheckpointTest, DetectsAnEditedEntry) {
  DropTriggers();
  Sql("UPDATE audit_log SET actor = 'user:99' WHERE seq = 4");
  TrailVerdict v = Verify();
  EXPECT_FALSE(v.intact);
  EXPECT_EQ(v.reason, "hash_mismatch");
  EXPECT_EQ(v.first_bad_seq, 4);
}

TEST_F(AuditCheckpointTest, DetectsAnEditedEntryEvenWithTheChainRecomputed) {
  DropTriggers();
  Sql("UPDATE audit_log SET actor = 'user:99' WHERE seq = 4");
  Rechain();
  TrailVerdict v = Verify();
  EXPECT_FALSE(v.intact);
  EXPECT_EQ(v.reason, "checkpoint_mismatch");
  EXPECT_NE(v.detail.find("entries 1..10"), std::string::npos) << v.detail;
}

TEST_F(AuditCheckpointTest, DetectsADeletedEntry) {
  DropTriggers();
  Sql("DELETE FROM audit_log WHERE seq = 5");
  TrailVerdict v = Verify();
  EXPECT_FALSE(v.intact);
  EXPECT_EQ(v.reason, "sequence_gap");
  EXPECT_EQ(v.first_bad_seq, 5);
}

TEST_F(AuditCheckpointTest, DetectsADeletedEntryEvenWithTheLogRenumberedAndRechained) {
  DropTriggers();
  Sql("DELETE FROM audit_log WHERE seq = 5");
  Sql("UPDATE audit_log SET seq = seq - 1 WHERE seq > 5");
  Rechain();
  TrailVerdict v = Verify();
  EXPECT_FALSE(v.intact);
  EXPECT_EQ(v.reason, "log_truncated");  // 9 entries where 10 were signed
  EXPECT_EQ(v.first_bad_seq, 10);
}

TEST_F(AuditCheckpointTest, DetectsAnInsertedEntry) {
  DropTriggers();
  Sql("UPDATE audit_log SET seq = seq + 100 WHERE seq > 5");
  Sql("UPDATE audit_log SET seq = seq - 99 WHERE seq > 100");
  auto rows = ListAudit(*db_, 4, 1);
  ASSERT_TRUE(rows.ok() && rows->size() == 1);
  AuditEntry forged = Entry(42);
  AuditHash hash = AuditEntryHash(6, forged, (*rows)[0].hash);
  auto st = db_->Prepare(
      "INSERT INTO audit_log (seq, at, actor, role, action, object, outcome, purpose, prev_hash, "
      "hash) VALUES (6, ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)");
  ASSERT_TRUE(st.ok());
  st->Bind(1, forged.at).Bind(2, forged.actor).Bind(3, forged.role).Bind(4, forged.action);
  st->Bind(5, forged.object).Bind(6, forged.outcome).Bind(7, forged.purpose);
  st->Bind(8, std::span<const std::uint8_t>((*rows)[0].hash))
      .Bind(9, std::span<const std::uint8_t>(hash));
  ASSERT_TRUE(st->Run().ok());

  TrailVerdict chain_only = Verify();
  EXPECT_FALSE(chain_only.intact);
  EXPECT_EQ(chain_only.reason, "prev_hash_mismatch");
  EXPECT_EQ(chain_only.first_bad_seq, 7);

  Rechain();
  TrailVerdict v = Verify();
  EXPECT_FALSE(v.intact);
  EXPECT_EQ(v.reason, "checkpoint_mismatch");
}

TEST_F(AuditCheckpointTest, DetectsReorderedEntries) {
  DropTriggers();
  Sql("UPDATE audit_log SET seq = 1000 WHERE seq = 3");
  Sql("UPDATE audit_log SET seq = 3 WHERE seq = 4");
  Sql("UPDATE audit_log SET seq = 4 WHERE seq = 1000");
  TrailVerdict v = Verify();
  EXPECT_FALSE(v.intact);
  EXPECT_EQ(v.first_bad_seq, 3);

  Rechain();
  TrailVerdict rechained = Verify();
  EXPECT_FALSE(rechained.intact);
  EXPECT_EQ(rechained.reason, "checkpoint_mismatch");
}

TEST_F(AuditCheckpointTest, TheChainAloneCannotSeeACutTail) {
  DropTriggers();
  Sql("DROP TRIGGER audit_checkpoints_no_delete; DELETE FROM audit_checkpoints;");
  Sql("DELETE FROM audit_log WHERE seq > 8");
  EXPECT_TRUE(VerifyAudit(*db_).intact);
  EXPECT_TRUE(VerifyAuditTrail(*db_, signer_->public_key(), {}).intact);
}

TEST_F(AuditCheckpointTest, DetectsATruncatedTailFromTheStoredCheckpoint) {
  DropTriggers();
  Sql("DELETE FROM audit_log WHERE seq > 8");
  TrailVerdict v = VerifyAuditTrail(*db_, signer_->public_key(), {});
  EXPECT_FALSE(v.intact);
  EXPECT_EQ(v.reason, "log_truncated");
  EXPECT_EQ(v.first_bad_seq, 9);
}

TEST_F(AuditCheckpointTest, DetectsATruncatedTailFromAKeptCheckpointWhenStoredOnesAreGone) {
  DropTriggers();
  Sql("DROP TRIGGER audit_checkpoints_no_delete; DELETE FROM audit_checkpoints;");
  Sql("DELETE FROM audit_log WHERE seq > 8");
  TrailVerdict v = Verify();
  EXPECT_FALSE(v.intact);
  EXPECT_EQ(v.reason, "log_truncated");
  EXPECT_EQ(v.first_bad_seq, 9);
  EXPECT_NE(v.detail.find("checkpoint file 1"), std::string::npos) << v.detail;
}

TEST_F(AuditCheckpointTest, RejectsACheckpointWhoseContentWasChanged) {
  kept_.size = 8;  // e.g. to excuse a cut tail; the signature no longer fits
  TrailVerdict v = Verify();
  EXPECT_FALSE(v.intact);
  EXPECT_EQ(v.reason, "checkpoint_signature_invalid");
}

TEST_F(AuditCheckpointTest, RejectsACheckpointSignedByAnotherKey) {
  Keyring other = MakeKeyring(8);
  auto forger = AuditSigner::FromKeyring(other);
  ASSERT_TRUE(forger.ok());
  kept_ = forger->Sign(kept_.size, kept_.head, kept_.root, kept_.time);
  EXPECT_EQ(Verify().reason, "checkpoint_signature_invalid");
  kept_.key_id = signer_->public_key().key_id;  // claiming the right key id does not help
  EXPECT_EQ(Verify().reason, "checkpoint_signature_invalid");
}

TEST_F(AuditCheckpointTest, DetectsStoredCheckpointsOutOfOrder) {
  auto prefix = DigestAuditLog(*db_, std::vector<std::int64_t>{5});
  ASSERT_TRUE(prefix.ok() && prefix->prefixes.size() == 1);
  Checkpoint older = signer_->Sign(5, prefix->prefixes[0].head, prefix->prefixes[0].root, kT0 + 50);
  ASSERT_TRUE(InsertCheckpoint(*db_, older).ok());  // a smaller, older one stored last
  TrailVerdict v = Verify();
  EXPECT_FALSE(v.intact);
  EXPECT_EQ(v.reason, "checkpoints_out_of_order");
}

TEST_F(AuditCheckpointTest, RefusesToSignABrokenTrail) {
  DropTriggers();
  Sql("UPDATE audit_log SET outcome = 'denied' WHERE seq = 2");
  ASSERT_TRUE(AppendAudit(*db_, Entry(11)).ok());
  auto made = MakeCheckpoint(*db_, *signer_, kT0 + 500);
  ASSERT_FALSE(made.ok());
  EXPECT_EQ(made.error().reason, "audit_trail_broken");
  EXPECT_EQ(made.error().code, ErrorCode::kConflict);
}

TEST_F(AuditCheckpointTest, StoredCheckpointsCannotBeEditedOrDeleted) {
  EXPECT_FALSE(db_->Exec("UPDATE audit_checkpoints SET size = 1").ok());
  EXPECT_FALSE(db_->Exec("DELETE FROM audit_checkpoints").ok());
  auto all = ListCheckpoints(*db_);
  ASSERT_TRUE(all.ok());
  ASSERT_EQ(all->size(), 1u);
  EXPECT_EQ((*all)[0].size, kEntries);
}

TEST(CheckpointNoteTest, RoundTripsAndSignsTheBody) {
  Keyring keyring = MakeKeyring(1);
  auto signer = AuditSigner::FromKeyring(keyring);
  ASSERT_TRUE(signer.ok());
  AuditHash head{};
  head[0] = 0xab;
  MerkleHash root{};
  root[31] = 0x01;
  Checkpoint c = signer->Sign(12, head, root, kT0);
  const std::string note = FormatCheckpointNote(c);
  EXPECT_EQ(note.substr(0, note.find("\nsig ")), CheckpointBody(c));
  EXPECT_EQ(CheckpointBody(c), "lianban audit checkpoint v1\nsize 12\nhead ab" +
                                   std::string(62, '0') + "\nroot " + std::string(62, '0') +
                                   "01\ntime 1764230400\nkey " + c.key_id + "\n");
  auto parsed = ParseCheckpointNote(note);
  ASSERT_TRUE(parsed.ok()) << parsed.error().message;
  EXPECT_EQ(parsed->size, 12);
  EXPECT_EQ(parsed->head, head);
  EXPECT_EQ(parsed->root, root);
  EXPECT_EQ(parsed->signature, c.signature);
  EXPECT_TRUE(VerifyCheckpointSignature(*parsed, signer->public_key()));
}

TEST(CheckpointNoteTest, RejectsMalformedNotes) {
  Keyring keyring = MakeKeyring(1);
  auto signer = AuditSigner::FromKeyring(keyring);
  ASSERT_TRUE(signer.ok());
  const std::string good = FormatCheckpointNote(signer->Sign(3, {}, {}, kT0));
  auto replace = [&](std::string_view from, std::string_view to) {
    std::string s = good;
    s.replace(s.find(from), from.size(), to);
    return s;
  };
  for (const std::string& bad :
       {replace("v1", "v2"), replace("size 3", "size 03"), replace("size 3", "size -3"),
        replace("head 00", "head 0A"), replace("time ", "time  "), replace("\nsig ", "\nsig  "),
        replace("\n\nsig", "\nsig"), good + "extra\n", std::string()}) {
    auto parsed = ParseCheckpointNote(bad);
    ASSERT_FALSE(parsed.ok()) << bad;
    EXPECT_EQ(parsed.error().reason, "checkpoint_format");
  }
}

TEST(AuditPublicKeyTest, ExportedKeyParsesBackWithTheSameId) {
  Keyring keyring = MakeKeyring(3);
  auto signer = AuditSigner::FromKeyring(keyring);
  ASSERT_TRUE(signer.ok());
  auto parsed = ParseAuditPublicKey(FormatAuditPublicKey(signer->public_key()) + "\n");
  ASSERT_TRUE(parsed.ok());
  EXPECT_EQ(parsed->bytes, signer->public_key().bytes);
  EXPECT_EQ(parsed->key_id, signer->public_key().key_id);
  EXPECT_EQ(parsed->key_id.size(), 16u);
  EXPECT_FALSE(ParseAuditPublicKey("abcd").ok());
}

TEST(AuditPublicKeyTest, TheSameMasterKeyAlwaysGivesTheSameSigningKey) {
  auto a = AuditSigner::FromKeyring(MakeKeyring(5));
  auto b = AuditSigner::FromKeyring(MakeKeyring(5));
  auto c = AuditSigner::FromKeyring(MakeKeyring(6));
  ASSERT_TRUE(a.ok() && b.ok() && c.ok());
  EXPECT_EQ(a->public_key().bytes, b->public_key().bytes);
  EXPECT_NE(a->public_key().bytes, c->public_key().bytes);
}

}  // namespace
}  // namespace lianban::db
