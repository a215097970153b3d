// Provenance through the command, as a user runs it: families, family
// (readable, --json, --dot), report (readable, --json, --html) and outlets,
// on the seeds; a corpus written before families existed; bad input.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "command_runner.h"

namespace stemma::testing {
namespace {

namespace fs = std::filesystem;

const std::string kSeeds = std::string(STEMMA_SHARED_DIR) + "/seeds";
const std::string kSeed000 = kSeeds + "/000_eae5aba72e740d9d.txt";
const std::string kSeed003 = kSeeds + "/003_f205e2133bbe4ba5.txt";

class ProvenanceCliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = (fs::temp_directory_path() / "stemma_provenance_cli_XXXXXX").string();
    ASSERT_NE(mkdtemp(pattern.data()), nullptr);
    work_ = pattern;
  }
  void TearDown() override { fs::remove_all(work_); }

  // A corpus holding the seeds: 000 (the Manila Times reprint, earlier) and
  // 003 (the op-ed, later), as JSON Lines with outlets and dates.
  std::string SeedCorpus(const std::string& name) {
    const std::string dir = work_ + "/" + name;
    EXPECT_EQ(RunStemma({"init", dir}).exit_code, 0);
    const std::string input = work_ + "/" + name + ".jsonl";
    std::ofstream file(input);
    file << nlohmann::json{{"id", "seed-000"},
                           {"outlet", "The Manila Times"},
                           {"published_at", "2022-01-11"},
                           {"text", ReadWhole(kSeed000)}}
                .dump()
         << "\n"
         << nlohmann::json{{"id", "seed-003"},
                           {"outlet", "Op-ed"},
                           {"published_at", "2022-01-14"},
                           {"text", ReadWhole(kSeed003)}}
                .dump()
         << "\n";
    file.close();
    const CommandResult added = RunStemma({"add", dir, input});
    EXPECT_EQ(added.exit_code, 0) << added.err;
    return dir;
  }

  std::string work_;
};

bool HaveSeeds() { return fs::exists(kSeed000) && fs::exists(kSeed003); }

TEST_F(ProvenanceCliTest, TheSeedsFormOneFamilyWithTheReprintAsParent) {
  if (!HaveSeeds()) GTEST_SKIP() << "../shared/seeds not found (" << kSeeds << ")";
  const std::string dir = SeedCorpus("seeds");
  const CommandResult listed = RunStemma({"families", "--json", dir});
  ASSERT_EQ(listed.exit_code, 0) << listed.err;
  const auto lines = Lines(listed.out);
  ASSERT_EQ(lines.size(), 1u) << listed.out;
  const auto family = nlohmann::json::parse(lines[0]);
  EXPECT_EQ(family["size"], 2);
  EXPECT_EQ(family["outlets"], nlohmann::json({"The Manila Times", "Op-ed"}));
  EXPECT_EQ(family["first_published"], "2022-01-11");
  EXPECT_EQ(family["last_published"], "2022-01-14");
  EXPECT_EQ(family["snippet"].get<std::string>().rfind("Kazakhstan Foreign Ministry said", 0), 0u)
      << family["snippet"];

  const std::string id = std::to_string(family["id"].get<int>());
  const CommandResult tree = RunStemma({"family", "--json", dir, id});
  ASSERT_EQ(tree.exit_code, 0) << tree.err;
  const auto record = nlohmann::json::parse(tree.out);
  ASSERT_EQ(record["nodes"].size(), 2u);
  const auto& root = record["nodes"][0];
  const auto& copy = record["nodes"][1];
  EXPECT_EQ(root["doc"]["external_id"], "seed-000");
  EXPECT_TRUE(root["parent"].is_null());
  EXPECT_EQ(copy["doc"]["external_id"], "seed-003");
  EXPECT_EQ(copy["parent"], root["doc"]["id"]);
  EXPECT_GT(copy["confidence"].get<double>(), 0.5);
  EXPECT_LE(copy["confidence"].get<double>(), 1.0);
  EXPECT_FALSE(copy["evidence"].empty());
  EXPECT_EQ(copy["span"]["begin"], 1226);
  EXPECT_EQ(copy["span"]["end"], 1505);
  // The sentence is copied verbatim, and the attribution inside it kept.
  EXPECT_TRUE(copy["changes"].empty()) << copy["changes"];

  const CommandResult readable = RunStemma({"family", dir, id});
  ASSERT_EQ(readable.exit_code, 0) << readable.err;
  EXPECT_NE(readable.out.find("The Manila Times 2022-01-11 (seed-000) [earliest known"),
            std::string::npos)
      << readable.out;
  const CommandResult dot = RunStemma({"family", "--dot", dir, id});
  ASSERT_EQ(dot.exit_code, 0) << dot.err;
  EXPECT_EQ(dot.out.rfind("digraph family_", 0), 0u) << dot.out;
  EXPECT_NE(dot.out.find("d1 -> d2"), std::string::npos) << dot.out;
}

