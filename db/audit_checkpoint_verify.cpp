#include "db/audit_checkpoint_verify.h"

#include <algorithm>
#include <utility>

#include "db/audit_checkpoint_store.h"

namespace lianban::db {
namespace {

constexpr int kPageSize = 1000;

TrailVerdict Fail(TrailVerdict v, std::string reason, std::string detail,
                  std::optional<std::int64_t> first_bad = std::nullopt) {
  v.intact = false;
  v.reason = std::move(reason);
  v.detail = std::move(detail);
  v.first_bad_seq = first_bad;
  return v;
}

// A checkpoint and where it came from, for messages.
struct Claim {
  const Checkpoint* checkpoint;
  std::string source;  // "checkpoint file 1", "stored checkpoint 3"
};

std::vector<Claim> CollectClaims(std::span<const Checkpoint> external,
                                 const std::vector<Checkpoint>& stored) {
  std::vector<Claim> claims;
  for (std::size_t i = 0; i < external.size(); ++i) {
    claims.push_back({&external[i], "checkpoint file " + std::to_string(i + 1)});
  }
  for (std::size_t i = 0; i < stored.size(); ++i) {
    claims.push_back({&stored[i], "stored checkpoint " + std::to_string(i + 1)});
  }
  return claims;
}

// The first stored checkpoint that is smaller or older than the one before it, if any.
std::optional<std::size_t> FirstOutOfOrder(const std::vector<Checkpoint>& stored) {
  for (std::size_t i = 1; i < stored.size(); ++i) {
    if (stored[i].size < stored[i - 1].size || stored[i].time < stored[i - 1].time) return i;
  }
  return std::nullopt;
}

const LogPrefix* FindPrefix(const LogDigest& digest, std::int64_t size) {
  for (const auto& p : digest.prefixes) {
    if (p.size == size) return &p;
  }
  return nullptr;
}

// The largest checkpointed size below `size` that matched, for narrowing down a mismatch.
std::int64_t LastGoodBelow(const std::vector<std::int64_t>& matched, std::int64_t size) {
  std::int64_t best = 0;
  for (auto m : matched) {
    if (m < size) best = std::max(best, m);
  }
  return best;
}

TrailVerdict CheckClaims(TrailVerdict v, std::vector<Claim> claims, const LogDigest& digest) {
  // Smallest first, so a mismatch is narrowed to the entries after the last good checkpoint.
  std::stable_sort(claims.begin(), claims.end(), [](const Claim& a, const Claim& b) {
    return a.checkpoint->size < b.checkpoint->size;
  });
  std::vector<std::int64_t> matched;
  for (const auto& claim : claims) {
    const Checkpoint& c = *claim.checkpoint;
    if (c.size > digest.entries) {
      return Fail(std::move(v), "log_truncated",
                  claim.source + " covers " + std::to_string(c.size) + " entries but the log has " +
                      std::to_string(digest.entries),
                  digest.entries + 1);
    }
    const LogPrefix* prefix = FindPrefix(digest, c.size);
    if (prefix == nullptr || prefix->head != c.head || prefix->root != c.root) {
      const std::int64_t from = LastGoodBelow(matched, c.size) + 1;
      return Fail(std::move(v), "checkpoint_mismatch",
                  "the log differs from " + claim.source + " within entries " +
                      std::to_string(from) + ".." + std::to_string(c.size));
    }
    matched.push_back(c.size);
    ++v.checkpoints_checked;
    v.covered = std::max(v.covered, c.size);
  }
  return v;
}

}  // namespace

Result<LogDigest> DigestAuditLog(Database& db, std::span<const std::int64_t> sizes) {
  std::vector<std::int64_t> wanted(sizes.begin(), sizes.end());
  std::sort(wanted.begin(), wanted.end());
  wanted.erase(std::unique(wanted.begin(), wanted.end()), wanted.end());
  LogDigest digest;
  MerkleTreeBuilder tree;
  AuditHash head{};
  auto next = wanted.begin();
  auto record = [&] {
    for (; next != wanted.end() && *next == static_cast<std::int64_t>(tree.size()); ++next) {
      digest.prefixes.push_back({*next, head, tree.Root()});
    }
  };
  record();  // size 0
  std::int64_t after = 0;
  for (;;) {
    auto page = ListAudit(db, after, kPageSize);
    if (!page.ok()) return Error(page.error());
    for (const auto& e : *page) {
      tree.AddLeaf(e.hash);
      head = e.hash;
      after = e.seq;
      record();
    }
    if (static_cast<int>(page->size()) < kPageSize) break;
  }
  digest.entries = static_cast<std::int64_t>(tree.size());
  digest.whole = {digest.entries, head, tree.Root()};
  return digest;
}

TrailVerdict VerifyAuditTrail(Database& db, const AuditPublicKey& key,
                              std::span<const Checkpoint> external) {
  TrailVerdict v;
  const AuditVerifyResult chain = VerifyAudit(db);
  v.entries = chain.entries;
  if (!chain.intact) {
    return Fail(std::move(v), chain.reason, "the hash chain breaks at this entry",
                chain.first_bad_seq);
  }
  auto stored = ListCheckpoints(db);
  if (!stored.ok()) return Fail(std::move(v), "read_failed", stored.error().message);
  auto claims = CollectClaims(external, *stored);
  for (const auto& claim : claims) {
    if (!VerifyCheckpointSignature(*claim.checkpoint, key)) {
      return Fail(std::move(v), "checkpoint_signature_invalid",
                  claim.source + " is not signed by key " + key.key_id);
    }
  }
  if (auto bad = FirstOutOfOrder(*stored)) {
    return Fail(std::move(v), "checkpoints_out_of_order",
                "stored checkpoint " + std::to_string(*bad + 1) +
                    " is smaller or older than the one before it");
  }
  std::vector<std::int64_t> sizes;
  for (const auto& claim : claims) sizes.push_back(claim.checkpoint->size);
  auto digest = DigestAuditLog(db, sizes);
  if (!digest.ok()) return Fail(std::move(v), "read_failed", digest.error().message);
  return CheckClaims(std::move(v), std::move(claims), *digest);
}

}  // namespace lianban::db
