// LetterAligner: passages through OCR damage too heavy for word seeds.
//
// Design. A 1916 page read by OCR may keep no run of five words intact for
// lines on end ("Tan flatllan cfoliara' property dam aga an« a death toll of
// alght" for "Ten million dollars' property damage and a death toll of
// eight") while three letters in four still agree. After Vesanto et al.'s
// use of BLAST on Finnish newspapers, this aligner reads such text as
// letters: each letter or digit of a text (ASCII case-folded; any other
// character whole) is a token of its own, and spaces and punctuation are
// dropped, so that "aero plane" and "aeroplane" read alike. Letter n-gram
// fingerprints seed a PairAligner run on letters with letter scores
// (LetterAlignOptions): its chains, X-drop cuts and joins find where a
// copied stretch begins and ends through the damage. Each letter passage is
// then read back as words: the words its letters fall in are aligned end to
// end with weak matches (PairAligner::AlignSpan), so the output is the same
// kind of passage as the word aligner's, with its edit script and identity.
//
// Cost: the letter tokens are about five per word (16 bytes each), and a
// pair's letter alignment reads about five times as many cells as its word
// alignment; so it is an option of scan (LetterOptions), not the default.
// Not thread-safe (PairAligner's scratch): use one per thread.
#ifndef STEMMA_ALIGN_LETTER_ALIGNER_H_
#define STEMMA_ALIGN_LETTER_ALIGNER_H_

#include <span>
#include <string_view>
#include <vector>

#include "align/chain.h"
#include "align/pair_aligner.h"
#include "stemma/options.h"
#include "stemma/passage.h"
#include "stemma/text.h"

namespace stemma::align {

// The letters of the words `words` of `text`, one token each, in order: an
// ASCII letter or digit case-folded, any other ASCII byte dropped, any other
// character kept whole (its bytes are its key).
std::vector<Token> LetterTokens(std::span<const Token> words, std::string_view text);
// The same into *out (cleared first), reusing its memory.
void LetterTokens(std::span<const Token> words, std::string_view text, std::vector<Token>* out);

// Scores per letter: a mismatch costs what a match gains, so that a stretch
// where more than half the letters agree (the worst OCR a reader can still
// follow) keeps a positive score, and unrelated text, which agrees in one
// letter of fourteen, falls away; lengths and X-drops are the word
// options' scaled to letters.
AlignOptions LetterAlignOptions(const AlignOptions& words);
BandMargins LetterBandMargins();

class LetterAligner {
 public:
  explicit LetterAligner(const AlignOptions& word_options)
      : letters_(LetterAlignOptions(word_options), LetterBandMargins()),
        words_(word_options),
        min_tokens_(static_cast<uint32_t>(word_options.min_tokens)) {}

  // The passages of a and b (words and texts) found through `seeds` between
  // their letters (reordered), in word coordinates, ordered by position in a.
  std::vector<Passage> Align(const TokenText& a, std::span<const Token> a_letters,
                             const TokenText& b, std::span<const Token> b_letters,
                             std::vector<Seed>* seeds);

  // The pair's word passages with what its letter seeds add: the seeds
  // kept by KeepClusteredSeeds (min_seeds of them close together), aligned,
  // the result merged (MergePassages). What scan and compare do with
  // --letters. Seeds inside a word passage are aligned too: the letters read
  // on through a changed date or a misread word where the word passage
  // stopped, and a copy's letters mostly match whole words, which cost
  // little (Align reads them as words).
  std::vector<Passage> AddLetterPassages(const TokenText& a, std::span<const Token> a_letters,
                                         const TokenText& b, std::span<const Token> b_letters,
                                         int min_seeds, std::vector<Seed>* seeds,
                                         std::vector<Passage> word_passages);

 private:
  PairAligner letters_;
  PairAligner words_;
  uint32_t min_tokens_;
};

// Keeps the seeds that have at least `min_seeds` seeds (themselves
// included) within `band` of their diagonal (b - a) and `reach` of their
// position in a. Two pages share many letter n-grams by chance (common
// phrases), scattered over all diagonals; a copy, however damaged, puts its
// seeds close together on nearly one diagonal (OCR's lost and stray letters
// move it by a few). Aligning only the clustered seeds spares the X-drop
// extensions of every chance match. The neighbours must spread over
// `min_span` positions at least; the seeds kept are in (diagonal, a) order.
void KeepClusteredSeeds(int64_t band, uint32_t reach, uint32_t min_seeds, uint32_t min_span,
                        std::vector<Seed>* seeds);

// One list of the passages of a pair found on words and on letters: where
// two mostly cover the same tokens on both sides, the longer is kept (the
// letter aligner's span reads through damage the word aligner stops at).
std::vector<Passage> MergePassages(std::vector<Passage> word_passages,
                                   std::vector<Passage> letter_passages);

}  // namespace stemma::align

#endif  // STEMMA_ALIGN_LETTER_ALIGNER_H_
