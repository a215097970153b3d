// Copy tree: inside a reuse family (documents, "witnesses", that all carry
// one passage, each with its own edits), who copied whom. For each witness
// ChooseParents picks its most likely parent: another witness, or none (the
// root, or a copy of a source that is not in the family), with a confidence
// and the evidence in short English phrases.
//
// Method. Every directed pair p -> c that aligned is a candidate edge whose
// cost is the words a copyist would have changed to turn p's span into c's:
//   cost = (p's aligned words not matched) + (c's aligned words not matched)
//        + (c's words outside the alignment)
//        + cut_weight * (p's words outside the alignment)
// The first two terms are the usual edit distance, so a copy that inherits
// its parent's edits and adds its own is closer to its parent than to its
// grandparent or its siblings (textual criticism's shared variants). The
// last two make containment directional: text p has around the passage and
// c lacks was cut, which copies often do; text c has that p lacks was added.
// An edge is not a candidate when more than max_new_share of c's span is
// words p does not have, or when both are dated and p was published after
// c (a tie in time is allowed). Publication times are intervals in UTC (a
// date alone is its whole UTC day; a date-time without an offset is read as
// UTC), so "after" means the intervals do not overlap. An undated parent of
// a dated child costs undated_parent_penalty words more: less than one
// changed word, so it only decides what the text cannot.
//
// A virtual root has an edge to every witness. The tree is a minimum
// spanning arborescence (Chu-Liu/Edmonds, in Tarjan's form: follow cheapest
// in-edges until the path meets itself, contract that cycle into one node
// whose in-edges cost less by the cycle edge each would replace, go on; at
// the end each cycle is broken where the chosen edge enters it) under the
// lexicographic weight (root edges, cost, tie): first as few witnesses as
// possible hang from the root, so every witness some witness explains gets
// a parent; then the fewest changed words; then, among equal trees, parents
// that come first in time order (dated by publication, then undated; then
// by document id, smaller = stored earlier), and roots likewise. So two
// identical copies published the same day are ordered by document id, and a
// would-be cycle of undated witnesses is broken where the text says least.
// Edges are local, so a dated witness could still descend, through undated
// ones, from a witness published after it; when it does, the edge from its
// undated parent is dropped and the tree rebuilt (at most 16 times).
// The root child with the most descendants (the first in time order of
// equals) is the family's root; any other root child was copied from an
// unseen source.
//
// Confidence comes from the margin between the chosen parent's cost and the
// next best candidate's: 1 - exp(-margin / scale) / 2 (0.5 for a tie, below
// 0.5 when the tree overrode a closer candidate to avoid a cycle), times
// undated_factor when either side is undated (the direction then rests on
// the rest of the tree). Text cannot tell which end of an undated chain came
// first: an undated original whose copies are dated is usually placed under
// its earliest dated copy, and then both are wrong.
//
// Cost. O(P log P) to read P pairs into candidates, of which each witness
// keeps its max_candidate_parents cheapest; then O(E log E) for the
// arborescence on the E <= n * max_candidate_parents edges, per rebuild.
// Measured (Release, one core): 2,000 witnesses with 300,000 pairs in
// about 0.1 s, most of it sorting the pairs and candidates.
//
// ChooseParents is a pure function, safe to call from many threads.
#ifndef STEMMA_PROVENANCE_COPY_TREE_H_
#define STEMMA_PROVENANCE_COPY_TREE_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "stemma/passage.h"

namespace stemma::provenance {

struct Witness {
  uint32_t document = 0;  // stored id: ties are broken by it (smaller = stored earlier)
  // ISO 8601 date ("2022-01-10") or date-time ("2022-01-10T08:00:00Z",
  // "+08:00" offsets possible), or unknown. Unreadable values count as unknown.
  std::optional<std::string> published_at;
  uint32_t tokens = 0;  // tokens of its family span
};

// What aligning two witnesses' spans showed. Pairs that share nothing are
// absent. Pairs with first >= second or an index out of range are ignored;
// of pairs given twice, the one with more matched tokens counts. Counts are
// clamped to matched <= aligned <= tokens.
struct WitnessPair {
  uint32_t first = 0;  // indices into the witnesses, first < second
  uint32_t second = 0;
  uint32_t matched_tokens = 0;  // tokens aligned as equal
  // Tokens of each span inside the alignment(s). When the alignment is a
  // chain of several passages, count from the first passage's first token
  // to the last one's last, gaps included: a sentence deleted between two
  // passages is an edit, not text cut around the passage. Of passages that
  // overlap (a text holding its article twice), count one co-linear chain.
  uint32_t first_aligned_tokens = 0;
  uint32_t second_aligned_tokens = 0;
};

// A pair filled from the passages aligning its two spans (a = first): the
// co-linear chain of passages with the most matched tokens, its matched
// tokens, and on each side the tokens from the chain's first token to its
// last, gaps included. Passage token numbers need only be consistent within
// the pair.
WitnessPair SummarisePair(uint32_t first, uint32_t second, std::vector<Passage> passages);

struct ParentChoice {
  int32_t parent = -1;         // index into witnesses; -1: root, or copied from an unseen source
  bool unseen_source = false;  // -1 because no witness fits (as opposed to being the earliest)
  double confidence = 0;       // in [0, 1]
  // Short English phrases, e.g. "published 2 days after doc 17", "closest
  // text: 6 words differ", "carries 4 of doc 17's edits".
  std::vector<std::string> evidence;
};

struct CopyTreeOptions {
  // A witness whose span is more than this share of words a candidate lacks
  // was not copied from it. Above 0.5 the "parent" would be the minor part.
  double max_new_share = 0.5;
  // Words outside the alignment on the parent's side (cut by the copy)
  // cost this much each; words added on the child's side cost 1.
  double cut_weight = 0.5;
  // Extra cost, in words, of an undated parent for a dated child.
  double undated_parent_penalty = 0.5;
  // Candidate parents kept per witness before the tree is built.
  uint32_t max_candidate_parents = 20;
  // Margin, in words, at which confidence is 1 - 1/(2e) ~ 0.82; it grows by
  // a tenth of the chosen edge's cost, so a 2-word margin means less
  // between two distant candidates than between two close ones.
  double confidence_scale_words = 2;
  // Confidence is multiplied by this when the parent or the child is undated.
  double undated_factor = 0.8;
};

std::vector<ParentChoice> ChooseParents(const std::vector<Witness>& witnesses,
                                        const std::vector<WitnessPair>& pairs,
                                        const CopyTreeOptions& options = {});

// A publication time as a half-open interval of UTC seconds since the Unix
// epoch: a date is its whole UTC day, a date-time its second. Accepts
// "YYYY-MM-DD", then optionally "T" or " ", "hh:mm[:ss[.fff]]" and "Z",
// "+hh:mm", "+hhmm" or "+hh" (or "-"). Anything else is nullopt.
struct TimeInterval {
  int64_t begin = 0;
  int64_t end = 0;
};
std::optional<TimeInterval> ParsePublicationTime(std::string_view text);

}  // namespace stemma::provenance

#endif  // STEMMA_PROVENANCE_COPY_TREE_H_
