// CopiedTextAround, ChangesAt and WithoutRepeats on passages and changes
// given by their ranges only (the texts do not matter to them).
#include "provenance/copied_text.h"

#include <gtest/gtest.h>

#include <vector>

namespace stemma::provenance {
namespace {

Passage PassageAt(ByteRange a, ByteRange b, uint32_t matched = 10) {
  Passage passage;
  passage.a.bytes = a;
  passage.b.bytes = b;
  passage.matched_tokens = matched;
  return passage;
}

Change ChangeAt(ChangeKind kind, ByteRange parent, ByteRange child) {
  Change change;
  change.kind = kind;
  change.parent.bytes = parent;
  change.child.bytes = child;
  return change;
}

std::vector<ByteRange> ParentRanges(const std::vector<Passage>& passages) {
  std::vector<ByteRange> ranges;
  for (const Passage& passage : passages) ranges.push_back(passage.a.bytes);
  return ranges;
}

// Two paragraphs copied with sentences inserted between them (400 bytes in
// the child, 2 in the parent), then another story 2 KB further on.
const Passage kFirst = PassageAt({0, 300}, {0, 300});
const Passage kSecond = PassageAt({302, 600}, {700, 998});
const Passage kFarStory = PassageAt({2700, 2900}, {3100, 3300});

TEST(CopiedTextAround, TakesNeighboursInOrderOnly) {
  EXPECT_EQ(ParentRanges(CopiedTextAround({kFarStory, kSecond, kFirst}, {kFirst})),
            (std::vector<ByteRange>{kFirst.a.bytes, kSecond.a.bytes}));
  EXPECT_EQ(ParentRanges(CopiedTextAround({kFarStory, kSecond, kFirst}, {kSecond})),
            (std::vector<ByteRange>{kFirst.a.bytes, kSecond.a.bytes}));
  EXPECT_EQ(CopiedTextAround({kFarStory, kFirst}, {kFarStory}).size(), 1u);
  EXPECT_TRUE(CopiedTextAround({kFirst, kSecond}, {}).empty());
}

TEST(CopiedTextAround, AStretchBothTextsRewroteEndsTheCopiedText) {
  const Passage rewritten = PassageAt({800, 900}, {1400, 1500});  // 200 and 402 bytes apart
  EXPECT_EQ(CopiedTextAround({kSecond, rewritten}, {kSecond}).size(), 2u);
  const Passage further = PassageAt({1000, 1100}, {1400, 1500});  // 400 and 402 bytes apart
  EXPECT_EQ(CopiedTextAround({kSecond, further}, {kSecond}).size(), 1u);
}

TEST(CopiedTextAround, PassagesSharingAWordAtTheSeamFollowEachOther) {
  const Passage overlapping = PassageAt({295, 600}, {695, 998});
  EXPECT_EQ(CopiedTextAround({kFirst, overlapping}, {kFirst}).size(), 2u);
  const Passage out_of_order = PassageAt({302, 600}, {0, 100});
  EXPECT_EQ(CopiedTextAround({kFirst, out_of_order}, {kFirst}).size(), 1u);
}

// A lead the source repeats further on aligns twice: the stronger alignment
// comes along, so that DescribeChanges can tell which is the repeat.
TEST(CopiedTextAround, TakesThePassageAFocusPassageRepeats) {
  const Passage lead = PassageAt({0, 120}, {0, 120}, 20);
  const Passage repeat = PassageAt({2000, 2100}, {10, 110}, 16);
  EXPECT_EQ(CopiedTextAround({lead, repeat}, {repeat}).size(), 2u);
}

TEST(WithoutRepeats, KeepsTheStrongerOfTwoAlignmentsOfTheSameWords) {
  const Passage lead = PassageAt({0, 120}, {0, 120}, 20);
  const Passage repeat = PassageAt({2000, 2100}, {10, 110}, 16);
  const Passage other = PassageAt({3000, 3100}, {500, 600}, 16);
  std::vector<const Passage*> kept = WithoutRepeats({&lead, &repeat, &other});
  EXPECT_EQ(kept, (std::vector<const Passage*>{&lead, &other}));
  const Passage twin = PassageAt({2000, 2120}, {0, 120}, 20);  // as strong: the first stays
  kept = WithoutRepeats({&lead, &twin});
  EXPECT_EQ(kept, (std::vector<const Passage*>{&lead}));
}

// Each change is told by one part: the stretch between two passages by the
// first; a headline change by every part.
TEST(ChangesAt, APassageOwnsItsTextAndTheStretchToTheNext) {
  const std::vector<Passage> around{kFirst, kSecond};
  const Change inserted = ChangeAt(ChangeKind::kSentenceInserted, {300, 300}, {302, 500});
  const Change inside_second = ChangeAt(ChangeKind::kSubstitution, {400, 405}, {798, 804});
  const Change dropped_before = ChangeAt(ChangeKind::kAttributionDropped, {0, 0}, {0, 0});
  const Change headline = ChangeAt(ChangeKind::kHeadlineChanged, {0, 0}, {0, 0});
  const std::vector<Change> changes{dropped_before, inserted, inside_second, headline};
  const auto kinds = [](const std::vector<Change>& kept) {
    std::vector<ChangeKind> result;
    for (const Change& change : kept) result.push_back(change.kind);
    return result;
  };
  EXPECT_EQ(kinds(ChangesAt(changes, around, {kFirst})),
            (std::vector<ChangeKind>{ChangeKind::kAttributionDropped, ChangeKind::kSentenceInserted,
                                     ChangeKind::kHeadlineChanged}));
  EXPECT_EQ(kinds(ChangesAt(changes, around, {kSecond})),
            (std::vector<ChangeKind>{ChangeKind::kSubstitution, ChangeKind::kHeadlineChanged}));
}

// A clause cut before the first passage in the parent belongs to it through
// the child, where it would have been.
TEST(ChangesAt, AChangeBeforeEveryPassageInTheParent) {
  const Passage late = PassageAt({500, 800}, {0, 300});
  const Change dropped = ChangeAt(ChangeKind::kAttributionDropped, {450, 480}, {0, 0});
  EXPECT_EQ(ChangesAt({dropped}, {late}, {late}).size(), 1u);
}

}  // namespace
}  // namespace stemma::provenance
