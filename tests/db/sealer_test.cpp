#include "db/sealer.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "db/data_keys.h"
#include "db/keyring.h"
#include "tests/db/test_sealer.h"
#include "tests/fixed_now.h"

namespace lianban::db {
namespace {

using ::lianban::testing::kNow;

using testing::FixedKeyring;

class SealerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    Result<std::unique_ptr<Database>> db = Database::Open(":memory:");
    ASSERT_TRUE(db.ok());
    db_ = std::move(db).value();
    Result<std::unique_ptr<DataKeys>> keys = DataKeys::Load(*db_, keyring_, kNow);
    ASSERT_TRUE(keys.ok()) << keys.error().message;
    keys_ = std::move(keys).value();
    sealer_ = std::make_unique<Sealer>(*keys_);
  }

  std::vector<std::uint8_t> SealOrDie(std::string_view text, const SealContext& ctx) {
    Result<std::vector<std::uint8_t>> sealed = sealer_->Seal(text, ctx);
    EXPECT_TRUE(sealed.ok());
    return sealed.ok() ? *sealed : std::vector<std::uint8_t>{};
  }

  Keyring keyring_ = FixedKeyring(1);
  std::unique_ptr<Database> db_;
  std::unique_ptr<DataKeys> keys_;
  std::unique_ptr<Sealer> sealer_;
};

const SealContext kCtx{"persons", "id_number", 42};

TEST_F(SealerTest, RoundTripsTextIncludingEmptyAndNonAscii) {
  for (std::string_view text : {"", "500101199001011234", "张三 · 江北区观音桥街道"}) {
    std::vector<std::uint8_t> sealed = SealOrDie(text, kCtx);
    EXPECT_EQ(sealed.size(), text.size() + kSealOverhead);
    Result<std::string> opened = sealer_->Open(sealed, kCtx);
    ASSERT_TRUE(opened.ok()) << opened.error().reason;
    EXPECT_EQ(*opened, text);
  }
}

TEST_F(SealerTest, WritesTheDocumentedHeader) {
  std::vector<std::uint8_t> sealed = SealOrDie("x", kCtx);
  EXPECT_EQ(sealed[0], kSealFormatVersion);
  EXPECT_EQ(sealed[1], kAlgXChaCha20Poly1305);
  EXPECT_EQ(*KeyIdOf(sealed), 1u);
  EXPECT_EQ(sealed[5], 1);  // key id is big-endian
}

TEST_F(SealerTest, SealingTwiceGivesDifferentCiphertexts) {
  EXPECT_NE(SealOrDie("same", kCtx), SealOrDie("same", kCtx));  // random nonce
}

TEST_F(SealerTest, AnyFlippedByteFailsToOpen) {
  std::vector<std::uint8_t> sealed = SealOrDie("500101199001011234", kCtx);
  for (std::size_t i = 0; i < sealed.size(); ++i) {
    std::vector<std::uint8_t> tampered = sealed;
    tampered[i] ^= 0x01;
    Result<std::string> opened = sealer_->Open(tampered, kCtx);
    ASSERT_FALSE(opened.ok()) << "byte " << i;
    // Flipping a key-id byte names a key the store does not hold; every other flip is tampering.
    const bool key_id_byte = i >= 2 && i < kSealHeaderSize;
    EXPECT_EQ(opened.error().reason, key_id_byte ? "seal_unknown_key" : "seal_tampered")
        << "byte " << i;
  }
}

TEST_F(SealerTest, TruncatedOrExtendedValuesFailToOpen) {
  std::vector<std::uint8_t> sealed = SealOrDie("abc", kCtx);
  std::vector<std::uint8_t> shorter(sealed.begin(), sealed.end() - 1);
  std::vector<std::uint8_t> longer = sealed;
  longer.push_back(0);
  EXPECT_EQ(sealer_->Open(shorter, kCtx).error().reason, "seal_tampered");
  EXPECT_EQ(sealer_->Open(longer, kCtx).error().reason, "seal_tampered");
  EXPECT_EQ(sealer_->Open(std::vector<std::uint8_t>{}, kCtx).error().reason, "seal_tampered");
}

TEST_F(SealerTest, AValueMovedToAnotherRowColumnOrTableFailsToOpen) {
  std::vector<std::uint8_t> sealed = SealOrDie("500101199001011234", kCtx);
  EXPECT_EQ(sealer_->Open(sealed, {"persons", "id_number", 43}).error().reason, "seal_tampered");
  EXPECT_EQ(sealer_->Open(sealed, {"persons", "name", 42}).error().reason, "seal_tampered");
  EXPECT_EQ(sealer_->Open(sealed, {"households", "id_number", 42}).error().reason, "seal_tampered");
  // The encoding is length-prefixed: shifting characters between table and column is not the same.
  EXPECT_EQ(sealer_->Open(sealed, {"personsi", "d_number", 42}).error().reason, "seal_tampered");
}

