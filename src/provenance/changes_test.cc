// DescribeChanges on small fixtures written for these tests (one edit of a
// kind per test, aligned with stemma::Compare as the engine would), then on
// a seed article with three known edits.
#include "provenance/changes.h"

#include <gtest/gtest.h>

#include <fstream>
#include <ostream>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "stemma/compare.h"
#include "stemma/text.h"

namespace stemma {

// Readable ranges in failure messages.
void PrintTo(const ByteRange& range, std::ostream* out) {
  *out << "[" << range.begin << ", " << range.end << ")";
}

namespace provenance {
namespace {

// Five sentences: an according-to clause, a quotation with a Cyrillic
// speaker in curly quotes, a plain sentence, a sentence opened by its clause.
const std::string kBase =
    "The harbour stayed closed for a third day on Tuesday as crews cleared the wreck of the "
    "ferry that sank at the pier. Divers found no fuel leak, according to the Coast Guard. "
    "\xE2\x80\x9CWe expect the berths to reopen within a week,\xE2\x80\x9D said Harbour Master "
    "\xD0\x98\xD0\xB2\xD0\xB0\xD0\xBD \xD0\x9F\xD0\xB5\xD1\x82\xD1\x80\xD0\xBE\xD0\xB2. Ships "
    "were sent to the northern terminal, where cranes worked through the night to unload grain "
    "and timber for the mills. Observers said the closure would cost the port dearly, as freight "
    "rates in the region have doubled since spring and traders are looking elsewhere.";
const std::string kSpeaker =
    "said Harbour Master \xD0\x98\xD0\xB2\xD0\xB0\xD0\xBD \xD0\x9F\xD0\xB5\xD1\x82\xD1\x80\xD0\xBE"
    "\xD0\xB2";

constexpr uint32_t kParentId = 7;
constexpr uint32_t kChildId = 9;

std::string Replace(std::string text, std::string_view from, std::string_view to) {
  const size_t at = text.find(from);
  EXPECT_NE(at, std::string::npos) << "fixture has no " << from;
  if (at != std::string::npos) text.replace(at, from.size(), to);
  return text;
}

// The range of the one occurrence of `what` in `text`.
ByteRange Find(std::string_view text, std::string_view what) {
  const size_t at = text.find(what);
  EXPECT_NE(at, std::string_view::npos) << what;
  EXPECT_EQ(at, text.rfind(what)) << "not unique: " << what;
  return {static_cast<uint32_t>(at), static_cast<uint32_t>(at + what.size())};
}

ByteRange Point(uint32_t at) { return {at, at}; }

bool OnBoundary(std::string_view text, uint32_t at) {
  return at == text.size() || (static_cast<unsigned char>(text[at]) & 0xC0) != 0x80;
}

// Ranges inside the texts, on character boundaries, with their bytes as text.
void ExpectWellFormed(const std::vector<Change>& changes, std::string_view parent,
                      std::string_view child) {
  for (const Change& change : changes) {
    for (const auto& [side, text] : {std::pair{&change.parent, parent}, {&change.child, child}}) {
      EXPECT_EQ(side->document, side == &change.parent ? kParentId : kChildId);
      ASSERT_LE(side->bytes.begin, side->bytes.end);
      ASSERT_LE(side->bytes.end, text.size());
      EXPECT_TRUE(OnBoundary(text, side->bytes.begin) && OnBoundary(text, side->bytes.end));
      if (change.kind != ChangeKind::kHeadlineChanged) {
        EXPECT_EQ(side->text, text.substr(side->bytes.begin, side->bytes.size()));
      }
    }
  }
}

std::vector<Change> Describe(std::string_view parent, std::string_view child,
                             std::string_view parent_title = "",
                             std::string_view child_title = "") {
  Result<std::vector<Passage>> alignment = Compare(parent, child);
  EXPECT_TRUE(alignment.ok());
  if (!alignment.ok()) return {};
  std::vector<Change> changes = DescribeChanges({kParentId, parent, parent_title},
                                                {kChildId, child, child_title}, *alignment);
  ExpectWellFormed(changes, parent, child);
  return changes;
}

// "kind: parent text -> child text", for readable failures.
std::vector<std::string> Lines(const std::vector<Change>& changes) {
  std::vector<std::string> lines;
  for (const Change& change : changes) {
    lines.push_back(std::string(ChangeKindName(change.kind)) + ": " + change.parent.text + " -> " +
                    change.child.text);
  }
  return lines;
}

using Strings = std::vector<std::string>;

TEST(ChangeKindName, NamesUsedInOutput) {
  EXPECT_EQ(ChangeKindName(ChangeKind::kAttributionDropped), "attribution_dropped");
  EXPECT_EQ(ChangeKindName(ChangeKind::kAttributionAdded), "attribution_added");
  EXPECT_EQ(ChangeKindName(ChangeKind::kAttributionChanged), "attribution_changed");
  EXPECT_EQ(ChangeKindName(ChangeKind::kSubstitution), "substitution");
  EXPECT_EQ(ChangeKindName(ChangeKind::kSentenceInserted), "sentence_inserted");
  EXPECT_EQ(ChangeKindName(ChangeKind::kSentenceDeleted), "sentence_deleted");
  EXPECT_EQ(ChangeKindName(ChangeKind::kHeadlineChanged), "headline_changed");
}

TEST(DescribeChanges, IdenticalCopyHasNone) {
  EXPECT_TRUE(Describe(kBase, kBase).empty());
  EXPECT_TRUE(Describe(kBase, kBase, "Harbour  shut", "harbour shut").empty());
  EXPECT_TRUE(Describe(kBase, kBase, "Harbour shut", "").empty());  // one title unknown
}

TEST(DescribeChanges, DroppedAccordingToAndASubstitution) {
  const std::string child = Replace(Replace(kBase, ", according to the Coast Guard", ""),
                                    "northern terminal", "eastern terminal");
  const std::vector<Change> changes = Describe(kBase, child);
  ASSERT_EQ(Lines(changes), (Strings{
                                "attribution_dropped: , according to the Coast Guard -> ",
                                "substitution: northern -> eastern",
                            }));
  EXPECT_EQ(changes[0].parent.bytes, Find(kBase, ", according to the Coast Guard"));
  EXPECT_EQ(changes[0].child.bytes, Point(Find(child, "leak.").begin + 4));  // after "leak"
  EXPECT_EQ(changes[0].parent_source, "Coast Guard");
  EXPECT_EQ(changes[0].child_source, "");
  EXPECT_EQ(changes[1].parent.bytes, Find(kBase, "northern"));
  EXPECT_EQ(changes[1].child.bytes, Find(child, "eastern"));
}

TEST(DescribeChanges, SpeakerOfAQuotationDropped) {
  const std::string child = Replace(kBase, ",\xE2\x80\x9D " + kSpeaker + ".", ".\xE2\x80\x9D");
  const std::vector<Change> changes = Describe(kBase, child);
  ASSERT_EQ(Lines(changes), Strings{"attribution_dropped: " + kSpeaker + " -> "});
  EXPECT_EQ(changes[0].parent.bytes, Find(kBase, kSpeaker));
  EXPECT_EQ(changes[0].child.bytes, Point(Find(child, "week.").begin + 4));
  EXPECT_EQ(changes[0].parent_source, kSpeaker.substr(5));
}

// The copy stops right before the clause: the alignment ends at "week".
TEST(DescribeChanges, ClauseCutAtTheEndOfTheCopy) {
  const std::string child = kBase.substr(0, kBase.find(" said Harbour"));
  const std::vector<Change> changes = Describe(kBase, child);
  ASSERT_EQ(Lines(changes), Strings{"attribution_dropped: " + kSpeaker + " -> "});
  EXPECT_EQ(changes[0].parent.bytes, Find(kBase, kSpeaker));
  EXPECT_EQ(changes[0].child.bytes, Point(Find(child, "week").end));
}

// The copy starts right after the clause.
TEST(DescribeChanges, ClauseCutAtTheStartOfTheCopy) {
  const std::string child = kBase.substr(kBase.find("the closure"));
  const std::vector<Change> changes = Describe(kBase, child);
  ASSERT_EQ(Lines(changes), Strings{"attribution_dropped: Observers said -> "});
  EXPECT_EQ(changes[0].parent.bytes, Find(kBase, "Observers said"));
  EXPECT_EQ(changes[0].child.bytes, Point(0));
}

// A clause in the next sentence was never part of the copied text.
TEST(DescribeChanges, ClauseInTheNextSentenceIsNotCut) {
  const std::string child = kBase.substr(0, kBase.find(" Observers said"));
  EXPECT_TRUE(Describe(kBase, child).empty());
}

TEST(DescribeChanges, SourceChanged) {
  const std::string child =
      Replace(kBase, "according to the Coast Guard", "according to local media");
  const std::vector<Change> changes = Describe(kBase, child);
  ASSERT_EQ(Lines(changes), Strings{"attribution_changed: , according to the Coast Guard -> , "
                                    "according to local media"});
  EXPECT_EQ(changes[0].parent.bytes, Find(kBase, ", according to the Coast Guard"));
  EXPECT_EQ(changes[0].child.bytes, Find(child, ", according to local media"));
  EXPECT_EQ(changes[0].parent_source, "Coast Guard");
  EXPECT_EQ(changes[0].child_source, "local media");
}

TEST(DescribeChanges, AttributionAdded) {
  const std::string child = Replace(kBase, "northern terminal, where",
                                    "northern terminal, the port authority said, where");
  const std::vector<Change> changes = Describe(kBase, child);
  ASSERT_EQ(Lines(changes), Strings{"attribution_added:  -> the port authority said"});
  EXPECT_EQ(changes[0].parent.bytes, Point(Find(kBase, "terminal").end));
  EXPECT_EQ(changes[0].child.bytes, Find(child, "the port authority said"));
  EXPECT_EQ(changes[0].child_source, "port authority");
}

TEST(DescribeChanges, AttributionAddedAfterTheEndOfTheParent) {
  const std::string parent = kBase.substr(0, kBase.find(" said Harbour"));
  const std::vector<Change> changes = Describe(parent, kBase);
  ASSERT_EQ(Lines(changes), Strings{"attribution_added:  -> " + kSpeaker});
  EXPECT_EQ(changes[0].parent.bytes, Point(Find(parent, "week").end));
  EXPECT_EQ(changes[0].child.bytes, Find(kBase, kSpeaker));
}

// A pronoun's source is the person it stands for.
TEST(DescribeChanges, PronounSources) {
  const std::string parent =
      "Carla Novak said the line was busy for most of the morning on Monday. The ministry said "
      "nothing new about the fault in the northern exchange. Later she said it had cleared, and "
      "engineers went home before the evening rush began in the city.";
  const std::string to_ministry = Replace(parent, "Later she said", "Later the ministry said");
  std::vector<Change> changes = Describe(parent, to_ministry);
  ASSERT_EQ(Lines(changes), Strings{"attribution_changed: she said -> the ministry said"});
  EXPECT_EQ(changes[0].parent_source, "Carla Novak");
  EXPECT_EQ(changes[0].child_source, "ministry");

  const std::string to_name = Replace(parent, "Later she said", "Later Novak said");
  changes = Describe(parent, to_name);
  ASSERT_EQ(Lines(changes), Strings{"substitution: she -> Novak"});
  EXPECT_EQ(changes[0].parent.bytes, Find(parent, "she"));
  const ByteRange novak = Find(to_name, "Later Novak");
  EXPECT_EQ(changes[0].child.bytes, (ByteRange{novak.begin + 6, novak.end}));
}

TEST(DescribeChanges, ClauseDroppedFromTheEndOfASentence) {
  const std::string parent =
      "Talks on the new ferry route ended on Friday with a deal on fares and timetables for the "
      "coming winter. The visit went well and both sides will meet again in spring, said "
      "Ambassador Tomas Varga. Officials from the two ports will draft the details next month.";
  std::string child = Replace(parent, ", said Ambassador Tomas Varga", "");
  std::vector<Change> changes = Describe(parent, child);
  ASSERT_EQ(Lines(changes), Strings{"attribution_dropped: said Ambassador Tomas Varga -> "});
  EXPECT_EQ(changes[0].child.bytes, Point(Find(child, "spring").end));

  const std::string wang = Replace(parent, "said Ambassador Tomas Varga", "Wang said");
  child = Replace(wang, ", Wang said", "");
  changes = Describe(wang, child);
  ASSERT_EQ(Lines(changes), Strings{"attribution_dropped: Wang said -> "});
  EXPECT_EQ(changes[0].parent.bytes, Find(wang, "Wang said"));
  EXPECT_EQ(changes[0].child.bytes, Point(Find(child, "spring").end));
}

// Words left out or replaced by a longer phrase, outside any clause: one
// change per place, an empty side where nothing stands.
TEST(DescribeChanges, SubstitutionsMergeAdjacentEdits) {
  std::string child = Replace(kBase, "the northern terminal", "the terminal");
  std::vector<Change> changes = Describe(kBase, child);
  ASSERT_EQ(Lines(changes), Strings{"substitution: northern -> "});
  EXPECT_EQ(changes[0].parent.bytes, Find(kBase, "northern"));
  EXPECT_EQ(changes[0].child.bytes, Point(Find(child, "the terminal").begin + 3));

  child = Replace(Replace(kBase, "northern terminal", "new deep-water terminal"),
                  "grain and timber", "grain and steel");
  changes = Describe(kBase, child);
  ASSERT_EQ(Lines(changes), (Strings{
                                "substitution: northern -> new deep-water",
                                "substitution: timber -> steel",
                            }));
  EXPECT_EQ(changes[0].child.bytes, Find(child, "new deep-water"));
}

TEST(DescribeChanges, SentenceInsertedAndDeletedInsideAPassage) {
  const std::string sentence = "Tugs stood by all day in case the wreck shifted. ";
  const std::string child = Replace(kBase, "Ships were", sentence + "Ships were");
  std::vector<Change> changes = Describe(kBase, child);
  ASSERT_EQ(Lines(changes), Strings{"sentence_inserted:  -> " + sentence.substr(0, 48)});
  EXPECT_EQ(changes[0].child.bytes, Find(child, sentence.substr(0, 48)));
  EXPECT_EQ(changes[0].parent.bytes, Point(Find(kBase, kSpeaker).end));

  changes = Describe(child, kBase);
  ASSERT_EQ(Lines(changes), Strings{"sentence_deleted: " + sentence.substr(0, 48) + " -> "});
  EXPECT_EQ(changes[0].parent.bytes, Find(child, sentence.substr(0, 48)));
  EXPECT_EQ(changes[0].child.bytes, Point(Find(kBase, kSpeaker).end));
}

// Long enough to split the alignment in two passages: one change per sentence.
TEST(DescribeChanges, SentencesBetweenTwoPassages) {
  const std::string inserted =
      "The ferry had been built in 1987 and sailed the same route for over thirty years without "
      "a single serious accident. Its owners had planned to replace it with a larger vessel "
      "next year, once the new terminal was finished. Insurers will now send their own team "
      "to the pier to look at the hull and the engines before any claim is paid. ";
  const std::string child = Replace(kBase, "Ships were", inserted + "Ships were");
  // The aligner bridges the three sentences: they are insert edits inside one passage.
  ASSERT_EQ(Compare(kBase, child)->size(), 1u);
  std::vector<Change> changes = Describe(kBase, child);
  ASSERT_EQ(changes.size(), 3u) << ::testing::PrintToString(Lines(changes));
  const uint32_t after_speaker = Find(kBase, kSpeaker).end;
  for (const Change& change : changes) {
    EXPECT_EQ(change.kind, ChangeKind::kSentenceInserted);
    EXPECT_EQ(change.parent.bytes, Point(after_speaker));
  }
  EXPECT_EQ(changes[0].child.text, inserted.substr(0, inserted.find("accident.") + 9));
  EXPECT_EQ(changes[2].child.text.substr(0, 8), "Insurers");

  changes = Describe(child, kBase);
  ASSERT_EQ(changes.size(), 3u);
  EXPECT_EQ(changes[1].kind, ChangeKind::kSentenceDeleted);
  EXPECT_EQ(changes[1].parent.bytes, Find(child,
                                          "Its owners had planned to replace it with a larger "
                                          "vessel next year, once the new terminal was "
                                          "finished."));
}

// The aligner puts the gap as late as it can ("has three boats. It"); the
// change still reads as the sentence.
TEST(DescribeChanges, SentenceBeforeOneThatStartsWithTheSameWord) {
  const std::string parent =
      "The ferry will run again from Friday, the harbour office said. It had been stopped for a "
      "week after the storm broke two of its moorings. Next week the line will add a second boat.";
  const std::string child = Replace(parent, "said. It", "said. It has three boats in all. It");
  std::vector<Change> changes = Describe(parent, child);
  ASSERT_EQ(Lines(changes), Strings{"sentence_inserted:  -> It has three boats in all."});
  EXPECT_EQ(changes[0].parent.bytes, Point(Find(parent, "said.").begin + 4));
  changes = Describe(child, parent);
  ASSERT_EQ(Lines(changes), Strings{"sentence_deleted: It has three boats in all. -> "});
}

TEST(DescribeChanges, HeadlineChanged) {
  const std::string parent = "Coastal Courier\n\nHarbour shut after ferry sinks\n\n" + kBase;
  const std::string child =
      "Bay Herald\n\nFerry sinking keeps \xE2\x80\x9Charbour\xE2\x80\x9D shut\n\n" + kBase;
  const std::string child_title = "Ferry sinking keeps \xE2\x80\x9Charbour\xE2\x80\x9D shut";
  std::vector<Change> changes =
      Describe(parent, child, "Harbour shut after ferry sinks", child_title);
  ASSERT_EQ(Lines(changes),
            Strings{"headline_changed: Harbour shut after ferry sinks -> " + child_title});
  EXPECT_EQ(changes[0].parent.bytes, Find(parent, "Harbour shut after ferry sinks"));
  EXPECT_EQ(changes[0].child.bytes, Find(child, child_title));

  // The same outlet line: the alignment takes in both titles, reported once.
  const std::string renamed = Replace(parent, "Harbour shut", "Harbour closed");
  ASSERT_EQ(Compare(parent, renamed)->front().b.bytes.begin, 0u);
  changes = Describe(parent, renamed, "Harbour shut after ferry sinks",
                     "Harbour closed after ferry sinks");
  ASSERT_EQ(Lines(changes), Strings{"headline_changed: Harbour shut after ferry sinks -> "
                                    "Harbour closed after ferry sinks"});
  EXPECT_EQ(changes[0].child.bytes, Find(renamed, "Harbour closed after ferry sinks"));

  changes = Describe(kBase, kBase, "Harbour shut", "Harbour reopens");  // not in the texts
  ASSERT_EQ(changes.size(), 1u);
  EXPECT_EQ(changes[0].kind, ChangeKind::kHeadlineChanged);
  EXPECT_EQ(changes[0].parent.bytes, ByteRange{});
  EXPECT_EQ(changes[0].child.text, "Harbour reopens");
}

TEST(DescribeChanges, PrecomputedAttributionsGiveTheSameChanges) {
  const std::string child = Replace(Replace(kBase, ", according to the Coast Guard", ""),
                                    "Observers said", "Analysts said");
  const std::vector<Passage> alignment = *Compare(kBase, child);
  const EdgeText parent_edge{kParentId, kBase, ""};
  const EdgeText child_edge{kChildId, child, ""};
  const std::vector<Change> changes = DescribeChanges(
      parent_edge, FindAttributions(kBase), child_edge, FindAttributions(child), alignment);
  EXPECT_EQ(Lines(changes), Lines(DescribeChanges(parent_edge, child_edge, alignment)));
  EXPECT_EQ(Lines(changes), (Strings{
                                "attribution_dropped: , according to the Coast Guard -> ",
                                "attribution_changed: Observers said -> Analysts said",
                            }));
}

TEST(DescribeChanges, NoAlignmentOrOneThatDoesNotFit) {
  EXPECT_TRUE(DescribeChanges({1, kBase, ""}, {2, "short", ""}, {}).empty());
  Passage misfit;
  misfit.a.bytes = {0, 10};
  misfit.b.bytes = {0, 4000};
  misfit.edits.push_back({EditOp::kDelete, {0, 10}, {5000, 5000}, 2, 0});
  EXPECT_TRUE(DescribeChanges({1, kBase, ""}, {2, "short", ""}, {misfit}).empty());
}

bool ReadSeed(const char* name, std::string& text) {
  std::ifstream in(std::string(STEMMA_SHARED_DIR) + "/seeds/" + name, std::ios::binary);
  if (!in) return false;
  std::ostringstream bytes;
  bytes << in.rdbuf();
  text = bytes.str();
  return true;
}

// Seed 000 against a copy with one clause removed, one word replaced and one
// sentence added: exactly those three changes, with their ranges.
TEST(DescribeChangesSeeds, ThreeEditsOfARealArticle) {
  std::string parent;
  if (!ReadSeed("000_eae5aba72e740d9d.txt", parent)) {
    GTEST_SKIP() << "seed article not found under " STEMMA_SHARED_DIR "/seeds";
  }
  const std::string added = "The two ministers spoke for almost an hour by telephone.";
  const std::string child =
      Replace(Replace(Replace(parent, ", BBC News reported", ""), "Chinese State", "foreign State"),
              "Wang said.\n", "Wang said. " + added + "\n");
  const std::vector<Change> changes = Describe(parent, child);
  ASSERT_EQ(Lines(changes), (Strings{
                                "substitution: Chinese -> foreign",
                                "sentence_inserted:  -> " + added,
                                "attribution_dropped: BBC News reported -> ",
                            }));
  EXPECT_EQ(changes[0].parent.bytes, Find(parent, "Chinese"));
  const ByteRange foreign = Find(child, "foreign State");
  EXPECT_EQ(changes[0].child.bytes, (ByteRange{foreign.begin, foreign.begin + 7}));
  EXPECT_EQ(changes[1].parent.bytes, Point(Find(parent, "hour,\xE2\x80\x9D Wang said").end));
  EXPECT_EQ(changes[1].child.bytes, Find(child, added));
  EXPECT_EQ(changes[2].parent.bytes, Find(parent, "BBC News reported"));
  EXPECT_EQ(changes[2].child.bytes, Point(Find(child, "responsible.").begin + 11));
}

// The two seeds share one verbatim passage (a ministry statement, its
// clause included): nothing changed in it.
TEST(DescribeChangesSeeds, VerbatimPassageOfTwoArticles) {
  std::string a;
  std::string b;
  if (!ReadSeed("000_eae5aba72e740d9d.txt", a) || !ReadSeed("003_f205e2133bbe4ba5.txt", b)) {
    GTEST_SKIP() << "seed articles not found under " STEMMA_SHARED_DIR "/seeds";
  }
  EXPECT_EQ(Lines(Describe(a, b)), Strings{});
  EXPECT_EQ(Lines(Describe(b, a)), Strings{});
}

// A deleted sentence that named its source ("..., according to the Coast
// Guard.") is reported as a deleted sentence and as a dropped attribution:
// the source is gone from the copy, and that is what readers look for.
// A sentence deleted whole takes its attribution with it: no claim is left
// without its source, so the change is the deleted sentence (whose text
// shows the source), not a dropped attribution.
TEST(DescribeChanges, DeletedSentenceTakesItsAttributionWithIt) {
  const std::string sentence = "Divers found no fuel leak, according to the Coast Guard.";
  const std::string child = Replace(kBase, " " + sentence, "");
  const std::vector<Change> changes = Describe(kBase, child);
  bool deleted = false;
  bool dropped = false;
  for (const Change& change : changes) {
    deleted = deleted || (change.kind == ChangeKind::kSentenceDeleted &&
                          change.parent.bytes == Find(kBase, sentence));
    dropped =
        dropped || (change.kind == ChangeKind::kAttributionDropped &&
                    change.parent.text.find("according to the Coast Guard") != std::string::npos &&
                    change.child.bytes.size() == 0);
  }
  EXPECT_TRUE(deleted) << ::testing::PrintToString(Lines(changes));
  EXPECT_FALSE(dropped) << ::testing::PrintToString(Lines(changes));
}

// A reporting clause that is only the rest of a quotation's sentence is
// dropped when it goes, even though it reads as a sentence of its own.
TEST(DescribeChanges, ClauseAfterAQuotationIsDroppedNotDeleted) {
  const std::string parent =
      "The port will reopen on Monday. \"We have checked every berth,\" harbour master Ana Ruiz "
      "said in an interview on Friday. Ferries will run a reduced timetable for a week.";
  const std::string child =
      "The port will reopen on Monday. \"We have checked every berth.\" Ferries will run a "
      "reduced timetable for a week.";
  bool dropped = false;
  for (const Change& change : Describe(parent, child)) {
    dropped = dropped || (change.kind == ChangeKind::kAttributionDropped &&
                          change.parent.text.find("Ana Ruiz") != std::string::npos);
  }
  EXPECT_TRUE(dropped) << ::testing::PrintToString(Lines(Describe(parent, child)));
}

// A clause with one word replaced and the rest copied was edited, not
// dropped: the change is a substitution.
TEST(DescribeChanges, ClauseWithOneWordReplacedIsNoDrop) {
  const std::string child = Replace(kBase, "according to the Coast Guard", "according to the Navy");
  for (const Change& change : Describe(kBase, child)) {
    EXPECT_NE(change.kind, ChangeKind::kAttributionDropped)
        << ::testing::PrintToString(Lines(Describe(kBase, child)));
  }
}

// OCR splits and joins words ("put ting" for "putting"); words that spell the
// same are no substitution, while a real one beside them still is.
TEST(DescribeChanges, WordsSplitDifferentlyAreNoChange) {
  std::string child = Replace(kBase, "northern terminal", "north ern terminal");
  child = Replace(child, "grain", "coal");
  EXPECT_EQ(Lines(Describe(kBase, child)), Strings{"substitution: grain -> coal"});
}

// ---- Passage edges and the stretches between passages ----------------------

const std::string kTalks =
    "Officials from both ports met on Tuesday to plan the winter timetable for the ferry line. "
    "The talks went well and the two sides agreed to meet again in Tallinn early next month, "
    "said the ambassador on Wednesday. Freight rates on the route have doubled since the "
    "spring.";
const std::string kOtherNews =
    "\n\nIn other news, the city council approved money for repairing three bridges over the "
    "river before the winter.";

// The copy cut the clause and reworded the words before it, then went on
// with other text: the alignment stops five words before the clause.
TEST(DescribeChanges, SentenceFinalSaidClauseCutAtPassageEnd) {
  const std::string child = kTalks.substr(0, kTalks.find(" in Tallinn")) + " soon." + kOtherNews;
  const std::vector<Change> changes = Describe(kTalks, child);
  ASSERT_EQ(Lines(changes), Strings{"attribution_dropped: said the ambassador on Wednesday -> "});
  EXPECT_EQ(changes[0].parent.bytes, Find(kTalks, "said the ambassador on Wednesday"));
  EXPECT_EQ(changes[0].child.bytes, Point(Find(child, "again").end));
  EXPECT_EQ(changes[0].parent_source, "ambassador");
}

// The clause ends the source and the copy ends before it, so nothing after
// it aligns; its source is a lower-case title ("the deputy minister") and it
// says where it was said ("at a press conference").
TEST(DescribeChanges, ClauseThatEndsTheSourceIsDroppedWhenTheCopyEndsBeforeIt) {
  const std::string head = kTalks.substr(0, kTalks.find(", said the ambassador"));
  const std::string parent = head + ", said the deputy minister at a press conference on Tuesday.";
  const std::vector<Change> changes = Describe(parent, head + ".");
  ASSERT_EQ(Lines(changes), Strings{"attribution_dropped: said the deputy minister at a press "
                                    "conference on Tuesday -> "});
  EXPECT_EQ(changes[0].parent_source, "deputy minister");
}

// "According to him, as of press time, ...": the copy starts after both.
TEST(DescribeChanges, SentenceInitialClauseCutAtPassageStart) {
  const std::string parent =
      "The storm passed over the coast during the night. According to the harbour master, as of "
      "press time, the ferry to the island was still tied up at the northern pier and no "
      "crossing had been made since Sunday. Crews hope to sail again on Thursday.";
  const std::string child =
      "Readers have asked us about travel this week.\n\nThe ferry to the island was still tied "
      "up at the northern pier and no crossing had been made since Sunday. Crews hope to sail "
      "again on Thursday.";
  const std::vector<Change> changes = Describe(parent, child);
  ASSERT_EQ(Lines(changes), Strings{"attribution_dropped: According to the harbour master -> "});
  EXPECT_EQ(changes[0].parent.bytes, Find(parent, "According to the harbour master"));
  EXPECT_EQ(changes[0].child.bytes, Point(Find(child, "The ferry").begin));
}

// The copy kept the clause but reworded the words before it: both clauses
// lie past the alignment's end, in the rest of the same sentence, and pair.
TEST(DescribeChanges, ClauseCopiedBeyondTheAlignmentsEndIsNotDropped) {
  const std::string talks = kTalks.substr(0, kTalks.find(" Freight"));
  std::string child =
      Replace(talks, "in Tallinn early next month", "at some later date") + kOtherNews;
  // The aligner now reads through the replaced phrase; an alignment that
  // stops at it (as X-drop does on a longer rewrite) is the case at hand, so
  // the copy is aligned up to the phrase only: a prefix, whose offsets hold
  // in the whole copy.
  const auto aligned_to_phrase = [&](const std::string& copy) {
    return *Compare(kTalks, copy.substr(0, Find(copy, "at some later date").begin));
  };
  const auto describe = [&](const std::string& copy) {
    const std::vector<Change> changes =
        DescribeChanges({kParentId, kTalks, ""}, {kChildId, copy, ""}, aligned_to_phrase(copy));
    ExpectWellFormed(changes, kTalks, copy);
    return changes;
  };
  const std::vector<Passage> alignment = aligned_to_phrase(child);
  ASSERT_EQ(alignment.size(), 1u);
  ASSERT_LT(alignment[0].b.bytes.end, Find(child, "said the ambassador").begin);
  EXPECT_EQ(Lines(describe(child)), Strings{});
  // The whole alignment, through the phrase: the phrase is the one change.
  EXPECT_EQ(Lines(Describe(kTalks, child)),
            Strings{"substitution: in Tallinn early next month -> at some later date"});

  // A clause reworded there is a changed one.
  child = Replace(child, "said the ambassador", "said Mayor Lena Koskinen");
  EXPECT_EQ(Lines(describe(child)),
            Strings{"attribution_changed: said the ambassador on Wednesday -> said Mayor Lena "
                    "Koskinen on Wednesday"});
}

// Copies that end or start at a paragraph's edge cut nothing from the
// sentences beyond it, clauses and all.
TEST(DescribeChanges, PassageEdgesAtParagraphEndsCutNothing) {
  const std::string first =
      "The ferry company will add a second daily crossing to the island from the first week of "
      "June, once the new ramp at the northern pier has been tested, officials said.";
  const std::string second =
      "According to the port authority, tickets for the extra crossing go on sale next Monday, "
      "and season passes bought before the end of May will be valid on both boats.";
  const std::string third =
      "The old ramp will be taken down over the summer and its steel sold for scrap, the "
      "company said in a statement.";
  const std::string parent = first + "\n\n" + second + "\n\n" + third;
  EXPECT_EQ(Lines(Describe(parent, second)), Strings{});
  EXPECT_EQ(Lines(Describe(parent, first + "\n\n" + second)), Strings{});
  EXPECT_EQ(Lines(Describe(parent, second + "\n\n" + third)), Strings{});
}

// Two different sentences that share a stock phrase: the passage is a few
// words inside each, and nothing around it was cut.
TEST(DescribeChanges, StockPhraseInsideTwoSentencesCutsNothing) {
  const std::string parent =
      "The port board met on Friday. Freight volumes are at their lowest point since the end of "
      "the war and may fall again in the autumn, said Lena Koskinen, who chairs the board. Two "
      "cranes will be sold.";
  const std::string child =
      "Ferry bookings to the outer islands are at their lowest point since the end of the war "
      "after a wet and windy summer. The tourist office blames the weather.";
  ASSERT_EQ(Compare(parent, child)->size(), 1u);
  EXPECT_EQ(Lines(Describe(parent, child)), Strings{});
}

// A copy of a lead that the source repeats further on as a quotation aligns
// twice; the second alignment's edge is no place where a clause was cut.
TEST(DescribeChanges, RepeatedPassageHasNoEdges) {
  const std::string lead =
      "Ships will dock at the new deep water pier from the middle of May onwards as the harbour "
      "grows.";
  const std::string parent =
      lead +
      "\n\nThe pier took three years to build and cost more than planned. The city paid for most "
      "of it with money from the sale of the old fish market.\n\n\xE2\x80\x9CShips will dock at "
      "the new deep water pier from the middle of May onwards,\xE2\x80\x9D according to the "
      "harbour master.";
  const std::vector<Passage> alignment = *Compare(parent, lead);
  ASSERT_EQ(alignment.size(), 2u);  // the lead, and the quotation again
  EXPECT_EQ(Lines(Describe(parent, lead)), Strings{});
}

// ---- Sentences between passages, and inside one: passages built by hand ----

const std::string kFirst =
    "The ferry company will add a second daily crossing to the island from the first week of "
    "June, once the new ramp at the northern pier has been tested.";
const std::string kSecond =
    "Tickets for the extra crossing go on sale next Monday, and season passes bought before the "
    "end of May will be valid on both boats.";
const std::string kInserted =
    "The island has about four thousand residents in winter. Its population triples in the "
    "summer months.";

// The words of `text` in `range` (token-aligned: from a word's start to a word's end).
ByteRange Words(std::string_view text, std::string_view what) {
  const ByteRange found = Find(text, what);
  const std::vector<Token> tokens = Tokenize(text.substr(found.begin, found.size())).tokens;
  return {found.begin + tokens.front().begin, found.begin + tokens.back().end};
}

uint32_t CountTokens(std::string_view text, ByteRange range) {
  return static_cast<uint32_t>(Tokenize(text.substr(range.begin, range.size())).tokens.size());
}

Edit Equal(std::string_view a, ByteRange at_a, std::string_view b, ByteRange at_b) {
  const uint32_t words = CountTokens(a, at_a);
  EXPECT_EQ(words, CountTokens(b, at_b));
  return {EditOp::kEqual, at_a, at_b, words, words};
}

Passage PassageOf(std::vector<Edit> edits) {
  Passage passage;
  passage.a.bytes = {edits.front().a.begin, edits.back().a.end};
  passage.b.bytes = {edits.front().b.begin, edits.back().b.end};
  for (const Edit& edit : edits) {
    if (edit.op == EditOp::kEqual) passage.matched_tokens += edit.a_tokens;
  }
  passage.edits = std::move(edits);
  return passage;
}

// Both forms of two sentences inserted between two copied paragraphs: a
// stretch between two passages, and (once the aligner merges the two) an
// insert run inside one passage. They read the same.
TEST(DescribeChanges, SentencesInsertedBetweenPassagesAndInsideOne) {
  const std::string parent = kFirst + "\n\n" + kSecond;
  const std::string child = kFirst + "\n\n" + kInserted + "\n\n" + kSecond;
  const Edit first = Equal(parent, Words(parent, kFirst), child, Words(child, kFirst));
  const Edit second = Equal(parent, Words(parent, kSecond), child, Words(child, kSecond));
  const Edit insert{EditOp::kInsert, Point(first.a.end), Words(child, kInserted), 0,
                    CountTokens(child, Words(child, kInserted))};
  const Strings expected{
      "sentence_inserted:  -> The island has about four thousand residents in winter.",
      "sentence_inserted:  -> Its population triples in the summer months."};
  for (const std::vector<Passage>& alignment :
       {std::vector<Passage>{PassageOf({first}), PassageOf({second})},
        std::vector<Passage>{PassageOf({first, insert, second})}}) {
    const std::vector<Change> changes =
        DescribeChanges({kParentId, parent, ""}, {kChildId, child, ""}, alignment);
    ExpectWellFormed(changes, parent, child);
    ASSERT_EQ(Lines(changes), expected) << alignment.size() << " passages";
    EXPECT_EQ(changes[0].parent.bytes, Point(Find(parent, "tested").end));
    EXPECT_EQ(changes[1].child.bytes, Find(child, "Its population triples in the summer months."));
  }
}

TEST(DescribeChanges, SentencesDeletedBetweenPassagesAndInsideOne) {
  const std::string parent = kFirst + "\n\n" + kInserted + "\n\n" + kSecond;
  const std::string child = kFirst + "\n\n" + kSecond;
  const Edit first = Equal(parent, Words(parent, kFirst), child, Words(child, kFirst));
  const Edit second = Equal(parent, Words(parent, kSecond), child, Words(child, kSecond));
  const Edit remove{EditOp::kDelete, Words(parent, kInserted), Point(first.b.end),
                    CountTokens(parent, Words(parent, kInserted)), 0};
  for (const std::vector<Passage>& alignment :
       {std::vector<Passage>{PassageOf({first}), PassageOf({second})},
        std::vector<Passage>{PassageOf({first, remove, second})}}) {
    const std::vector<Change> changes =
        DescribeChanges({kParentId, parent, ""}, {kChildId, child, ""}, alignment);
    ExpectWellFormed(changes, parent, child);
    ASSERT_EQ(
        Lines(changes),
        (Strings{"sentence_deleted: The island has about four thousand residents in winter. -> ",
                 "sentence_deleted: Its population triples in the summer months. -> "}))
        << alignment.size() << " passages";
    EXPECT_EQ(changes[0].child.bytes, Point(Find(child, "tested").end));
  }
}

// The aligner ran the first passage one word into the inserted sentences,
// which open with the word the next passage opens with: the two share
// "Tickets"; the inserted sentences are still read whole.
TEST(DescribeChanges, PassagesSharingAWordAtTheSeam) {
  const std::string inserted = "Tickets were cheaper last year. Fuel has since cost more.";
  const std::string parent = kFirst + "\n\n" + kSecond;
  const std::string child = kFirst + "\n\n" + inserted + "\n\n" + kSecond;
  const ByteRange shared_word = Find(child, "Tickets were");
  const Edit first =
      Equal(parent, {0, Find(parent, "Tickets").end}, child, {0, shared_word.begin + 7});
  const Edit second = Equal(parent, Words(parent, kSecond), child, Words(child, kSecond));
  const std::vector<Change> changes = DescribeChanges(
      {kParentId, parent, ""}, {kChildId, child, ""}, {PassageOf({first}), PassageOf({second})});
  ExpectWellFormed(changes, parent, child);
  EXPECT_EQ(Lines(changes), (Strings{"sentence_inserted:  -> Tickets were cheaper last year.",
                                     "sentence_inserted:  -> Fuel has since cost more."}));
}

}  // namespace
}  // namespace provenance
}  // namespace stemma
