// Copied text (see copied_text.h). Passages are told apart by their two
// ranges; every function copies what it returns, so callers may pass
// passages of their own vectors freely.
#include "provenance/copied_text.h"

#include <algorithm>

namespace stemma::provenance {
namespace {

// A passage with at least this share of its bytes on one side inside a
// stronger passage's is a repeat of the same text.
constexpr double kRepeatShare = 0.5;
// Consecutive passages may share this many bytes at their seam.
constexpr uint32_t kSeamBytes = 32;

uint32_t Overlap(ByteRange x, ByteRange y) {
  const uint32_t begin = std::max(x.begin, y.begin);
  const uint32_t end = std::min(x.end, y.end);
  return end > begin ? end - begin : 0;
}

// Whether `weaker` has at least kRepeatShare of its bytes on one side inside
// `stronger`'s range there.
bool InsideOn(const Passage& weaker, const Passage& stronger) {
  const auto inside = [](ByteRange x, ByteRange y) {
    return x.size() > 0 && Overlap(x, y) >= kRepeatShare * x.size();
  };
  return inside(weaker.a.bytes, stronger.a.bytes) || inside(weaker.b.bytes, stronger.b.bytes);
}

bool SamePassage(const Passage& x, const Passage& y) {
  return x.a.bytes == y.a.bytes && x.b.bytes == y.b.bytes;
}

bool Contains(const std::vector<Passage>& passages, const Passage& passage) {
  return std::any_of(passages.begin(), passages.end(),
                     [&](const Passage& other) { return SamePassage(other, passage); });
}

// Whether `next` is a neighbour that follows `previous`.
bool Continues(const Passage& previous, const Passage& next) {
  const auto in_order = [](ByteRange x, ByteRange y) {
    return x.begin < y.begin && x.end <= y.begin + kSeamBytes;
  };
  if (!in_order(previous.a.bytes, next.a.bytes) || !in_order(previous.b.bytes, next.b.bytes)) {
    return false;
  }
  const auto gap = [](ByteRange x, ByteRange y) { return y.begin > x.end ? y.begin - x.end : 0; };
  const uint32_t a_gap = gap(previous.a.bytes, next.a.bytes);
  const uint32_t b_gap = gap(previous.b.bytes, next.b.bytes);
  return std::max(a_gap, b_gap) <= kMaxNeighbourGap &&
         std::min(a_gap, b_gap) <= kMaxNeighbourRewrite;
}

std::vector<Passage> InParentOrder(std::vector<Passage> passages) {
  std::stable_sort(passages.begin(), passages.end(), [](const Passage& x, const Passage& y) {
    return x.a.bytes.begin < y.a.bytes.begin;
  });
  return passages;
}

// The passage of `described` (in parent order) that owns `change`.
const Passage* OwnerOf(const Change& change, const std::vector<const Passage*>& described) {
  const Passage* owner = nullptr;
  for (const Passage* passage : described) {
    if (passage->a.bytes.begin <= change.parent.bytes.begin) owner = passage;
  }
  for (const Passage* passage : described) {
    if (owner == nullptr && passage->b.bytes.begin <= change.child.bytes.begin) owner = passage;
  }
  return owner != nullptr || described.empty() ? owner : described.front();
}

}  // namespace

std::vector<const Passage*> WithoutRepeats(const std::vector<const Passage*>& passages) {
  std::vector<const Passage*> kept;
  for (size_t index = 0; index < passages.size(); ++index) {
    const Passage& passage = *passages[index];
    bool repeat = false;
    for (size_t other = 0; other < passages.size() && !repeat; ++other) {
      const Passage& them = *passages[other];
      const bool stronger = them.matched_tokens > passage.matched_tokens ||
                            (them.matched_tokens == passage.matched_tokens && other < index);
      repeat = other != index && stronger && InsideOn(passage, them);
    }
    if (!repeat) kept.push_back(&passage);
  }
  return kept;
}

std::vector<Passage> CopiedTextAround(const std::vector<Passage>& alignment,
                                      const std::vector<Passage>& focus) {
  std::vector<Passage> around = InParentOrder(focus);
  if (around.empty()) return around;
  const std::vector<Passage> all = InParentOrder(alignment);
  for (const Passage& passage : all) {  // forward from the focus
    if (!Contains(around, passage) && Continues(around.back(), passage)) around.push_back(passage);
  }
  for (auto passage = all.rbegin(); passage != all.rend(); ++passage) {  // and back
    if (!Contains(around, *passage) && Continues(*passage, around.front())) {
      around.insert(around.begin(), *passage);
    }
  }
  for (const Passage& passage : all) {  // the passages a focus passage may repeat
    const bool covers = std::any_of(focus.begin(), focus.end(),
                                    [&](const Passage& part) { return InsideOn(part, passage); });
    if (covers && !Contains(around, passage)) around.push_back(passage);
  }
  return InParentOrder(std::move(around));
}

std::vector<Change> ChangesAt(std::vector<Change> changes, const std::vector<Passage>& around,
                              const std::vector<Passage>& focus) {
  std::vector<const Passage*> all;
  for (const Passage& passage : around) all.push_back(&passage);
  const std::vector<const Passage*> described = WithoutRepeats(all);
  std::erase_if(changes, [&](const Change& change) {
    if (change.kind == ChangeKind::kHeadlineChanged) return false;
    const Passage* owner = OwnerOf(change, described);
    return owner != nullptr && !Contains(focus, *owner);
  });
  return changes;
}

}  // namespace stemma::provenance
