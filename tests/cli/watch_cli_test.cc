// Watches through the command, as a newsroom would use them: a watch on a
// statement, then adds of its reprints and of unrelated texts, give exactly
// the expected alerts with their changes; document and outlet watches; bad
// watches refused; an add killed halfway leaves alerts only of stored
// documents, and the add done again records each alert once.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <thread>

#include "command_runner.h"

namespace stemma::testing {
namespace {

namespace fs = std::filesystem;

// A statement of our own (no real text): its second sentence ends with a
// reporting clause that a reprint drops.
const char* const kStatement =
    "The ministry of foreign affairs announced on Tuesday that the border crossings in the "
    "northern province will reopen to commercial traffic next week after the agreement "
    "reached by both governments in the capital. Trucks carrying grain, fuel and medicine "
    "will be allowed through first, and passenger buses will follow once the inspection "
    "posts are rebuilt, said the ambassador on Wednesday. Officials expect the first trucks "
    "on Monday.";
const char* const kReprint =
    "EVENING COURIER. The ministry of foreign affairs announced on Tuesday that the border "
    "crossings in the northern province will reopen to commercial traffic next week after "
    "the agreement reached by both governments in the capital. Trucks carrying grain, fuel "
    "and medicine will be allowed through first, and passenger buses will follow once the "
    "inspection posts are rebuilt. Officials expect the first trucks on Monday.";
const char* const kUnrelated =
    "The county fair opened on Saturday with a parade of tractors, a pie contest and a brass "
    "band from the high school that played until the evening rain sent everyone home early.";

class WatchCliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = (fs::temp_directory_path() / "stemma_watch_cli_XXXXXX").string();
    ASSERT_NE(mkdtemp(pattern.data()), nullptr);
    work_ = pattern;
    dir_ = work_ + "/corpus";
    ASSERT_EQ(RunStemma({"init", dir_}).exit_code, 0);
  }
  void TearDown() override { fs::remove_all(work_); }

  // A .txt with a sidecar .json naming its outlet.
  std::string Write(const std::string& name, const std::string& text,
                    const std::string& outlet = "") {
    const std::string path = work_ + "/" + name + ".txt";
    std::ofstream(path) << text;
    if (!outlet.empty())
      std::ofstream(work_ + "/" + name + ".json") << R"({"outlet":")" << outlet << R"("})";
    return path;
  }

  std::vector<nlohmann::json> Alerts(uint64_t since = 0) {
    const CommandResult result =
        RunStemma({"alerts", "--json", "--since", std::to_string(since), dir_});
    EXPECT_EQ(result.exit_code, 0) << result.err;
    std::vector<nlohmann::json> alerts;
    std::istringstream lines(result.out);
    for (std::string line; std::getline(lines, line);)
      alerts.push_back(nlohmann::json::parse(line));
    return alerts;
  }

  static bool HasChange(const nlohmann::json& alert, const std::string& kind) {
    for (const auto& change : alert["changes"]) {
      if (change["kind"] == kind) return true;
    }
    return false;
  }

  std::string work_;
  std::string dir_;
};

TEST_F(WatchCliTest, ATextWatchAlertsOnceForEachReprintWithTheDroppedAttribution) {
  const std::string statement = Write("statement", kStatement);
  ASSERT_EQ(RunStemma({"watch", "add", dir_, "--text", statement, "--name", "border",
                       "--min-tokens", "10"})
                .exit_code,
            0);
  const CommandResult added = RunStemma(
      {"add", dir_, Write("unrelated", kUnrelated), Write("reprint", kReprint, "Courier")});
  ASSERT_EQ(added.exit_code, 0) << added.err;
  const auto alerts = Alerts();
  ASSERT_EQ(alerts.size(), 1u) << "the unrelated text must not alert";
  const auto& alert = alerts[0];
  EXPECT_EQ(alert["watch"], "border");
  EXPECT_NE(alert["document"]["external_id"].get<std::string>().find("reprint.txt"),
            std::string::npos);
  EXPECT_EQ(alert["document"]["outlet"], "Courier");
  ASSERT_EQ(alert["passages"].size(), 1u);
  const auto& passage = alert["passages"][0];
  // The passage starts at the statement's first word, and after the masthead in the reprint.
  EXPECT_EQ(passage["watched"]["begin"], 0);
  EXPECT_EQ(passage["document"]["begin"], std::string(kReprint).find("The ministry"));
  EXPECT_GE(passage["matched_tokens"].get<int>(), 50);
  EXPECT_TRUE(HasChange(alert, "attribution_dropped")) << alert.dump();

  // A later add alerts only for its own documents; --since skips the old ones.
  ASSERT_EQ(RunStemma({"add", dir_, Write("again", std::string("Wire: ") + kReprint)}).exit_code,
            0);
  const auto later = Alerts(alert["id"]);
  ASSERT_EQ(later.size(), 1u);
  EXPECT_GT(later[0]["id"], alert["id"]);
  const CommandResult listed = RunStemma({"watch", "list", "--json", dir_});
  EXPECT_NE(listed.out.find(R"("alerts":2)"), std::string::npos) << listed.out;

  ASSERT_EQ(RunStemma({"watch", "remove", dir_, "border"}).exit_code, 0);
  EXPECT_TRUE(Alerts().empty()) << "a removed watch's alerts go with it";
  EXPECT_EQ(RunStemma({"watch", "remove", dir_, "border"}).exit_code, 1);
}

