// The copy tree (design in copy_tree.h). Three steps: read the witnesses and
// pairs into candidate edges (costs in thousandths of a word, so that every
// sum is exact and the result never depends on the order of additions), find
// the minimum arborescence (rebuilt while dates forbid it), then explain each
// choice. The arborescence is Tarjan's O(E log E) form of Chu-Liu/Edmonds
// with leftist heaps of in-edges and a union-find that can undo its joins, so
// that the contracted cycles can be expanded newest first. (The textbook form
// in rounds rescans every edge per round, and here the rounds are many: all
// witnesses hang off one growing cycle that absorbs one of them per round.)
#include "provenance/copy_tree.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <tuple>
#include <utility>

namespace stemma::provenance {
namespace {

constexpr int64_t kUnit = 1000;  // costs are in thousandths of a word
constexpr uint32_t kNone = std::numeric_limits<uint32_t>::max();

// Confidences where no margin can be measured (see Explain*).
constexpr double kOnlyCandidate = 0.95;  // one witness fits at all
constexpr double kRootWithRivals = 0.6;  // first in time, but undated witnesses could precede it
constexpr double kUnseenByDate = 0.8;    // the witnesses that fit were published later
constexpr double kUnseenByCycle = 0.5;   // its candidates all descend from it
constexpr double kMaxConfidence = 0.99;
// Rebuilds of the tree to undo dated witnesses descending from later ones.
constexpr uint32_t kMaxRepairRounds = 16;

int64_t ToUnits(double words) { return std::llround(words * kUnit); }

// ---------------------------------------------------------------- time

// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's
// days_from_civil).
int64_t DaysFromCivil(int64_t year, unsigned month, unsigned day) {
  year -= month <= 2;
  const int64_t era = (year >= 0 ? year : year - 399) / 400;
  const unsigned year_of_era = static_cast<unsigned>(year - era * 400);
  const unsigned day_of_year = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
  const unsigned day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
  return era * 146097 + static_cast<int64_t>(day_of_era) - 719468;
}

unsigned DaysInMonth(int64_t year, unsigned month) {
  static constexpr unsigned kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  return month == 2 && leap ? 29 : kDays[month - 1];
}

// Reads `digits` decimal digits at text[*at] into *value.
bool ReadNumber(std::string_view text, size_t* at, size_t digits, int* value) {
  if (*at + digits > text.size()) return false;
  int result = 0;
  for (size_t index = 0; index < digits; ++index) {
    const char c = text[*at + index];
    if (c < '0' || c > '9') return false;
    result = result * 10 + (c - '0');
  }
  *at += digits;
  *value = result;
  return true;
}

bool Expect(std::string_view text, size_t* at, char c) {
  if (*at >= text.size() || text[*at] != c) return false;
  ++*at;
  return true;
}

// "Z", "+hh:mm", "+hhmm", "+hh" (or '-') at text[at..]: the offset in
// seconds east of UTC; nullopt when malformed or not at the end.
std::optional<int64_t> ReadOffset(std::string_view text, size_t at) {
  if (at == text.size()) return 0;  // no offset: read as UTC
  if ((text[at] == 'Z' || text[at] == 'z') && at + 1 == text.size()) return 0;
  if (text[at] != '+' && text[at] != '-') return std::nullopt;
  const int sign = text[at++] == '-' ? -1 : 1;
  int hours = 0;
  int minutes = 0;
  if (!ReadNumber(text, &at, 2, &hours)) return std::nullopt;
  if (at < text.size()) {
    Expect(text, &at, ':');
    if (!ReadNumber(text, &at, 2, &minutes)) return std::nullopt;
  }
  if (at != text.size() || hours > 14 || minutes > 59) return std::nullopt;
  return sign * (hours * 3600 + minutes * 60);
}

// "hh:mm[:ss[.fff]]" and an offset at text[at..]: seconds since midnight
// UTC (may fall outside [0, 86400) after the offset).
std::optional<int64_t> ReadTimeOfDay(std::string_view text, size_t at) {
  int hour = 0;
  int minute = 0;
  int second = 0;
  if (!ReadNumber(text, &at, 2, &hour) || !Expect(text, &at, ':') ||
      !ReadNumber(text, &at, 2, &minute)) {
    return std::nullopt;
  }
  if (Expect(text, &at, ':')) {
    if (!ReadNumber(text, &at, 2, &second)) return std::nullopt;
    if (Expect(text, &at, '.') || Expect(text, &at, ',')) {
      const size_t digits = at;
      while (at < text.size() && text[at] >= '0' && text[at] <= '9') ++at;
      if (at == digits) return std::nullopt;
    }
  }
  if (hour > 23 || minute > 59 || second > 60) return std::nullopt;
  const std::optional<int64_t> offset = ReadOffset(text, at);
  if (!offset) return std::nullopt;
  return hour * 3600 + minute * 60 + second - *offset;
}

// ------------------------------------------------------- the arborescence

struct Weight {
  int64_t roots = 0;  // edges from the virtual root
  int64_t cost = 0;   // changed words, in thousandths
  int64_t tie = 0;    // the time-order rank of the parent (of the child, for root edges)

