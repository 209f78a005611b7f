// The registry's commands end to end, through the real binary: demo-data (idempotent), keys
// rotate killed mid-way and resumed, backup and restore into a new directory, and a byte scan of
// the database, its WAL and the backup for the names and ID numbers written.
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <array>
#include <cstdio>
#include <string>

#include "domain/household_generator.h"
#include "tests/db/registry_fixture.h"

namespace lianban::services {
namespace {

struct CommandRun {
  int status = -1;
  std::string output;  // stdout and stderr
};

CommandRun Lianban(const std::string& args) {
  std::string command = LIANBAN_BINARY;
  command.append(" ").append(args).append(" 2>&1");
  CommandRun run;
  FILE* pipe = ::popen(command.c_str(), "r");
  if (pipe == nullptr) return run;
  std::array<char, 4096> buffer;
  while (std::size_t n = std::fread(buffer.data(), 1, buffer.size(), pipe)) {
    run.output.append(buffer.data(), n);
  }
  const int status = ::pclose(pipe);
  run.status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return run;
}

// Starts `lianban keys rotate` and kills it (SIGKILL) as soon as it reports progress.
bool RotateAndKill(const std::string& data) {
  int out[2];
  if (::pipe(out) != 0) return false;
  const pid_t pid = ::fork();
  if (pid == 0) {
    ::dup2(out[1], 2);
    ::close(out[0]);
    ::execl(LIANBAN_BINARY, LIANBAN_BINARY, "keys", "rotate", "--data", data.c_str(), nullptr);
    ::_exit(127);
  }
  ::close(out[1]);
  std::string seen;
  char c;
  while (seen.find("re-sealed") == std::string::npos && ::read(out[0], &c, 1) == 1) seen += c;
  ::kill(pid, SIGKILL);
  int status = 0;
  ::waitpid(pid, &status, 0);
  ::close(out[0]);
  return WIFSIGNALED(status);
}

class HouseholdsCliTest : public ::testing::Test {
 protected:
  std::string Data() const { return (dir_.path() / "data").string(); }
  db::testing::TempDir dir_;
  db::testing::EnvGuard env_{"LIANBAN_MASTER_KEY", std::nullopt};
};

TEST_F(HouseholdsCliTest, DemoDataRotateKillResumeBackupRestore) {
  constexpr int kCount = 400;
  ASSERT_EQ(Lianban("init --data " + Data()).status, 0);
  CommandRun demo = Lianban("demo-data --data " + Data() + " --count " + std::to_string(kCount));
  ASSERT_EQ(demo.status, 0) << demo.output;
  EXPECT_NE(demo.output.find(" registered"), std::string::npos);
  CommandRun again = Lianban("demo-data --data " + Data() + " --count " + std::to_string(kCount));
  ASSERT_EQ(again.status, 0) << again.output;
  EXPECT_NE(again.output.find("0 registered"), std::string::npos) << again.output;

  ASSERT_TRUE(RotateAndKill(Data())) << "the rotation finished before it could be killed";
  CommandRun resume = Lianban("keys rotate --resume --data " + Data());
  ASSERT_EQ(resume.status, 0) << resume.output;
  CommandRun status = Lianban("keys status --data " + Data());
  ASSERT_EQ(status.status, 0) << status.output;
  EXPECT_NE(status.output.find("active data key: 2"), std::string::npos) << status.output;
  EXPECT_EQ(status.output.find("households.document key 1:"), std::string::npos) << status.output;

  const std::string backup = (dir_.path() / "lianban.backup").string();
  CommandRun b = Lianban("backup --data " + Data() + " --out " + backup);
  ASSERT_EQ(b.status, 0) << b.output;
  const std::string restored = (dir_.path() / "restored").string();
  CommandRun r = Lianban("restore --in " + backup + " --data " + restored + " --key-file " + Data() +
                  "/master.key");
  ASSERT_EQ(r.status, 0) << r.output;
  CommandRun restored_status = Lianban("keys status --data " + restored);
  ASSERT_EQ(restored_status.status, 0) << restored_status.output;
  EXPECT_EQ(restored_status.output, status.output);
  CommandRun over = Lianban("restore --in " + backup + " --data " + restored + " --key-file " + Data() +
                     "/master.key");
  EXPECT_EQ(over.status, 1) << over.output;

  // Every row of the restored copy opens: re-sealing reads them all (and finds nothing to do).
  CommandRun reread = Lianban("keys rotate --resume --data " + restored);
  ASSERT_EQ(reread.status, 0) << reread.output;
  EXPECT_NE(reread.output.find("re-sealed 0 values"), std::string::npos) << reread.output;

  std::vector<domain::Household> written;
  for (int i = 0; i < kCount; ++i) written.push_back(domain::GenerateHousehold(2025, i));
  const std::string db_file = Data() + "/lianban.db";
  const auto found = db::testing::FoundIn(
      {db_file, db_file + "-wal", backup, restored + "/lianban.db"}, db::testing::Secrets(written));
  EXPECT_TRUE(found.empty()) << found.front();
}

}  // namespace
}  // namespace lianban::services
