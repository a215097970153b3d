// The persistent corpus through the command, as a user runs it: init, add,
// trace, stats, export, compact; increments; duplicates; the writer lock;
// a newer schema; and writers killed with SIGKILL at random moments.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sqlite3.h>
#include <sys/file.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <random>
#include <set>
#include <thread>

#include "command_runner.h"
#include "ingest/csv_reader.h"

namespace stemma::testing {
namespace {

namespace fs = std::filesystem;

const std::string kSeeds = std::string(STEMMA_SHARED_DIR) + "/seeds";
const std::string kSeed000 = kSeeds + "/000_eae5aba72e740d9d.txt";
const std::string kSeed003 = kSeeds + "/003_f205e2133bbe4ba5.txt";
const std::string kHelsinki = std::string(STEMMA_SHARED_DIR) + "/data/helsinki_articles.csv";

class CorpusCliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = (fs::temp_directory_path() / "stemma_corpus_cli_XXXXXX").string();
    ASSERT_NE(mkdtemp(pattern.data()), nullptr);
    work_ = pattern;
  }
  void TearDown() override { fs::remove_all(work_); }

  std::string Init(const std::string& name) {
    const std::string dir = work_ + "/" + name;
    const CommandResult result = RunStemma({"init", dir});
    EXPECT_EQ(result.exit_code, 0) << result.err;
    return dir;
  }

  nlohmann::json Stats(const std::string& dir) {
    const CommandResult result = RunStemma({"stats", "--json", dir});
    EXPECT_EQ(result.exit_code, 0) << result.err;
    return nlohmann::json::parse(result.out, nullptr, false);
  }

  // The Helsinki articles as JSON Lines files of the given sizes.
  std::vector<std::string> HelsinkiParts(const std::vector<size_t>& sizes) {
    static int calls = 0;
    const std::string prefix = work_ + "/helsinki" + std::to_string(++calls) + "_";
    auto reader = ingest::CsvReader::Open(kHelsinki);
    EXPECT_TRUE(reader.ok());
    std::vector<std::string> fields;
    EXPECT_TRUE(*reader->Next(&fields));  // id, publisher, scrape_time, text
    std::vector<std::string> records;
    while (*reader->Next(&fields)) {
      nlohmann::json record = {{"id", fields.at(0)},
                               {"outlet", fields.at(1)},
                               {"published_at", fields.at(2).substr(0, 10)},
                               {"text", fields.at(3)}};
      records.push_back(record.dump());
    }
    EXPECT_EQ(records.size(), 612u);
    std::vector<std::string> paths;
    size_t next = 0;
    for (size_t size : sizes) {
      const std::string path = prefix + std::to_string(paths.size()) + ".jsonl";
      std::ofstream file(path);
      for (size_t index = next; index < next + size && index < records.size(); ++index) {
        file << records[index] << "\n";
      }
      next += size;
      paths.push_back(path);
    }
    return paths;
  }

  std::string work_;
};

bool HaveSeeds() { return fs::exists(kSeed000) && fs::exists(kSeed003); }

TEST_F(CorpusCliTest, TraceOfEachSeedFindsTheSharedSentenceInTheOther) {
  if (!HaveSeeds()) GTEST_SKIP() << "../shared/seeds not found (" << kSeeds << ")";
  struct Case {
    std::string stored, traced;
    int stored_begin, stored_end, query_begin, query_end;
  };
  for (const Case& c : {Case{kSeed000, kSeed003, 2834, 3113, 1226, 1505},
                        Case{kSeed003, kSeed000, 1226, 1505, 2834, 3113}}) {
    const std::string dir = Init("seed_" + std::to_string(c.stored_begin));
    ASSERT_EQ(RunStemma({"add", dir, c.stored}).exit_code, 0);
    const CommandResult result = RunStemma({"trace", "--json", dir, c.traced});
    ASSERT_EQ(result.exit_code, 0) << result.err;
    const auto lines = Lines(result.out);
    ASSERT_EQ(lines.size(), 1u) << result.out;
    const auto record = nlohmann::json::parse(lines[0]);
    EXPECT_EQ(record["query"]["begin"], c.query_begin);
    EXPECT_EQ(record["query"]["end"], c.query_end);
    EXPECT_EQ(record["query"]["tokens"], 40);
    EXPECT_EQ(record["source"]["id"], 1);
    EXPECT_EQ(record["source"]["begin"], c.stored_begin);
    EXPECT_EQ(record["source"]["end"], c.stored_end);
    EXPECT_EQ(record["identity"], 1.0);
    EXPECT_NE(result.err.find("coverage"), std::string::npos);
    // Readable output names the source and shows the sentence.
    const CommandResult readable = RunStemma({"trace", dir, c.traced});
    ASSERT_EQ(readable.exit_code, 0) << readable.err;
    EXPECT_NE(readable.out.find("Kazakhstan Foreign Ministry said"), std::string::npos);
    EXPECT_NE(readable.out.find("source #1"), std::string::npos);
  }
}