  Weight operator+(const Weight& other) const {
    return {roots + other.roots, cost + other.cost, tie + other.tie};
  }
  Weight operator-() const { return {-roots, -cost, -tie}; }
  auto operator<=>(const Weight&) const = default;
};

struct Edge {
  uint32_t from = 0;
  uint32_t to = 0;
  Weight weight;
};

// Union-find by size, without path compression, that can undo its joins.
class RollbackUnionFind {
 public:
  explicit RollbackUnionFind(uint32_t size) : parent_(size, -1) {}

  uint32_t Find(uint32_t node) const {
    while (parent_[node] >= 0) node = parent_[node];
    return node;
  }
  size_t Time() const { return history_.size(); }
  // Joins the sets of a and b; false when they are one set already.
  bool Join(uint32_t a, uint32_t b) {
    a = Find(a);
    b = Find(b);
    if (a == b) return false;
    if (parent_[a] > parent_[b]) std::swap(a, b);  // a is the larger set
    history_.push_back({a, parent_[a]});
    history_.push_back({b, parent_[b]});
    parent_[a] += parent_[b];
    parent_[b] = static_cast<int32_t>(a);
    return true;
  }
  void Rollback(size_t time) {
    for (; history_.size() > time; history_.pop_back()) {
      parent_[history_.back().first] = history_.back().second;
    }
  }

 private:
  std::vector<int32_t> parent_;  // negative: a set's root, minus its size
  std::vector<std::pair<uint32_t, int32_t>> history_;
};

// Leftist heaps of edges keyed by weight (then edge index, so that the order
// is total), with a lazy amount added to a whole heap. Merging is O(log n)
// and so is its recursion depth.
class EdgeHeaps {
 public:
  static constexpr int32_t kEmpty = -1;

  explicit EdgeHeaps(const std::vector<Edge>& edges) : edges_(edges) {}

  int32_t Single(uint32_t edge) {
    nodes_.push_back({edge, edges_[edge].weight});
    return static_cast<int32_t>(nodes_.size() - 1);
  }
  int32_t Merge(int32_t a, int32_t b);
  uint32_t Top(int32_t heap) {
    Settle(heap);
    return nodes_[heap].edge;
  }
  const Weight& TopWeight(int32_t heap) {
    Settle(heap);
    return nodes_[heap].key;
  }
  int32_t Pop(int32_t heap) {
    Settle(heap);
    return Merge(nodes_[heap].left, nodes_[heap].right);
  }
  void Add(int32_t heap, const Weight& amount) {
    nodes_[heap].pending = nodes_[heap].pending + amount;
  }

 private:
  struct Node {
    uint32_t edge = 0;
    Weight key;
    Weight pending;  // still to add to key and to both subtrees
    int32_t left = kEmpty;
    int32_t right = kEmpty;
    uint32_t rank = 1;  // length of the right spine
  };

  uint32_t Rank(int32_t heap) const { return heap == kEmpty ? 0 : nodes_[heap].rank; }
  bool Less(int32_t a, int32_t b) const {
    return std::tie(nodes_[a].key, nodes_[a].edge) < std::tie(nodes_[b].key, nodes_[b].edge);
  }
  void Settle(int32_t heap);

