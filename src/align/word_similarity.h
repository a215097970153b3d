// Weak matches: two different words that are most likely one word misread
// or misprinted ("tho" / "the", "Ballns" / "Salins", "aero plane" /
// "aeroplane", "gov- ernment" / "government").
//
// Design. Token keys say only whether two words are equal. Where they are
// not, the aligner asks how close their letters are: the Levenshtein
// distance d of the two words' shapes (ASCII letters and digits folded to
// lower case, other ASCII dropped, non-ASCII bytes kept as they are), over
// the longer length L. The pair is a weak match when L >= 3 and
// d <= (L + 1) / 3 (one edit in 3-4 letters, two in 5-7, three in 8-10...),
// and it then scores match * (1 - 2d / L): between a mismatch and a match,
// higher the fewer letters differ, and always positive, so that an
// alignment runs through OCR damage instead of stopping at it. A word split
// in two or two words run together are scored the same way on the joined
// letters of the two parts. Words of one or two letters are never weak
// matches: "of" / "or" is a real change as often as a misreading.
//
// Cost: a shape is built once per token of an aligned region; a comparison
// first rejects on length and on the set of letters present (one XOR and a
// popcount), which discards nearly all unrelated words, and only then runs
// a bounded dynamic programme over at most kMaxShapeBytes bytes.
//
// Pure functions; thread-safe.
#ifndef STEMMA_ALIGN_WORD_SIMILARITY_H_
#define STEMMA_ALIGN_WORD_SIMILARITY_H_

#include <cstdint>
#include <string_view>

namespace stemma::align {

// Longer words are compared on their first kMaxShapeBytes bytes.
constexpr int kMaxShapeBytes = 24;

// A weak match never scores as much as an exact one, even when the shapes
// agree ("don't" / "dont", or words alike in their first kMaxShapeBytes).
constexpr float kBestWeakScore = 0.9f;

// Letters are counted in this many classes for the quick rejection.
constexpr int kLetterClasses = 16;

// The letters of one word as weak matching compares them.
struct WordShape {
  uint8_t size = 0;      // bytes used in `bytes`
  uint32_t letters = 0;  // one bit per letter (a-z), digit class and non-ASCII class present
  uint8_t counts[kLetterClasses] = {};  // bytes per class of letters
  char bytes[kMaxShapeBytes] = {};
};

// The shape of the bytes of one token.
WordShape ShapeOf(std::string_view word);

namespace internal {

// Edits allowed between words whose longer shape has `length` bytes; -1: none.
inline int AllowedEdits(int length) { return length < 3 ? -1 : (length + 1) / 3; }

// Bits set in x (SWAR: the portable build has no popcount instruction).
inline int PopCount(uint32_t x) {
  x = x - ((x >> 1) & 0x55555555u);
  x = (x & 0x33333333u) + ((x >> 2) & 0x33333333u);
  x = (x + (x >> 4)) & 0x0F0F0F0Fu;
  return static_cast<int>((x * 0x01010101u) >> 24);
}

// Edits allowed between a word read as two and its whole: stricter, since a
// join takes two tokens for one and could otherwise swallow a neighbour
// ("taken ill" / "taken").
inline int AllowedJoinEdits(int length) { return length / 4; }

// Whether shapes of these sizes and letters may be within `allowed` edits:
// a substitution changes at most two letters present, an insertion or a
// deletion one. Rejects most unrelated pairs in a few instructions.
inline bool MayBeClose(int x_size, uint32_t x_letters, int y_size, uint32_t y_letters,
                       int allowed) {
  const int difference = x_size > y_size ? x_size - y_size : y_size - x_size;
  return allowed >= 0 && difference <= allowed && PopCount(x_letters ^ y_letters) <= 2 * allowed;
}

// The sum over letter classes of the difference in counts: a substitution
// changes it by at most two, an insertion or a deletion by one. Sixteen
// byte differences, which compilers turn into vector instructions.
inline int CountDistance(const uint8_t* x, const uint8_t* y) {
  int distance = 0;
  for (int index = 0; index < kLetterClasses; ++index) {
    distance += x[index] > y[index] ? x[index] - y[index] : y[index] - x[index];
  }
  return distance;
}

// The score of shapes within `allowed` edits (0 when they are not).
float ScoreOfClose(const WordShape& x, const WordShape& y, int allowed);
float JoinedScoreOfClose(const WordShape& first, const WordShape& second, const WordShape& whole);

}  // namespace internal

// The weak-match score of two words whose keys differ, as a fraction of a
// match's score in (0, 1), or 0 when they are not a weak match.
inline float WeakScore(const WordShape& x, const WordShape& y) {
  const int allowed = internal::AllowedEdits(x.size > y.size ? x.size : y.size);
  if (!internal::MayBeClose(x.size, x.letters, y.size, y.letters, allowed)) return 0;
  if (internal::CountDistance(x.counts, y.counts) > 2 * allowed) return 0;
  return internal::ScoreOfClose(x, y, allowed);
}

// The same for the words `first` and `second` read as one word against
// `whole` ("aero" + "plane" against "aeroplane"), within AllowedJoinEdits:
// one edit in four letters (an exact join for words under four).
inline float JoinedScore(const WordShape& first, const WordShape& second, const WordShape& whole) {
  const int joined =
      first.size + second.size < kMaxShapeBytes ? first.size + second.size : kMaxShapeBytes;
  const int allowed = internal::AllowedJoinEdits(joined > whole.size ? joined : whole.size);
  if (!internal::MayBeClose(joined, first.letters | second.letters, whole.size, whole.letters,
                            allowed)) {
    return 0;
  }
  return internal::JoinedScoreOfClose(first, second, whole);
}

}  // namespace stemma::align

#endif  // STEMMA_ALIGN_WORD_SIMILARITY_H_
