// The `lianban` command line, run as a real process: init, user add, serve (start-up checks,
// graceful shutdown), audit verify, and what ends up in the database files.
#include <sqlite3.h>
#include <sys/stat.h>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <regex>

#include "tests/services/http_client.h"
#include "tests/services/lianban_process.h"

namespace lianban::testing {
namespace {

using nlohmann::json;

class CliTest : public ::testing::Test {
 protected:
  std::string data() const { return (dir_.path() / "data").string(); }
  ProcessResult Run(std::vector<std::string> args, const std::string& input = "") {
    return RunLianban(std::move(args), dir_.path(), input);
  }
  ProcessResult AddUser(const std::string& name, const std::string& role,
                        const std::string& password, std::vector<std::string> extra = {}) {
    std::vector<std::string> args = {"user", "add", "--data", data(), "--username", name,
                                     "--role", role, "--pwhash-profile", "test"};
    args.insert(args.end(), extra.begin(), extra.end());
    return Run(args, password + "\n");
  }
  // Starts `serve` on port 0; the port, or 0.
  std::uint16_t Serve(std::unique_ptr<LianbanProcess>& p) {
    p = std::make_unique<LianbanProcess>(
        std::vector<std::string>{"serve", "--data", data(), "--listen", "127.0.0.1:0",
                                 "--pwhash-profile", "test"},
        dir_.path());
    std::smatch m;
    const std::string out = p->WaitForOutput("listening on http://");
    if (!std::regex_search(out, m, std::regex(R"(:(\d+)\s)"))) return 0;
    return static_cast<std::uint16_t>(std::stoi(m[1]));
  }