  const std::vector<Edge>& edges_;
  std::vector<Node> nodes_;
};

void EdgeHeaps::Settle(int32_t heap) {
  Node& node = nodes_[heap];
  if (node.pending == Weight{}) return;
  node.key = node.key + node.pending;
  if (node.left != kEmpty) Add(node.left, node.pending);
  if (node.right != kEmpty) Add(node.right, node.pending);
  node.pending = Weight{};
}

int32_t EdgeHeaps::Merge(int32_t a, int32_t b) {
  if (a == kEmpty) return b;
  if (b == kEmpty) return a;
  Settle(a);
  Settle(b);
  if (Less(b, a)) std::swap(a, b);
  const int32_t right = Merge(nodes_[a].right, b);
  nodes_[a].right = right;
  if (Rank(nodes_[a].left) < Rank(right)) std::swap(nodes_[a].left, nodes_[a].right);
  nodes_[a].rank = Rank(nodes_[a].right) + 1;
  return a;
}

// A cycle met while growing a path: the node it was contracted into, the
// union-find time before, and the cycle's edges.
struct Cycle {
  uint32_t node = 0;
  size_t time = 0;
  std::vector<uint32_t> edges;
};

// The in-edge of every node in a minimum arborescence rooted at `root`
// (indices into `edges`; kNone for the root), by Tarjan's path growing:
// from each node not yet placed, follow cheapest in-edges; a path that
// meets itself is a cycle, contracted into one node whose heap of in-edges
// is the union of its members', each lowered by the weight of the cycle
// edge it would replace. Undoing the contractions, newest first, keeps all
// of a cycle's edges but the one into the node where the chosen edge
// enters. Every node must be reachable from the root.
std::vector<uint32_t> MinimumArborescence(uint32_t nodes, uint32_t root,
                                          const std::vector<Edge>& edges) {
  EdgeHeaps heaps(edges);
  std::vector<int32_t> heap(nodes, EdgeHeaps::kEmpty);
  for (uint32_t index = 0; index < edges.size(); ++index) {
    const Edge& edge = edges[index];
    if (edge.from != edge.to && edge.to != root) {
      heap[edge.to] = heaps.Merge(heap[edge.to], heaps.Single(index));
    }
  }
  RollbackUnionFind components(nodes);
  std::vector<uint32_t> seen(nodes, kNone);
  std::vector<uint32_t> path;   // the nodes of the growing path
  std::vector<uint32_t> taken;  // the edge taken into each of them
  std::vector<uint32_t> in_edge(nodes, kNone);
  std::vector<Cycle> cycles;
  seen[root] = root;
  for (uint32_t start = 0; start < nodes; ++start) {
    path.clear();
    taken.clear();
    for (uint32_t node = start; seen[node] == kNone;) {
      uint32_t edge = heaps.Top(heap[node]);
      while (components.Find(edges[edge].from) == node) {  // inside a contracted cycle
        heap[node] = heaps.Pop(heap[node]);
        edge = heaps.Top(heap[node]);
      }
      const Weight weight = heaps.TopWeight(heap[node]);
      heap[node] = heaps.Pop(heap[node]);
      if (heap[node] != EdgeHeaps::kEmpty) heaps.Add(heap[node], -weight);
      path.push_back(node);
      taken.push_back(edge);
      seen[node] = start;
      node = components.Find(edges[edge].from);
      if (seen[node] != start) continue;
      // A cycle: contract it into one node and go on from there.
      Cycle cycle{node, components.Time(), {}};
      int32_t merged = EdgeHeaps::kEmpty;
      uint32_t member = 0;
      do {
        member = path.back();
        path.pop_back();
        cycle.edges.push_back(taken.back());
        taken.pop_back();
        merged = heaps.Merge(merged, heap[member]);
      } while (components.Join(node, member));
      node = components.Find(node);
      heap[node] = merged;
      seen[node] = kNone;
      cycle.node = node;
      cycles.push_back(std::move(cycle));
    }
    for (const uint32_t edge : taken) in_edge[components.Find(edges[edge].to)] = edge;
  }
  for (auto cycle = cycles.rbegin(); cycle != cycles.rend(); ++cycle) {
    components.Rollback(cycle->time);
    const uint32_t entering = in_edge[cycle->node];
    for (const uint32_t edge : cycle->edges) in_edge[components.Find(edges[edge].to)] = edge;
    in_edge[components.Find(edges[entering].to)] = entering;
  }
  return in_edge;
}

// ------------------------------------------------------------ the family

struct Node {
  std::optional<TimeInterval> time;
  int64_t tokens = 0;
  uint32_t rank = 0;  // position in time order (dated by time, then undated; then tie key)
};

struct Candidate {
  uint32_t parent = 0;
  int64_t cost = 0;  // thousandths of a word
  uint32_t pair = 0;
  bool forbidden = false;  // its parent descends from one published after the child
};

// What is known about one witness's possible parents.
struct Incoming {
  std::vector<Candidate> candidates;  // cheapest first, at most max_candidate_parents
  uint32_t admissible = 0;            // candidates before pruning
  uint32_t later = kNone;    // the first in time order of those that fit but were published later
  uint32_t closest = kNone;  // the witness whose text differs least, any date
  int64_t closest_words = 0;
  double best_shared = 0;  // largest share of its words found in one other witness
};

class CopyFamily {
 public:
  CopyFamily(const std::vector<Witness>& witnesses, const std::vector<WitnessPair>& pairs,
             const CopyTreeOptions& options);