TEST_F(CorpusCliTest, TraceOfAStoredDocumentFindsItselfWhole) {
  if (!HaveSeeds()) GTEST_SKIP() << "../shared/seeds not found (" << kSeeds << ")";
  const std::string dir = Init("self");
  ASSERT_EQ(RunStemma({"add", dir, kSeed000, kSeed003}).exit_code, 0);
  for (const std::string& seed : {kSeed000, kSeed003}) {
    const CommandResult result = RunStemma({"trace", "--json", dir, seed});
    ASSERT_EQ(result.exit_code, 0) << result.err;
    const std::string text = ReadWhole(seed);
    bool whole = false;
    for (const auto& line : Lines(result.out)) {
      const auto record = nlohmann::json::parse(line);
      if (record["identity"] != 1.0) continue;
      const size_t begin = record["query"]["begin"], end = record["query"]["end"];
      if (record["source"]["begin"] != begin || record["source"]["end"] != end) continue;
      // Nothing but spaces and punctuation outside the passage.
      const auto wordless = [](std::string_view rest) {
        return std::none_of(rest.begin(), rest.end(),
                            [](char c) { return std::isalnum(static_cast<unsigned char>(c)); });
      };
      whole = wordless(std::string_view(text).substr(0, begin)) &&
              wordless(std::string_view(text).substr(end));
    }
    EXPECT_TRUE(whole) << seed << "\n" << result.out;
  }
}

TEST_F(CorpusCliTest, HelsinkiInThreeIncrementsStoresWhatOneAddStores) {
  if (!fs::exists(kHelsinki)) GTEST_SKIP() << "../shared/data not found (" << kHelsinki << ")";
  const auto whole = HelsinkiParts({612});
  const auto parts = HelsinkiParts({200, 250, 162});
  const std::string at_once = Init("at_once");
  const std::string in_three = Init("in_three");
  const CommandResult added = RunStemma({"add", at_once, whole[0]});
  ASSERT_EQ(added.exit_code, 0) << added.err;
  // 24 of the 612 articles repeat an earlier one's text from the same outlet
  // (duplicates); 9 more repeat it from another outlet (stored as copies).
  EXPECT_NE(added.err.find("added 588 documents"), std::string::npos) << added.err;
  EXPECT_NE(added.err.find("24 duplicates"), std::string::npos) << added.err;
  for (const auto& part : parts) ASSERT_EQ(RunStemma({"add", in_three, part}).exit_code, 0);
  const CommandResult one = RunStemma({"export", at_once});
  const CommandResult three = RunStemma({"export", in_three});
  ASSERT_EQ(one.exit_code, 0) << one.err;
  EXPECT_TRUE(three.out == one.out) << "the exports differ";
  // The same reuse families, whatever the increments (their numbers aside).
  const auto families = [](const std::string& dir) {
    std::multiset<std::string> listed;
    for (const auto& line : Lines(RunStemma({"families", "--json", dir}).out)) {
      auto record = nlohmann::json::parse(line);
      record.erase("id");
      listed.insert(record.dump());
    }
    return listed;
  };
  const auto families_at_once = families(at_once);
  EXPECT_GT(families_at_once.size(), 100u);
  EXPECT_TRUE(families(in_three) == families_at_once) << "the families differ";
  const auto stats = Stats(at_once);
  EXPECT_EQ(stats["documents"], 588);
  EXPECT_GT(stats["passages"].get<int>(), 1000);
  EXPECT_EQ(Stats(in_three)["segments"], 3);
  // Compaction changes no answer.
  {
    std::ofstream probe(work_ + "/probe.txt");
    probe << nlohmann::json::parse(Lines(ReadWhole(whole[0]))[300])["text"].get<std::string>();
  }
  const CommandResult traced = RunStemma({"trace", "--json", in_three, work_ + "/probe.txt"});
  ASSERT_EQ(RunStemma({"compact", in_three}).exit_code, 0);
  EXPECT_EQ(Stats(in_three)["segments"], 1);
  const CommandResult compacted = RunStemma({"trace", "--json", in_three, work_ + "/probe.txt"});
  EXPECT_TRUE(compacted.out == traced.out) << compacted.out << "\n" << traced.out;
  EXPECT_GE(Lines(traced.out).size(), 1u);
}

