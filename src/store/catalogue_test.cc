#include "store/catalogue.h"

#include <gtest/gtest.h>
#include <sqlite3.h>
#include <unistd.h>

#include <filesystem>

#include "common/sha256.h"

namespace stemma::store {
namespace {

class CatalogueTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = ::testing::TempDir() + "catalogue_XXXXXX";
    ASSERT_NE(mkdtemp(pattern.data()), nullptr);
    dir_ = pattern;
    path_ = dir_ + "/catalogue.sqlite";
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  // Writes a schema version into the catalogue's header, as a newer stemma or damage would.
  void SetSchemaVersion(int version) {
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(path_.c_str(), &db), SQLITE_OK);
    const std::string pragma = "PRAGMA user_version = " + std::to_string(version);
    ASSERT_EQ(sqlite3_exec(db, pragma.c_str(), nullptr, nullptr, nullptr), SQLITE_OK);
    sqlite3_close(db);
  }

  static DocumentInput Input(const std::string& text, const std::string& outlet) {
    DocumentInput input;
    input.external_id = "ext-" + outlet;
    input.outlet = outlet;
    input.title = "A title";
    input.published_at = "2022-01-0" + std::to_string(text.size() % 9 + 1);
    input.text = text;
    input.metadata_json = R"({"section":"world"})";
    return input;
  }

  std::unique_ptr<Catalogue> OpenWriter() {
    auto opened = Catalogue::Open(path_, Catalogue::Mode::kReadWrite);
    EXPECT_TRUE(opened.ok()) << opened.status().ToString();
    return opened.ok() ? std::move(*opened) : nullptr;
  }

  std::string dir_;
  std::string path_;
};

TEST_F(CatalogueTest, StoresDocumentsAndPassagesOfACommittedRun) {
  ASSERT_TRUE(Catalogue::Create(path_).ok());
  auto catalogue = OpenWriter();
  auto run = catalogue->BeginRun("add test");
  ASSERT_TRUE(run.ok());
  const std::string text = "Kazakhstan's president said the protests were an attempted coup.";
  ASSERT_TRUE(
      catalogue->InsertDocument(1, Input(text, "Global Times"), Sha256Hex(text), *run, {}).ok());
  ASSERT_TRUE(catalogue
                  ->InsertDocument(2, Input(text + " More.", "Reprint"), Sha256Hex(text + " More."),
                                   *run, {})
                  .ok());
  PassageRecord record{1, 2, {}, *run};
  record.passage.a = {{0, 64}, 0, 10};
  record.passage.b = {{0, 64}, 0, 10};
  record.passage.matched_tokens = 10;
  record.passage.score = 10;
  record.passage.identity = 1;
  record.passage.edits = {{EditOp::kEqual, {0, 30}, {0, 30}, 5, 5},
                          {EditOp::kSubstitute, {31, 40}, {31, 41}, 1, 1},
                          {EditOp::kEqual, {41, 64}, {42, 64}, 4, 4}};
  ASSERT_TRUE(catalogue->InsertPassage(record).ok());
  ASSERT_TRUE(catalogue->CommitRun(*run, 2, 0, 1).ok());

  EXPECT_EQ(*catalogue->Text(1), text);
  ASSERT_TRUE(catalogue
                  ->InsertDocument(3, Input("third text", "C"), Sha256Hex("third text"), *run,
                                   {{2, {0, 6}}, 0, 0})
                  .ok());
  auto third = catalogue->TextWithCheckpoints(3);
  ASSERT_TRUE(third.ok());
  EXPECT_EQ(third->checkpoints.token_count, 2u);
  EXPECT_EQ(third->checkpoints.offsets, (std::vector<uint32_t>{0, 6}));
  auto document = catalogue->Document(2);
  ASSERT_TRUE(document.ok());
  EXPECT_EQ(document->outlet, "Reprint");
  EXPECT_EQ(document->byte_length, text.size() + 6);
  EXPECT_EQ(document->metadata_json, R"({"section":"world"})");
  auto matches = catalogue->FindBySha256(Sha256Hex(text));
  ASSERT_EQ(matches->size(), 1u);
  EXPECT_EQ((*matches)[0].id, 1u);
  EXPECT_EQ((*matches)[0].outlet, "Global Times");
  EXPECT_EQ((*matches)[0].family, 1u);
  EXPECT_EQ(*catalogue->NextDocumentId(), 4u);
  EXPECT_EQ(*catalogue->LastRun(), *run);
  std::vector<PassageRecord> passages;
  ASSERT_TRUE(catalogue
                  ->ForEachPassage([&](const PassageRecord& stored) {
                    passages.push_back(stored);
                    return Status::Ok();
                  })
                  .ok());
  ASSERT_EQ(passages.size(), 1u);
  EXPECT_EQ(passages[0].passage.edits.size(), 3u);
  EXPECT_EQ(passages[0].passage.edits[1].op, EditOp::kSubstitute);
  EXPECT_EQ(passages[0].passage.edits[1].b, (ByteRange{31, 41}));
  auto stats = catalogue->Stats();
  EXPECT_EQ(stats->documents, 3u);
  EXPECT_EQ(stats->outlets, 3u);
  EXPECT_EQ(stats->passages, 1u);
}

