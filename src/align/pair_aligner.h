// PairAligner: all passages two token sequences share, through edits.
//
// Design. Seeds (positions of equal n-gram hashes) become anchors (maximal
// exact matches), anchors become co-linear chains (chain.h), and each chain
// becomes one alignment path: its anchors as runs of matches, the gaps
// between consecutive anchors aligned with banded affine-gap global
// alignment, and both ends extended with X-drop gapped extension, so edits
// near the ends and short exact runs no seed covered are still included.
// The path is then cut by X-drop into passages (passage_builder.h). One
// reused passage with scattered edits therefore comes out as one passage,
// and a moved paragraph, not co-linear with the rest, as a passage of its
// own.
//
// Cost: linear in the seeds and in the matched tokens, plus a bounded DP per
// gap and per end (AlignOptions::max_gap, max_extension).
// Not thread-safe (scratch buffers): use one PairAligner per thread.
#ifndef STEMMA_ALIGN_PAIR_ALIGNER_H_
#define STEMMA_ALIGN_PAIR_ALIGNER_H_

#include <span>
#include <vector>

#include "align/affine_aligner.h"
#include "align/chain.h"
#include "align/path.h"
#include "stemma/options.h"
#include "stemma/passage.h"
#include "stemma/text.h"

namespace stemma::align {

class PairAligner {
 public:
  explicit PairAligner(const AlignOptions& options) : options_(options), affine_(options) {}

  // The passages of a and b found through `seeds` (reordered), ordered by
  // position in a.
  std::vector<Passage> Align(std::span<const Token> a, std::span<const Token> b,
                             std::vector<Seed>* seeds);

  // Whether the last Align() read a's first (or last) token, or wanted to
  // read before (after) it. When `a` is a window of a longer text, the result
  // is the whole text's exactly when it touched neither edge of the window
  // (see StoredDocuments::TokensAround).
  bool touched_a_start() const { return touched_a_start_; }
  bool touched_a_end() const { return touched_a_end_; }

 private:
  // Fills path_ with the alignment of one chain, ends extended.
  void BuildPath(std::span<const Token> a, std::span<const Token> b,
                 const std::vector<Anchor>& chain);
  void AlignGap(std::span<const Token> a, std::span<const Token> b, const Anchor& left,
                const Anchor& right, std::vector<Step>* steps);
  // Appends the columns extending a chain leftwards from (a_end, b_end)
  // exclusive, in text order.
  void ExtendLeft(std::span<const Token> a, std::span<const Token> b, uint32_t a_end,
                  uint32_t b_end, std::vector<Step>* steps);
  void ExtendRight(std::span<const Token> a, std::span<const Token> b, uint32_t a_begin,
                   uint32_t b_begin, std::vector<Step>* steps);

  AlignOptions options_;
  AffineAligner affine_;
  std::vector<uint64_t> keys_a_;
  std::vector<uint64_t> keys_b_;
  Path path_;  // the path being built, kept to reuse its buffer
  bool touched_a_start_ = false;
  bool touched_a_end_ = false;
};

}  // namespace stemma::align

#endif  // STEMMA_ALIGN_PAIR_ALIGNER_H_