TEST_F(SealerTest, AValueNamingAnotherExistingKeyIdFailsToOpen) {
  ASSERT_TRUE(keys_->AddDataKey(kNow).ok());
  std::vector<std::uint8_t> sealed = SealOrDie("secret", kCtx);
  ASSERT_EQ(*KeyIdOf(sealed), 2u);
  sealed[5] = 1;  // claim key 1
  EXPECT_EQ(sealer_->Open(sealed, kCtx).error().reason, "seal_tampered");
}

TEST_F(SealerTest, RotationSealsWithTheNewKeyWhileOldValuesStillOpen) {
  std::vector<std::uint8_t> old_value = SealOrDie("before rotation", kCtx);
  Result<std::uint32_t> rotated = keys_->AddDataKey(kNow + 60);
  ASSERT_TRUE(rotated.ok());
  EXPECT_EQ(*rotated, 2u);
  EXPECT_EQ(keys_->ActiveId(), 2u);
  std::vector<std::uint8_t> new_value = SealOrDie("after rotation", kCtx);
  EXPECT_EQ(*KeyIdOf(old_value), 1u);
  EXPECT_EQ(*KeyIdOf(new_value), 2u);
  EXPECT_EQ(*sealer_->Open(old_value, kCtx), "before rotation");
  EXPECT_EQ(*sealer_->Open(new_value, kCtx), "after rotation");
}

TEST_F(SealerTest, DataKeysSurviveAReloadAndNeedTheSameMasterKey) {
  ASSERT_TRUE(keys_->AddDataKey(kNow).ok());
  std::vector<std::uint8_t> sealed = SealOrDie("kept", kCtx);

  Result<std::unique_ptr<DataKeys>> reloaded = DataKeys::Load(*db_, keyring_, kNow);
  ASSERT_TRUE(reloaded.ok());
  EXPECT_EQ((*reloaded)->ActiveId(), 2u);
  EXPECT_EQ((*reloaded)->Ids(), (std::vector<std::uint32_t>{1, 2}));
  EXPECT_EQ(*Sealer(**reloaded).Open(sealed, kCtx), "kept");

  Keyring other = FixedKeyring(2);
  Result<std::unique_ptr<DataKeys>> wrong = DataKeys::Load(*db_, other, kNow);
  ASSERT_FALSE(wrong.ok());
  EXPECT_EQ(wrong.error().reason, "data_key_unwrap");
}

TEST_F(SealerTest, DataKeysAreStoredWrappedNotInClear) {
  std::shared_ptr<const SecretBytes> key = keys_->Find(1);
  ASSERT_NE(key, nullptr);
  Result<Statement> stmt = db_->Prepare("SELECT wrapped FROM data_keys WHERE id = 1");
  ASSERT_TRUE(stmt.ok());
  ASSERT_TRUE(*stmt->Step());
  std::vector<std::uint8_t> wrapped = stmt->ColumnBlob(0);
  EXPECT_EQ(wrapped.size(), key->size() + kSealOverhead);
  auto found = std::search(wrapped.begin(), wrapped.end(), key->data(), key->data() + key->size());
  EXPECT_EQ(found, wrapped.end());
}

TEST_F(SealerTest, AnotherStoresKeysCannotOpenTheValue) {
  std::vector<std::uint8_t> sealed = SealOrDie("secret", kCtx);
  Result<std::unique_ptr<Database>> other_db = Database::Open(":memory:");
  ASSERT_TRUE(other_db.ok());
  Result<std::unique_ptr<DataKeys>> other_keys = DataKeys::Load(**other_db, keyring_, kNow);
  ASSERT_TRUE(other_keys.ok());
  // Same master key and key id 1, but a different random data key.
  EXPECT_EQ(Sealer(**other_keys).Open(sealed, kCtx).error().reason, "seal_tampered");
}

TEST_F(SealerTest, ReloadPicksUpAKeyAddedByAnotherInstance) {
  Result<std::unique_ptr<DataKeys>> other = DataKeys::Load(*db_, keyring_, kNow);
  ASSERT_TRUE(other.ok());
  ASSERT_EQ(*(*other)->AddDataKey(kNow), 2u);
  std::vector<std::uint8_t> sealed_elsewhere = *Sealer(**other).Seal("new", kCtx);
  EXPECT_EQ(sealer_->Open(sealed_elsewhere, kCtx).error().reason, "seal_unknown_key");
  ASSERT_TRUE(keys_->Reload().ok());
  EXPECT_EQ(keys_->ActiveId(), 2u);
  EXPECT_EQ(*sealer_->Open(sealed_elsewhere, kCtx), "new");
}

}  // namespace
}  // namespace lianban::db
