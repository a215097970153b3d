#include "index/seed_finder.h"

#include <algorithm>

namespace stemma::index {
namespace {

bool ByHash(const fingerprint::Fingerprint& x, const fingerprint::Fingerprint& y) {
  return x.hash != y.hash ? x.hash < y.hash : x.position < y.position;
}

}  // namespace

std::vector<align::Seed> MatchFingerprints(std::span<const fingerprint::Fingerprint> a,
                                           std::span<const fingerprint::Fingerprint> b) {
  std::vector<fingerprint::Fingerprint> sorted_a(a.begin(), a.end());
  std::vector<fingerprint::Fingerprint> sorted_b(b.begin(), b.end());
  std::sort(sorted_a.begin(), sorted_a.end(), ByHash);
  std::sort(sorted_b.begin(), sorted_b.end(), ByHash);
  std::vector<align::Seed> seeds;
  size_t index_a = 0;
  size_t index_b = 0;
  while (index_a < sorted_a.size() && index_b < sorted_b.size()) {
    const uint64_t hash_a = sorted_a[index_a].hash;
    const uint64_t hash_b = sorted_b[index_b].hash;
    if (hash_a != hash_b) {
      (hash_a < hash_b ? index_a : index_b)++;
      continue;
    }
    size_t end_a = index_a;
    size_t end_b = index_b;
    while (end_a < sorted_a.size() && sorted_a[end_a].hash == hash_a) ++end_a;
    while (end_b < sorted_b.size() && sorted_b[end_b].hash == hash_a) ++end_b;
    if ((end_a - index_a) * (end_b - index_b) <= kMaxSeedsPerHash) {
      for (size_t i = index_a; i < end_a; ++i) {
        for (size_t j = index_b; j < end_b; ++j) {
          seeds.push_back({sorted_a[i].position, sorted_b[j].position});
        }
      }
    }
    index_a = end_a;
    index_b = end_b;
  }
  return seeds;
}

}  // namespace stemma::index
