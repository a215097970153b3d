// The Bible acceptance test: King James Version against World English Bible.
//
// The WEB revises the KJV verse by verse, so verse references give exact
// ground truth for aligning rewritten text. Three layers of tests:
//   DiathekeParse   parsing on literal diatheke-like output (no programs);
//   VerseMapping    the verse mapping on a hand-made pair of translations
//                   with hand-made passages (no engine);
//   KjvWebAlignment whole books aligned by the engine, with the figures
//                   printed and the share of verses kept inside their
//                   counterpart held above a floor.
// Tests that need diatheke and its modules skip when they are missing.
#include <cctype>
#include <chrono>
#include <cstdio>
#include <functional>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "bible/bible_text.h"
#include "bible/verse_mapping.h"
#include "gtest/gtest.h"

namespace stemma::bible {
namespace {

// ---------------------------------------------------------------------------
// Parsing diatheke output.

constexpr std::string_view kPlainSample =
    "Genesis 1:1: In the beginning God created the heaven and the earth.\n"
    "Genesis 1:2: \xC2\xB6 And the earth was without form, and void.  \n"
    "Genesis 3:14: Yahweh God said to the serpent,  \xE2\x80\x9C"
    "Because you have done this,\n"
    "you are cursed above all livestock,\n"
    "\n"
    "and above every animal of the field. \n"
    "(engKJV2006eb)\n";

constexpr std::string_view kMarkupSample =
    "Ruth 1:3: And <w savlm=\"strong:H0458\">Elimelech</w> Naomi&#x2019;s "
    "<transChange type=\"added\">was</transChange> husband &amp; died;"
    "<div eID=\"gen47\" type=\"x-p\"/> <l level=\"1\" sID=\"gen49\"/>&lt;Yes&gt;\n"
    "(engKJV2006eb)";

std::vector<Verse> Parse(std::string_view output) {
  Result<std::vector<Verse>> verses = ParseDiatheke(output);
  EXPECT_TRUE(verses.ok()) << verses.status().ToString();
  return verses.ok() ? *verses : std::vector<Verse>{};
}

TEST(DiathekeParse, ReadsOneVersePerReference) {
  const std::vector<Verse> verses = Parse(kPlainSample);
  ASSERT_EQ(verses.size(), 3u);
  EXPECT_EQ(verses[0].reference, "Genesis 1:1");
  EXPECT_EQ(verses[1].reference, "Genesis 1:2");
  EXPECT_EQ(verses[2].reference, "Genesis 3:14");
  EXPECT_EQ(verses[0].text, "In the beginning God created the heaven and the earth.");
}

TEST(DiathekeParse, DropsParagraphMarkAndTrailingSpace) {
  EXPECT_EQ(Parse(kPlainSample)[1].text, "And the earth was without form, and void.");
}

TEST(DiathekeParse, JoinsWrappedLinesOfAVerse) {
  EXPECT_EQ(Parse(kPlainSample)[2].text,
            "Yahweh God said to the serpent, \xE2\x80\x9C"
            "Because you have done this, you are cursed above all livestock, and above every "
            "animal of the field.");
}

TEST(DiathekeParse, StripsMarkupAndDecodesEntities) {
  const std::vector<Verse> verses = Parse(kMarkupSample);
  ASSERT_EQ(verses.size(), 1u);
  EXPECT_EQ(verses[0].text, "And Elimelech Naomi\xE2\x80\x99s was husband & died; <Yes>");
}

TEST(DiathekeParse, KeepsUnknownAndMalformedEntities) {
  EXPECT_EQ(CleanVerseText("a &nbsp; b &#xZZ; c &#0; d & e"), "a &nbsp; b &#xZZ; c &#0; d & e");
  EXPECT_EQ(CleanVerseText("&#233;&#x1F600;"), "\xC3\xA9\xF0\x9F\x98\x80");
}

TEST(DiathekeParse, ReadsBookNamesWithSpaces) {
  const std::vector<Verse> verses = Parse(
      "Song of Solomon 1:1: The song of songs.\n"
      "I Samuel 12:10: And they cried unto the LORD: and said.\n");
  ASSERT_EQ(verses.size(), 2u);
  EXPECT_EQ(verses[0].reference, "Song of Solomon 1:1");
  EXPECT_EQ(verses[1].reference, "I Samuel 12:10");
  EXPECT_EQ(verses[1].text, "And they cried unto the LORD: and said.");
}

TEST(DiathekeParse, ReadsVerseWhoseTextStartsOnTheNextLine) {
  const std::vector<Verse> verses = Parse("Psalms 23:1:\nThe LORD is my shepherd;\n");
  ASSERT_EQ(verses.size(), 1u);
  EXPECT_EQ(verses[0].text, "The LORD is my shepherd;");
}

TEST(DiathekeParse, StopsAtTheModuleLine) {
  EXPECT_TRUE(Parse("(engWEB2015eb)\n").empty());
  EXPECT_EQ(Parse("Ruth 1:1: Text.\n(engWEB2015eb)\nRuth 1:2: Not read.\n").size(), 1u);
}

TEST(DiathekeParse, RejectsTextBeforeTheFirstVerse) {
  Result<std::vector<Verse>> verses = ParseDiatheke("\nstray line\nRuth 1:1: Text.\n");
  ASSERT_FALSE(verses.ok());
  EXPECT_EQ(verses.status().code(), Status::Code::kCorruption);
}

TEST(JoinVerses, JoinsTextsWithNewlinesAndRecordsRanges) {
  const BibleDocument document =
      JoinVerses({{"Ruth 1:1", "In the days"}, {"Ruth 1:2", ""}, {"Ruth 1:3", "Elimelech died."}});
  EXPECT_EQ(document.text, "In the days\n\nElimelech died.");
  ASSERT_EQ(document.verses.size(), 3u);
  EXPECT_EQ(document.verses[0].bytes, (ByteRange{0, 11}));
  EXPECT_EQ(document.verses[1].bytes, (ByteRange{12, 12}));
  EXPECT_EQ(document.verses[2].reference, "Ruth 1:3");
  const ByteRange third = document.verses[2].bytes;
  EXPECT_EQ(document.text.substr(third.begin, third.size()), "Elimelech died.");
}

// ---------------------------------------------------------------------------
// The verse mapping on hand-made translations and passages.

// Tokens as the engine would give them for plain ASCII: runs of letters,
// keyed by their lower-case form.
std::vector<Token> Words(std::string_view text) {
  std::vector<Token> tokens;
  for (uint32_t pos = 0; pos < text.size();) {
    if (!std::isalpha(static_cast<unsigned char>(text[pos]))) {
      ++pos;
      continue;
    }
    Token token{pos, pos, 0};
    std::string lower;
    for (; token.end < text.size() && std::isalpha(static_cast<unsigned char>(text[token.end]));
         ++token.end) {
      lower += static_cast<char>(std::tolower(static_cast<unsigned char>(text[token.end])));
    }
    token.key = std::hash<std::string>{}(lower);
    tokens.push_back(token);
    pos = token.end;
  }
  return tokens;
}

// Builds a passage run by run from token counts; byte ranges come from the tokens.
class PassageBuilder {
 public:
  PassageBuilder(const std::vector<Token>& a, uint32_t a_first, const std::vector<Token>& b,
                 uint32_t b_first)
      : a_(a), b_(b), a_next_(a_first), b_next_(b_first) {
    passage_.a.first_token = a_first;
    passage_.b.first_token = b_first;
  }

