#include "align/pair_aligner.h"

#include <algorithm>

#include "align/passage_builder.h"

namespace stemma::align {
namespace {

// Copies the keys of tokens [begin, end) into `keys`, reversed if asked.
void CopyKeys(std::span<const Token> tokens, size_t begin, size_t end, bool reversed,
              std::vector<uint64_t>* keys) {
  keys->clear();
  for (size_t index = begin; index < end; ++index) keys->push_back(tokens[index].key);
  if (reversed) std::reverse(keys->begin(), keys->end());
}

}  // namespace

std::vector<Passage> PairAligner::Align(std::span<const Token> a, std::span<const Token> b,
                                        std::vector<Seed>* seeds) {
  std::vector<Passage> passages;
  touched_a_start_ = false;
  touched_a_end_ = false;
  std::vector<Anchor> anchors = FindAnchors(a, b, seeds);
  for (const Anchor& anchor : anchors) {
    // An anchor is a maximal exact match: one that ends at an edge of the
    // window might go on beyond it.
    touched_a_start_ |= anchor.a == 0;
    touched_a_end_ |= anchor.a_end() == a.size();
  }
  for (const auto& chain : ChainAnchors(std::move(anchors), options_)) {
    BuildPath(a, b, chain);
    SplitIntoPassages(path_, a, b, options_, &passages);
  }
  RemoveRedundantPassages(&passages);
  return passages;
}

void PairAligner::BuildPath(std::span<const Token> a, std::span<const Token> b,
                            const std::vector<Anchor>& chain) {
  const Anchor& first = chain.front();
  path_.steps.clear();
  ExtendLeft(a, b, first.a, first.b, &path_.steps);
  path_.a_begin = first.a;
  path_.b_begin = first.b;
  for (Step step : path_.steps) {
    path_.a_begin -= ConsumesA(step);
    path_.b_begin -= ConsumesB(step);
  }
  for (size_t position = 0; position < chain.size(); ++position) {
    if (position > 0) AlignGap(a, b, chain[position - 1], chain[position], &path_.steps);
    path_.steps.insert(path_.steps.end(), chain[position].length, Step::kMatch);
  }
  ExtendRight(a, b, chain.back().a_end(), chain.back().b_end(), &path_.steps);
}

void PairAligner::AlignGap(std::span<const Token> a, std::span<const Token> b, const Anchor& left,
                           const Anchor& right, std::vector<Step>* steps) {
  CopyKeys(a, left.a_end(), right.a, false, &keys_a_);
  CopyKeys(b, left.b_end(), right.b, false, &keys_b_);
  affine_.AlignGlobal(keys_a_, keys_b_, steps);
}

void PairAligner::ExtendLeft(std::span<const Token> a, std::span<const Token> b, uint32_t a_end,
                             uint32_t b_end, std::vector<Step>* steps) {
  const size_t limit = static_cast<size_t>(options_.max_extension);
  touched_a_start_ |= a_end < limit;
  CopyKeys(a, a_end - std::min<size_t>(a_end, limit), a_end, true, &keys_a_);
  CopyKeys(b, b_end - std::min<size_t>(b_end, limit), b_end, true, &keys_b_);
  const size_t first_new = steps->size();
  affine_.Extend(keys_a_, keys_b_, steps);
  std::reverse(steps->begin() + first_new, steps->end());
}

void PairAligner::ExtendRight(std::span<const Token> a, std::span<const Token> b, uint32_t a_begin,
                              uint32_t b_begin, std::vector<Step>* steps) {
  const size_t limit = static_cast<size_t>(options_.max_extension);
  touched_a_end_ |= a_begin + limit > a.size();
  CopyKeys(a, a_begin, std::min(a.size(), a_begin + limit), false, &keys_a_);
  CopyKeys(b, b_begin, std::min(b.size(), b_begin + limit), false, &keys_b_);
  affine_.Extend(keys_a_, keys_b_, steps);
}

}  // namespace stemma::align
