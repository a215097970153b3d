// One small fixture per attribution pattern, written for these tests, and
// the sentences that must give none.
#include "provenance/attribution.h"

#include <gtest/gtest.h>

#include <string>
#include <string_view>
#include <vector>

namespace stemma::provenance {
namespace {

std::string Bytes(std::string_view text, ByteRange range) {
  return std::string(text.substr(range.begin, range.size()));
}

// "clause | source_text | cue", then " | quote=..." or " | other=..." when set.
std::vector<std::string> Describe(std::string_view text) {
  std::vector<std::string> lines;
  for (const Attribution& a : FindAttributions(text)) {
    std::string line = Bytes(text, a.clause) + " | " + a.source_text + " | " + Bytes(text, a.cue);
    if (a.kind == Attribution::Kind::kQuotation) line += " | quote=" + Bytes(text, a.quote);
    if (a.other_party.size() > 0) line += " | other=" + Bytes(text, a.other_party);
    lines.push_back(line);
  }
  return lines;
}

using Lines = std::vector<std::string>;

TEST(Attribution, SourceThenVerbWithTimeAndStatement) {
  EXPECT_EQ(Describe("The port authority said in a statement on Tuesday that cranes were idle."),
            Lines{"The port authority said in a statement on Tuesday | port authority | said"});
  EXPECT_EQ(Describe("Reuters reported the merger on Friday."),
            Lines{"Reuters reported | Reuters | reported"});
  EXPECT_EQ(Describe("The Defence Ministry has also stated that drills will go on."),
            Lines{"The Defence Ministry has also stated | Defence Ministry | stated"});
}

TEST(Attribution, TitlesAndJointsBelongToTheSource) {
  EXPECT_EQ(Describe("Chinese Ambassador Zhang Xiao said the visit went well."),
            Lines{"Chinese Ambassador Zhang Xiao said | Chinese Ambassador Zhang Xiao | said"});
  EXPECT_EQ(
      Describe("Prices fell, the Central Bank of Ruritania announced."),
      Lines{"the Central Bank of Ruritania announced | Central Bank of Ruritania | announced"});
  EXPECT_EQ(Describe("The U.S. Embassy said the office was shut."),
            Lines{"The U.S. Embassy said | U.S. Embassy | said"});
  EXPECT_EQ(Describe("Fares will rise, state-run media reported."),
            Lines{"state-run media reported | state-run media | reported"});
}

TEST(Attribution, VerbThenSource) {
  EXPECT_EQ(Describe("The ferry will resume next week, said Maria Lopez."),
            Lines{"said Maria Lopez | Maria Lopez | said"});
  EXPECT_EQ(Describe("Harvests were poor, said analysts.Rain came late."),
            Lines{"said analysts | analysts | said"});
  // A lower-case title before the head noun, then where and when it was said.
  EXPECT_EQ(Describe("Rules stay for a year, said the deputy minister at a press conference on "
                     "Tuesday."),
            Lines{"said the deputy minister at a press conference on Tuesday | deputy minister | "
                  "said"});
  EXPECT_EQ(Describe("Rules stay for a year, said the ambassador on Wednesday."),
            Lines{"said the ambassador on Wednesday | ambassador | said"});
  EXPECT_EQ(
      Describe("Rules stay, the vice foreign minister told reporters in a briefing."),
      Lines{"the vice foreign minister told reporters in a briefing | vice foreign minister | "
            "told | other=reporters"});
}

TEST(Attribution, ToldNamesTheAddressee) {
  EXPECT_EQ(Describe("Dmitri Orlov told the Baltic Herald on Sunday that he would run."),
            Lines{"Dmitri Orlov told the Baltic Herald on Sunday | Dmitri Orlov | told | "
                  "other=the Baltic Herald"});
  EXPECT_EQ(
      Describe("Anna Berg, a spokeswoman for the harbour, told reporters the ships were late."),
      Lines{"Anna Berg, a spokeswoman for the harbour, told reporters | Anna Berg | told | "
            "other=reporters"});
}

TEST(Attribution, AppositivesAndPlainNounSubjects) {
  EXPECT_EQ(
      Describe("A harbour spokesman, who asked not to be named, said two ships sank."),
      Lines{"A harbour spokesman, who asked not to be named, said | harbour spokesman | said"});
  EXPECT_EQ(Describe("After the hearing, the senator denied the charges."),
            Lines{"the senator denied | senator | denied"});
  EXPECT_EQ(Describe("Fishermen told stories of storms. The court told the firm to pay."), Lines{});
}

TEST(Attribution, QuotedAsSaying) {
  EXPECT_EQ(Describe("The agency quoted Mayor Tom Reed as saying the bridge was safe."),
            Lines{"The agency quoted Mayor Tom Reed as saying | agency | quoted | "
                  "other=Mayor Tom Reed"});
}

TEST(Attribution, AccordingTo) {
  std::string_view text = "Prices rose, according to the Central Statistics Office.";
  std::vector<Attribution> found = FindAttributions(text);
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].kind, Attribution::Kind::kAccordingTo);
  EXPECT_EQ(Bytes(text, found[0].clause), ", according to the Central Statistics Office");
  EXPECT_EQ(found[0].source_text, "Central Statistics Office");
  EXPECT_EQ(Bytes(text, found[0].cue), "according to");
  EXPECT_EQ(Describe("According to local police, the fire began at night."),
            Lines{"According to local police | local police | According to"});
  EXPECT_EQ(Describe("The mill closed, according to people familiar with the plan."),
            Lines{", according to people familiar with the plan | people familiar with the plan | "
                  "according to"});
}

