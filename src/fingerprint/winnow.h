// Fingerprints of a token sequence: hashes of token n-grams, winnowed.
//
// Design. Every n-gram (n consecutive tokens) is hashed with XXH3 over the n
// 64-bit token keys. Winnowing (Schleimer, Wilkerson and Aiken, SIGMOD 2003)
// then keeps, in every window of `w` consecutive n-gram hashes, the minimum
// (the rightmost one on ties), recording each kept hash once. This is robust
// winnowing; the density of kept hashes is about 2 / (w + 1).
//
// Guarantee. Two texts sharing a run of at least w + n - 1 identical tokens
// share at least one fingerprint: the run holds w whole n-grams, both texts
// see exactly that window, and both keep its minimum. Shorter shared runs
// may or may not share one. A text with fewer than w n-grams (but at least
// one) keeps the minimum of all it has, so short texts are still found.
//
// Noise. OCR of pictures and rules yields runs of one-character "words"
// ("I l 1 ' i") that recur across pages and would pair them by thousands. An
// n-gram in which more than half the tokens are a single byte long is not
// fingerprinted (its hash is kNoiseHash, never kept). The guarantee above
// holds for shared runs whose n-grams are not noise.
//
// Cost: O(tokens) time, one pass each for hashing and winnowing (the
// window's minimum kept, the window scanned again when it leaves), and
// O(tokens) memory for the hashes. Thread-safe: pure functions.
#ifndef STEMMA_FINGERPRINT_WINNOW_H_
#define STEMMA_FINGERPRINT_WINNOW_H_

#include <cstdint>
#include <span>
#include <vector>

#include "stemma/options.h"
#include "stemma/text.h"

namespace stemma::fingerprint {

// The hash given to noise n-grams: never kept by Winnow().
inline constexpr uint64_t kNoiseHash = ~uint64_t{0};

struct Fingerprint {
  uint64_t hash = 0;
  uint32_t position = 0;  // index of the n-gram's first token

  bool operator==(const Fingerprint&) const = default;
};

// Which n-grams are noise (hashed as kNoiseHash, never fingerprints).
enum class NgramNoise {
  // Those made mostly of one-byte tokens: OCR specks, initials, table rules.
  kShortTokenRuns,
  // None: for tokens that are one letter each by design (letter_aligner.h).
  kNone,
};

// The hash of every n-gram: out[i] covers tokens [i, i + n), or kNoiseHash.
// Empty when the text has fewer than n tokens.
void HashNgrams(std::span<const Token> tokens, int n, std::vector<uint64_t>* out,
                NgramNoise noise = NgramNoise::kShortTokenRuns);

// The winnowed subset of `hashes`, in position order, without kNoiseHash.
void Winnow(std::span<const uint64_t> hashes, int window, std::vector<Fingerprint>* out);

// HashNgrams then Winnow, with the options' n and w.
std::vector<Fingerprint> Fingerprints(std::span<const Token> tokens,
                                      const FingerprintOptions& options,
                                      NgramNoise noise = NgramNoise::kShortTokenRuns);

}  // namespace stemma::fingerprint

#endif  // STEMMA_FINGERPRINT_WINNOW_H_
