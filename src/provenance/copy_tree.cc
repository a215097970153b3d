// The copy tree (design in copy_tree.h). Three steps: read the witnesses and
// pairs into candidate edges (costs in thousandths of a word, so that every
// sum is exact and the result never depends on the order of additions), find
// the minimum arborescence (arborescence.h; rebuilt while dates forbid it),
// then explain each choice (copy_tree_evidence.cc).
#include "provenance/copy_tree.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <tuple>
#include <utility>

#include "provenance/copy_family.h"

namespace stemma::provenance {
namespace tree {

CopyFamily::CopyFamily(const std::vector<Witness>& witnesses, const std::vector<WitnessPair>& pairs,
                       const CopyTreeOptions& options)
    : witnesses_(witnesses),
      options_(options),
      nodes_(witnesses.size()),
      incoming_(witnesses.size()) {
  for (uint32_t index = 0; index < witnesses.size(); ++index) {
    if (witnesses[index].published_at) {
      nodes_[index].time = ParseIsoTime(*witnesses[index].published_at);
    }
    nodes_[index].tokens = witnesses[index].tokens;
  }
  ReadPairs(pairs);
  RankByTime();
  for (uint32_t index = 0; index < pairs_.size(); ++index) {
    AddCandidate(pairs_[index].first, pairs_[index].second, index);
    AddCandidate(pairs_[index].second, pairs_[index].first, index);
  }
  for (Incoming& in : incoming_) {
    std::sort(
        in.candidates.begin(), in.candidates.end(), [&](const Candidate& a, const Candidate& b) {
          return std::tie(a.cost, nodes_[a.parent].rank) < std::tie(b.cost, nodes_[b.parent].rank);
        });
    if (in.candidates.size() > options_.max_candidate_parents) {
      in.candidates.resize(options_.max_candidate_parents);
    }
  }
}

// Keeps valid pairs, one per (first, second), with counts made consistent:
// matched <= aligned <= tokens. A witness of 0 tokens (unknown) takes the
// most any pair shows of it.
void CopyFamily::ReadPairs(const std::vector<WitnessPair>& pairs) {
  const size_t count = witnesses_.size();
  for (const WitnessPair& pair : pairs) {
    if (pair.first < pair.second && pair.second < count) pairs_.push_back(pair);
  }
  std::sort(pairs_.begin(), pairs_.end(), [](const WitnessPair& a, const WitnessPair& b) {
    return std::tie(a.first, a.second, b.matched_tokens, b.first_aligned_tokens,
                    b.second_aligned_tokens) < std::tie(b.first, b.second, a.matched_tokens,
                                                        a.first_aligned_tokens,
                                                        a.second_aligned_tokens);
  });
  pairs_.erase(std::unique(pairs_.begin(), pairs_.end(),
                           [](const WitnessPair& a, const WitnessPair& b) {
                             return a.first == b.first && a.second == b.second;
                           }),
               pairs_.end());
  for (const WitnessPair& pair : pairs_) {
    for (const auto& [witness, aligned] : {std::pair(pair.first, pair.first_aligned_tokens),
                                           std::pair(pair.second, pair.second_aligned_tokens)}) {
      if (witnesses_[witness].tokens == 0) {
        nodes_[witness].tokens =
            std::max<int64_t>(nodes_[witness].tokens, std::max(aligned, pair.matched_tokens));
      }
    }
  }
  for (WitnessPair& pair : pairs_) {
    const auto first = static_cast<uint32_t>(nodes_[pair.first].tokens);
    const auto second = static_cast<uint32_t>(nodes_[pair.second].tokens);
    pair.matched_tokens = std::min({pair.matched_tokens, first, second});
    pair.first_aligned_tokens = std::clamp(pair.first_aligned_tokens, pair.matched_tokens, first);
    pair.second_aligned_tokens =
        std::clamp(pair.second_aligned_tokens, pair.matched_tokens, second);
  }
}

void CopyFamily::RankByTime() {
  std::vector<uint32_t> order(nodes_.size());
  for (uint32_t index = 0; index < order.size(); ++index) order[index] = index;
  auto key = [&](uint32_t index) {
    const std::optional<TimeInterval>& time = nodes_[index].time;
    return std::make_tuple(!time.has_value(), time ? time->begin : 0, time ? time->end : 0,
                           std::string_view(witnesses_[index].tie_key), witnesses_[index].document,
                           index);
  };
  std::sort(order.begin(), order.end(), [&](uint32_t a, uint32_t b) { return key(a) < key(b); });
  for (uint32_t position = 0; position < order.size(); ++position) {
    nodes_[order[position]].rank = position;
  }
}

// True when both are dated and `first` was published after `second` ended.
bool CopyFamily::Later(uint32_t first, uint32_t second) const {
  const std::optional<TimeInterval>& a = nodes_[first].time;
  const std::optional<TimeInterval>& b = nodes_[second].time;
  return a && b && a->begin >= b->end;
}

void CopyFamily::AddCandidate(uint32_t parent, uint32_t child, uint32_t pair_index) {
  const WitnessPair& pair = pairs_[pair_index];
  const bool parent_first = pair.first == parent;
  const int64_t matched = pair.matched_tokens;
  const int64_t parent_aligned =
      parent_first ? pair.first_aligned_tokens : pair.second_aligned_tokens;
  const int64_t child_aligned =
      parent_first ? pair.second_aligned_tokens : pair.first_aligned_tokens;
  const Node& p = nodes_[parent];
  const Node& c = nodes_[child];
  Incoming& in = incoming_[child];

  const int64_t words_differ = p.tokens + c.tokens - 2 * matched;
  if (in.closest == kNone || words_differ < in.closest_words ||
      (words_differ == in.closest_words && p.rank < nodes_[in.closest].rank)) {
    in.closest = parent;
    in.closest_words = words_differ;
  }
  const double shared = c.tokens == 0 ? 1.0 : static_cast<double>(matched) / c.tokens;
  in.best_shared = std::max(in.best_shared, shared);
  if (1 - shared > options_.max_new_share) return;

  const int64_t inside = (parent_aligned - matched) + (child_aligned - matched);
  const int64_t added = c.tokens - child_aligned;
  const int64_t cut = p.tokens - parent_aligned;
  const int64_t word = ToUnits(options_.word_weight);
  int64_t cost = kUnit * pair.edits + word * inside;
  if (added > 0) cost += kUnit + word * added;
  if (cut > 0) cost += ToUnits(options_.cut_weight) * (kUnit + word * cut) / kUnit;
  cost += ToUnits(options_.added_attribution_cost) *
          (parent_first ? pair.second_only_attributions : pair.first_only_attributions);
  if (!p.time && c.time) cost += ToUnits(options_.undated_parent_penalty);
  if (Later(parent, child)) {
    if (in.later == kNone || nodes_[parent].rank < nodes_[in.later].rank) in.later = parent;
    return;
  }
  ++in.admissible;
  in.candidates.push_back({parent, cost, pair_index});
}

std::vector<int32_t> CopyFamily::Arborescence() const {
  const uint32_t root = nodes_.size();
  std::vector<ArborescenceEdge> edges;
  for (uint32_t child = 0; child < nodes_.size(); ++child) {
    edges.push_back({root, child, {1, 0, nodes_[child].rank}});
    for (const Candidate& candidate : incoming_[child].candidates) {
      if (candidate.forbidden) continue;
      edges.push_back(
          {candidate.parent, child, {0, candidate.cost, nodes_[candidate.parent].rank}});
    }
  }
  const std::vector<uint32_t> in_edge = MinimumArborescence(root + 1, root, edges);
  std::vector<int32_t> parents(nodes_.size(), -1);
  for (uint32_t child = 0; child < nodes_.size(); ++child) {
    const uint32_t from = edges[in_edge[child]].from;
    if (from != root) parents[child] = static_cast<int32_t>(from);
  }
  return parents;
}

// Forbids the undated parent of each dated witness whose nearest dated
// ancestor was published after it; false when there is none.
bool CopyFamily::ForbidDateViolations(const std::vector<int32_t>& parents) {
  bool found = false;
  for (uint32_t child = 0; child < nodes_.size(); ++child) {
    const int32_t parent = parents[child];
    if (!nodes_[child].time || parent < 0 || nodes_[parent].time) continue;
    int32_t ancestor = parents[parent];
    while (ancestor >= 0 && !nodes_[ancestor].time) ancestor = parents[ancestor];
    if (ancestor < 0 || !Later(ancestor, child)) continue;
    for (Candidate& candidate : incoming_[child].candidates) {
      if (candidate.parent == static_cast<uint32_t>(parent)) candidate.forbidden = true;
    }
    found = true;
  }
  return found;
}

std::vector<int32_t> CopyFamily::Parents() {
  std::vector<int32_t> parents = Arborescence();
  for (uint32_t round = 0; round < kMaxRepairRounds && ForbidDateViolations(parents); ++round) {
    parents = Arborescence();
  }
  return parents;
}

}  // namespace tree

std::vector<ParentChoice> ChooseParents(const std::vector<Witness>& witnesses,
                                        const std::vector<WitnessPair>& pairs,
                                        const CopyTreeOptions& options) {
  if (witnesses.empty()) return {};
  tree::CopyFamily family(witnesses, pairs, options);
  const std::vector<int32_t> parents = family.Parents();
  const uint32_t root = family.FamilyRoot(parents);
  std::vector<ParentChoice> choices;
  choices.reserve(witnesses.size());
  for (uint32_t child = 0; child < witnesses.size(); ++child) {
    choices.push_back(family.Explain(child, parents, root));
  }
  return choices;
}

namespace {

// Runs of changed words in a passage: consecutive edits that are not equal
// text are one edit of the copyist's (a word replaced and one inserted
// beside it).
uint32_t EditRuns(const Passage& passage) {
  uint32_t runs = 0;
  bool in_run = false;
  for (const Edit& edit : passage.edits) {
    const bool changed = edit.op != EditOp::kEqual;
    runs += changed && !in_run;
    in_run = changed;
  }
  return runs;
}

}  // namespace

WitnessPair SummarisePair(uint32_t first, uint32_t second, std::vector<Passage> passages) {
  std::sort(passages.begin(), passages.end(), [](const Passage& x, const Passage& y) {
    return std::tie(x.a.first_token, x.b.first_token) < std::tie(y.a.first_token, y.b.first_token);
  });
  const size_t count = passages.size();
  std::vector<uint64_t> best(count);  // matched tokens of the best chain ending at each
  std::vector<size_t> previous(count, count);
  for (size_t index = 0; index < count; ++index) {
    best[index] = passages[index].matched_tokens;
    for (size_t before = 0; before < index; ++before) {
      const Passage& x = passages[before];
      const Passage& y = passages[index];
      const bool colinear = x.a.first_token + x.a.tokens <= y.a.first_token &&
                            x.b.first_token + x.b.tokens <= y.b.first_token;
      if (colinear && best[before] + y.matched_tokens > best[index]) {
        best[index] = best[before] + y.matched_tokens;
        previous[index] = before;
      }
    }
  }
  WitnessPair pair{first, second};
  if (count == 0) return pair;
  const size_t last = std::max_element(best.begin(), best.end()) - best.begin();
  size_t head = last;
  for (size_t at = last; at < count; at = previous[at]) {
    pair.matched_tokens += passages[at].matched_tokens;
    pair.edits += EditRuns(passages[at]);
    const size_t before = previous[at];
    if (before < count) {
      const Passage& x = passages[before];
      const Passage& y = passages[at];
      const bool gap = x.a.first_token + x.a.tokens < y.a.first_token ||
                       x.b.first_token + x.b.tokens < y.b.first_token;
      pair.edits += gap;
    }
    head = at;
  }
  const PassageSide& a_end = passages[last].a;
  const PassageSide& b_end = passages[last].b;
  pair.first_aligned_tokens = a_end.first_token + a_end.tokens - passages[head].a.first_token;
  pair.second_aligned_tokens = b_end.first_token + b_end.tokens - passages[head].b.first_token;
  return pair;
}

}  // namespace stemma::provenance
