#include "stemma/scan.h"

#include <gtest/gtest.h>

#include <string>

#include "stemma/compare.h"

namespace stemma {
namespace {

// Documents held in memory; a document named "unreadable" fails to load.
class MemorySource : public DocumentSource {
 public:
  explicit MemorySource(std::vector<std::pair<std::string, std::string>> documents)
      : documents_(std::move(documents)) {}
  size_t size() const override { return documents_.size(); }
  std::string name(size_t index) const override { return documents_[index].first; }
  Result<std::string> Load(size_t index) const override {
    if (documents_[index].first == "unreadable") return Status::IoError("unreadable: denied");
    return documents_[index].second;
  }

 private:
  std::vector<std::pair<std::string, std::string>> documents_;
};

const std::string kStory =
    "Kazakhstan Foreign Ministry said in a statement on Monday that peaceful protests were "
    "hijacked by terrorist, extremist and criminal groups to escalate tensions and violence.";

std::string Filler(const std::string& word, int count) {
  std::string text;
  for (int index = 0; index < count; ++index) text += word + std::to_string(index) + " ";
  return text;
}

struct Collected {
  std::vector<ScanPair> pairs;
  std::vector<DocumentIssue> issues;
  ScanStats stats;
};

Collected RunScan(const MemorySource& source, ScanOptions options = {}) {
  Collected collected;
  ScanCallbacks callbacks;
  callbacks.on_pair = [&](const ScanPair& pair) { collected.pairs.push_back(pair); };
  callbacks.on_issue = [&](const DocumentIssue& issue) { collected.issues.push_back(issue); };
  const auto stats = Scan(source, options, callbacks);
  EXPECT_TRUE(stats.ok()) << stats.status().ToString();
  if (stats.ok()) collected.stats = *stats;
  return collected;
}

TEST(Scan, ReportsEachPairSharingAPassageOnceInOrder) {
  const MemorySource source({{"x", Filler("x", 30) + kStory},
                             {"y", Filler("y", 20)},
                             {"z", kStory + " " + Filler("z", 10)},
                             {"w", Filler("w", 5) + kStory}});
  const Collected collected = RunScan(source);
  ASSERT_EQ(collected.pairs.size(), 3u);
  EXPECT_EQ(std::make_pair(collected.pairs[0].a, collected.pairs[0].b), std::make_pair(0u, 2u));
  EXPECT_EQ(std::make_pair(collected.pairs[1].a, collected.pairs[1].b), std::make_pair(0u, 3u));
  EXPECT_EQ(std::make_pair(collected.pairs[2].a, collected.pairs[2].b), std::make_pair(2u, 3u));
  EXPECT_EQ(collected.stats.passages, 3u);
}

TEST(Scan, GivesThePassagesCompareGivesForThePair) {
  const std::string a = Filler("a", 12) + kStory + " " + Filler("b", 40) + kStory;
  const std::string b = "Reprinted: " + kStory + " " + Filler("c", 7);
  const MemorySource source({{"a", a}, {"b", b}});
  const Collected collected = RunScan(source);
  const auto compared = Compare(a, b);
  ASSERT_TRUE(compared.ok());
  ASSERT_EQ(collected.pairs.size(), 1u);
  ASSERT_EQ(collected.pairs[0].passages.size(), compared->size());
  for (size_t index = 0; index < compared->size(); ++index) {
    EXPECT_EQ(collected.pairs[0].passages[index].a.bytes, (*compared)[index].a.bytes);
    EXPECT_EQ(collected.pairs[0].passages[index].b.bytes, (*compared)[index].b.bytes);
  }
}

TEST(Scan, IgnoresTextFoundInMoreDocumentsThanMaxDocumentFrequency) {
  std::vector<std::pair<std::string, std::string>> documents;
  for (int index = 0; index < 5; ++index) {
    documents.push_back(
        {"d" + std::to_string(index), Filler("u" + std::to_string(index), 9) + kStory});
  }
  ScanOptions options;
  options.max_document_frequency = 4;
  const Collected collected = RunScan(MemorySource(documents), options);
  EXPECT_TRUE(collected.pairs.empty());
  EXPECT_GT(collected.stats.boilerplate_fingerprints, 0u);
  options.max_document_frequency = 5;
  EXPECT_EQ(RunScan(MemorySource(documents), options).pairs.size(), 10u);
}

TEST(Scan, SkipsADocumentThatFailsToLoadAndGoesOn) {
  const MemorySource source({{"a", kStory}, {"unreadable", ""}, {"c", kStory}});
  const Collected collected = RunScan(source);
  ASSERT_EQ(collected.issues.size(), 1u);
  EXPECT_TRUE(collected.issues[0].skipped);
  EXPECT_EQ(collected.issues[0].index, 1u);
  EXPECT_EQ(collected.stats.documents_skipped, 1u);
  ASSERT_EQ(collected.pairs.size(), 1u);
  EXPECT_EQ(collected.pairs[0].b, 2u);
}

TEST(Scan, WarnsAboutInvalidUtf8ButUsesTheDocument) {
  const MemorySource source({{"a", kStory + " \xff\xfe"}, {"b", kStory}});
  const Collected collected = RunScan(source);
  ASSERT_EQ(collected.issues.size(), 1u);
  EXPECT_FALSE(collected.issues[0].skipped);
  EXPECT_EQ(collected.issues[0].reason, "a: 2 invalid UTF-8 bytes ignored");
  EXPECT_EQ(collected.pairs.size(), 1u);
}

// A story and a copy of it read by bad OCR (written for this test): nearly
// every word carries a misread letter, so no run of words seeds the copy.
const std::string kClean =
    "The storm that struck the valley on Tuesday night destroyed forty houses and the old mill, "
    "and left nine families without shelter. Relief committees met at the town hall on "
    "Wednesday morning and asked the governor for tents, blankets and medical supplies.";
const std::string kMisread =
    "Tho storm tbat struck the vallev on Tuesday nigbt destroyed fortv houses nnd the old miil, "
    "and loft nine famiiies witbout shelter. Relief committees mct at the towu hall on "
    "Wedncsday morning aud asked tho governor for tcnts, blankets aud medicai suppiies.";

TEST(Scan, WithLettersFindsACopyTooDamagedForWordSeeds) {
  const MemorySource source({{"clean", Filler("c", 20) + kClean + " " + Filler("c", 10)},
                             {"unrelated", Filler("u", 40)},
                             {"misread", Filler("m", 5) + kMisread}});
  EXPECT_TRUE(RunScan(source).pairs.empty());
  ScanOptions letters;
  letters.letters.enabled = true;
  const Collected collected = RunScan(source, letters);
  ASSERT_EQ(collected.pairs.size(), 1u);
  EXPECT_EQ(collected.pairs[0].a, 0u);
  EXPECT_EQ(collected.pairs[0].b, 2u);
  ASSERT_EQ(collected.pairs[0].passages.size(), 1u);
  const Passage& passage = collected.pairs[0].passages[0];
  const std::string clean = Filler("c", 20) + kClean;
  // The whole copy: from "The" / "Tho" to "supplies" / "suppiies", misread
  // words that the words beside them vouch for.
  EXPECT_EQ(clean.substr(passage.a.bytes.begin, 9), "The storm");
  EXPECT_EQ(clean.substr(passage.a.bytes.end - 8, 8), "supplies");
  EXPECT_GT(passage.identity, 0.3);
}

TEST(Scan, RejectsLetterOptionsOutOfRange) {
  const MemorySource source({{"a", kStory}});
  ScanOptions options;
  options.letters.enabled = true;
  options.letters.fingerprint.ngram = 2;
  EXPECT_FALSE(Scan(source, options, {}).ok());
}

TEST(Scan, OutputDoesNotDependOnTheNumberOfThreads) {
  std::vector<std::pair<std::string, std::string>> documents;
  for (int index = 0; index < 40; ++index) {
    std::string text = Filler("n" + std::to_string(index), 15);
    if (index % 3 == 0) text += kStory;
    if (index % 4 == 0) text += " " + Filler("shared", 12);
    documents.push_back({"d" + std::to_string(index), text});
  }
  const MemorySource source(documents);
  ScanOptions one_thread;
  one_thread.threads = 1;
  const Collected serial = RunScan(source, one_thread);
  const Collected parallel = RunScan(source);
  ASSERT_EQ(serial.pairs.size(), parallel.pairs.size());
  ASSERT_FALSE(serial.pairs.empty());
  for (size_t index = 0; index < serial.pairs.size(); ++index) {
    EXPECT_EQ(serial.pairs[index].a, parallel.pairs[index].a);
    EXPECT_EQ(serial.pairs[index].b, parallel.pairs[index].b);
    EXPECT_EQ(serial.pairs[index].passages.size(), parallel.pairs[index].passages.size());
  }
}

}  // namespace
}  // namespace stemma