// The wire stories of the Helsinki collection (AP, Reuters), reprinted whole
// by many sites, group into duplicate families; tracing one copy names every
// outlet of its family.
TEST_F(CorpusCliTest, HelsinkiWireStoriesGroupIntoFamilies) {
  if (!fs::exists(kHelsinki)) GTEST_SKIP() << "../shared/data not found (" << kHelsinki << ")";
  const std::string dir = Init("families");
  const CommandResult added =
      RunStemma({"add", dir, kHelsinki, "--csv-outlet", "publisher", "--csv-date", "scrape_time"});
  ASSERT_EQ(added.exit_code, 0) << added.err;
  const auto stats = Stats(dir);
  EXPECT_GE(stats["families"].get<int>(), 20);
  std::map<int, std::set<std::string>> outlets_by_family;
  std::map<int, std::string> text_by_id;
  for (const auto& line : Lines(RunStemma({"export", dir, "--what", "documents"}).out)) {
    const auto record = nlohmann::json::parse(line);
    // A document's duplicate family is named by its first document.
    const int first = record["duplicate_of"].is_null() ? record["id"].get<int>()
                                                       : record["duplicate_of"].get<int>();
    outlets_by_family[first].insert(record["outlet"]);
    text_by_id[record["id"]] = record["text"];
  }
  const auto largest = std::max_element(
      outlets_by_family.begin(), outlets_by_family.end(),
      [](const auto& x, const auto& y) { return x.second.size() < y.second.size(); });
  EXPECT_GE(largest->second.size(), 10u);
  // Traced, the family's first text is found in every outlet of the family.
  std::ofstream(work_ + "/wire.txt") << text_by_id[largest->first];
  const CommandResult traced = RunStemma({"trace", "--json", dir, work_ + "/wire.txt"});
  ASSERT_EQ(traced.exit_code, 0) << traced.err;
  std::set<std::string> named;
  for (const auto& line : Lines(traced.out)) {
    named.insert(nlohmann::json::parse(line)["source"]["outlet"].get<std::string>());
  }
  for (const std::string& outlet : largest->second) EXPECT_TRUE(named.contains(outlet)) << outlet;
}

// Reuters-21578 SGML, a real markup collection, read by content: one document
// per story, headline-only briefs skipped and counted.
TEST_F(CorpusCliTest, ReutersSgmlStoriesBecomeDocuments) {
  const std::string archive = std::string(STEMMA_SHARED_DIR) + "/data/reuters21578.tar.zst";
  if (!fs::exists(archive)) GTEST_SKIP() << "../shared/data not found (" << archive << ")";
  const std::string command =
      "tar --zstd -xf " + Quote(archive) + " -C " + Quote(work_) + " ./data/0.sgm";
  ASSERT_EQ(std::system(command.c_str()), 0) << command;
  const std::string dir = Init("reuters");
  const CommandResult added = RunStemma({"add", dir, work_ + "/data/0.sgm"});
  ASSERT_EQ(added.exit_code, 0) << added.err;
  EXPECT_NE(added.err.find("no BODY (a headline-only brief)"), std::string::npos);
  EXPECT_NE(added.err.find("more skipped, not shown"), std::string::npos);
  const auto stats = Stats(dir);
  EXPECT_GT(stats["documents"].get<int>(), 850);
  EXPECT_EQ(stats["first_published"], "1987-02-26T15:01:01");
  const auto first =
      nlohmann::json::parse(Lines(RunStemma({"export", dir, "--what", "documents"}).out)[0]);
  EXPECT_EQ(first["external_id"], "1");
  EXPECT_EQ(first["outlet"], "Reuters");
  EXPECT_EQ(first["title"], "BAHIA COCOA REVIEW");
  EXPECT_EQ(first["text"].get<std::string>().rfind("SALVADOR, Feb 26 - Showers continued", 0), 0u);
  EXPECT_EQ(first["metadata"]["topics"][0], "cocoa");
}

