// A generator of copy trees from real text, for testing who-copied-whom.
//
// From one root article it builds a random tree of copies, a mix of chains
// (a copy of the newest document) and fan-outs (a copy of any document), no
// deeper than max_depth. Each copy is its parent's text plus edits of its
// own, so it inherits all of its parent's: 1-3 word substitutions (a
// capitalised word for a capitalised word, a lower-case one for a lower-case
// one, both taken from unrelated articles), sometimes a sentence from an
// unrelated article inserted between two sentences, sometimes a sentence
// deleted, sometimes an attribution clause dropped (", according to X", ",
// X said", "“...,” X said", "According to X, ..." and "X said that ..."
// sentence openings, found by FindAttributions; punctuation and the next
// word's capital letter repaired). Each copy is published 1-3 days (and up to
// 6 hours) after its parent, written as a date, a UTC date-time or a +08:00
// date-time in turn at random, so that no form of a child's time overlaps its
// parent's; or, when asked (same_time_share), at its parent's very time.
// Near-exact reprints (near_exact_share) make one edit only.
//
// The ground truth: each document's true parent and time, and each dropped
// attribution with its byte ranges in the parent and where it would have
// been in the child. Later edits of that child keep 40 bytes away from that
// place, so the text around it is the parent's. Unrelated articles are those
// that share no run of 8 words with the root.
//
// Deterministic: std::mt19937_64 seeded by the caller and our own bounded
// integers (std:: distributions differ between standard libraries). Pure
// functions, safe to call from many threads.
#ifndef STEMMA_TESTS_PROVENANCE_COPY_GENERATOR_H_
#define STEMMA_TESTS_PROVENANCE_COPY_GENERATOR_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "stemma/passage.h"
#include "stemma/status.h"

namespace stemma::copygen {

struct Article {
  std::string id;
  std::string publisher;
  std::string text;
};

// The articles of a CSV with columns id, publisher, scrape_time, text (the
// Helsinki file in ../shared/data), in file order.
Result<std::vector<Article>> ReadArticles(const std::string& csv_path);

// The sentences of a text as byte ranges: a sentence ends after '.', '!' or
// '?' (and any closing quotes) followed by white space, and at a paragraph
// mark ("###"), which belongs to no sentence.
std::vector<ByteRange> SplitSentences(std::string_view text);

// The share of the runs of 8 words of `text` that occur in it more than
// once: high for a scraped page that holds its article twice.
double RepeatedRunShare(std::string_view text);

// The attribution clauses of `text` the generator knows how to drop.
size_t CountDroppableAttributions(std::string_view text);

struct DroppedAttribution {
  uint32_t parent = 0;        // the document that has the clause
  uint32_t child = 0;         // the copy that dropped it
  ByteRange clause;           // the attribution clause in the parent's text (FindAttributions)
  ByteRange removed;          // all that was replaced in the parent's text (clause and punctuation)
  std::string replacement;    // what replaced it: "", "." plus a closing quote, a capital letter
  uint32_t child_offset = 0;  // where `replacement` starts in the child's text
  std::string source;         // the clause's source, as FindAttributions reads it
};

struct CopyDocument {
  std::string text;
  int32_t parent = -1;  // the true parent; -1 for the root
  uint32_t depth = 0;
  std::string true_published_at;            // always set
  std::optional<std::string> published_at;  // as given to the tree (RemoveDates clears some)
  std::vector<std::string> edits;           // what this copy changed, for messages
  bool near_exact = false;  // one edit only (CopyGeneratorOptions::near_exact_share)
};

struct CopyFamily {
  std::vector<CopyDocument> documents;  // documents[0] is the root; parents come before children
  std::vector<DroppedAttribution> dropped;
};

struct CopyGeneratorOptions {
  uint32_t copies = 12;
  uint32_t max_depth = 5;
  double chain_share = 0.4;  // copies of the newest document (the rest: of any document)
  uint32_t min_substitutions = 1;
  uint32_t max_substitutions = 3;
  double insert_share = 0.4;            // copies that insert an unrelated sentence
  double delete_share = 0.3;            // copies that delete a sentence
  double drop_attribution_share = 0.4;  // copies that drop an attribution, if they can
  int64_t root_time = 1641794400;       // 2022-01-10T06:00:00Z, in Unix seconds
  // Copies that make one edit only (drop an attribution clause if they can,
  // else substitute a word): close enough to their parent to join its
  // duplicate family in a corpus.
  double near_exact_share = 0;
  // Of those, the share that change nothing: the same text under another
  // outlet.
  double exact_share = 0;
  // Copies published at the very time of their parent (in whichever of the
  // three forms), so that only the text can order the two.
  double same_time_share = 0;
};

// A copy tree of `root_text`; `others` are articles to take inserted
// sentences and substituted words from (those sharing text with the root are
// left out).
CopyFamily GenerateCopyFamily(const std::string& root_text, const std::vector<std::string>& others,
                              uint64_t seed, const CopyGeneratorOptions& options = {});

// Clears published_at of round(share * documents) documents chosen by `seed`.
void RemoveDates(CopyFamily* family, double share, uint64_t seed);

}  // namespace stemma::copygen

#endif  // STEMMA_TESTS_PROVENANCE_COPY_GENERATOR_H_
