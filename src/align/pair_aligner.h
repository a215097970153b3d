// PairAligner: all passages two token sequences share, through edits.
//
// Design. Seeds (positions of equal n-gram hashes) become anchors (maximal
// exact matches), anchors become co-linear chains (chain.h), and each chain
// becomes one alignment path: its anchors as runs of matches, the gaps
// between consecutive anchors aligned with banded affine-gap global
// alignment, and both ends extended with X-drop gapped extension, so edits
// near the ends and short exact runs no seed covered are still included.
// The path is then cut by X-drop into segments (passage_builder.h), and
// consecutive segments are joined again across gaps worth bridging
// (segment_joiner.h). One reused passage with scattered or clustered edits
// therefore comes out as one passage, and a moved paragraph, not co-linear
// with the rest, as a passage of its own.
//
// When the texts behind the tokens are given, gap filling, extension and
// joining are OCR-tolerant: words whose keys differ but whose letters are
// close are weak matches, and a word split in two on one side can be read
// as one (word_similarity.h). Seeds stay exact. Passages found from seeds
// begin and end on exact matches (a span read back from letters may begin
// and end on a weak one: AlignSpan); `identity` counts exact matches only,
// so a passage read through OCR damage shows it as lower identity, and its
// weak matches are `substitute` edits.
//
// Cost: linear in the seeds and in the matched tokens, plus a bounded DP per
// gap and per end (AlignOptions::max_gap, max_extension), plus word shapes
// for the tokens of those regions.
// Not thread-safe (scratch buffers): use one PairAligner per thread.
#ifndef STEMMA_ALIGN_PAIR_ALIGNER_H_
#define STEMMA_ALIGN_PAIR_ALIGNER_H_

#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "align/affine_aligner.h"
#include "align/chain.h"
#include "align/passage_builder.h"
#include "align/path.h"
#include "align/word_similarity.h"
#include "stemma/options.h"
#include "stemma/passage.h"
#include "stemma/text.h"

namespace stemma::align {

// Tokens and the text their byte ranges index. An empty text means exact
// matching only.
struct TokenText {
  std::span<const Token> tokens;
  std::string_view text;
};

class PairAligner {
 public:
  explicit PairAligner(const AlignOptions& options, BandMargins margins = {})
      : options_(options), affine_(options, margins) {}

  // The passages of a and b found through `seeds` (reordered), ordered by
  // position in a.
  std::vector<Passage> Align(const TokenText& a, const TokenText& b, std::vector<Seed>* seeds);
  // The same with exact matching only.
  std::vector<Passage> Align(std::span<const Token> a, std::span<const Token> b,
                             std::vector<Seed>* seeds) {
    return Align(TokenText{a, {}}, TokenText{b, {}}, seeds);
  }

  // Tokens [a_begin, a_end) of a and [b_begin, b_end) of b aligned end to
  // end (weak matches when the texts are given), trimmed to begin and end
  // where the words agree (a match or weak match that the columns inwards
  // vouch for: SteadyEnds in pair_aligner.cc): how a span found by other
  // means (letter_aligner.h) is read as words. No X-drop cut: the caller
  // vouches for the span. None when fewer than min_tokens tokens match.
  // `agreement`, when given, is set to the share of the passage's columns
  // that are matches or weak matches. `anchors` (exact matches inside the
  // span, in order on both sides, as a chain's) are passed through: only the
  // regions between them are aligned, so a long copy costs its edits, not
  // its length.
  std::optional<Passage> AlignSpan(const TokenText& a, const TokenText& b, uint32_t a_begin,
                                   uint32_t a_end, uint32_t b_begin, uint32_t b_end,
                                   double* agreement = nullptr,
                                   std::span<const Anchor> anchors = {});

  // Whether the last Align() read a's first (or last) token, or wanted to
  // read before (after) it. When `a` is a window of a longer text, the result
  // is the whole text's exactly when it touched neither edge of the window
  // (see StoredDocuments::TokensAround).
  bool touched_a_start() const { return touched_a_start_; }
  bool touched_a_end() const { return touched_a_end_; }

 private:
  // Tokens [begin, end) of one side as a region to align, keys reversed if
  // asked; with its text (for weak matches) when `weak`.
  RegionSide Region(const TokenText& side, size_t begin, size_t end, bool reversed,
                    std::vector<uint64_t>* keys, bool weak) const;

  // Fills path_ with the alignment of one chain, ends extended.
  void BuildPath(const TokenText& a, const TokenText& b, const std::vector<Anchor>& chain);
  // Appends to path_ the anchors of `chain` as matches and the regions
  // between them aligned (with weak matches when `weak`).
  void AppendChain(const TokenText& a, const TokenText& b, std::span<const Anchor> chain,
                   bool weak);
  // Appends to path_ tokens [a_begin, a_end) of a aligned with [b_begin, b_end) of b.
  void AppendRegion(const TokenText& a, const TokenText& b, uint32_t a_begin, uint32_t a_end,
                    uint32_t b_begin, uint32_t b_end, bool weak);
  void AppendColumns(bool reversed);
  // Aligns tokens [a_begin, a_end) of a with [b_begin, b_end) of b globally,
  // with weak matches when `weak` (and the texts are at hand).
  double AlignRegion(const TokenText& a, const TokenText& b, uint32_t a_begin, uint32_t a_end,
                     uint32_t b_begin, uint32_t b_end, bool weak, Columns* out);
  // Appends the columns extending a chain leftwards from (a_end, b_end)
  // exclusive, in text order.
  void ExtendLeft(const TokenText& a, const TokenText& b, uint32_t a_end, uint32_t b_end);
  void ExtendRight(const TokenText& a, const TokenText& b, uint32_t a_begin, uint32_t b_begin);

  AlignOptions options_;
  AffineAligner affine_;
  bool weak_ = false;  // both texts given
  std::vector<uint64_t> keys_a_;
  std::vector<uint64_t> keys_b_;
  Columns columns_;
  Path path_;  // the path being built, kept to reuse its buffer
  std::vector<Segment> segments_;
  bool touched_a_start_ = false;
  bool touched_a_end_ = false;
};

}  // namespace stemma::align

#endif  // STEMMA_ALIGN_PAIR_ALIGNER_H_