  TempDir dir_;
};

TEST_F(CliTest, InitIsSafeToRunTwiceAndTheKeyFileIsPrivate) {
  ASSERT_EQ(Run({"init", "--data", data()}).exit_code, 0);
  const std::string key = ReadFile(dir_.path() / "data" / "master.key");
  ProcessResult again = Run({"init", "--data", data()});
  EXPECT_EQ(again.exit_code, 0) << again.err;
  EXPECT_EQ(ReadFile(dir_.path() / "data" / "master.key"), key);
  struct stat st{};
  ASSERT_EQ(stat((dir_.path() / "data" / "master.key").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
}

TEST_F(CliTest, UserAddValidatesRoleAndDepartment) {
  ASSERT_EQ(Run({"init", "--data", data()}).exit_code, 0);
  EXPECT_NE(AddUser("a", "root", "pw").exit_code, 0);
  ProcessResult reviewer = AddUser("b", "reviewer", "pw");
  EXPECT_NE(reviewer.exit_code, 0);
  EXPECT_NE(reviewer.err.find("--department"), std::string::npos) << reviewer.err;
  EXPECT_NE(AddUser("c", "reviewer", "pw", {"--department", "NOPE"}).exit_code, 0);
  EXPECT_EQ(AddUser("d", "reviewer", "pw", {"--department", "MZ"}).exit_code, 0);
  EXPECT_NE(AddUser("e", "caseworker", "").exit_code, 0);  // empty password
  EXPECT_NE(AddUser("d", "caseworker", "pw").exit_code, 0);  // taken
  EXPECT_EQ(AddUser("d", "caseworker", "pw", {"--if-missing"}).exit_code, 0);
}

TEST_F(CliTest, ServeRefusesAKeyFileOthersCanRead) {
  ASSERT_EQ(Run({"init", "--data", data()}).exit_code, 0);
  ASSERT_EQ(chmod((dir_.path() / "data" / "master.key").c_str(), 0644), 0);
  LianbanProcess p({"serve", "--data", data(), "--listen", "127.0.0.1:0"}, dir_.path());
  EXPECT_EQ(p.Wait(), 1);
  EXPECT_NE(p.err().find("key_file_permissions"), std::string::npos) << p.err();
  EXPECT_EQ(p.out().find("listening"), std::string::npos);
}

TEST_F(CliTest, InvalidSettingsStopAtStartUpNamingThem) {
  ProcessResult listen = Run({"serve", "--data", data(), "--listen", "localhost"});
  EXPECT_NE(listen.exit_code, 0);
  EXPECT_NE(listen.err.find("--listen"), std::string::npos) << listen.err;
  ProcessResult timeout = Run({"serve", "--data", data(), "--request-timeout-ms", "5"});
  EXPECT_NE(timeout.exit_code, 0);
  EXPECT_NE(timeout.err.find("request-timeout-ms"), std::string::npos) << timeout.err;
  ProcessResult profile = Run({"serve", "--data", data(), "--pwhash-profile", "fastest"});
  EXPECT_NE(profile.exit_code, 0);
  EXPECT_NE(profile.err.find("pwhash-profile"), std::string::npos) << profile.err;
}

// Signs in and out over HTTP, stops the server with SIGTERM, then checks that no password or
// token is anywhere in the database files, and that the audit chain verifies.
TEST_F(CliTest, SecretsNeverReachTheDatabaseFilesAndShutdownIsClean) {
  ASSERT_EQ(Run({"init", "--data", data()}).exit_code, 0);
  const std::string password = "Pw-unique-7f3a9c21";
  ASSERT_EQ(AddUser("zhao", "supervisor", password).exit_code, 0);
  std::unique_ptr<LianbanProcess> server;
  const std::uint16_t port = Serve(server);
  ASSERT_NE(port, 0) << server->err();
  std::vector<std::string> tokens;
  for (int i = 0; i < 3; ++i) {
    HttpReply r = Exchange(port, RequestText("POST", "/v1/sessions",
                                             json{{"username", "zhao"}, {"password", password}}.dump()));
    ASSERT_EQ(r.status, 201) << r.body;
    tokens.push_back(json::parse(r.body)["token"]);
  }
  const std::string wrong = "Wrong-pw-55e1d0";
  Exchange(port, RequestText("POST", "/v1/sessions",
                             json{{"username", "zhao"}, {"password", wrong}}.dump()));
  Exchange(port, RequestText("DELETE", "/v1/sessions/current", "",
                             "Authorization: Bearer " + tokens[0] + "\r\n"));
  const auto scan = [&](const std::string& when) {
    for (const char* file : {"lianban.db", "lianban.db-wal"}) {
      const std::string bytes = ReadFile(dir_.path() / "data" / file);
      for (const std::string& secret : {password, wrong, tokens[0], tokens[1], tokens[2]}) {
        EXPECT_EQ(bytes.find(secret), std::string::npos) << when << ": " << file;
      }
    }
  };
  scan("while serving");
  server->Signal(SIGTERM);
  EXPECT_EQ(server->Wait(), 0) << server->err();
  EXPECT_NE(server->out().find("stopped"), std::string::npos);
  scan("after shutdown");
  ProcessResult verify = Run({"audit", "verify", "--data", data()});
  EXPECT_EQ(verify.exit_code, 0) << verify.out << verify.err;
  EXPECT_NE(verify.out.find("intact"), std::string::npos);
}

TEST_F(CliTest, AuditVerifyNamesTheFirstEditedEntry) {
  ASSERT_EQ(Run({"init", "--data", data()}).exit_code, 0);
  for (const char* name : {"u1", "u2", "u3"}) ASSERT_EQ(AddUser(name, "auditor", "pw").exit_code, 0);
  ProcessResult intact = Run({"audit", "verify", "--data", data()});
  ASSERT_EQ(intact.exit_code, 0) << intact.err;

  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open((dir_.path() / "data" / "lianban.db").c_str(), &db), SQLITE_OK);
  char* error = nullptr;
  const int rc = sqlite3_exec(db,
                              "DROP TRIGGER IF EXISTS audit_log_no_update;"
                              "UPDATE audit_log SET outcome = 'tampered' WHERE seq = 2;",
                              nullptr, nullptr, &error);
  EXPECT_EQ(rc, SQLITE_OK) << (error ? error : "");
  sqlite3_free(error);
  sqlite3_close(db);

  ProcessResult broken = Run({"audit", "verify", "--data", data()});
  EXPECT_EQ(broken.exit_code, 1);
  EXPECT_NE(broken.out.find("entry 2"), std::string::npos) << broken.out << broken.err;
}

}  // namespace
}  // namespace lianban::testing
