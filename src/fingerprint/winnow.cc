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
  // The rightmost minimum of the window ending at `position`: a new hash no
  // larger than it takes its place; when it leaves the window, the window
  // is scanned again. It leaves once in about (w + 1) / 2 positions, so the
  // scans cost about two comparisons a position, and the common step is one
  // well-predicted comparison.
  const size_t w = static_cast<size_t>(window);
  size_t minimum = 0;
  int64_t last_kept = -1;
  for (size_t position = 0; position < hashes.size(); ++position) {
    if (hashes[position] <= hashes[minimum]) {
      minimum = position;
    } else if (minimum + w <= position) {
      minimum = position + 1 - w;
      for (size_t at = minimum + 1; at <= position; ++at) {
        if (hashes[at] <= hashes[minimum]) minimum = at;
      }
    }
    if (position + 1 < w) continue;
    if (static_cast<int64_t>(minimum) != last_kept) {
      last_kept = static_cast<int64_t>(minimum);
      if (hashes[minimum] != kNoiseHash) {
        out->push_back({hashes[minimum], static_cast<uint32_t>(minimum)});
      }
    }
  }
  if (hashes.size() < w && hashes[minimum] != kNoiseHash) {
    out->push_back({hashes[minimum], static_cast<uint32_t>(minimum)});
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