  // The tree, rebuilt while a dated witness descends (through undated
  // ones) from one published after it, each time without the undated
  // parent of such a witness.
  std::vector<int32_t> Parents();
  // `root` is the family's root (FamilyRoot).
  ParentChoice Explain(uint32_t child, const std::vector<int32_t>& parents, uint32_t root) const;
  uint32_t FamilyRoot(const std::vector<int32_t>& parents) const;

 private:
  std::vector<int32_t> Arborescence() const;
  bool ForbidDateViolations(const std::vector<int32_t>& parents);
  void ReadPairs(const std::vector<WitnessPair>& pairs);
  void RankByTime();
  void AddCandidate(uint32_t parent, uint32_t child, uint32_t pair_index);
  bool Later(uint32_t first, uint32_t second) const;
  const WitnessPair* FindPair(uint32_t a, uint32_t b) const;
  int64_t WordsDiffer(uint32_t a, uint32_t b) const;
  int64_t EditsBetween(uint32_t a, uint32_t b) const;
  std::string Doc(uint32_t witness) const;
  double Confidence(double margin_words, double chosen_words) const;

  void ExplainParent(uint32_t child, uint32_t parent, const std::vector<int32_t>& parents,
                     ParentChoice* choice) const;
  void ExplainTime(uint32_t child, uint32_t parent, ParentChoice* choice) const;
  void ExplainText(uint32_t child, const Candidate& chosen, const std::vector<int32_t>& parents,
                   ParentChoice* choice) const;
  void ExplainMargin(uint32_t child, const Candidate& chosen, const std::vector<int32_t>& parents,
                     ParentChoice* choice) const;
  void ExplainRoot(uint32_t child, bool primary, ParentChoice* choice) const;
  void ExplainUnseen(uint32_t child, ParentChoice* choice) const;

