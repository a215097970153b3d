#include "align/pair_aligner.h"

#include <algorithm>
#include <utility>

#include "align/segment_joiner.h"

namespace stemma::align {
namespace {

// Gaps between the seeds of one chain are aligned exactly. Measured on OCR
// pages (bench/blast_vs_scan.sh, bench/heldout_eval.py), weak matches there
// change almost nothing a reader sees (a misread word between two seeds is
// a substitution either way) while they cost a tenth of a scan: the damage
// that splits a copy is read through by the weak extensions of the chains'
// ends and by the weak alignment of the gaps between segments, which decide
// where passages end and whether pieces join.
constexpr bool kWeakChainGaps = false;

// A span read back from letters begins and ends where the words agree, not
// on a word that matches by chance among the mismatches past a copy's edge
// (the letters of "Page one. The" and "Column four. Tho" align as far back as
// "Page"): on the first and the last column that is a match or a weak match
// and is steady, that is, its kEdgeWindow columns inwards score above zero,
// or it is an exact match with another next to it inwards. Weak matches may
// end a span because OCR damage clusters at a copy's ends as anywhere else
// ("Wo hud thought the submar ine Issuo settlod"); two words read alike in a
// row outweigh a misread one beside them ("dam- g to property" / "dam aire
// to property", where the window alone scores 1 + 1 - 2).
constexpr size_t kEdgeWindow = 3;

std::pair<size_t, size_t> SteadyEnds(const Path& path) {
  const size_t count = path.steps.size();
  const auto score = [&](size_t begin, size_t end) {
    double sum = 0;
    for (size_t column = begin; column < end; ++column) sum += path.scores[column];
    return sum;
  };
  const auto agrees = [&](size_t column) {
    return path.steps[column] == Step::kMatch || path.steps[column] == Step::kWeak;
  };
  const auto exact_pair = [&](size_t column, size_t inwards) {
    return path.steps[column] == Step::kMatch && path.steps[inwards] == Step::kMatch;
  };
  size_t from = 0;
  while (from < count && !(agrees(from) && (score(from, std::min(count, from + kEdgeWindow)) > 0 ||
                                            (from + 1 < count && exact_pair(from, from + 1))))) {
    ++from;
  }
  size_t to = count;
  while (to > from && !(agrees(to - 1) && (score(to - std::min(to - from, kEdgeWindow), to) > 0 ||
                                           (to - 1 > from && exact_pair(to - 1, to - 2))))) {
    --to;
  }
  // A weak match's join column is the rest of its word ("aero plane" /
  // "aeroplane"): it ends with the word.
  while (to > from && to < count && IsJoin(path.steps[to])) ++to;
  return {from, to};
}

}  // namespace

RegionSide PairAligner::Region(const TokenText& side, size_t begin, size_t end, bool reversed,
                               std::vector<uint64_t>* keys, bool weak) const {
  keys->clear();
  for (size_t index = begin; index < end; ++index) keys->push_back(side.tokens[index].key);
  if (reversed) std::reverse(keys->begin(), keys->end());
  if (!weak || begin == end) return {*keys, {}, {}};
  // The aligner may read the words next to the region's start (the side a
  // region is read from): ask for their bytes now, while the keys are copied.
  const Token& first = side.tokens[reversed ? end - 1 : begin];
  __builtin_prefetch(side.text.data() + (reversed ? first.end - 1 : first.begin));
  return {*keys, side.tokens.subspan(begin, end - begin), side.text};
}

std::vector<Passage> PairAligner::Align(const TokenText& a, const TokenText& b,
                                        std::vector<Seed>* seeds) {
  touched_a_start_ = false;
  touched_a_end_ = false;
  weak_ = !a.text.empty() && !b.text.empty();
  std::vector<Anchor> anchors = FindAnchors(a.tokens, b.tokens, seeds);
  for (const Anchor& anchor : anchors) {
    // An anchor is a maximal exact match: one that ends at an edge of the
    // window might go on beyond it.
    touched_a_start_ |= anchor.a == 0;
    touched_a_end_ |= anchor.a_end() == a.tokens.size();
  }
  segments_.clear();
  for (const auto& chain : ChainAnchors(std::move(anchors), options_)) {
    BuildPath(a, b, chain);
    CutIntoSegments(path_, options_, &segments_);
  }
  RemoveRedundantSegments(&segments_);
  JoinSegments(
      options_,
      [&](uint32_t a_begin, uint32_t a_end, uint32_t b_begin, uint32_t b_end, Columns* out) {
        return AlignRegion(a, b, a_begin, a_end, b_begin, b_end, weak_, out);
      },
      weak_, &segments_);
  std::vector<Passage> passages;
  for (const Segment& segment : segments_) {
    if (segment.matched < static_cast<uint32_t>(options_.min_tokens)) continue;
    passages.push_back(PassageOf(segment, a.tokens, b.tokens));
  }
  RemoveRedundantPassages(&passages);
  return passages;
}

std::optional<Passage> PairAligner::AlignSpan(const TokenText& a, const TokenText& b,
                                              uint32_t a_begin, uint32_t a_end, uint32_t b_begin,
                                              uint32_t b_end, double* agreement,
                                              std::span<const Anchor> anchors) {
  weak_ = !a.text.empty() && !b.text.empty();
  path_.Clear();
  if (anchors.empty()) {
    AppendRegion(a, b, a_begin, a_end, b_begin, b_end, weak_);
  } else {
    AppendRegion(a, b, a_begin, anchors.front().a, b_begin, anchors.front().b, weak_);
    AppendChain(a, b, anchors, weak_);
    AppendRegion(a, b, anchors.back().a_end(), a_end, anchors.back().b_end(), b_end, weak_);
  }
  const auto [from, to] = SteadyEnds(path_);
  if (from == to) return std::nullopt;
  uint32_t a_first = a_begin;
  uint32_t b_first = b_begin;
  for (size_t column = 0; column < from; ++column) {
    a_first += ConsumesA(path_.steps[column]);
    b_first += ConsumesB(path_.steps[column]);
  }
  const Segment segment = SegmentOf(path_, from, to, a_first, b_first);
  if (segment.matched < static_cast<uint32_t>(options_.min_tokens)) return std::nullopt;
  if (agreement != nullptr) {
    size_t agreeing = 0;
    size_t columns = 0;
    for (const Step step : segment.steps) {
      agreeing += step == Step::kMatch || step == Step::kWeak;
      columns += !IsJoin(step);
    }
    *agreement = static_cast<double>(agreeing) / static_cast<double>(columns);
  }
  return PassageOf(segment, a.tokens, b.tokens);
}

void PairAligner::BuildPath(const TokenText& a, const TokenText& b,
                            const std::vector<Anchor>& chain) {
  const Anchor& first = chain.front();
  path_.Clear();
  ExtendLeft(a, b, first.a, first.b);
  path_.a_begin = first.a;
  path_.b_begin = first.b;
  for (Step step : path_.steps) {
    path_.a_begin -= ConsumesA(step);
    path_.b_begin -= ConsumesB(step);
  }
  AppendChain(a, b, chain, kWeakChainGaps && weak_);
  ExtendRight(a, b, chain.back().a_end(), chain.back().b_end());
}

void PairAligner::AppendChain(const TokenText& a, const TokenText& b, std::span<const Anchor> chain,
                              bool weak) {
  for (size_t position = 0; position < chain.size(); ++position) {
    if (position > 0) {
      const Anchor& left = chain[position - 1];
      const Anchor& right = chain[position];
      AppendRegion(a, b, left.a_end(), right.a, left.b_end(), right.b, weak);
    }
    for (uint32_t match = 0; match < chain[position].length; ++match) {
      path_.Append(Step::kMatch, 0, options_);
    }
  }
}

void PairAligner::AppendRegion(const TokenText& a, const TokenText& b, uint32_t a_begin,
                               uint32_t a_end, uint32_t b_begin, uint32_t b_end, bool weak) {
  columns_.Clear();
  AlignRegion(a, b, a_begin, a_end, b_begin, b_end, weak, &columns_);
  AppendColumns(false);
}

void PairAligner::AppendColumns(bool reversed) {
  const size_t count = columns_.steps.size();
  for (size_t index = 0; index < count; ++index) {
    const size_t column = reversed ? count - 1 - index : index;
    path_.Append(columns_.steps[column], columns_.weak[column], options_);
  }
}

double PairAligner::AlignRegion(const TokenText& a, const TokenText& b, uint32_t a_begin,
                                uint32_t a_end, uint32_t b_begin, uint32_t b_end, bool weak,
                                Columns* out) {
  return affine_.AlignGlobal(Region(a, a_begin, a_end, false, &keys_a_, weak),
                             Region(b, b_begin, b_end, false, &keys_b_, weak), out);
}

void PairAligner::ExtendLeft(const TokenText& a, const TokenText& b, uint32_t a_end,
                             uint32_t b_end) {
  const size_t limit = static_cast<size_t>(options_.max_extension);
  touched_a_start_ |= a_end < limit;
  const RegionSide region_a =
      Region(a, a_end - std::min<size_t>(a_end, limit), a_end, true, &keys_a_, weak_);
  const RegionSide region_b =
      Region(b, b_end - std::min<size_t>(b_end, limit), b_end, true, &keys_b_, weak_);
  columns_.Clear();
  affine_.Extend(region_a, region_b, true, &columns_);
  AppendColumns(true);
}

void PairAligner::ExtendRight(const TokenText& a, const TokenText& b, uint32_t a_begin,
                              uint32_t b_begin) {
  const size_t limit = static_cast<size_t>(options_.max_extension);
  touched_a_end_ |= a_begin + limit > a.tokens.size();
  const RegionSide region_a =
      Region(a, a_begin, std::min(a.tokens.size(), a_begin + limit), false, &keys_a_, weak_);
  const RegionSide region_b =
      Region(b, b_begin, std::min(b.tokens.size(), b_begin + limit), false, &keys_b_, weak_);
  columns_.Clear();
  affine_.Extend(region_a, region_b, false, &columns_);
  AppendColumns(false);
}

}  // namespace stemma::align