TEST_F(CatalogueTest, AnAbortedRunLeavesNothing) {
  ASSERT_TRUE(Catalogue::Create(path_).ok());
  auto catalogue = OpenWriter();
  const std::string text = "one text";
  auto first = catalogue->BeginRun("add");
  ASSERT_TRUE(catalogue->InsertDocument(1, Input(text, "A"), Sha256Hex(text), *first, {}).ok());
  ASSERT_TRUE(catalogue->CommitRun(*first, 1, 0, 0).ok());
  auto second = catalogue->BeginRun("add");
  ASSERT_TRUE(
      catalogue->InsertDocument(2, Input("other", "B"), Sha256Hex("other"), *second, {}).ok());
  EXPECT_EQ(catalogue->InsertDocument(2, Input(text, "C"), Sha256Hex(text), *second, {}).code(),
            Status::Code::kInvalidArgument);  // an id taken
  catalogue->AbortRun();
  EXPECT_EQ(catalogue->Stats()->documents, 1u);
  EXPECT_EQ(*catalogue->LastRun(), *first);
}

TEST_F(CatalogueTest, AReaderKeepsItsSnapshotWhileAWriterCommits) {
  ASSERT_TRUE(Catalogue::Create(path_).ok());
  auto writer = OpenWriter();
  auto reader = Catalogue::Open(path_, Catalogue::Mode::kReadOnly);
  ASSERT_TRUE(reader.ok());
  ASSERT_TRUE((*reader)->BeginRead().ok());
  auto run = writer->BeginRun("add");
  ASSERT_TRUE(writer->InsertDocument(1, Input("text", "A"), Sha256Hex("text"), *run, {}).ok());
  ASSERT_TRUE(writer->CommitRun(*run, 1, 0, 0).ok());
  EXPECT_EQ((*reader)->Stats()->documents, 0u);
  EXPECT_EQ(*(*reader)->LastRun(), 0u);
  ASSERT_TRUE((*reader)->EndRead().ok());
  EXPECT_EQ((*reader)->Stats()->documents, 1u);
}

// fuzz/regressions/fuzz_corpus_files/negative_schema_version: a damaged header
// once indexed the migrations with a negative version.
TEST_F(CatalogueTest, ANegativeSchemaVersionIsDamageNamingTheFile) {
  ASSERT_TRUE(Catalogue::Create(path_).ok());
  SetSchemaVersion(-7);
  for (auto mode : {Catalogue::Mode::kReadOnly, Catalogue::Mode::kReadWrite}) {
    auto opened = Catalogue::Open(path_, mode);
    ASSERT_FALSE(opened.ok());
    EXPECT_EQ(opened.status().code(), Status::Code::kCorruption);
    EXPECT_NE(opened.status().message().find(path_ + ": catalogue schema version -7"),
              std::string::npos);
  }
}

