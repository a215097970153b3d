// Tarjan's path growing: from each node not yet placed, follow cheapest
// in-edges; a path that meets itself is a cycle, contracted into one node
// whose heap of in-edges is the union of its members', each lowered by the
// weight of the cycle edge it would replace. Undoing the contractions,
// newest first, keeps all of a cycle's edges but the one into the node where
// the chosen edge enters. Leftist heaps of in-edges and a union-find that can
// undo its joins make it O(E log E). (The textbook form in rounds rescans
// every edge per round, and in copy trees the rounds are many: all witnesses
// hang off one growing cycle that absorbs one of them per round.)
#include "provenance/arborescence.h"

#include <algorithm>
#include <tuple>
#include <utility>

namespace stemma::provenance {
namespace {

using Weight = ArborescenceWeight;
using Edge = ArborescenceEdge;
constexpr uint32_t kNone = kNoInEdge;

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

// Every node's heap of in-edges (none into the root, no loops).
std::vector<int32_t> InEdgeHeaps(uint32_t nodes, uint32_t root, const std::vector<Edge>& edges,
                                 EdgeHeaps& heaps) {
  std::vector<int32_t> heap(nodes, EdgeHeaps::kEmpty);
  for (uint32_t index = 0; index < edges.size(); ++index) {
    const Edge& edge = edges[index];
    if (edge.from != edge.to && edge.to != root) {
      heap[edge.to] = heaps.Merge(heap[edge.to], heaps.Single(index));
    }
  }
  return heap;
}

}  // namespace

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
  std::vector<int32_t> heap = InEdgeHeaps(nodes, root, edges, heaps);
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

}  // namespace stemma::provenance
