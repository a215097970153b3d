#include "passage_json.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

namespace stemma::cli {
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

}  // namespace
}  // namespace stemma::cli
