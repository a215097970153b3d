#include "engine/incremental_aligner.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <map>
#include <random>
#include <tuple>
#include <unordered_map>

#include "ingest/csv_reader.h"
#include "stemma/scan.h"

namespace stemma::engine {
namespace {

// Stored documents held in memory, as the corpus will hold them on disk.
class MemoryStore : public StoredDocuments {
 public:
  // `text`: the document's text, for weak matching (empty: exact only).
  void Store(const NewDocument& document, std::string text = {}) {
    tokens_[document.id] = document.tokens;
    texts_[document.id] = std::make_shared<const std::string>(std::move(text));
    for (const auto& fingerprint : document.fingerprints) {
      occurrences_[fingerprint.hash].push_back({document.id, fingerprint.position});
    }
  }
  void Find(uint64_t hash, std::vector<Occurrence>* out) const override {
    const auto found = occurrences_.find(hash);
    if (found != occurrences_.end())
      out->insert(out->end(), found->second.begin(), found->second.end());
  }
  Result<TokenWindow> Tokens(uint32_t document) const override {
    const std::vector<Token>& all = tokens_.at(document);
    return WithText(document, TokenWindow{all, 0, true, true, {}, {}});
  }
  // Exactly the tokens asked for, as the tightest store would give them, so
  // that the tests see the aligner's window logic at work.
  Result<TokenWindow> TokensAround(uint32_t document, uint32_t first,
                                   uint32_t last) const override {
    const std::vector<Token>& all = tokens_.at(document);
    const uint32_t end = std::min<uint32_t>(last + 1, static_cast<uint32_t>(all.size()));
    first = std::min(first, end);
    return WithText(document,
                    TokenWindow{std::vector<Token>(all.begin() + first, all.begin() + end),
                                first,
                                first == 0,
                                end == all.size(),
                                {},
                                {}});
  }

 private:
  TokenWindow WithText(uint32_t document, TokenWindow window) const {
    const std::shared_ptr<const std::string>& text = texts_.at(document);
    window.text = *text;
    window.text_owner = text;
    return window;
  }

