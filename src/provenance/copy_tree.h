// Copy tree: inside a reuse family (documents, "witnesses", that all carry
// one passage, each with its own edits), who copied whom. For each witness
// ChooseParents picks its most likely parent: another witness, or none (the
// root, or a copy of a source that is not in the family), with a confidence
// and the evidence in short English phrases.
//
// Method. Every directed pair p -> c that aligned is a candidate edge whose
// cost is the edits a copyist would have made to turn p's span into c's:
//   cost = edits inside the alignment (WitnessPair::edits)
//        + word_weight * (words of p and of c inside it not matched)
//        + [c has text outside the alignment] (1 + word_weight * its words)
//        + cut_weight * [p has text outside it] (1 + word_weight * its words)
//        + added_attribution_cost * (clauses of c that p lacks)
// Edits, not words, come first: a copy that inherits its parent's edits and
// adds its own differs from its parent by its own edits only, and from its
// grandparent or a sibling by more (textual criticism's shared variants),
// however long each edit is; a long clause two branches dropped
// independently weighs one edit, not the dozens of words it holds. The
// outside terms make containment directional: text p has around the passage
// and c lacks was cut, which copies often do; text c has that p lacks was
// added. An attribution clause c has and p lacks makes p -> c unlikely:
// copies drop attributions, they rarely write them in.
// An edge is not a candidate when more than max_new_share of c's span is
// words p does not have, or when both are dated and p was published after
// c (a tie in time is allowed). Publication times are intervals in UTC (a
// date alone is its whole UTC day; a date-time without an offset is read as
// UTC), so "after" means the intervals do not overlap. An undated parent of
// a dated child costs undated_parent_penalty edits more: less than one
// edit, so it only decides what the text cannot.
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
// by tie_key, which the caller makes independent of the order documents
// arrived in; then by document id), and roots likewise. So the tree of a
// family does not change with the order its documents were added in, and a
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
  uint32_t document = 0;  // stored id: the last resort of ties
  // ISO 8601 date ("2022-01-10") or date-time ("2022-01-10T08:00:00Z",
  // "+08:00" offsets possible), or unknown. Unreadable values count as unknown.
  std::optional<std::string> published_at;
  uint32_t tokens = 0;  // tokens of its family span
  // Orders witnesses that nothing else tells apart (same time, same cost),
  // before the document id: a key of the text, such as its SHA-256, so that
  // such ties do not follow arrival order. Identical texts share it.
  std::string tie_key;
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
  // Edits inside the alignment: each run of changed words within a passage
  // (a substitution, an inserted or deleted phrase) and each gap between two
  // passages of the chain, however many words it holds. A clause dropped is
  // one edit, like one word changed: descent shows in edits shared, not in
  // their length.
  uint32_t edits = 0;
  // Attribution clauses of each span that the other lacks (filled by the
  // caller, which reads the texts; 0 when unknown).
  uint32_t first_only_attributions = 0;
  uint32_t second_only_attributions = 0;
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
  // Each word that differs costs this much on top of the edit it is part
  // of (an edit costs 1): among parents that differ by as many edits, the
  // one with fewer changed words is closer.
  double word_weight = 0.25;
  // Extra cost of a parent that lacks an attribution clause the child has:
  // copies drop attributions and rarely add one, so a clause tells which way
  // the copying went when the dates cannot.
  double added_attribution_cost = 2;
  // A witness whose span is more than this share of words a candidate lacks
  // was not copied from it. Above 0.5 the "parent" would be the minor part.
  double max_new_share = 0.5;
  // Text outside the alignment on the parent's side (cut by the copy)
  // costs this share of what the same text added on the child's side costs.
  double cut_weight = 0.5;
  // Extra cost, in edits, of an undated parent for a dated child.
  double undated_parent_penalty = 0.5;
  // Candidate parents kept per witness before the tree is built.
  uint32_t max_candidate_parents = 20;
  // Margin, in edits, at which confidence is 1 - 1/(2e) ~ 0.82; it grows by
  // a tenth of the chosen edge's cost, so a 2-edit margin means less
  // between two distant candidates than between two close ones.
  double confidence_scale = 2;
  // Confidence is multiplied by this when the parent or the child is undated.
  double undated_factor = 0.8;
};

std::vector<ParentChoice> ChooseParents(const std::vector<Witness>& witnesses,
                                        const std::vector<WitnessPair>& pairs,
                                        const CopyTreeOptions& options = {});

// Publication times are read by ParseIsoTime (common/dates.h).

}  // namespace stemma::provenance

#endif  // STEMMA_PROVENANCE_COPY_TREE_H_