TEST_F(CorpusCliTest, AddingStoredTextAgainIsADuplicateAndChangesNothing) {
  if (!HaveSeeds()) GTEST_SKIP() << "../shared/seeds not found (" << kSeeds << ")";
  const std::string dir = Init("duplicates");
  ASSERT_EQ(RunStemma({"add", dir, kSeed000}).exit_code, 0);
  const std::string before = RunStemma({"export", dir}).out;
  const CommandResult again = RunStemma({"add", dir, kSeed000});
  EXPECT_EQ(again.exit_code, 0);
  EXPECT_NE(again.err.find("duplicate " + kSeed000 + ": same text as document 1"),
            std::string::npos)
      << again.err;
  EXPECT_NE(again.err.find("added 0 documents"), std::string::npos) << again.err;
  EXPECT_EQ(RunStemma({"export", dir}).out, before);
  EXPECT_EQ(Stats(dir)["runs"], 1);  // the duplicate-only add left no run behind
}

TEST_F(CorpusCliTest, ASecondWriterIsToldWhoHoldsTheLockWhileReadersGoOn) {
  if (!HaveSeeds()) GTEST_SKIP() << "../shared/seeds not found (" << kSeeds << ")";
  const std::string dir = Init("locked");
  ASSERT_EQ(RunStemma({"add", dir, kSeed000}).exit_code, 0);
  const int fd = ::open((dir + "/LOCK").c_str(), O_RDWR | O_CREAT, 0644);
  ASSERT_GE(fd, 0);
  ASSERT_EQ(::flock(fd, LOCK_EX | LOCK_NB), 0);
  const std::string pid = std::to_string(::getpid());
  ASSERT_EQ(::ftruncate(fd, 0), 0);
  ASSERT_EQ(::pwrite(fd, pid.data(), pid.size(), 0), static_cast<ssize_t>(pid.size()));
  const CommandResult blocked = RunStemma({"add", dir, kSeed003});
  EXPECT_EQ(blocked.exit_code, 1);
  EXPECT_NE(blocked.err.find("is locked by pid " + pid), std::string::npos) << blocked.err;
  EXPECT_EQ(Lines(blocked.err).size(), 1u) << blocked.err;
  EXPECT_EQ(RunStemma({"stats", dir}).exit_code, 0);
  EXPECT_EQ(RunStemma({"trace", dir, kSeed003}).exit_code, 0);
  ::close(fd);
  EXPECT_EQ(RunStemma({"add", dir, kSeed003}).exit_code, 0);
  EXPECT_EQ(Stats(dir)["documents"], 2);
}

TEST_F(CorpusCliTest, ACorpusFromANewerStemmaIsRefusedAndLeftAlone) {
  const std::string dir = Init("newer");
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open((dir + "/catalogue.sqlite").c_str(), &db), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(db, "PRAGMA user_version = 7", nullptr, nullptr, nullptr), SQLITE_OK);
  sqlite3_close(db);
  const std::string bytes = ReadWhole(dir + "/catalogue.sqlite");
  for (const auto& arguments :
       std::vector<std::vector<std::string>>{{"stats", dir}, {"add", dir, work_}}) {
    const CommandResult refused = RunStemma(arguments);
    EXPECT_EQ(refused.exit_code, 1);
    EXPECT_NE(refused.err.find("schema version 7 was written by a newer stemma"), std::string::npos)
        << refused.err;
  }
  EXPECT_EQ(ReadWhole(dir + "/catalogue.sqlite"), bytes);
  // A newer directory format is refused too.
  std::ofstream(dir + "/CORPUS") << "stemma-corpus 9\n";
  const CommandResult refused = RunStemma({"stats", dir});
  EXPECT_EQ(refused.exit_code, 1);
  EXPECT_NE(refused.err.find("newer stemma (corpus format 9"), std::string::npos) << refused.err;
}

