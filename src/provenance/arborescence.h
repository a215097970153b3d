// The minimum spanning arborescence of a directed graph (Chu-Liu/Edmonds,
// in Tarjan's O(E log E) form): the copy tree's choice of parents
// (copy_tree.h), apart from what the weights mean. Weights are compared
// lexicographically and summed exactly (integers), so that the result never
// depends on the order of additions.
#ifndef STEMMA_PROVENANCE_ARBORESCENCE_H_
#define STEMMA_PROVENANCE_ARBORESCENCE_H_

#include <compare>
#include <cstdint>
#include <limits>
#include <vector>

namespace stemma::provenance {

// The copy tree's weights: edges from its virtual root first, then the
// words changed (thousandths), then a tie-break by time order.
struct ArborescenceWeight {
  int64_t roots = 0;  // edges from the virtual root
  int64_t cost = 0;   // changed words, in thousandths
  int64_t tie = 0;    // the time-order rank of the parent (of the child, for root edges)

  ArborescenceWeight operator+(const ArborescenceWeight& other) const {
    return {roots + other.roots, cost + other.cost, tie + other.tie};
  }
  ArborescenceWeight operator-() const { return {-roots, -cost, -tie}; }
  auto operator<=>(const ArborescenceWeight&) const = default;
};

struct ArborescenceEdge {
  uint32_t from = 0;
  uint32_t to = 0;
  ArborescenceWeight weight;
};

// No in-edge: the root's entry in MinimumArborescence's result.
inline constexpr uint32_t kNoInEdge = std::numeric_limits<uint32_t>::max();

// The in-edge of every node (an index into `edges`; kNoInEdge for the root)
// of a minimum arborescence of nodes [0, nodes) rooted at `root`. Every node
// must be reachable from the root. Deterministic: the same edges in the same
// order give the same tree.
std::vector<uint32_t> MinimumArborescence(uint32_t nodes, uint32_t root,
                                          const std::vector<ArborescenceEdge>& edges);

}  // namespace stemma::provenance

#endif  // STEMMA_PROVENANCE_ARBORESCENCE_H_
