// Changes: what a copy changed relative to the text it was copied from, read
// off the alignment between the two, with byte ranges in both texts.
//
// The parent is the "a" side of the alignment, the child the "b" side. The
// copied region is everything inside an aligned passage, the stretches
// between two consecutive passages (an inserted or deleted stretch that split
// the alignment), and, for attributions only, the rest of the sentence on
// each side beyond a passage's ends: X-drop alignment stops where a clause
// was cut ("...this dark hour,” Wang said." copied without "Wang said"), or
// a few words before it when the words beside the clause went too
// ("According to him, as of press time, the ..." copied as "The ..."). A
// passage that aligns words another, stronger passage already aligns (a lead
// the source repeats further on) is left out: its edges are no cuts.
//
// What is reported (stemma::ChangeKind):
//   attribution_dropped  a clause of the parent (FindAttributions: reporting,
//                        according to, a quotation's speaker) in the copied
//                        region whose source or cue words are not copied,
//                        fewer than half of whose words are (a clause with
//                        one word replaced was edited: a substitution), and
//                        that has no counterpart in the child. Parent side:
//                        the clause; child side: empty, where it would be.
//   attribution_added    the mirror: a clause of the child with no
//                        counterpart in the parent.
//   attribution_changed  the clause is on both sides at the aligned place
//                        and its source differs (compared as normalised
//                        words; a pronoun stands for its resolved source; a
//                        source inside the other, "Wang" and "Wang Yi", or a
//                        person with the same last name under another title
//                        is the same source).
//   sentence_deleted /   a whole sentence (or a run of at least 12 words that
//   sentence_inserted    ends at sentence punctuation) inside an unequal
//                        stretch of the alignment. One change per sentence,
//                        so that each reads on its own; the range takes in
//                        the sentence's full stop and quotation marks. The
//                        other side is empty at the stretch's place. An
//                        attribution inside such a sentence goes with it
//                        (no claim is left without its source); only a
//                        "sentence" that is the clause alone (the rest of a
//                        quotation's sentence) is also reported dropped or
//                        added.
//   substitution         the rest of each unequal stretch (consecutive
//                        substitute, insert and delete edits are one
//                        change, and so are two such runs with at most two
//                        equal words between them: the aligner likes to
//                        match a lone "the" inside a rewritten stretch),
//                        outside the sentences above and the clauses
//                        reported as attribution changes. Words inserted or
//                        deleted without a counterpart ("Chinese nationals"
//                        -> "nationals") are a substitution with one side
//                        empty: less than a sentence is a change of
//                        wording, not of content.
//   headline_changed     both titles given and their words differ (case,
//                        spacing and punctuation ignored). Each side's bytes
//                        are where its title's words open the text (the
//                        first lines of a stored text are often outlet and
//                        headline), else empty [0, 0); `text` holds the
//                        titles. Alignment edits inside those ranges are not
//                        reported again.
// parent_source / child_source: the source each attribution change names on
// its side, a pronoun as resolved when it was ("" for the side without one).
// Every range lies on UTF-8 character boundaries; `text` holds its bytes (the
// titles for a headline). An empty side sits just after the word before the
// place, as in an edit script. Changes come in order of the child (then of
// the parent).
//
// Cost: the alignment's edits times the attributions near them (both few),
// plus tokenising only the unequal stretches and the rest of the sentences
// at the passages' ends: about 0.05 ms for a 3 KB article with a handful of
// edits.
// Finding attributions is a pass over a whole text: when a text is on many
// edges (a parent of many copies), find them once and use the second
// overload.
//
// DescribeChanges is a pure function, safe to call from many threads.
#ifndef STEMMA_PROVENANCE_CHANGES_H_
#define STEMMA_PROVENANCE_CHANGES_H_

#include <cstdint>
#include <string_view>
#include <vector>

#include "provenance/attribution.h"
#include "stemma/passage.h"
#include "stemma/provenance.h"

namespace stemma::provenance {

struct EdgeText {
  uint32_t document = 0;   // 0 for an article that is not stored
  std::string_view text;   // the whole document text (UTF-8)
  std::string_view title;  // may be empty
};

// `alignment`: the passages between parent (a side) and child (b side) over
// the whole texts, in order of the parent; usually one, several when an
// inserted or deleted stretch split the alignment (copied_text.h says which
// to hand it when telling a part of what two texts share). Passages whose
// ranges do not fit the texts are ignored, and so are repeats (see
// copied_text.h).
std::vector<Change> DescribeChanges(const EdgeText& parent, const EdgeText& child,
                                    const std::vector<Passage>& alignment);

// The same with each text's attributions already found
// (FindAttributions(text), in text order).
std::vector<Change> DescribeChanges(const EdgeText& parent,
                                    const std::vector<Attribution>& parent_attributions,
                                    const EdgeText& child,
                                    const std::vector<Attribution>& child_attributions,
                                    const std::vector<Passage>& alignment);

}  // namespace stemma::provenance

#endif  // STEMMA_PROVENANCE_CHANGES_H_
