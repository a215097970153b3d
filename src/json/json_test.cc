// The one serialisation of results (include/stemma/json.h): the documented
// fields in order, valid JSON whatever the bytes, and null where a value is missing.
#include "stemma/json.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "stemma/graphml.h"

namespace stemma::json {
namespace {

Passage TwoRunPassage() {
  Passage passage;
  passage.a = {{10, 30}, 2, 4};
  passage.b = {{0, 25}, 0, 5};
  passage.matched_tokens = 4;
  passage.score = 3.5;
  passage.identity = 0.8;
  passage.edits = {{EditOp::kEqual, {10, 30}, {0, 20}, 4, 4},
                   {EditOp::kInsert, {30, 30}, {21, 25}, 0, 1}};
  return passage;
}

TEST(PassageJson, WritesTheDocumentedFieldsInOrder) {
  EXPECT_EQ(PassageJson(TwoRunPassage(), "a.txt", "b.txt"),
            R"({"a":{"doc":"a.txt","begin":10,"end":30,"tokens":4},)"
            R"("b":{"doc":"b.txt","begin":0,"end":25,"tokens":5},)"
            R"("matched_tokens":4,"identity":0.8,"score":3.5,)"
            R"("edits":[{"op":"equal","a":[10,30],"b":[0,20]},)"
            R"({"op":"insert","a":[30,30],"b":[21,25]}]})");
}

TEST(PassageJson, WritesWholeRatiosWithAFraction) {
  Passage passage = TwoRunPassage();
  passage.identity = 1.0;
  passage.score = 40.0;
  const auto record = PassageJson(passage, "a", "b");
  EXPECT_NE(record.find(R"("identity":1.0,"score":40.0)"), std::string::npos) << record;
}

TEST(PassageJson, EscapesPathsAndReplacesInvalidUtf8) {
  const auto record =
      nlohmann::json::parse(PassageJson(TwoRunPassage(), "dir/\"quoted\"\t\xff.txt", "Ünï.txt"));
  EXPECT_EQ(record["a"]["doc"], "dir/\"quoted\"\t\xEF\xBF\xBD.txt");
  EXPECT_EQ(record["b"]["doc"], "Ünï.txt");
}

TEST(PassageJson, LeavesOutTheNamesWhenThereAreNone) {
  const auto record = nlohmann::json::parse(PassageJson(TwoRunPassage()));
  EXPECT_FALSE(record["a"].contains("doc"));
  EXPECT_EQ(record["a"]["begin"], 10);
  EXPECT_EQ(record["edits"][1]["b"], nlohmann::json({21, 25}));
}

CorpusDocument StoredDocument() {
  CorpusDocument document;
  document.id = 7;
  document.external_id = "ap-1";
  document.outlet = "AP";
  document.published_at = "2022-01-10";
  document.byte_length = 120;
  document.sha256 = "ab";
  document.metadata_json = R"({"section":"world"})";
  document.family = 3;
  document.boilerplate = {{100, 120}};
  return document;
}

TEST(SeenPassageJson, PutsTheOtherDocumentAndFamilyFirstAndNamesTheSidesThisAndThat) {
  const std::string line = SeenPassageJson(TwoRunPassage(), StoredDocument(), 0);
  const auto record = nlohmann::ordered_json::parse(line);
  EXPECT_EQ(record.begin().key(), "other");
  EXPECT_EQ(record["other"]["duplicate_of"], 3);
  EXPECT_TRUE(record["family"].is_null());
  EXPECT_EQ(record["this"]["begin"], 10);
  EXPECT_EQ(record["edits"][0]["that"], nlohmann::json({0, 20}));
}

TEST(DocumentJson, WritesMissingTextsAsNullAndMetadataAsAnObject) {
  const auto record = nlohmann::json::parse(DocumentJson(StoredDocument()));
  EXPECT_TRUE(record["url"].is_null());
  EXPECT_TRUE(record["title"].is_null());
  EXPECT_EQ(record["published_at"], "2022-01-10");
  EXPECT_EQ(record["metadata"]["section"], "world");
  EXPECT_EQ(record["boilerplate"], nlohmann::json::array({{100, 120}}));
  EXPECT_EQ(record["duplicate_of"], 3);

  CorpusDocument first = StoredDocument();
  first.family = first.id;
  first.metadata_json = "not json";
  first.published_at.reset();
  const auto own = nlohmann::json::parse(DocumentJson(first));
  EXPECT_TRUE(own["duplicate_of"].is_null()) << "the first of its text copies nobody";
  EXPECT_EQ(own["metadata"], nlohmann::json::object());
  EXPECT_TRUE(own["published_at"].is_null());
}

TEST(DocumentJson, ExportRecordIsTheDocumentWithItsTypeAndText) {
  auto record = nlohmann::ordered_json::parse(
      DocumentRecordJson(StoredDocument(), "line one\nline \xff two"));
  EXPECT_EQ(record.begin().key(), "type");
  EXPECT_EQ(record["type"], "document");
  EXPECT_EQ(record["text"], "line one\nline \xEF\xBF\xBD two");
  auto document = nlohmann::ordered_json::parse(DocumentJson(StoredDocument()));
  record.erase("type");
  record.erase("text");
  EXPECT_EQ(record, document);
}

TEST(DocumentPageJson, GivesSnippetsOnlyToAQueryWithWords) {
  DocumentPage page;
  page.documents = {StoredDocument()};
  page.snippets = {TextSnippet{{4, 20}, "Kazakh text", {{4, 10}}}};
  page.total = 9;
  DocumentQuery query;
  query.limit = 1;
  auto listed = nlohmann::json::parse(DocumentPageJson(page, query));
  EXPECT_FALSE(listed["documents"][0].contains("snippet"));
  EXPECT_EQ(listed["total"], 9);
  query.contains = "kazakh";
  listed = nlohmann::json::parse(DocumentPageJson(page, query));
  EXPECT_EQ(listed["documents"][0]["snippet"]["highlights"], nlohmann::json::array({{4, 10}}));
  EXPECT_FALSE(listed["documents"][0].contains("sha256")) << "a list holds summaries";
}

TEST(AppendJsonString, EscapesControlsShortAndReplacesEachBadByte) {
  std::string out;
  AppendJsonString("a\tb\nc\x01\xc3\x28", &out);
  EXPECT_EQ(out, "\"a\\tb\\nc\\u0001\xEF\xBF\xBD(\"");
  EXPECT_EQ(nlohmann::json::parse(out), "a\tb\nc\x01\xEF\xBF\xBD(");
}

// Stored titles and outlets are untrusted: markup stays text, and CSV fields
// with commas or quotes are quoted.
TEST(Graphml, EscapesTextAndLeavesOutEmptyValues) {
  FamilyTree tree;
  tree.id = 3;
  FamilyNode root;
  root.document.id = 1;
  root.document.title = "<img src=x> & \"more\"";
  root.document.outlet = "Times";
  FamilyNode copy;
  copy.document.id = 2;
  copy.parent = 1;
  copy.confidence = 0.5;
  copy.changes.push_back(Change{ChangeKind::kAttributionDropped, {}, {}, "the ministry", ""});
  tree.nodes = {root, copy};
  const std::string graphml = FamilyTreeGraphml(tree);
  EXPECT_NE(graphml.find("&lt;img src=x&gt; &amp; &quot;more&quot;"), std::string::npos) << graphml;
  EXPECT_EQ(graphml.find("<img"), std::string::npos);
  EXPECT_NE(graphml.find(R"(<edge source="d1" target="d2">)"), std::string::npos);
  EXPECT_NE(graphml.find(R"(<data key="attribution_dropped">true</data>)"), std::string::npos);
  EXPECT_EQ(graphml.find(R"(<node id="d2"><data key="outlet">)"), std::string::npos)
      << "an empty outlet is left out";

  OutletSummary copier;
  copier.outlet = "Daily, \"News\"";
  copier.sources = {{"Times", 4, 1, {7}}};
  EXPECT_EQ(OutletEdgesCsv({copier}),
            "source,outlet,passages,attribution_dropped\nTimes,\"Daily, \"\"News\"\"\",4,1\n");
}

}  // namespace
}  // namespace stemma::json
