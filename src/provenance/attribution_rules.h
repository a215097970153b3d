// The word classes the attribution scanner knows, looked up by a word's
// lower-case form. The words themselves are listed, one table per class, in
// attribution_rules.cc: that file is the place to read or extend the rules.
// ClassesOf is thread-safe (the lookup table is built once, on first use).
#ifndef STEMMA_PROVENANCE_ATTRIBUTION_RULES_H_
#define STEMMA_PROVENANCE_ATTRIBUTION_RULES_H_

#include <cstdint>
#include <string_view>

namespace stemma::provenance::rules {

enum WordClass : uint32_t {
  kReportingVerb = 1u << 0,   // said, told, reported ... (the cue of "X said")
  kParticipleCue = 1u << 1,   // saying, adding (", saying that": the subject speaks)
  kSourceNoun = 1u << 2,      // a lower-case word that can head a source: ministry, experts
  kSourceModifier = 1u << 3,  // a lower-case word before a source noun: local, senior
  kDeterminer = 1u << 4,      // the, a, their: opens a source, dropped from source_text
  kSubjectPronoun = 1u << 5,  // he, she, they, it, we, i
  kPersonPronoun = 1u << 6,   // he, she: resolved to an earlier source
  kObjectPronoun = 1u << 7,   // him, her, them, us, me: addressees of "told"
  kAddresseeNoun = 1u << 8,   // reporters, journalists: addressees of "told"
  kStopWord = 1u << 9,        // capitalised, it still never belongs to a source: But, On, Monday
  kConnector = 1u << 10,      // of, and, for: joins two capitalised parts of a source
  kBetweenWord = 1u << 11,    // may stand between source and cue: also, has, reportedly
  kNotSpeech = 1u << 12,      // after the cue, it is no report: "said nothing"
  kStatementNoun = 1u << 13,  // "in a statement", "in an interview"
  kWeekday = 1u << 14,        // Monday ... Sunday, today, yesterday
  kMonth = 1u << 15,          // January ... December
  kAbbreviation = 1u << 16,   // Mr. Dr. Gen.: a full stop after it ends no sentence
  kOrganisation = 1u << 17,   // the last word of a source that is no person (not resolved to)
  kClauseBreak = 1u << 18,    // ends the source of "according to": that, is, on
  kQuoteCue = 1u << 19,       // quoted (the cue of "X quoted Y as saying")
};

// The classes of `lower`, a word in lower case (ASCII letters folded; curly
// apostrophes as written). 0 for a word no table lists.
uint32_t ClassesOf(std::string_view lower);

inline bool Is(std::string_view lower, WordClass word_class) {
  return (ClassesOf(lower) & word_class) != 0;
}

}  // namespace stemma::provenance::rules

#endif  // STEMMA_PROVENANCE_ATTRIBUTION_RULES_H_
