#include "fingerprint/winnow.h"

#include <xxhash.h>

namespace stemma::fingerprint {

void HashNgrams(std::span<const Token> tokens, int n, std::vector<uint64_t>* out,
                NgramNoise noise) {
  out->clear();
  if (n <= 0 || tokens.size() < static_cast<size_t>(n)) return;
  // Gather the keys once so each n-gram is a contiguous run of n * 8 bytes.
  std::vector<uint64_t> keys(tokens.size());
  for (size_t token_index = 0; token_index < tokens.size(); ++token_index) {
    keys[token_index] = tokens[token_index].key;
  }
  const size_t ngram_count = tokens.size() - n + 1;
  const size_t ngram_bytes = static_cast<size_t>(n) * sizeof(uint64_t);
  out->resize(ngram_count);
  // Single-byte tokens in the current n-gram, kept as a sliding count.
  auto single_byte = [&](size_t index) { return tokens[index].end - tokens[index].begin == 1; };
  int short_tokens = 0;
  for (int index = 0; index < n; ++index) short_tokens += single_byte(index);
  for (size_t start = 0; start < ngram_count; ++start) {
    if (start > 0) short_tokens += single_byte(start + n - 1) - single_byte(start - 1);
    const bool is_noise = noise == NgramNoise::kShortTokenRuns && 2 * short_tokens > n;
    (*out)[start] = is_noise ? kNoiseHash : XXH3_64bits(&keys[start], ngram_bytes);
  }
}

void Winnow(std::span<const uint64_t> hashes, int window, std::vector<Fingerprint>* out) {
  out->clear();
  if (hashes.empty() || window <= 0) return;
  // Monotone deque of positions whose hashes increase strictly from the
  // front: the front is the rightmost minimum of the current window.
  std::vector<uint32_t> deque(hashes.size());
  size_t head = 0;
  size_t tail = 0;
  int64_t last_kept = -1;
  const size_t w = static_cast<size_t>(window);
  for (size_t position = 0; position < hashes.size(); ++position) {
    while (tail > head && hashes[deque[tail - 1]] >= hashes[position]) --tail;
    deque[tail++] = static_cast<uint32_t>(position);
    if (deque[head] + w <= position) ++head;
    if (position + 1 < w) continue;
    if (static_cast<int64_t>(deque[head]) != last_kept) {
      last_kept = deque[head];
      if (hashes[last_kept] != kNoiseHash) {
        out->push_back({hashes[last_kept], static_cast<uint32_t>(last_kept)});
      }
    }
  }
  if (hashes.size() < w && hashes[deque[head]] != kNoiseHash) {
    out->push_back({hashes[deque[head]], deque[head]});
  }
}

std::vector<Fingerprint> Fingerprints(std::span<const Token> tokens,
                                      const FingerprintOptions& options, NgramNoise noise) {
  std::vector<uint64_t> hashes;
  HashNgrams(tokens, options.ngram, &hashes, noise);
  std::vector<Fingerprint> fingerprints;
  Winnow(hashes, options.window, &fingerprints);
  return fingerprints;
}

}  // namespace stemma::fingerprint