TEST_F(ProvenanceCliTest, ReportOnTheOpEdNamesTheReprintAsEarliestSource) {
  if (!HaveSeeds()) GTEST_SKIP() << "../shared/seeds not found (" << kSeeds << ")";
  const std::string dir = SeedCorpus("report");
  // The op-ed is stored: its chain ends with itself.
  const CommandResult stored = RunStemma({"report", "--json", dir, kSeed003});
  ASSERT_EQ(stored.exit_code, 0) << stored.err;
  auto lines = Lines(stored.out);
  ASSERT_EQ(lines.size(), 1u) << stored.out;
  auto passage = nlohmann::json::parse(lines[0]);
  EXPECT_EQ(passage["query"], nlohmann::json({{"begin", 1226}, {"end", 1505}}));
  EXPECT_EQ(passage["earliest_source"]["external_id"], "seed-000");
  EXPECT_EQ(passage["earliest_source"]["outlet"], "The Manila Times");
  EXPECT_EQ(passage["earliest_source"]["published_at"], "2022-01-11");
  EXPECT_EQ(passage["earliest_source"]["begin"], 2834);
  EXPECT_EQ(passage["earliest_source"]["end"], 3113);
  EXPECT_EQ(passage["chain"], nlohmann::json({1, 2}));

  // The reprint is stored and is the earliest text of the passage.
  const CommandResult root = RunStemma({"report", dir, kSeed000});
  ASSERT_EQ(root.exit_code, 0) << root.err;
  EXPECT_NE(root.out.find("this article is the earliest known source"), std::string::npos)
      << root.out;

  // An unstored article made from the op-ed's sentence with its attribution
  // cut and a word swapped: the report tells both, in byte ranges.
  std::string sentence = ReadWhole(kSeed003).substr(1226, 1505 - 1226);
  const std::string cue = "Kazakhstan Foreign Ministry said in a statement on Monday that ";
  ASSERT_EQ(sentence.rfind(cue, 0), 0u) << sentence;
  std::string rest = sentence.substr(cue.size());
  rest[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(rest[0])));
  const std::string edited =
      "An editorial of our own opens here and runs for a while first. " + rest;
  const std::string article = work_ + "/edited.txt";
  std::ofstream(article) << edited;
  const CommandResult report = RunStemma({"report", "--json", dir, article});
  ASSERT_EQ(report.exit_code, 0) << report.err;
  lines = Lines(report.out);
  ASSERT_EQ(lines.size(), 1u) << report.out;
  passage = nlohmann::json::parse(lines[0]);
  EXPECT_EQ(passage["earliest_source"]["external_id"], "seed-000");
  EXPECT_EQ(passage["chain"][0], 1);
  bool dropped = false;
  for (const auto& change : passage["changes"]) {
    if (change["kind"] == "attribution_dropped") {
      dropped = true;
      EXPECT_NE(change["parent"]["text"].get<std::string>().find("Foreign Ministry said"),
                std::string::npos)
          << change;
      EXPECT_TRUE(change["child"]["doc"].is_null());  // the article is not stored
      EXPECT_EQ(change["child"]["begin"], change["child"]["end"]);
    }
  }
  EXPECT_TRUE(dropped) << report.out;

  const CommandResult readable = RunStemma({"report", dir, article});
  ASSERT_EQ(readable.exit_code, 0) << readable.err;
  EXPECT_NE(readable.out.find("attribution dropped"), std::string::npos) << readable.out;
  EXPECT_NE(readable.out.find("-> this article"), std::string::npos) << readable.out;

  const std::string page = work_ + "/report.html";
  const CommandResult html = RunStemma({"report", "--html", page, dir, article});
  ASSERT_EQ(html.exit_code, 0) << html.err;
  const std::string written = ReadWhole(page);
  EXPECT_EQ(written.rfind("<!DOCTYPE html>", 0), 0u);
  EXPECT_NE(written.find("<mark"), std::string::npos);
  EXPECT_NE(written.find("The Manila Times"), std::string::npos);
  EXPECT_NE(written.find("ttribution dropped"), std::string::npos);
}

