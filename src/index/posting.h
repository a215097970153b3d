// The values the fingerprint index stores and returns.
//
// An IndexEntry says "fingerprint `hash` occurs in `document` at n-gram
// `position`"; a Posting is what a lookup by hash gives back. Plain values,
// safe to share between threads.
#ifndef STEMMA_INDEX_POSTING_H_
#define STEMMA_INDEX_POSTING_H_

#include <cstdint>

namespace stemma::index {

struct Posting {
  uint32_t document = 0;
  uint32_t position = 0;

  bool operator==(const Posting&) const = default;
};

struct IndexEntry {
  uint64_t hash = 0;
  uint32_t document = 0;
  uint32_t position = 0;
};

}  // namespace stemma::index

#endif  // STEMMA_INDEX_POSTING_H_