  PassageBuilder& Run(EditOp op, uint32_t a_count, uint32_t b_count) {
    passage_.edits.push_back(
        {op, Range(a_, a_next_, a_count), Range(b_, b_next_, b_count), a_count, b_count});
    if (op == EditOp::kEqual) passage_.matched_tokens += a_count;
    a_next_ += a_count;
    b_next_ += b_count;
    return *this;
  }

  Passage Build() {
    passage_.a.tokens = a_next_ - passage_.a.first_token;
    passage_.b.tokens = b_next_ - passage_.b.first_token;
    passage_.a.bytes = {passage_.edits.front().a.begin, passage_.edits.back().a.end};
    passage_.b.bytes = {passage_.edits.front().b.begin, passage_.edits.back().b.end};
    return passage_;
  }

 private:
  // An empty range sits just after the token before it.
  static ByteRange Range(const std::vector<Token>& tokens, uint32_t first, uint32_t count) {
    if (count > 0) return {tokens[first].begin, tokens[first + count - 1].end};
    const uint32_t at = first == 0 ? 0 : tokens[first - 1].end;
    return {at, at};
  }

  const std::vector<Token>& a_;
  const std::vector<Token>& b_;
  uint32_t a_next_;
  uint32_t b_next_;
  Passage passage_;
};

// Three verses, tokens numbered: a has 10 + 8 + 11, b has 10 + 6 + 10.
class VerseMappingTest : public ::testing::Test {
 protected:
  VerseMappingTest()
      : kjv_(JoinVerses({{"Gen 1:1", "In the beginning God created the heaven and the earth."},
                         {"Gen 1:2", "And the earth was without form, and void."},
                         {"Gen 1:3", "And God said, Let there be light: and there was light."}})),
        web_(JoinVerses({{"Gen 1:1", "In the beginning, God created the heavens and the earth."},
                         {"Gen 1:2", "The earth was formless and empty."},
                         {"Gen 1:3", "God said, \"Let there be light,\" and there was light."}})),
        kjv_tokens_(Words(kjv_.text)),
        web_tokens_(Words(web_.text)) {}