TEST_F(CatalogueTest, ANewerSchemaIsRefusedAndLeftUntouched) {
  ASSERT_TRUE(Catalogue::Create(path_).ok());
  SetSchemaVersion(99);
  for (auto mode : {Catalogue::Mode::kReadOnly, Catalogue::Mode::kReadWrite}) {
    auto opened = Catalogue::Open(path_, mode);
    ASSERT_FALSE(opened.ok());
    EXPECT_EQ(opened.status().code(), Status::Code::kUnsupported);
    EXPECT_NE(opened.status().message().find("schema version 99"), std::string::npos);
    EXPECT_NE(opened.status().message().find(path_), std::string::npos);
  }
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(path_.c_str(), &db), SQLITE_OK);
  sqlite3_stmt* statement = nullptr;
  sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &statement, nullptr);
  ASSERT_EQ(sqlite3_step(statement), SQLITE_ROW);
  EXPECT_EQ(sqlite3_column_int(statement, 0), 99);
  sqlite3_finalize(statement);
  sqlite3_close(db);
}

TEST_F(CatalogueTest, AForeignFileIsReportedNotOverwritten) {
  {
    FILE* file = std::fopen(path_.c_str(), "w");
    std::fputs("this is not a database, just some text that happens to be here\n", file);
    std::fclose(file);
  }
  auto opened = Catalogue::Open(path_, Catalogue::Mode::kReadWrite);
  ASSERT_FALSE(opened.ok());
  EXPECT_EQ(opened.status().code(), Status::Code::kCorruption) << opened.status().ToString();
  EXPECT_FALSE(Catalogue::Create(path_).ok());
}

// The words each highlight of a found document's snippet covers.
std::vector<std::string> Highlighted(const std::string& text, const FoundDocument& found) {
  std::vector<std::string> words;
  if (!found.snippet.has_value()) return words;
  const ByteRange excerpt = found.snippet->excerpt;
  EXPECT_EQ(found.snippet->text, text.substr(excerpt.begin, excerpt.size()));
  for (const ByteRange& range : found.snippet->highlights) {
    EXPECT_LE(found.snippet->excerpt.begin, range.begin);
    EXPECT_LE(range.end, found.snippet->excerpt.end);
    words.push_back(text.substr(range.begin, range.size()));
  }
  return words;
}

std::vector<uint32_t> Ids(const std::vector<FoundDocument>& found) {
  std::vector<uint32_t> ids;
  for (const FoundDocument& document : found) ids.push_back(document.record.id);
  return ids;
}

class TextSearchTest : public CatalogueTest {
 protected:
  // Stores the texts as documents 1, 2, ... of one run, titled "A title".
  void Store(Catalogue& catalogue, const std::vector<std::string>& texts) {
    auto run = catalogue.BeginRun("add");
    ASSERT_TRUE(run.ok());
    uint32_t id = *catalogue.NextDocumentId();
    for (const std::string& text : texts) {
      const auto stored = catalogue.InsertDocument(id, Input(text, "Outlet " + std::to_string(id)),
                                                   Sha256Hex(text), *run, {});
      ASSERT_TRUE(stored.ok()) << stored.ToString();
      ++id;
    }
    ASSERT_TRUE(catalogue.CommitRun(*run, texts.size(), 0, 0).ok());
  }

  std::vector<FoundDocument> Find(Catalogue& catalogue, const std::string& words) {
    DocumentFilter filter;
    filter.contains = words;
    auto found = catalogue.FindDocuments(filter, 50, 0);
    EXPECT_TRUE(found.ok()) << found.status().ToString();
    if (!found.ok()) return {};
    EXPECT_EQ(found->total, found->documents.size());
    return std::move(found->documents);
  }

  const std::vector<std::string> texts_ = {
      "The war in Europe goes on; the Kaiser speaks of peace.",
      "Le président de la République a visité Zürich et Genève. Le PRÉSIDENT est reparti.",
      "Villa's men crossed the border at Columbus. The war department sent troops after "
      "Villa.",
  };
};