  const std::vector<Witness>& witnesses_;
  const CopyTreeOptions& options_;
  std::vector<Node> nodes_;
  std::vector<WitnessPair> pairs_;  // valid, sorted by (first, second), one per pair
  std::vector<Incoming> incoming_;
};

CopyFamily::CopyFamily(const std::vector<Witness>& witnesses, const std::vector<WitnessPair>& pairs,
                       const CopyTreeOptions& options)
    : witnesses_(witnesses),
      options_(options),
      nodes_(witnesses.size()),
      incoming_(witnesses.size()) {
  for (uint32_t index = 0; index < witnesses.size(); ++index) {
    if (witnesses[index].published_at) {
      nodes_[index].time = ParsePublicationTime(*witnesses[index].published_at);
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
  std::vector<Edge> edges;
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

// ------------------------------------------------------------ explaining

const WitnessPair* CopyFamily::FindPair(uint32_t a, uint32_t b) const {
  const WitnessPair key{std::min(a, b), std::max(a, b)};
  auto it = std::lower_bound(pairs_.begin(), pairs_.end(), key,
                             [](const WitnessPair& x, const WitnessPair& y) {
                               return std::tie(x.first, x.second) < std::tie(y.first, y.second);
                             });
  if (it == pairs_.end() || it->first != key.first || it->second != key.second) return nullptr;
  return &*it;
}

// Words that differ between two witnesses' spans; -1 when they share none.
int64_t CopyFamily::WordsDiffer(uint32_t a, uint32_t b) const {
  const WitnessPair* pair = FindPair(a, b);
  if (pair == nullptr) return -1;
  return nodes_[a].tokens + nodes_[b].tokens - 2 * static_cast<int64_t>(pair->matched_tokens);
}

// Edits between two witnesses' spans (WitnessPair::edits); -1 when they
// share none.
int64_t CopyFamily::EditsBetween(uint32_t a, uint32_t b) const {
  const WitnessPair* pair = FindPair(a, b);
  return pair == nullptr ? -1 : static_cast<int64_t>(pair->edits);
}

std::string CopyFamily::Doc(uint32_t witness) const {
  return "doc " + std::to_string(witnesses_[witness].document);
}

// 1 - exp(-margin / scale) / 2 above a tie, exp(margin / scale) / 2 below.
double CopyFamily::Confidence(double margin_words, double chosen_words) const {
  const double scale = options_.confidence_scale + 0.1 * chosen_words;
  if (margin_words >= 0) return 1 - 0.5 * std::exp(-margin_words / scale);
  return 0.5 * std::exp(margin_words / scale);
}

std::string Plural(int64_t count, const std::string& unit) {
  return std::to_string(count) + " " + unit + (count == 1 ? "" : "s");
}

void CopyFamily::ExplainTime(uint32_t child, uint32_t parent, ParentChoice* choice) const {
  const std::optional<TimeInterval>& c = nodes_[child].time;
  const std::optional<TimeInterval>& p = nodes_[parent].time;
  if (!c) {
    choice->evidence.push_back("undated: placed by text alone");
    return;
  }
  if (!p) {
    choice->evidence.push_back(Doc(parent) + " is undated: placed by text alone");
    return;
  }
  if (c->begin < p->end) {
    const bool instants = c->end - c->begin == 1 && p->end - p->begin == 1;
    choice->evidence.push_back(std::string("published ") +
                               (instants ? "at the same time as " : "the same day as ") +
                               Doc(parent));
    return;
  }
  const int64_t seconds = c->begin - p->begin;
  std::string gap;
  if (seconds >= 86400) {
    gap = Plural(seconds / 86400, "day");
  } else if (seconds >= 3600) {
    gap = Plural(seconds / 3600, "hour");
  } else {
    gap = Plural(std::max<int64_t>(seconds / 60, 1), "minute");
  }
  choice->evidence.push_back("published " + gap + " after " + Doc(parent));
}

// The chosen edge's words, who else was close, and the edits it shares.
void CopyFamily::ExplainText(uint32_t child, const Candidate& chosen,
                             const std::vector<int32_t>& parents, ParentChoice* choice) const {
  const Incoming& in = incoming_[child];
  const int64_t differ = WordsDiffer(chosen.parent, child);
  const bool closest = in.closest == chosen.parent || differ <= in.closest_words;
  choice->evidence.push_back((closest ? "closest text: " : "") + Plural(differ, "word") +
                             (differ == 1 ? " differs" : " differ"));
  if (!closest && Later(in.closest, child)) {
    choice->evidence.push_back(Doc(in.closest) + " is closer (" + Plural(in.closest_words, "word") +
                               ") but was published later");
  }
  const WitnessPair& pair = pairs_[chosen.pair];
  const bool parent_first = pair.first == chosen.parent;
  const int64_t parent_out =
      nodes_[chosen.parent].tokens -
      (parent_first ? pair.first_aligned_tokens : pair.second_aligned_tokens);
  if (parent_out * 10 >= nodes_[chosen.parent].tokens && parent_out >= 5) {
    choice->evidence.push_back("cut from " + Doc(chosen.parent) + ": " +
                               Plural(parent_out, "word") + " of it left out");
  }
  const int32_t grandparent = parents[chosen.parent];
  if (grandparent < 0) return;
  // Edits, not words: a deleted sentence is one edit of the parent's.
  const int64_t parent_edits = EditsBetween(grandparent, chosen.parent);
  const int64_t from_grandparent = EditsBetween(grandparent, child);
  const int64_t own = EditsBetween(chosen.parent, child);
  if (parent_edits <= 0 || from_grandparent < 0 || own < 0) return;
  const int64_t carried =
      std::clamp<int64_t>((parent_edits + from_grandparent - own + 1) / 2, 0, parent_edits);
  if (carried > 0) {
    choice->evidence.push_back("carries " + std::to_string(carried) + " of " + Doc(chosen.parent) +
                               "'s " + Plural(parent_edits, "edit"));
  }
}

bool Descends(const std::vector<int32_t>& parents, uint32_t node, uint32_t ancestor) {
  for (int32_t at = parents[node]; at >= 0; at = parents[at]) {
    if (static_cast<uint32_t>(at) == ancestor) return true;
  }
  return false;
}

void CopyFamily::ExplainParent(uint32_t child, uint32_t parent, const std::vector<int32_t>& parents,
                               ParentChoice* choice) const {
  const std::vector<Candidate>& candidates = incoming_[child].candidates;
  const Candidate& chosen =
      *std::find_if(candidates.begin(), candidates.end(),
                    [&](const Candidate& candidate) { return candidate.parent == parent; });
  ExplainTime(child, parent, choice);
  ExplainText(child, chosen, parents, choice);
  if (candidates.front().forbidden) {
    choice->evidence.push_back(Doc(candidates.front().parent) +
                               " is closer but descends from a witness published later");
  }
  ExplainMargin(child, chosen, parents, choice);
  if (!nodes_[child].time || !nodes_[parent].time) choice->confidence *= options_.undated_factor;
}

// Confidence from the margin to the best other parent the tree could have
// taken, and what that parent was.
void CopyFamily::ExplainMargin(uint32_t child, const Candidate& chosen,
                               const std::vector<int32_t>& parents, ParentChoice* choice) const {
  const std::vector<Candidate>& candidates = incoming_[child].candidates;
  const auto rival = std::find_if(
      candidates.begin(), candidates.end(),
      [&](const Candidate& other) { return other.parent != chosen.parent && !other.forbidden; });
  if (rival == candidates.end()) {
    choice->confidence = kOnlyCandidate;
    choice->evidence.push_back("the only witness that fits");
    return;
  }
  const double margin = static_cast<double>(rival->cost - chosen.cost) / kUnit;
  choice->confidence = Confidence(margin, static_cast<double>(chosen.cost) / kUnit);
  if (margin == 0) {
    choice->evidence.push_back("tie with " + Doc(rival->parent) +
                               ": the earlier in time order wins");
  } else if (margin < 0 && Descends(parents, rival->parent, child)) {
    choice->evidence.push_back(Doc(rival->parent) + " is closer but copies this one");
  } else if (margin < 0) {
    choice->evidence.push_back(Doc(rival->parent) + " is closer but fits the tree worse");
  }
}

void CopyFamily::ExplainRoot(uint32_t child, bool primary, ParentChoice* choice) const {
  if (!primary) {
    ExplainUnseen(child, choice);
    return;
  }
  const Node& node = nodes_[child];
  if (!node.time) {
    choice->evidence.push_back("undated: placed by text alone");
  } else {
    bool earliest = true;
    for (uint32_t other = 0; other < nodes_.size(); ++other) earliest &= !Later(child, other);
    choice->evidence.push_back((earliest ? "earliest witness: published " : "published ") +
                               *witnesses_[child].published_at);
  }
  const bool rivals = incoming_[child].admissible > 0;
  choice->confidence = rivals ? kRootWithRivals : kOnlyCandidate;
  if (rivals) choice->evidence.push_back("an undated or same-day witness could precede it");
  if (!node.time) choice->confidence *= options_.undated_factor;
}

void CopyFamily::ExplainUnseen(uint32_t child, ParentChoice* choice) const {
  const Incoming& in = incoming_[child];
  const std::string unseen = ": copied from an unseen source";
  choice->unseen_source = true;
  if (in.closest == kNone) {
    choice->evidence.push_back("shares no text with another witness" + unseen);
    choice->confidence = kOnlyCandidate;
  } else if (in.admissible > 0) {
    choice->evidence.push_back("its candidate parents all descend from it or from later witnesses" +
                               unseen);
    choice->confidence = kUnseenByCycle;
  } else if (in.later != kNone) {
    choice->evidence.push_back("the witnesses sharing its text, such as " + Doc(in.later) +
                               ", were published later" + unseen);
    choice->confidence = kUnseenByDate;
  } else {
    const int percent = static_cast<int>(std::lround(100 * in.best_shared));
    choice->evidence.push_back("at best " + std::to_string(percent) +
                               "% of its words are in another witness" + unseen);
    choice->confidence =
        std::clamp(0.5 + (1 - in.best_shared - options_.max_new_share), 0.5, kOnlyCandidate);
  }
}

// The root child with the most descendants, the first in time order of
// equals: the others were copied from unseen sources.
uint32_t CopyFamily::FamilyRoot(const std::vector<int32_t>& parents) const {
  std::vector<uint32_t> size(parents.size(), 0);
  for (uint32_t node = 0; node < parents.size(); ++node) {
    int32_t at = static_cast<int32_t>(node);
    while (parents[at] >= 0) at = parents[at];
    ++size[at];
  }
  uint32_t root = kNone;
  for (uint32_t node = 0; node < parents.size(); ++node) {
    if (parents[node] >= 0) continue;
    if (root == kNone || size[node] > size[root] ||
        (size[node] == size[root] && nodes_[node].rank < nodes_[root].rank)) {
      root = node;
    }
  }
  return root;
}

ParentChoice CopyFamily::Explain(uint32_t child, const std::vector<int32_t>& parents,
                                 uint32_t root) const {
  ParentChoice choice;
  choice.parent = parents[child];
  if (choice.parent >= 0) {
    ExplainParent(child, choice.parent, parents, &choice);
  } else {
    ExplainRoot(child, child == root, &choice);
  }
  choice.confidence = std::clamp(choice.confidence, 0.0, kMaxConfidence);
  return choice;
}

}  // namespace

std::optional<TimeInterval> ParsePublicationTime(std::string_view text) {
  size_t at = 0;
  int year = 0;
  int month = 0;
  int day = 0;
  if (!ReadNumber(text, &at, 4, &year) || !Expect(text, &at, '-') ||
      !ReadNumber(text, &at, 2, &month) || !Expect(text, &at, '-') ||
      !ReadNumber(text, &at, 2, &day)) {
    return std::nullopt;
  }
  if (month < 1 || month > 12 || day < 1 || static_cast<unsigned>(day) > DaysInMonth(year, month)) {
    return std::nullopt;
  }
  const int64_t midnight = DaysFromCivil(year, month, day) * 86400;
  if (at == text.size()) return TimeInterval{midnight, midnight + 86400};
  if (text[at] != 'T' && text[at] != 't' && text[at] != ' ') return std::nullopt;
  const std::optional<int64_t> seconds = ReadTimeOfDay(text, at + 1);
  if (!seconds) return std::nullopt;
  return TimeInterval{midnight + *seconds, midnight + *seconds + 1};
}

std::vector<ParentChoice> ChooseParents(const std::vector<Witness>& witnesses,
                                        const std::vector<WitnessPair>& pairs,
                                        const CopyTreeOptions& options) {
  if (witnesses.empty()) return {};
  CopyFamily family(witnesses, pairs, options);
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
