// lianban keys rotate --data DIR [--resume]: adds a data key (unless --resume) and re-seals every
// registry value still under an older key, showing progress; SIGINT/SIGTERM stop it between rows
// (as does a kill), and `keys rotate --resume` finishes the job. lianban keys status --data DIR:
// the active key and how many values each key seals.
#include <atomic>
#include <csignal>
#include <iostream>
#include <memory>

#include "db/key_rotation.h"
#include "db/store.h"
#include "domain/clock.h"
#include "services/cli/cli_common.h"
#include "services/cli/commands.h"

namespace lianban::services::cli {
namespace {

std::atomic<bool> g_stop{false};

extern "C" void OnSignal(int) { g_stop.store(true); }

struct KeysArgs {
  std::filesystem::path data;
  bool resume = false;
};

std::unique_ptr<db::Store> OpenStore(const std::filesystem::path& dir, std::int64_t now) {
  auto store = db::Store::Open(dir, now);
  if (!store.ok()) Fail("open " + dir.string(), store.error());
  return std::move(store).value();
}

void ShowProgress(const db::RotationProgress& p) {
  if (p.done % 50 != 0 && p.done != p.total) return;
  std::cerr << "\rre-sealed " << p.done << " / " << p.total << " (" << p.column << ")"
            << std::flush;
}

void Rotate(const KeysArgs& args) {
  const SystemClock clock;
  auto store = OpenStore(args.data, clock.NowUnix());
  if (!args.resume) {
    auto key = db::StartRotation(store->data_keys(), clock.NowUnix());
    if (!key.ok()) Fail("add a data key", key.error());
    std::cout << "data key " << *key << " is active for new writes\n";
  }
  std::signal(SIGINT, OnSignal);
  std::signal(SIGTERM, OnSignal);
  auto outcome = db::ResumeRotation(store->db(), store->sealer(), ShowProgress, &g_stop);
  std::cerr << '\n';
  if (!outcome.ok()) Fail("re-seal", outcome.error());
  if (outcome->stopped) {
    std::cout << "stopped after " << outcome->resealed
              << " values; every row is readable. Finish with: lianban keys rotate --resume "
                 "--data "
              << args.data.string() << '\n';
    throw CLI::RuntimeError(2);
  }
  std::cout << "re-sealed " << outcome->resealed << " values under data key "
            << outcome->active_key << '\n';
}

void ShowKeyStatus(const KeysArgs& args) {
  const SystemClock clock;
  auto store = OpenStore(args.data, clock.NowUnix());
  std::cout << "active data key: " << store->data_keys().ActiveId() << '\n';
  auto counts = db::SealedValuesByKey(store->db());
  if (!counts.ok()) Fail("count sealed values", counts.error());
  for (const auto& [column, by_key] : *counts) {
    for (const auto& [key, n] : by_key) {
      std::cout << column << " key " << key << ": " << n << '\n';
    }
  }
}

}  // namespace

void AddKeysCommands(CLI::App& app) {
  CLI::App& keys = Group(app, "keys", "data-encryption keys");
  auto args = std::make_shared<KeysArgs>();
  CLI::App* rotate = keys.add_subcommand("rotate", "add a data key and re-seal existing rows");
  AddDataOption(*rotate, args->data);
  rotate->add_flag("--resume", args->resume,
                   "finish an interrupted rotation without adding another key");
  rotate->callback([args] { Rotate(*args); });
  CLI::App* status = keys.add_subcommand("status", "the active key and its use");
  AddDataOption(*status, args->data);
  status->callback([args] { ShowKeyStatus(*args); });
}

}  // namespace lianban::services::cli