TEST_F(TextSearchTest, FindsDocumentsByTheWordsOfTheirText) {
  ASSERT_TRUE(Catalogue::Create(path_).ok());
  auto catalogue = OpenWriter();
  Store(*catalogue, texts_);

  const auto villa = Find(*catalogue, "villa");
  ASSERT_EQ(Ids(villa), std::vector<uint32_t>{3});
  EXPECT_EQ(Highlighted(texts_[2], villa[0]), (std::vector<std::string>{"Villa", "Villa"}));
  EXPECT_EQ(villa[0].snippet->excerpt, (ByteRange{0, static_cast<uint32_t>(texts_[2].size() - 1)}));

  // Case and diacritics do not matter; the highlights are the stored bytes.
  const auto zurich = Find(*catalogue, "ZURICH president");
  ASSERT_EQ(Ids(zurich), std::vector<uint32_t>{2});
  EXPECT_EQ(Highlighted(texts_[1], zurich[0]),
            (std::vector<std::string>{"président", "Zürich", "PRÉSIDENT"}));

  // Every word must be in the text; the better bm25 first.
  EXPECT_EQ(Ids(Find(*catalogue, "war troops")), std::vector<uint32_t>{3});
  EXPECT_EQ(Ids(Find(*catalogue, "war")).size(), 2u);
  EXPECT_TRUE(Find(*catalogue, "war peace zurich").empty());

  // With other filters, and by pages.
  DocumentFilter filter;
  filter.contains = "war";
  filter.outlet = "Outlet 1";
  auto filtered = catalogue->FindDocuments(filter, 50, 0);
  ASSERT_TRUE(filtered.ok()) << filtered.status().ToString();
  EXPECT_EQ(filtered->total, 1u);
  EXPECT_EQ(Ids(filtered->documents), std::vector<uint32_t>{1});
  filter.outlet.clear();
  auto second = catalogue->FindDocuments(filter, 1, 1);
  ASSERT_TRUE(second.ok());
  EXPECT_EQ(second->total, 2u);
  EXPECT_EQ(Ids(second->documents), std::vector<uint32_t>{Ids(Find(*catalogue, "war"))[1]});
  EXPECT_TRUE(catalogue->FindDocuments(filter, 50, 7)->documents.empty());
}

TEST_F(TextSearchTest, MetadataMatchesComeFirstThenTextMatches) {
  ASSERT_TRUE(Catalogue::Create(path_).ok());
  auto catalogue = OpenWriter();
  Store(*catalogue, texts_);
  Store(*catalogue, {"A report on nothing in particular."});
  // Document 4's outlet is "Outlet 4": a metadata match, without a snippet.
  const auto found = Find(*catalogue, "4");
  ASSERT_EQ(Ids(found), std::vector<uint32_t>{4});
  EXPECT_FALSE(found[0].snippet.has_value());
  const auto outlet = Find(*catalogue, "outlet");
  EXPECT_EQ(Ids(outlet), (std::vector<uint32_t>{1, 2, 3, 4}));
}

TEST_F(TextSearchTest, QuerySyntaxInTheWordsIsTakenLiterally) {
  ASSERT_TRUE(Catalogue::Create(path_).ok());
  auto catalogue = OpenWriter();
  Store(*catalogue, texts_);
  for (const char* hostile : {R"("a" OR NOT ()", "(((", "\"", "NEAR(war peace)", "* ^ : -",
                              "war\" OR \"villa", "war*", "text:war"}) {
    SCOPED_TRACE(hostile);
    DocumentFilter filter;
    filter.contains = hostile;
    EXPECT_TRUE(catalogue->FindDocuments(filter, 50, 0).ok());
  }
  EXPECT_TRUE(Find(*catalogue, "(((").empty());
  // Punctuation is no word; the words around it still are. A word is one
  // phrase of its tokens: "NEAR(war" is "near war", in no text.
  EXPECT_EQ(Ids(Find(*catalogue, "(war) peace!")), std::vector<uint32_t>{1});
  EXPECT_TRUE(Find(*catalogue, "NEAR(war peace)").empty());
}