  PassageBuilder Passage(uint32_t a_first, uint32_t b_first) {
    return PassageBuilder(kjv_tokens_, a_first, web_tokens_, b_first);
  }

  // The whole pair as one passage, as an aligner should find it.
  stemma::Passage WholeBook() {
    return Passage(0, 0)
        .Run(EditOp::kEqual, 6, 6)
        .Run(EditOp::kSubstitute, 1, 1)  // heaven -> heavens
        .Run(EditOp::kEqual, 3, 3)
        .Run(EditOp::kDelete, 1, 0)  // And
        .Run(EditOp::kEqual, 3, 3)
        .Run(EditOp::kSubstitute, 2, 1)  // without form -> formless
        .Run(EditOp::kEqual, 1, 1)
        .Run(EditOp::kSubstitute, 1, 1)  // void -> empty
        .Run(EditOp::kDelete, 1, 0)      // And
        .Run(EditOp::kEqual, 10, 10)
        .Build();
  }

  VerseMappingReport Map(const std::vector<stemma::Passage>& passages) {
    return MapVerses(kjv_, kjv_tokens_, web_, web_tokens_, passages);
  }

  std::vector<VerseOutcome> Outcomes(const VerseMappingReport& report) {
    std::vector<VerseOutcome> outcomes;
    for (const VerseAlignment& alignment : report.per_verse) outcomes.push_back(alignment.outcome);
    return outcomes;
  }

