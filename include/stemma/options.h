// Options of the engine's stages, with defaults chosen by measurement (see
// BENCHMARKS.md, "Choosing the defaults"). Plain structs: copy and change.
#ifndef STEMMA_OPTIONS_H_
#define STEMMA_OPTIONS_H_

#include <cstdint>

#include "stemma/status.h"

namespace stemma {

// Fingerprints are hashes of `ngram` consecutive tokens, winnowed with a
// window of `window` consecutive n-grams. Guarantee: two texts that share a
// run of at least window + ngram - 1 identical tokens share a fingerprint.
struct FingerprintOptions {
  int ngram = 5;
  int window = 4;
};

// Token-level alignment of two texts. Scores are per token.
struct AlignOptions {
  int min_tokens = 8;        // report passages with at least this many matched tokens
  double match = 1.0;        // score of two equal tokens
  double mismatch = -2.0;    // score of a substituted token
  double gap_open = -0.5;    // score of opening a run of inserted or deleted tokens
  double gap_extend = -0.5;  // score of each inserted or deleted token
  double x_drop = 20.0;      // a passage ends where its running score falls this far below its best
  double extension_x_drop = 10.0;  // the same, when extending a passage's ends beyond its seeds
  int max_gap = 64;        // seeds further apart than this (tokens, in either text) are not chained
  int max_extension = 64;  // how far, in tokens, an end may be extended past the last seed
};

// Seeding and aligning on letters as well as words, for OCR damaged so
// heavily that few runs of words survive intact ("Tan flatllan cfoliara'
// property" for "Ten million dollars' property"): each text's letters and
// digits, case-folded, spaces and punctuation dropped, are fingerprinted as
// n-grams of letters, and pairs that share them are aligned letter by
// letter, then read back as words (see docs/alignment.md). Off by default:
// it finds more on damaged pages at several times the cost.
struct LetterOptions {
  bool enabled = false;
  // Letter n-grams winnowed with this window: two texts that share a run of
  // ngram + window - 1 letters share a fingerprint.
  FingerprintOptions fingerprint{.ngram = 10, .window = 8};
  // Letter seeds are aligned where at least this many lie close together on
  // nearly one diagonal (chance shares of common phrases scatter).
  int min_seeds = 4;
};

// Pairwise work over a collection.
struct ScanOptions {
  FingerprintOptions fingerprint;
  AlignOptions align;
  LetterOptions letters;
  // A fingerprint found in more documents than this is boilerplate: it is not used as a seed.
  int max_document_frequency = 100;
  // Worker threads; 0 means one per core.
  int threads = 0;
  // ScanAcrossRanks: the most documents of other ranks a rank holds at a time
  // (it fetches its partners in waves of this many); 0 means as many as the
  // rank's own share. Smaller: less memory, more waves.
  int documents_per_wave = 0;
  // ScanAcrossRanks: each rank receives the pairs whose `a` is in its block
  // of documents (its part of the output), instead of rank 0 receiving them
  // all; the ranks' parts in rank order are the whole run in (a, b) order.
  bool output_by_rank = false;
};

// OK, or InvalidArgument naming the first option out of range.
Status Validate(const FingerprintOptions& options);
Status Validate(const AlignOptions& options);
Status Validate(const LetterOptions& options);
Status Validate(const ScanOptions& options);

}  // namespace stemma

#endif  // STEMMA_OPTIONS_H_