TEST(Attribution, ParticipleTakesTheSentenceSubject) {
  EXPECT_EQ(Describe("City officials closed the park, saying the trees were unsafe."),
            Lines{"City officials closed the park, saying | City officials | saying"});
  EXPECT_EQ(Describe("Lena Ortiz said the vote was fair, adding that turnout was high."),
            Lines{"Lena Ortiz said | Lena Ortiz | said"});
}

TEST(Attribution, QuotationsCurlyAndStraight) {
  EXPECT_EQ(Describe("\xE2\x80\x9CWe are ready,\xE2\x80\x9D the spokesperson said."),
            Lines{"the spokesperson said | spokesperson | said | quote=We are ready"});
  EXPECT_EQ(Describe("\xE2\x80\x9C"
                     "Enough,\xE2\x80\x9D said Paulo Reis."),
            Lines{"said Paulo Reis | Paulo Reis | said | quote=Enough"});
  EXPECT_EQ(Describe("Officials said: \"The road is closed.\""),
            Lines{"Officials said | Officials | said | quote=The road is closed."});
  EXPECT_EQ(Describe("\"It is over,\" he said."), Lines{"he said | he | said | quote=It is over"});
}

TEST(Attribution, PronounsResolveToTheLastPerson) {
  std::string_view text =
      "Carla Novak said the line was busy. The ministry said nothing new. Later she said it "
      "had cleared.";
  std::vector<Attribution> found = FindAttributions(text);
  ASSERT_EQ(found.size(), 2u);
  EXPECT_EQ(found[1].source_text, "she");
  EXPECT_EQ(found[1].resolved_source, "Carla Novak");
  EXPECT_EQ(found[0].resolved_source, "");
}

TEST(Attribution, NotAttributions) {
  for (std::string_view text : {
           "He said nothing about the plan.",
           "The said agreement was signed in May.",
           "The so-called experts left early.",
           "It is said to be cold in the hills.",
           "The crowd chanted \xE2\x80\x9C"
           "freedom\xE2\x80\x9D all night.",
           "Having said that, the bridge stays open.",
           "The stated goal is growth.",
           "said",
           ", according to",
       }) {
    EXPECT_EQ(Describe(text), Lines{}) << text;
  }
}

TEST(Attribution, VerbsInsideQuotationsAreNotClauses) {
  EXPECT_EQ(Describe("\xE2\x80\x9CThey said it would rain,\xE2\x80\x9D Omar Haddad said."),
            Lines{"Omar Haddad said | Omar Haddad | said | quote=They said it would rain"});
}

TEST(Attribution, EmptyAndInvalidInputDoNotCrash) {
  EXPECT_TRUE(FindAttributions("").empty());
  std::string junk = "\xFF\xFE Officials said \xC3 the \x80 vote was fair.\xE2\x80";
  std::vector<Attribution> found = FindAttributions(junk);
  for (const Attribution& a : found) {
    EXPECT_LE(a.clause.end, junk.size());
    EXPECT_LE(a.clause.begin, a.source.begin);
  }
  std::string quotes(1000, '"');
  EXPECT_TRUE(FindAttributions(quotes).empty());
  std::string unclosed = "\xE2\x80\x9CNo end in sight, Wang said";
  EXPECT_EQ(FindAttributions(unclosed).size(), 1u);
}

TEST(Attribution, OffsetsPointAtTheSourceWords) {
  std::string_view text = "Rain fell.\n\nThe Weather Office said on Monday that it would stop.";
  std::vector<Attribution> found = FindAttributions(text);
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(Bytes(text, found[0].source), "The Weather Office");
  EXPECT_EQ(Bytes(text, found[0].cue), "said");
  EXPECT_EQ(found[0].kind, Attribution::Kind::kReporting);
  EXPECT_EQ(found[0].quote.size(), 0u);
  EXPECT_EQ(AttributionKindName(found[0].kind), "reporting");
}

}  // namespace
}  // namespace stemma::provenance