  BibleDocument kjv_;
  BibleDocument web_;
  std::vector<Token> kjv_tokens_;
  std::vector<Token> web_tokens_;
};

TEST_F(VerseMappingTest, TinyPairHasTheTokensTheTestsCount) {
  ASSERT_EQ(kjv_tokens_.size(), 29u);
  ASSERT_EQ(web_tokens_.size(), 26u);
}

TEST_F(VerseMappingTest, EqualAndSubstituteRunsKeepEveryVerseInside) {
  const VerseMappingReport report = Map({WholeBook()});
  EXPECT_EQ(report.verses, 3u);
  EXPECT_EQ(report.aligned, 3u);
  EXPECT_EQ(report.inside, 3u);
  EXPECT_DOUBLE_EQ(report.share(), 1.0);
  const VerseAlignment& first = report.per_verse[0];
  EXPECT_EQ(first.tokens, 10u);
  EXPECT_EQ(first.mapped_tokens, 10u);
  EXPECT_EQ(first.span, (ByteRange{web_tokens_[0].begin, web_tokens_[9].end}));
}

TEST_F(VerseMappingTest, DeletedTokensMapToNothing) {
  const VerseMappingReport report = Map({WholeBook()});
  EXPECT_EQ(report.per_verse[1].tokens, 8u);
  EXPECT_EQ(report.per_verse[1].mapped_tokens, 7u);  // "And" was deleted
  EXPECT_EQ(report.per_verse[1].span, (ByteRange{web_tokens_[10].begin, web_tokens_[15].end}));
}

TEST_F(VerseMappingTest, SubstituteMapsToItsWholeRange) {
  const stemma::Passage passage =
      Passage(11, 10)
          .Run(EditOp::kEqual, 1, 1)       // the -> The
          .Run(EditOp::kSubstitute, 1, 3)  // earth -> earth was formless
          .Run(EditOp::kEqual, 1, 1)       // was -> and
          .Build();
  const VerseMappingReport report = Map({passage});
  EXPECT_EQ(report.per_verse[1].span, (ByteRange{web_tokens_[10].begin, web_tokens_[14].end}));
  EXPECT_EQ(report.per_verse[1].outcome, VerseOutcome::kInside);
}

TEST_F(VerseMappingTest, VerseOutsideEveryPassageIsUnaligned) {
  const stemma::Passage first = Passage(0, 0)
                                    .Run(EditOp::kEqual, 6, 6)
                                    .Run(EditOp::kSubstitute, 1, 1)
                                    .Run(EditOp::kEqual, 3, 3)
                                    .Build();
  const stemma::Passage third = Passage(19, 16).Run(EditOp::kEqual, 10, 10).Build();
  const VerseMappingReport report = Map({first, third});
  EXPECT_EQ(report.aligned, 2u);
  EXPECT_EQ(report.inside, 2u);
  EXPECT_EQ(Outcomes(report),
            (std::vector<VerseOutcome>{VerseOutcome::kInside, VerseOutcome::kUnaligned,
                                       VerseOutcome::kInside}));
  EXPECT_NEAR(report.share(), 2.0 / 3.0, 1e-12);
}

TEST_F(VerseMappingTest, UnequalSubstituteMapsProportionallyAndCanSpill) {
  const stemma::Passage passage = Passage(0, 0)
                                      .Run(EditOp::kEqual, 6, 6)
                                      .Run(EditOp::kSubstitute, 1, 1)
                                      .Run(EditOp::kEqual, 2, 2)
                                      .Run(EditOp::kSubstitute, 3, 2)  // earth And the -> earth The
                                      .Run(EditOp::kEqual, 2, 2)       // earth was
                                      .Build();
  // earth -> earth, And -> earth (verse 1 of WEB: a spill), the -> The.
  const VerseMappingReport report = Map({passage});
  EXPECT_EQ(Outcomes(report),
            (std::vector<VerseOutcome>{VerseOutcome::kInside, VerseOutcome::kSpills,
                                       VerseOutcome::kUnaligned}));
  EXPECT_EQ(report.aligned, 2u);
  EXPECT_EQ(report.inside, 1u);
}

TEST_F(VerseMappingTest, VerseLandingInAnotherVerseIsElsewhere) {
  const stemma::Passage passage = Passage(11, 8).Run(EditOp::kEqual, 2, 2).Build();
  const VerseMappingReport report = Map({passage});
  EXPECT_EQ(report.per_verse[1].outcome, VerseOutcome::kElsewhere);
  EXPECT_EQ(report.aligned, 1u);
  EXPECT_EQ(report.inside, 0u);
}

TEST_F(VerseMappingTest, SpanComesFromThePassageCarryingMostOfTheVerse) {
  // A second, spurious passage also carries "the earth" of verse 1 into verse 2.
  const stemma::Passage repeat = Passage(8, 10).Run(EditOp::kEqual, 2, 2).Build();
  for (const auto& passages : {std::vector<stemma::Passage>{WholeBook(), repeat},
                               std::vector<stemma::Passage>{repeat, WholeBook()}}) {
    const VerseMappingReport report = Map(passages);
    EXPECT_EQ(report.per_verse[0].outcome, VerseOutcome::kInside);
    EXPECT_EQ(report.per_verse[0].mapped_tokens, 10u);
    EXPECT_EQ(report.inside, 3u);
  }
}

TEST_F(VerseMappingTest, ASpuriousPassageAloneStillCounts) {
  const stemma::Passage repeat = Passage(8, 10).Run(EditOp::kEqual, 2, 2).Build();
  const VerseMappingReport report = Map({repeat});
  EXPECT_EQ(report.per_verse[0].outcome, VerseOutcome::kElsewhere);
  EXPECT_EQ(report.per_verse[0].mapped_tokens, 2u);
}

TEST_F(VerseMappingTest, VerseWithoutCounterpartIsElsewhere) {
  web_.verses[2].reference = "Gen 1:4";
  const VerseMappingReport report = Map({WholeBook()});
  EXPECT_EQ(report.per_verse[2].outcome, VerseOutcome::kElsewhere);
  EXPECT_EQ(report.inside, 2u);
}

TEST_F(VerseMappingTest, NoPassagesAlignNothing) {
  const VerseMappingReport report = Map({});
  EXPECT_EQ(report.verses, 3u);
  EXPECT_EQ(report.aligned, 0u);
  EXPECT_EQ(report.share(), 0.0);
  EXPECT_EQ(report.Count(VerseOutcome::kUnaligned), 3u);
}

TEST_F(VerseMappingTest, SummaryAndDescriptionNameTheFigures) {
  const VerseMappingReport report = Map({WholeBook()});
  EXPECT_EQ(Summary(report),
            "verses 3  aligned 3  inside 3  share 1.000  (unaligned 0, spills 0, elsewhere 0)");
  EXPECT_EQ(DescribeVerse(kjv_, web_, report.per_verse[1], 12),
            "Gen 1:2: inside (7/8 tokens mapped) -> Gen 1:2 .. Gen 1:2\n"
            "    a: And the eart...\n"
            "    b: The earth wa...");
}

// ---------------------------------------------------------------------------
// Real books through diatheke, then through the engine.

Status CheckBothModules() {
  STEMMA_RETURN_IF_ERROR(CheckDiatheke(kKjvModule));
  return CheckDiatheke(kWebModule);
}

class DiathekeBooks : public ::testing::Test {
 protected:
  void SetUp() override {
    const Status status = CheckBothModules();
    if (!status.ok())
      GTEST_SKIP() << "needs diatheke with its KJV and WEB modules: " << status.ToString();
  }
};

void ExpectSameVerses(const char* book, size_t verses) {
  SCOPED_TRACE(book);
  Result<BibleDocument> kjv = LoadBook(kKjvModule, book);
  Result<BibleDocument> web = LoadBook(kWebModule, book);
  ASSERT_TRUE(kjv.ok()) << kjv.status().ToString();
  ASSERT_TRUE(web.ok()) << web.status().ToString();
  ASSERT_EQ(kjv->verses.size(), verses);
  ASSERT_EQ(web->verses.size(), verses);
  for (size_t verse = 0; verse < verses; ++verse) {
    EXPECT_EQ(web->verses[verse].reference, kjv->verses[verse].reference);
    EXPECT_GT(kjv->verses[verse].bytes.size(), 0u);
    EXPECT_GT(web->verses[verse].bytes.size(), 0u);
  }
  EXPECT_EQ(kjv->text.find('<'), std::string::npos);
  EXPECT_EQ(web->text.find('<'), std::string::npos);
}

TEST_F(DiathekeBooks, BothTranslationsHaveTheSameVerses) {
  ExpectSameVerses("Ruth", 85);
  ExpectSameVerses("Genesis", 1533);
}

TEST_F(DiathekeBooks, VerseTextsCarryNoReferences) {
  Result<BibleDocument> kjv = LoadBook(kKjvModule, "Ruth");
  ASSERT_TRUE(kjv.ok()) << kjv.status().ToString();
  EXPECT_EQ(kjv->text.substr(0, 19), "Now it came to pass");
  EXPECT_EQ(kjv->text.find("Ruth 1:"), std::string::npos);
}

TEST_F(DiathekeBooks, UnknownBookIsNotFound) {
  Result<BibleDocument> book = LoadBook(kKjvModule, "Nosuchbook");
  ASSERT_FALSE(book.ok());
  EXPECT_EQ(book.status().code(), Status::Code::kNotFound);
}

struct BookCase {
  const char* book;
  double floor;  // the share of verses kept inside that the engine must reach
};

void PrintTo(const BookCase& param, std::ostream* out) {
  *out << param.book << " (floor " << param.floor << ")";
}

class KjvWebAlignment : public ::testing::TestWithParam<BookCase> {
 protected:
  void SetUp() override {
    const Status status = CheckBothModules();
    if (!status.ok())
      GTEST_SKIP() << "needs diatheke with its KJV and WEB modules: " << status.ToString();
  }
};

void PrintFailures(const BibleDocument& kjv, const BibleDocument& web,
                   const VerseMappingReport& report, size_t max_shown) {
  size_t shown = 0;
  for (const VerseAlignment& alignment : report.per_verse) {
    if (alignment.outcome == VerseOutcome::kInside || shown == max_shown) continue;
    std::printf("  %s\n", DescribeVerse(kjv, web, alignment).c_str());
    ++shown;
  }
}

TEST_P(KjvWebAlignment, KeepsVersesInsideTheirCounterparts) {
  const BookCase& param = GetParam();
  Result<BibleDocument> kjv = LoadBook(kKjvModule, param.book);
  Result<BibleDocument> web = LoadBook(kWebModule, param.book);
  ASSERT_TRUE(kjv.ok()) << kjv.status().ToString();
  ASSERT_TRUE(web.ok()) << web.status().ToString();

  const auto start = std::chrono::steady_clock::now();
  Result<VerseMappingReport> report = AlignVerses(*kjv, *web);
  const std::chrono::duration<double> elapsed = std::chrono::steady_clock::now() - start;
  ASSERT_TRUE(report.ok()) << report.status().ToString();

  std::printf("%s, KJV vs WEB: %s  in %.3f s\n", param.book, Summary(*report).c_str(),
              elapsed.count());
  PrintFailures(*kjv, *web, *report, 5);
  RecordProperty("verses", static_cast<int>(report->verses));
  RecordProperty("inside", static_cast<int>(report->inside));
  EXPECT_GE(report->share(), param.floor) << Summary(*report);
}

// Floors sit just under what the engine reaches with its default options
// (Ruth 78/85 = 0.918, Genesis 1437/1533 = 0.937); the aim was 0.8. What is
// left is mostly verses the WEB rewords so much that no passage reaches them
// (unaligned), and a few whose mapped span leaks into a neighbour verse.
// Raise a floor when the engine improves; never lower one without knowing why.
INSTANTIATE_TEST_SUITE_P(Books, KjvWebAlignment,
                         ::testing::Values(BookCase{"Ruth", 0.90}, BookCase{"Genesis", 0.92}),
                         [](const ::testing::TestParamInfo<BookCase>& info) {
                           return std::string(info.param.book);
                         });

}  // namespace
}  // namespace stemma::bible