TEST_F(TextSearchTest, TheSnippetOfALongTextIsAroundItsMatches) {
  ASSERT_TRUE(Catalogue::Create(path_).ok());
  auto catalogue = OpenWriter();
  std::string text;
  for (int word = 0; word < 300; ++word) text += "filler" + std::to_string(word) + " ";
  const size_t columbus = text.size();
  text += "Columbus, raided; ";
  for (int word = 0; word < 300; ++word) text += "more" + std::to_string(word) + " ";
  text += "Columbus raided again by Villa.";
  Store(*catalogue, {text});
  const auto found = Find(*catalogue, "villa columbus");
  ASSERT_EQ(found.size(), 1u);
  // The window with both words is the last one, not the first Columbus.
  const TextSnippet& snippet = *found[0].snippet;
  EXPECT_GT(snippet.excerpt.begin, columbus);
  EXPECT_EQ(snippet.excerpt.end, text.size() - 1);
  EXPECT_EQ(Highlighted(text, found[0]), (std::vector<std::string>{"Columbus", "Villa"}));
  const std::string excerpt = text.substr(snippet.excerpt.begin, snippet.excerpt.size());
  EXPECT_EQ(excerpt.rfind("more", 0), 0u) << excerpt;
}

TEST_F(TextSearchTest, AVersion2CatalogueGetsItsTextsIndexedWhenMigrated) {
  ASSERT_TRUE(Catalogue::Create(path_).ok());
  {
    auto catalogue = OpenWriter();
    Store(*catalogue, texts_);
  }
  {  // Version 2: without document_text and documents_by_metadata (version 3),
     // the copy edges (version 4) and watches (version 5).
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(path_.c_str(), &db), SQLITE_OK);
    ASSERT_EQ(sqlite3_exec(db,
                           "DROP TABLE document_text; DROP INDEX documents_by_metadata; "
                           "DROP TABLE copy_edges; DROP TABLE copy_edges_state; "
                           "DROP TABLE watches; DROP TABLE alerts; "
                           "PRAGMA user_version = 2",
                           nullptr, nullptr, nullptr),
              SQLITE_OK);
    sqlite3_close(db);
  }
  EXPECT_EQ(*Catalogue::IsOlder(path_), true);
  EXPECT_EQ(Catalogue::Open(path_, Catalogue::Mode::kReadOnly).status().code(),
            Status::Code::kUnsupported);
  auto catalogue = OpenWriter();
  EXPECT_EQ(*Catalogue::IsOlder(path_), false);
  const auto found = Find(*catalogue, "genève");
  ASSERT_EQ(Ids(found), std::vector<uint32_t>{2});
  EXPECT_EQ(Highlighted(texts_[1], found[0]), std::vector<std::string>{"Genève"});
  // Documents added after the migration are indexed as they are stored.
  Store(*catalogue, {"Geneve again, without its accent."});
  // The shorter text ranks first by bm25.
  EXPECT_EQ(Ids(Find(*catalogue, "geneve")), (std::vector<uint32_t>{4, 2}));
  // An aborted run leaves nothing in the index either.
  auto run = catalogue->BeginRun("add");
  ASSERT_TRUE(catalogue->InsertDocument(5, Input("Geneve thrice", "X"), "x", *run, {}).ok());
  catalogue->AbortRun();
  EXPECT_EQ(Ids(Find(*catalogue, "geneve")), (std::vector<uint32_t>{4, 2}));
}

TEST(EditCodec, RoundTripsAndRejectsDamage) {
  const std::vector<Edit> edits = {{EditOp::kEqual, {0, 10}, {5, 15}, 2, 2},
                                   {EditOp::kInsert, {10, 10}, {15, 30}, 0, 3},
                                   {EditOp::kDelete, {11, 20}, {31, 31}, 2, 0}};
  const std::string blob = EncodeEdits(edits);
  auto back = DecodeEdits(blob);
  ASSERT_TRUE(back.ok());
  ASSERT_EQ(back->size(), 3u);
  EXPECT_EQ((*back)[1].op, EditOp::kInsert);
  EXPECT_EQ((*back)[2].a, (ByteRange{11, 20}));
  EXPECT_EQ((*back)[1].b_tokens, 3u);
  EXPECT_FALSE(DecodeEdits(blob.substr(1)).ok());
  std::string bad_op = blob;
  bad_op[0] = 9;
  EXPECT_FALSE(DecodeEdits(bad_op).ok());
}

}  // namespace
}  // namespace stemma::store