TEST_F(ProvenanceCliTest, OutletsCountWhatEachOutletCopied) {
  if (!HaveSeeds()) GTEST_SKIP() << "../shared/seeds not found (" << kSeeds << ")";
  const std::string dir = SeedCorpus("outlets");
  const CommandResult result = RunStemma({"outlets", "--json", dir});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  std::map<std::string, nlohmann::json> by_outlet;
  for (const auto& line : Lines(result.out)) {
    const auto record = nlohmann::json::parse(line);
    by_outlet[record["outlet"]] = record;
  }
  ASSERT_EQ(by_outlet.size(), 2u) << result.out;
  const auto& op_ed = by_outlet["Op-ed"];
  EXPECT_EQ(op_ed["documents"], 1);
  const double op_ed_bytes = static_cast<double>(ReadWhole(kSeed003).size());
  EXPECT_NEAR(op_ed["reused_share"].get<double>(), (1505 - 1226) / op_ed_bytes, 1e-9);
  ASSERT_EQ(op_ed["sources"].size(), 1u);
  const auto& source = op_ed["sources"][0];
  EXPECT_EQ(source["outlet"], "The Manila Times");
  EXPECT_EQ(source["passages"], 1);
  EXPECT_EQ(source["attribution_dropped"], 0);
  ASSERT_EQ(source["families"].size(), 1u) << "the family the passage is in";
  EXPECT_EQ(op_ed["attribution_dropped_share"], 0.0);
  EXPECT_EQ(by_outlet["The Manila Times"]["reused_share"], 0.0);
  EXPECT_TRUE(by_outlet["The Manila Times"]["sources"].empty());
}

// A corpus written before reuse families existed (schema version 1) gets
// its families, and the copy edges `outlets` counts, when it is next opened,
// the same as a new corpus.
TEST_F(ProvenanceCliTest, AnOlderCorpusGainsItsFamiliesWhenOpened) {
  if (!HaveSeeds()) GTEST_SKIP() << "../shared/seeds not found (" << kSeeds << ")";
  const std::string dir = SeedCorpus("older");
  const std::string expected = RunStemma({"families", "--json", dir}).out;
  const std::string expected_outlets = RunStemma({"outlets", "--json", dir}).out;
  ASSERT_EQ(Lines(expected).size(), 1u) << expected;
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open((dir + "/catalogue.sqlite").c_str(), &db), SQLITE_OK);
  // Version 1: without what versions 2 (passages.family), 3 (the text index)
  // 4 (copy edges) and 5 (watches) added.
  ASSERT_EQ(sqlite3_exec(db,
                         "DROP INDEX passages_by_family; ALTER TABLE passages DROP COLUMN family; "
                         "DROP TABLE document_text; DROP INDEX documents_by_metadata; "
                         "DROP TABLE copy_edges; DROP TABLE copy_edges_state; "
                         "DROP TABLE watches; DROP TABLE alerts; "
                         "PRAGMA user_version = 1",
                         nullptr, nullptr, nullptr),
            SQLITE_OK)
      << sqlite3_errmsg(db);
  sqlite3_close(db);
  // The first command to open it migrates it, and finds the same families.
  EXPECT_EQ(RunStemma({"families", "--json", dir}).out, expected);
  // The edges were stored by the migration, current with the last run.
  ASSERT_EQ(sqlite3_open((dir + "/catalogue.sqlite").c_str(), &db), SQLITE_OK);
  sqlite3_stmt* query = nullptr;
  ASSERT_EQ(sqlite3_prepare_v2(db,
                               "SELECT (SELECT count(*) FROM copy_edges), "
                               "(SELECT run FROM copy_edges_state), (SELECT max(id) FROM runs)",
                               -1, &query, nullptr),
            SQLITE_OK);
  ASSERT_EQ(sqlite3_step(query), SQLITE_ROW);
  EXPECT_EQ(sqlite3_column_int(query, 0), 1);  // the op-ed copied the Manila Times
  EXPECT_EQ(sqlite3_column_int(query, 1), sqlite3_column_int(query, 2));
  sqlite3_finalize(query);
  sqlite3_close(db);
  EXPECT_EQ(RunStemma({"outlets", "--json", dir}).out, expected_outlets);
}

TEST_F(ProvenanceCliTest, BadRequestsAreRefusedWithAReason) {
  if (!HaveSeeds()) GTEST_SKIP() << "../shared/seeds not found (" << kSeeds << ")";
  const std::string dir = SeedCorpus("bad");
  CommandResult result = RunStemma({"family", dir, "999"});
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_NE(result.err.find("no reuse family 999"), std::string::npos) << result.err;
  result = RunStemma({"family", dir, "first"});
  EXPECT_EQ(result.exit_code, 2) << result.err;
  result = RunStemma({"family", "--json", "--dot", dir, "1"});
  EXPECT_EQ(result.exit_code, 2) << result.err;
  result = RunStemma({"report", dir, "-"});  // standard input is empty
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_NE(result.err.find("standard input: empty"), std::string::npos) << result.err;
  const std::string binary = work_ + "/binary.bin";
  std::ofstream(binary, std::ios::binary) << std::string(
      "\x7f"
      "ELF\0\0\x01",
      7);
  result = RunStemma({"report", dir, binary});
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_NE(result.err.find(binary), std::string::npos) << result.err;
  result = RunStemma({"families", work_ + "/nowhere"});
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_NE(result.err.find("nowhere"), std::string::npos) << result.err;
}

}  // namespace
}  // namespace stemma::testing