  std::map<uint32_t, std::vector<Token>> tokens_;
  std::map<uint32_t, std::shared_ptr<const std::string>> texts_;
  std::unordered_map<uint64_t, std::vector<Occurrence>> occurrences_;
};

// How new documents look up earlier ones: by their own fingerprints (as
// Scan() does), or by every n-gram (as a corpus does).
enum class Lookup { kFingerprints, kAllNgrams };

NewDocument MakeDocument(uint32_t id, const std::string& text, Lookup lookup) {
  NewDocument document;
  document.id = id;
  document.tokens = Tokenize(text).tokens;
  document.text = text;
  document.fingerprints = fingerprint::Fingerprints(document.tokens, FingerprintOptions{});
  if (lookup == Lookup::kAllNgrams) {
    document.lookups = AllNgrams(document.tokens, FingerprintOptions{}.ngram);
  }
  return document;
}

std::string Words(std::mt19937& random, int count, const std::string& prefix) {
  std::string text;
  for (int index = 0; index < count; ++index) {
    text += prefix + std::to_string(random() % 5000) + (index % 12 == 11 ? ". " : " ");
  }
  return text;
}

// A small collection: wire stories reprinted with edits, a standing line in
// every document, and unrelated text.
std::vector<std::string> Collection() {
  std::mt19937 random(3);
  std::vector<std::string> stories;
  for (int story = 0; story < 6; ++story) stories.push_back(Words(random, 60, "w"));
  const std::string standing =
      "Subscribe today to the Daily Ledger for home delivery of every edition.";
  std::vector<std::string> texts;
  for (int document = 0; document < 30; ++document) {
    std::string story = stories[document % 6];
    story.replace(story.find(' ', 100), 1, " inserted words here ");
    texts.push_back(Words(random, 40, "u") + story + standing + " " + Words(random, 20, "v"));
  }
  return texts;
}

using PassageKey = std::tuple<uint32_t, uint32_t, uint32_t, uint32_t, uint32_t, uint32_t>;
PassageKey KeyOf(const FoundPassage& found) {
  return {found.a_document,
          found.b_document,
          found.passage.a.bytes.begin,
          found.passage.a.bytes.end,
          found.passage.b.bytes.begin,
          found.passage.b.bytes.end};
}

// Adds the texts in increments of the given sizes; returns every passage found.
std::vector<PassageKey> AddInIncrements(const std::vector<std::string>& texts,
                                        const std::vector<size_t>& sizes,
                                        const ScanOptions& options,
                                        Lookup lookup = Lookup::kFingerprints) {
  MemoryStore store;
  std::vector<PassageKey> keys;
  size_t next = 0;
  for (size_t size : sizes) {
    std::vector<NewDocument> batch;
    for (size_t index = next; index < next + size; ++index) {
      batch.push_back(MakeDocument(static_cast<uint32_t>(index + 1), texts[index], lookup));
    }
    const auto found = AlignNewDocuments(store, batch, options);
    EXPECT_TRUE(found.ok());
    for (const FoundPassage& passage : *found) keys.push_back(KeyOf(passage));
    for (const NewDocument& document : batch) store.Store(document, std::string(document.text));
    next += size;
  }
  return keys;
}

TEST(AlignNewDocuments, IncrementsStoreTheSamePassagesAsOneBatch) {
  const auto texts = Collection();
  ScanOptions options;
  options.max_document_frequency = 8;  // the standing line becomes boilerplate part-way
  const auto at_once = AddInIncrements(texts, {30}, options);
  const auto in_three = AddInIncrements(texts, {7, 13, 10}, options);
  const auto one_by_one = AddInIncrements(texts, std::vector<size_t>(30, 1), options);
  EXPECT_GT(at_once.size(), 60u);
  EXPECT_EQ(in_three, at_once);
  EXPECT_EQ(one_by_one, at_once);
}

TEST(AlignNewDocuments, IncrementsMatchOneBatchWhenLookingUpEveryNgram) {
  const auto texts = Collection();
  ScanOptions options;
  options.max_document_frequency = 8;
  const auto at_once = AddInIncrements(texts, {30}, options, Lookup::kAllNgrams);
  const auto in_three = AddInIncrements(texts, {7, 13, 10}, options, Lookup::kAllNgrams);
  const auto one_by_one =
      AddInIncrements(texts, std::vector<size_t>(30, 1), options, Lookup::kAllNgrams);
  EXPECT_GE(at_once.size(), AddInIncrements(texts, {30}, options).size());
  EXPECT_EQ(in_three, at_once);
  EXPECT_EQ(one_by_one, at_once);
}

TEST(AlignNewDocuments, LookingUpEveryNgramFindsRunsBothSidesWinnowedDifferently) {
  // Eight shared tokens between unrelated words: winnowing may pick different
  // n-grams in each text near the edges, but the stored side always keeps one
  // inside the run, and the new document looks every n-gram up.
  ScanOptions options;
  options.max_document_frequency = 1000;
  const std::vector<std::string> texts = {
      "alpha beta gamma one two three four five six seven eight delta epsilon",
      "zeta eta theta one two three four five six seven eight iota kappa lambda"};
  const auto keys = AddInIncrements(texts, {2}, options, Lookup::kAllNgrams);
  ASSERT_EQ(keys.size(), 1u);
  EXPECT_EQ(std::get<2>(keys[0]), texts[0].find("one"));
  EXPECT_EQ(std::get<4>(keys[0]), texts[1].find("one"));
}

TEST(AlignNewDocuments, BoilerplateIsDecidedByEarlierDocumentsOnly) {
  const std::string standing =
      "All the news that is fit to print and some that is not, every single morning.";
  std::vector<std::string> texts;
  std::mt19937 random(5);
  for (int index = 0; index < 6; ++index) texts.push_back(Words(random, 20, "x") + standing);
  ScanOptions options;
  options.max_document_frequency = 3;
  const auto keys = AddInIncrements(texts, {6}, options);
  std::set<std::pair<uint32_t, uint32_t>> pairs;
  for (const auto& key : keys) pairs.insert({std::get<0>(key), std::get<1>(key)});
  // Document j (id j + 1) pairs with earlier ones while at most 3 earlier documents have the line.
  const std::set<std::pair<uint32_t, uint32_t>> expected = {{1, 2}, {1, 3}, {2, 3},
                                                            {1, 4}, {2, 4}, {3, 4}};
  EXPECT_EQ(pairs, expected);
}

TEST(AlignNewDocuments, FindsWhatScanFindsWhenNothingIsBoilerplate) {
  const auto texts = Collection();
  ScanOptions options;
  options.max_document_frequency = 1000;
  const auto keys = AddInIncrements(texts, {30}, options);

  class Texts : public DocumentSource {
   public:
    explicit Texts(const std::vector<std::string>& texts) : texts_(texts) {}
    size_t size() const override { return texts_.size(); }
    std::string name(size_t index) const override { return std::to_string(index); }
    Result<std::string> Load(size_t index) const override { return texts_[index]; }

   private:
    const std::vector<std::string>& texts_;
  } source(texts);
  std::set<PassageKey> scanned;
  ScanCallbacks callbacks;
  callbacks.on_pair = [&](const ScanPair& pair) {
    for (const Passage& passage : pair.passages) {
      scanned.insert({pair.a + 1, pair.b + 1, passage.a.bytes.begin, passage.a.bytes.end,
                      passage.b.bytes.begin, passage.b.bytes.end});
    }
  };
  ASSERT_TRUE(Scan(source, options, callbacks).ok());
  EXPECT_EQ(std::set<PassageKey>(keys.begin(), keys.end()), scanned);
}

// The must-show of the persistent corpus, at the engine's level: 612 real
// articles (wire copy reprinted across 75 outlets) added in three increments
// store the same passages as added at once.
TEST(AlignNewDocuments, HelsinkiArticlesInThreeIncrementsMatchOneBatch) {
  const std::string path = std::string(STEMMA_SHARED_DIR) + "/data/helsinki_articles.csv";
  if (!std::filesystem::exists(path)) GTEST_SKIP() << "../shared/data not found (" << path << ")";
  auto reader = ingest::CsvReader::Open(path);
  ASSERT_TRUE(reader.ok());
  std::vector<std::string> fields;
  std::vector<std::string> texts;
  ASSERT_TRUE(*reader->Next(&fields));  // header: id, publisher, scrape_time, text
  while (*reader->Next(&fields)) texts.push_back(fields.at(3));
  ASSERT_EQ(texts.size(), 612u);
  const ScanOptions options;
  const auto at_once = AddInIncrements(texts, {612}, options, Lookup::kAllNgrams);
  const auto in_three = AddInIncrements(texts, {200, 250, 162}, options, Lookup::kAllNgrams);
  EXPECT_GT(at_once.size(), 1000u);
  EXPECT_EQ(in_three, at_once);
}

}  // namespace
}  // namespace stemma::engine
