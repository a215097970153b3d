// The generator's own guarantees, on small texts written for these tests.
#include "provenance/copy_generator.h"

#include <string>
#include <vector>

#include "common/dates.h"
#include "gtest/gtest.h"
#include "provenance/copy_tree.h"

namespace stemma::copygen {
namespace {

TEST(CopyGenerator, IsDeterministicAndDatesFollowParents) {
  const std::string root =
      "The harbour reopened on Monday, officials said. Ships queued for hours. "
      "According to the port authority, cranes were idle. ### Traders said that prices rose. "
      "“We are ready,” the mayor said. Fishermen waited. The storm passed. Rain fell. "
      "Roads were closed. Schools shut early. Buses ran late. Power came back at noon.";
  const std::vector<std::string> others{
      "Wheat prices climbed in Chicago as dry weather hurt crops across Kansas farms. "
      "Analysts expected further gains before the harvest season began in earnest."};
  CopyGeneratorOptions options;
  options.drop_attribution_share = 1;
  const CopyFamily first = GenerateCopyFamily(root, others, 7, options);
  const CopyFamily second = GenerateCopyFamily(root, others, 7, options);
  ASSERT_EQ(first.documents.size(), options.copies + 1);
  for (size_t index = 0; index < first.documents.size(); ++index) {
    const CopyDocument& document = first.documents[index];
    EXPECT_EQ(document.text, second.documents[index].text);
    EXPECT_NE(document.text, index == 0 ? "" : first.documents[document.parent].text);
    if (index == 0) continue;
    const auto child = ParseIsoTime(document.true_published_at);
    const auto parent = ParseIsoTime(first.documents[document.parent].true_published_at);
    ASSERT_TRUE(child && parent) << document.true_published_at;
    EXPECT_GE(child->begin, parent->end);
    EXPECT_LE(document.depth, options.max_depth);
  }
  EXPECT_EQ(CountDroppableAttributions(root), 4u);
  EXPECT_FALSE(first.dropped.empty());
}

TEST(CopyGenerator, SplitsSentencesAtStopsAndParagraphMarks) {
  const std::string text = "One two. “Three,” four said. ### Five? Six\nseven";
  std::vector<std::string> sentences;
  for (const ByteRange& range : SplitSentences(text)) {
    sentences.push_back(text.substr(range.begin, range.size()));
  }
  EXPECT_EQ(sentences,
            (std::vector<std::string>{"One two.", "“Three,” four said.", "Five?", "Six\nseven"}));
}

}  // namespace
}  // namespace stemma::copygen