TEST_F(WatchCliTest, DocumentAndOutletWatchesAlertOnCopiesByOthers) {
  ASSERT_EQ(RunStemma({"add", dir_, Write("statement", kStatement, "Ministry")}).exit_code, 0);
  ASSERT_EQ(RunStemma({"watch", "add", dir_, "--document", "1", "--min-tokens", "10"}).exit_code,
            0);
  ASSERT_EQ(
      RunStemma({"watch", "add", dir_, "--outlet", "Ministry", "--min-tokens", "10"}).exit_code, 0);
  ASSERT_EQ(RunStemma({"add", dir_, Write("reprint", kReprint, "Courier"),
                       Write("own", std::string("Update: ") + kStatement, "Ministry"),
                       Write("unrelated", kUnrelated, "Courier")})
                .exit_code,
            0);
  std::multiset<std::string> fired;
  for (const auto& alert : Alerts()) {
    fired.insert(alert["watch"].get<std::string>() + " " +
                 fs::path(alert["document"]["external_id"].get<std::string>()).stem().string());
    EXPECT_EQ(alert["passages"][0]["watched"]["doc"], 1);
  }
  // The document watch fires for both copies; the outlet watch only for the
  // copy by another outlet.
  EXPECT_EQ(fired, (std::multiset<std::string>{"document-1 own", "document-1 reprint",
                                               "outlet-Ministry reprint"}));
}

TEST_F(WatchCliTest, BadWatchesAreRefusedWithAReason) {
  const std::string statement = Write("statement", kStatement);
  EXPECT_EQ(RunStemma({"watch", "add", dir_}).exit_code, 2);
  EXPECT_EQ(RunStemma({"watch", "add", dir_, "--text", statement, "--outlet", "X"}).exit_code, 2);
  const CommandResult missing = RunStemma({"watch", "add", dir_, "--document", "99"});
  EXPECT_EQ(missing.exit_code, 1);
  EXPECT_NE(missing.err.find("no document 99"), std::string::npos) << missing.err;
  ASSERT_EQ(RunStemma({"watch", "add", dir_, "--text", statement}).exit_code, 0);
  const CommandResult twice = RunStemma({"watch", "add", dir_, "--text", statement});
  EXPECT_EQ(twice.exit_code, 1);
  EXPECT_NE(twice.err.find("exists already"), std::string::npos) << twice.err;
  const CommandResult empty = RunStemma({"watch", "add", dir_, "--text", Write("blank", "  ,. ")});
  EXPECT_NE(empty.exit_code, 0);
}

// Alerts are written in the add's transaction: an add killed at any moment
// leaves no alert of a document that is not stored, and the add done again
// records each alert exactly once.
TEST_F(WatchCliTest, AnAddKilledHalfwayLeavesAlertsConsistentWithItsDocuments) {
  const std::string statement = Write("statement", kStatement);
  ASSERT_EQ(RunStemma({"watch", "add", dir_, "--text", statement, "--min-tokens", "10"}).exit_code,
            0);
  const std::string inputs = work_ + "/inputs";
  fs::create_directories(inputs);
  for (int index = 0; index < 300; ++index) {
    std::ofstream(inputs + "/page" + std::to_string(index) + ".txt")
        << "Page " << index << " of the wire. " << (index % 3 == 0 ? kReprint : kUnrelated)
        << " Item " << index << " ends here with words of its own, number " << index * 7 << ".";
  }
  for (int delay_ms : {5, 40, 120}) {
    const pid_t pid = StartStemma({"add", dir_, inputs});
    std::this_thread::sleep_for(std::chrono::milliseconds(delay_ms));
    ::kill(pid, SIGKILL);
    int status = 0;
    ::waitpid(pid, &status, 0);
    const auto documents = nlohmann::json::parse(RunStemma({"stats", "--json", dir_}).out);
    const int stored = documents["documents"];
    for (const auto& alert : Alerts()) {
      EXPECT_LE(alert["document"]["id"].get<int>(), stored) << "an alert of an unstored document";
    }
  }
  ASSERT_EQ(RunStemma({"add", dir_, inputs}).exit_code, 0);
  std::set<int> documents;
  for (const auto& alert : Alerts()) {
    EXPECT_TRUE(documents.insert(alert["document"]["id"].get<int>()).second) << "a repeated alert";
  }
  EXPECT_EQ(documents.size(), 100u);  // every third page carries the statement
}

}  // namespace
}  // namespace stemma::testing
