// Attribution: the clauses of an English news text that say where its
// content came from ("Kazakhstan Foreign Ministry said in a statement on
// Monday", ", according to the Global Times", "Yang Jin, an associate
// research fellow, told the Global Times", "“...,” Wang said"), with the byte
// ranges of the clause, its source and its cue. The layer that compares copies
// of a text uses them to report an attribution dropped or changed in a copy.
//
// Design. A hand-written scanner over stemma::Tokenize's words (never a
// regex): it finds quotation spans first (curly and straight quotes, opening
// or closing decided by context, so that a scraped ”” still pairs), marks
// sentence ends outside quotations, then looks at each reporting cue outside
// a quotation (the word lists are in attribution_rules.cc, one table per
// word class) and tries, in order, the patterns
//   SOURCE [also|has|on Monday...] CUE [ADDRESSEE] [in a statement] [on Monday]
//   NAME, an appositive|who ..., CUE ...   (the source is NAME)
//   , CUE SOURCE   /   ” CUE SOURCE         ("said Yang", "said experts")
//   [,] according to SOURCE
//   SUBJECT ..., saying|adding               (the sentence's subject speaks)
//   SOURCE quoted PERSON as saying
// A source is a capitalised noun phrase (titles and "of"/"and" joints
// included: "Chinese State Councilor and Foreign Minister Wang Yi", "the
// Interior Ministry of Kazakhstan"), a phrase headed by a source noun
// ("local media", "experts", "the ministry"), a determiner and up to two
// plain nouns before the cue ("the senator denied") or a subject pronoun. A
// quotation directly before or after a clause ("“...,” Wang said", "Wang
// said: “...”") is attached to it. Quoted fragments inside a clause's
// content and quotations with no clause next to them are not reported.
// Pronouns are kept as written in `source` and `source_text`; he/she are
// also resolved, to the last earlier person-like source, in
// `resolved_source`. Cost: linear in the text after tokenisation.
//
// FindAttributions is a pure function, safe to call from many threads.
#ifndef STEMMA_PROVENANCE_ATTRIBUTION_H_
#define STEMMA_PROVENANCE_ATTRIBUTION_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "stemma/passage.h"

namespace stemma::provenance {

struct Attribution {
  enum class Kind : uint8_t { kReporting, kAccordingTo, kQuotation };

  ByteRange clause;         // the whole reporting clause
  ByteRange source;         // the source's words inside it
  ByteRange cue;            // the reporting verb or phrase ("said", "according to")
  std::string source_text;  // source without determiners, whitespace collapsed
  Kind kind = Kind::kReporting;
  ByteRange quote;  // the quoted words (inside the marks) when a quotation is attached
  // Added to the brief's API: the second party a clause names, inside it:
  // the addressee of "told" ("the Global Times") or the person of "X quoted
  // Y as saying" (Y). Empty when there is none.
  ByteRange other_party;
  // For a he/she source: the source_text of the last earlier attribution
  // whose source looks like a person (not an organisation or outlet), if any.
  std::string resolved_source;
};

// Every attribution in `text` (UTF-8; byte offsets half-open into it), in
// text order. Invalid UTF-8 is skipped; texts of 4 GiB or more give none.
std::vector<Attribution> FindAttributions(std::string_view text);

// "reporting", "according_to" or "quotation": the names used in output.
std::string_view AttributionKindName(Attribution::Kind kind);

}  // namespace stemma::provenance

#endif  // STEMMA_PROVENANCE_ATTRIBUTION_H_
