// Test support for the registry tests: valid synthetic ID numbers, sample households and an
// initialized data directory (store) in a private temporary directory.
#pragma once

#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <iterator>
#include <memory>
#include <string>
#include <vector>

#include "db/household_repository.h"
#include "db/store.h"
#include "domain/date.h"
#include "domain/household.h"
#include "domain/id_number.h"
#include "tests/db/temp_dir.h"

namespace lianban::db::testing {

inline constexpr std::int64_t kRegistryNow = 1'780'000'000;  // 2026-05-28

// A valid ID number for region 500105 (Jiangbei), the birth date and a sequence number.
inline std::string MakeIdNumber(const domain::Date& birth, int sequence) {
  char first17[48];
  std::snprintf(first17, sizeof first17, "500105%04d%02d%02d%03d", birth.year(), birth.month(),
                birth.day(), sequence % 1000);
  std::string id(first17, 17);
  id.push_back(domain::ComputeIdCheckCharacter(id));
  return id;
}

// A two-member household whose members are unique to `n` (names "测试甲<n>", "测试乙<n>").
inline domain::Household SampleHousehold(int n, std::string street = "GYQ") {
  domain::Household h;
  h.hukou = n % 2 == 0 ? domain::Hukou::kUrban : domain::Hukou::kRural;
  h.street = std::move(street);
  for (int i = 0; i < 2; ++i) {
    domain::Member m;
    m.birth = i == 0 ? domain::Date(1950 + n % 40, 3, 1 + n % 27) : domain::Date(2015, 6, 1);
    m.id_number = MakeIdNumber(m.birth, 2 * n + i);
    m.name = (i == 0 ? "测试甲" : "测试乙") + std::to_string(n);
    m.relation = i == 0 ? domain::Relation::kSelf : domain::Relation::kChild;
    m.monthly_income_fen = 123456 + n;
    h.members.push_back(m);
  }
  if (n % 3 == 0) h.statuses.push_back(domain::HouseholdStatus::kDibao);
  return h;
}

// The document the repository seals: here just the members' names and ID numbers, so that a
// plaintext scan has something to look for.
inline std::string SampleDocument(const domain::Household& h) {
  std::string doc = "{";
  for (const auto& m : h.members) doc += "\"" + m.name + "\":\"" + m.id_number + "\",";
  return doc + "}";
}

inline const Actor kCaseworker{"user:1", "caseworker"};

// A data directory with a store and a repository on it.
class RegistryStore {
 public:
  RegistryStore() : env_(kMasterKeyEnv, std::nullopt) { Open(); }

  void Open() {
    repository_.reset();
    store_.reset();
    Status init = InitDataDir(dir_.path(), kRegistryNow);
    EXPECT_TRUE(init.ok()) << (init.ok() ? "" : init.error().message);
    auto store = Store::Open(dir_.path(), kRegistryNow);
    EXPECT_TRUE(store.ok());
    if (!store.ok()) return;
    store_ = std::move(store).value();
    repository_ = std::make_unique<HouseholdRepository>(store_->db(), store_->sealer(),
                                                        store_->blind_index());
  }
  void Close() {
    repository_.reset();
    store_.reset();
  }

  Store& store() { return *store_; }
  HouseholdRepository& repository() { return *repository_; }
  const TempDir& dir() const { return dir_; }

 private:
  TempDir dir_;
  EnvGuard env_;
  std::unique_ptr<Store> store_;
  std::unique_ptr<HouseholdRepository> repository_;
};

// The bytes of a file ("" when it does not exist).
inline std::string ReadBytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

// Whether any of `needles` occurs in the bytes of any of `files`.
inline std::vector<std::string> FoundIn(const std::vector<std::string>& files,
                                        const std::vector<std::string>& needles) {
  std::vector<std::string> found;
  for (const auto& f : files) {
    const std::string bytes = ReadBytes(f);
    for (const auto& n : needles) {
      if (bytes.find(n) != std::string::npos) found.push_back(n + " in " + f);
    }
  }
  return found;
}

// Every name and ID number of the households.
inline std::vector<std::string> Secrets(const std::vector<domain::Household>& households) {
  std::vector<std::string> out;
  for (const auto& h : households) {
    for (const auto& m : h.members) {
      out.push_back(m.name);
      out.push_back(m.id_number);
    }
  }
  return out;
}

}  // namespace lianban::db::testing