TEST_F(CorpusCliTest, BadInputIsReportedByNameAndNothingStoredIsLost) {
  if (!HaveSeeds()) GTEST_SKIP() << "../shared/seeds not found (" << kSeeds << ")";
  const std::string dir = Init("bad");
  ASSERT_EQ(RunStemma({"add", dir, kSeed000}).exit_code, 0);
  const std::string before = RunStemma({"export", dir}).out;
  std::ofstream(work_ + "/bad.jsonl") << "{\"text\": \"fine text here\"}\n{not json\n{\"id\": 3}\n";
  std::ofstream(work_ + "/empty.txt");
  const CommandResult result = RunStemma({"add", dir, work_ + "/bad.jsonl", work_ + "/empty.txt"});
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_NE(result.err.find("bad.jsonl:2"), std::string::npos) << result.err;
  EXPECT_NE(result.err.find("bad.jsonl:3"), std::string::npos) << result.err;
  EXPECT_NE(result.err.find("empty.txt"), std::string::npos) << result.err;
  EXPECT_NE(result.err.find("added 1 documents"), std::string::npos) << result.err;
  EXPECT_EQ(Stats(dir)["documents"], 2);
  EXPECT_EQ(RunStemma({"export", dir}).out.substr(0, before.size()), before);
  EXPECT_EQ(RunStemma({"trace", dir, work_ + "/missing.txt"}).exit_code, 1);
  // A job with nothing readable fails, and stores nothing, not even a run.
  const auto runs_before = Stats(dir)["runs"];
  const CommandResult nothing = RunStemma({"add", dir, work_ + "/empty.txt"});
  EXPECT_EQ(nothing.exit_code, 1);
  EXPECT_NE(nothing.err.find("no document could be read"), std::string::npos) << nothing.err;
  EXPECT_EQ(Stats(dir)["runs"], runs_before);
  EXPECT_EQ(RunStemma({"stats", work_ + "/not_a_corpus"}).exit_code, 1);
}

// Starts `stemma add DIR INPUT` in the background; returns its pid.
pid_t StartAdd(const std::string& dir, const std::string& input) {
  return StartStemma({"add", "--threads", "2", dir, input});
}

// The must-show of fault safety: adds killed with SIGKILL at random moments
// never leave an unreadable corpus or a partly visible add, and the corpus
// that results once every part got in equals one built without kills.
TEST_F(CorpusCliTest, WritersKilledAtRandomMomentsLeaveOnlyCompletedAdds) {
  if (!fs::exists(kHelsinki)) GTEST_SKIP() << "../shared/data not found (" << kHelsinki << ")";
  const std::vector<size_t> sizes = {150, 150, 150, 162};
  const auto parts = HelsinkiParts(sizes);
  const std::string clean = Init("clean");
  std::vector<int> documents_after;  // stored documents after each part (some repeat others)
  for (const auto& part : parts) {
    ASSERT_EQ(RunStemma({"add", clean, part}).exit_code, 0);
    documents_after.push_back(Stats(clean)["documents"]);
  }
  const std::string expected = RunStemma({"export", clean}).out;

  // How long one add takes here, to spread the kills over it.
  const std::string probe = Init("probe");
  const auto start = std::chrono::steady_clock::now();
  ASSERT_EQ(RunStemma({"add", probe, parts[0]}).exit_code, 0);
  const int add_ms = static_cast<int>(std::chrono::duration_cast<std::chrono::milliseconds>(
                                          std::chrono::steady_clock::now() - start)
                                          .count());

  const std::string dir = Init("killed");
  std::mt19937 random(20261130);
  size_t next_part = 0;
  int documents = 0;
  int kills = 0;
  for (int attempt = 0; attempt < 40 && next_part < parts.size(); ++attempt) {
    const pid_t pid = StartAdd(dir, parts[next_part]);
    const int delay = static_cast<int>(random() % (add_ms + 50));
    std::this_thread::sleep_for(std::chrono::milliseconds(delay / 2));
    // A reader in the middle of a write sees the last completed add.
    const auto during = Stats(dir);
    ASSERT_FALSE(during.is_discarded());
    EXPECT_TRUE(during["documents"] == documents ||
                during["documents"] == documents_after[next_part])
        << during.dump();
    std::this_thread::sleep_for(std::chrono::milliseconds(delay - delay / 2));
    const bool killed = ::kill(pid, SIGKILL) == 0;
    int status = 0;
    ::waitpid(pid, &status, 0);
    kills += killed && WIFSIGNALED(status);
    const auto after = Stats(dir);
    ASSERT_FALSE(after.is_discarded()) << "unreadable after a kill at " << delay << " ms";
    const int now = after["documents"];
    if (now == documents_after[next_part]) {
      documents = now;
      ++next_part;
    } else {
      ASSERT_EQ(now, documents) << "a partly visible add after a kill at " << delay << " ms";
    }
    ASSERT_EQ(RunStemma({"export", dir}).exit_code, 0);
  }
  EXPECT_GE(kills, 5);
  while (next_part < parts.size()) {
    ASSERT_EQ(RunStemma({"add", dir, parts[next_part++]}).exit_code, 0);
  }
  EXPECT_TRUE(RunStemma({"export", dir}).out == expected) << "the exports differ";
}

}  // namespace
}  // namespace stemma::testing
