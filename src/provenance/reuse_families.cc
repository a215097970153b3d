#include "provenance/reuse_families.h"

#include <algorithm>
#include <numeric>
#include <tuple>
#include <unordered_map>

namespace stemma::provenance {
namespace {

// Bytes between two passages of a pair that are still one copied text (a
// sentence or two inserted or deleted).
constexpr uint32_t kMaxColinearGap = 400;

class DisjointSets {
 public:
  explicit DisjointSets(size_t size) : parent_(size) {
    std::iota(parent_.begin(), parent_.end(), size_t{0});
  }
  size_t Find(size_t item) {
    while (parent_[item] != item) {
      parent_[item] = parent_[parent_[item]];
      item = parent_[item];
    }
    return item;
  }
  void Join(size_t x, size_t y) {
    x = Find(x);
    y = Find(y);
    if (x != y) parent_[std::max(x, y)] = std::min(x, y);
  }

 private:
  std::vector<size_t> parent_;
};

struct SpanOfEdge {
  uint32_t document;
  ByteRange bytes;
  size_t edge;
};

// Passages of one pair of documents that follow each other on both sides
// with little between them are one copied text that an inserted or deleted
// sentence split in two: they are joined, and their overall stretch (the
// hull) stands for each of them when spans are compared.
std::vector<std::pair<ByteRange, ByteRange>> JoinColinear(const std::vector<FamilyEdge>& edges,
                                                          DisjointSets* sets) {
  std::vector<size_t> order(edges.size());
  std::iota(order.begin(), order.end(), size_t{0});
  std::sort(order.begin(), order.end(), [&](size_t x, size_t y) {
    const FamilyEdge& p = edges[x];
    const FamilyEdge& q = edges[y];
    return std::tie(p.a_document, p.b_document, p.a.begin, p.b.begin, p.id) <
           std::tie(q.a_document, q.b_document, q.a.begin, q.b.begin, q.id);
  });
  std::vector<std::pair<ByteRange, ByteRange>> hulls(edges.size());
  size_t first = 0;
  while (first < order.size()) {
    size_t last = first;
    ByteRange a = edges[order[first]].a;
    ByteRange b = edges[order[first]].b;
    while (last + 1 < order.size()) {
      const FamilyEdge& current = edges[order[last]];
      const FamilyEdge& next = edges[order[last + 1]];
      if (next.a_document != current.a_document || next.b_document != current.b_document) break;
      const bool follows = next.a.begin >= a.end && next.b.begin >= b.end &&
                           next.a.begin - a.end <= kMaxColinearGap &&
                           next.b.begin - b.end <= kMaxColinearGap;
      if (!follows) break;
      a.end = std::max(a.end, next.a.end);
      b.end = std::max(b.end, next.b.end);
      ++last;
    }
    for (size_t index = first; index <= last; ++index) {
      hulls[order[index]] = {a, b};
      sets->Join(order[first], order[index]);
    }
    first = last + 1;
  }
  return hulls;
}

// Joins edges whose spans in one document carry the same text. Spans are
// sorted by document and start, so each is compared only with the spans
// that start before it ends.
void JoinOverlaps(const std::vector<FamilyEdge>& edges, DisjointSets* sets) {
  const std::vector<std::pair<ByteRange, ByteRange>> hulls = JoinColinear(edges, sets);
  std::vector<SpanOfEdge> spans;
  spans.reserve(edges.size() * 2);
  for (size_t index = 0; index < edges.size(); ++index) {
    spans.push_back({edges[index].a_document, hulls[index].first, index});
    spans.push_back({edges[index].b_document, hulls[index].second, index});
  }
  std::sort(spans.begin(), spans.end(), [](const SpanOfEdge& x, const SpanOfEdge& y) {
    if (x.document != y.document) return x.document < y.document;
    if (x.bytes.begin != y.bytes.begin) return x.bytes.begin < y.bytes.begin;
    if (x.bytes.end != y.bytes.end) return x.bytes.end < y.bytes.end;
    return x.edge < y.edge;
  });
  for (size_t first = 0; first < spans.size(); ++first) {
    for (size_t next = first + 1; next < spans.size(); ++next) {
      if (spans[next].document != spans[first].document) break;
      if (spans[next].bytes.begin >= spans[first].bytes.end) break;
      if (SameText(spans[first].bytes, spans[next].bytes)) {
        sets->Join(spans[first].edge, spans[next].edge);
      }
    }
  }
}

}  // namespace

bool SameText(ByteRange x, ByteRange y) {
  const uint32_t begin = std::max(x.begin, y.begin);
  const uint32_t end = std::min(x.end, y.end);
  if (end <= begin) return false;
  const uint64_t overlap = end - begin;
  // kSameTextShare (4/5) in integers, so that the comparison is exact.
  static_assert(kSameTextShare == 0.8);
  return 5 * overlap >= 4 * static_cast<uint64_t>(std::max(x.size(), y.size()));
}

std::vector<uint32_t> GroupEdges(const std::vector<FamilyEdge>& edges, bool join_by_family) {
  DisjointSets sets(edges.size());
  // A passage's two spans are one edge, so the passage itself needs no join.
  JoinOverlaps(edges, &sets);
  if (join_by_family) {
    std::unordered_map<int64_t, size_t> first_of_family;
    for (size_t index = 0; index < edges.size(); ++index) {
      if (edges[index].family == 0) continue;
      const auto [slot, inserted] = first_of_family.emplace(edges[index].family, index);
      if (!inserted) sets.Join(slot->second, index);
    }
  }
  std::vector<uint32_t> component(edges.size());
  std::unordered_map<size_t, uint32_t> numbers;
  for (size_t index = 0; index < edges.size(); ++index) {
    const auto [slot, inserted] =
        numbers.emplace(sets.Find(index), static_cast<uint32_t>(numbers.size()));
    component[index] = slot->second;
  }
  return component;
}

}  // namespace stemma::provenance
