#include "align/chain.h"

#include <algorithm>
#include <cstdlib>
#include <numeric>

namespace stemma::align {
namespace {

// How many earlier anchors (in order of a) each anchor may link to.
constexpr size_t kMaxPredecessors = 64;
// Gap penalties of the chain score, per token: small, they only rank chains.
constexpr double kIndelPenalty = 0.25;
constexpr double kSkipPenalty = 0.05;

int64_t Diagonal(const Seed& seed) { return int64_t{seed.b} - int64_t{seed.a}; }

Anchor ExtendSeed(std::span<const Token> a, std::span<const Token> b, const Seed& seed) {
  uint32_t begin_a = seed.a;
  uint32_t begin_b = seed.b;
  while (begin_a > 0 && begin_b > 0 && a[begin_a - 1].key == b[begin_b - 1].key) {
    --begin_a;
    --begin_b;
  }
  uint32_t end_a = seed.a;
  uint32_t end_b = seed.b;
  while (end_a < a.size() && end_b < b.size() && a[end_a].key == b[end_b].key) {
    ++end_a;
    ++end_b;
  }
  return {begin_a, begin_b, end_a - begin_a};
}

// The best way to put `next` after `previous` in a chain, if there is one.
struct Link {
  bool possible = false;
  uint32_t trim = 0;  // tokens cut from the front of `next` where the two overlap
  double gain = 0;    // tokens `next` adds, minus the gap penalty
};
Link LinkAnchors(const Anchor& previous, const Anchor& next, const AlignOptions& options) {
  if (previous.a >= next.a || previous.b >= next.b) return {};
  const int64_t overlap = std::max<int64_t>(
      {0, int64_t{previous.a_end()} - next.a, int64_t{previous.b_end()} - next.b});
  if (overlap >= next.length) return {};
  const int64_t gap_a = int64_t{next.a} + overlap - previous.a_end();
  const int64_t gap_b = int64_t{next.b} + overlap - previous.b_end();
  if (gap_a > options.max_gap || gap_b > options.max_gap) return {};
  const double penalty =
      kIndelPenalty * std::abs(gap_a - gap_b) + kSkipPenalty * std::min(gap_a, gap_b);
  return {true, static_cast<uint32_t>(overlap),
          static_cast<double>(next.length - overlap) - penalty};
}

}  // namespace

std::vector<Anchor> FindAnchors(std::span<const Token> a, std::span<const Token> b,
                                std::vector<Seed>* seeds) {
  std::sort(seeds->begin(), seeds->end(), [](const Seed& x, const Seed& y) {
    return Diagonal(x) != Diagonal(y) ? Diagonal(x) < Diagonal(y) : x.a < y.a;
  });
  std::vector<Anchor> anchors;
  for (const Seed& seed : *seeds) {
    if (seed.a >= a.size() || seed.b >= b.size()) continue;
    if (!anchors.empty()) {
      const Anchor& last = anchors.back();
      const bool same_diagonal = int64_t{last.b} - last.a == Diagonal(seed);
      if (same_diagonal && seed.a < last.a_end()) continue;
    }
    if (a[seed.a].key != b[seed.b].key) continue;  // a hash collision, not a match
    anchors.push_back(ExtendSeed(a, b, seed));
  }
  return anchors;
}

std::vector<std::vector<Anchor>> ChainAnchors(std::vector<Anchor> anchors,
                                              const AlignOptions& options) {
  // Most candidate pairs share one short run: nothing to chain.
  if (anchors.size() <= 1) {
    std::vector<std::vector<Anchor>> chains;
    if (!anchors.empty()) chains.push_back(std::move(anchors));
    return chains;
  }
  std::sort(anchors.begin(), anchors.end(),
            [](const Anchor& x, const Anchor& y) { return x.a != y.a ? x.a < y.a : x.b < y.b; });
  const size_t count = anchors.size();
  std::vector<double> score(count);
  std::vector<int64_t> predecessor(count, -1);
  std::vector<uint32_t> trim(count, 0);
  for (size_t next = 0; next < count; ++next) {
    score[next] = anchors[next].length;
    const size_t first = next > kMaxPredecessors ? next - kMaxPredecessors : 0;
    for (size_t previous = first; previous < next; ++previous) {
      const Link link = LinkAnchors(anchors[previous], anchors[next], options);
      if (!link.possible || score[previous] + link.gain <= score[next]) continue;
      score[next] = score[previous] + link.gain;
      predecessor[next] = static_cast<int64_t>(previous);
      trim[next] = link.trim;
    }
  }

  std::vector<size_t> by_score(count);
  std::iota(by_score.begin(), by_score.end(), 0);
  std::stable_sort(by_score.begin(), by_score.end(),
                   [&](size_t x, size_t y) { return score[x] > score[y]; });
  std::vector<bool> used(count, false);
  std::vector<std::vector<Anchor>> chains;
  for (size_t end : by_score) {
    if (used[end]) continue;
    std::vector<size_t> members;
    int64_t current = static_cast<int64_t>(end);
    while (current >= 0 && !used[current]) {
      used[current] = true;
      members.push_back(static_cast<size_t>(current));
      current = predecessor[current];
    }
    std::reverse(members.begin(), members.end());
    std::vector<Anchor> chain;
    for (size_t position = 0; position < members.size(); ++position) {
      Anchor anchor = anchors[members[position]];
      // A trim is relative to the predecessor, which is the previous member;
      // the first member's predecessor (if any) went to another chain.
      const uint32_t cut = position == 0 ? 0 : trim[members[position]];
      anchor.a += cut;
      anchor.b += cut;
      anchor.length -= cut;
      chain.push_back(anchor);
    }
    chains.push_back(std::move(chain));
  }
  return chains;
}

}  // namespace stemma::align
