#include "provenance/arborescence.h"

#include <gtest/gtest.h>

#include <functional>
#include <optional>
#include <random>

namespace stemma::provenance {
namespace {

ArborescenceEdge Edge(uint32_t from, uint32_t to, int64_t cost) { return {from, to, {0, cost, 0}}; }

// Whether `in_edge` is an arborescence of `nodes` rooted at `root`: one edge
// into every other node, and following them always reaches the root.
bool IsArborescence(uint32_t nodes, uint32_t root, const std::vector<ArborescenceEdge>& edges,
                    const std::vector<uint32_t>& in_edge) {
  if (in_edge.size() != nodes || in_edge[root] != kNoInEdge) return false;
  for (uint32_t node = 0; node < nodes; ++node) {
    uint32_t at = node;
    for (uint32_t steps = 0; at != root; ++steps) {
      if (steps > nodes || in_edge[at] >= edges.size() || edges[in_edge[at]].to != at) return false;
      at = edges[in_edge[at]].from;
    }
  }
  return true;
}

ArborescenceWeight Total(const std::vector<ArborescenceEdge>& edges,
                         const std::vector<uint32_t>& in_edge) {
  ArborescenceWeight total;
  for (uint32_t edge : in_edge) {
    if (edge != kNoInEdge) total = total + edges[edge].weight;
  }
  return total;
}

// The least total weight over every choice of one in-edge per node.
std::optional<ArborescenceWeight> BruteForce(uint32_t nodes, uint32_t root,
                                             const std::vector<ArborescenceEdge>& edges) {
  std::vector<uint32_t> in_edge(nodes, kNoInEdge);
  std::optional<ArborescenceWeight> best;
  std::function<void(uint32_t)> choose = [&](uint32_t node) {
    if (node == nodes) {
      if (IsArborescence(nodes, root, edges, in_edge)) {
        const ArborescenceWeight total = Total(edges, in_edge);
        if (!best || total < *best) best = total;
      }
      return;
    }
    if (node == root) return choose(node + 1);
    for (uint32_t edge = 0; edge < edges.size(); ++edge) {
      if (edges[edge].to != node) continue;
      in_edge[node] = edge;
      choose(node + 1);
    }
    in_edge[node] = kNoInEdge;
  };
  choose(0);
  return best;
}

TEST(MinimumArborescence, BreaksTheCycleTheCheapestInEdgesMake) {
  // 1 and 2 prefer each other (cost 1); the root reaches them at 10 and 12:
  // the cheapest tree enters the cycle once, at 1, and keeps 1 -> 2.
  const std::vector<ArborescenceEdge> edges = {Edge(0, 1, 10), Edge(0, 2, 12), Edge(1, 2, 1),
                                               Edge(2, 1, 1)};
  const std::vector<uint32_t> in_edge = MinimumArborescence(3, 0, edges);
  ASSERT_TRUE(IsArborescence(3, 0, edges, in_edge));
  EXPECT_EQ(in_edge[1], 0u);
  EXPECT_EQ(in_edge[2], 2u);
}

TEST(MinimumArborescence, WeightsCompareRootEdgesFirst) {
  // An edge from the virtual root costs more than any number of words.
  std::vector<ArborescenceEdge> edges = {{0, 1, {1, 0, 0}}, {0, 2, {1, 0, 0}}, {1, 2, {0, 900, 0}}};
  const std::vector<uint32_t> in_edge = MinimumArborescence(3, 0, edges);
  EXPECT_EQ(in_edge[2], 2u);
}

// Random graphs of up to 6 nodes: the result is an arborescence of the least
// total weight an exhaustive search finds, and the same on a second call.
TEST(MinimumArborescence, FindsTheLeastWeightOnRandomGraphs) {
  std::mt19937 random(17);
  for (int round = 0; round < 400; ++round) {
    const uint32_t nodes = 2 + random() % 5;
    std::vector<ArborescenceEdge> edges;
    for (uint32_t to = 1; to < nodes; ++to) edges.push_back(Edge(0, to, 50 + random() % 50));
    const uint32_t extra = random() % (nodes * nodes);
    for (uint32_t index = 0; index < extra; ++index) {
      const uint32_t from = random() % nodes;
      const uint32_t to = 1 + random() % (nodes - 1);
      if (from != to)
        edges.push_back({from, to, {0, int64_t(random() % 20), int64_t(random() % 3)}});
    }
    const std::vector<uint32_t> in_edge = MinimumArborescence(nodes, 0, edges);
    ASSERT_TRUE(IsArborescence(nodes, 0, edges, in_edge)) << "round " << round;
    EXPECT_EQ(Total(edges, in_edge), *BruteForce(nodes, 0, edges)) << "round " << round;
    EXPECT_EQ(MinimumArborescence(nodes, 0, edges), in_edge);
  }
}

}  // namespace
}  // namespace stemma::provenance
