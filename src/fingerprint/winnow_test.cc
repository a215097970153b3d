#include "fingerprint/winnow.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <set>

namespace stemma::fingerprint {
namespace {

// Three-byte tokens with the given keys (single-byte tokens would be noise).
std::vector<Token> TokensFromKeys(const std::vector<uint64_t>& keys) {
  std::vector<Token> tokens;
  for (size_t index = 0; index < keys.size(); ++index) {
    tokens.push_back(
        {static_cast<uint32_t>(index * 4), static_cast<uint32_t>(index * 4 + 3), keys[index]});
  }
  return tokens;
}

std::vector<uint64_t> RandomKeys(std::mt19937_64& random, size_t count, uint64_t vocabulary) {
  std::vector<uint64_t> keys(count);
  for (auto& key : keys) key = random() % vocabulary;
  return keys;
}

TEST(HashNgrams, EqualNgramsHashEqualAndCountIsTokensMinusNPlusOne) {
  const auto tokens = TokensFromKeys({1, 2, 3, 1, 2, 3, 4});
  std::vector<uint64_t> hashes;
  HashNgrams(tokens, 3, &hashes);
  ASSERT_EQ(hashes.size(), 5u);
  EXPECT_EQ(hashes[0], hashes[3]);
  EXPECT_NE(hashes[0], hashes[1]);
}

TEST(HashNgrams, TextShorterThanNHasNoNgrams) {
  std::vector<uint64_t> hashes;
  HashNgrams(TokensFromKeys({1, 2}), 3, &hashes);
  EXPECT_TRUE(hashes.empty());
}

TEST(HashNgrams, MarksNgramsOfMostlySingleByteTokensAsNoise) {
  // Tokens of "I l 1 ' word": begin/end give single-byte tokens except the last.
  std::vector<Token> tokens = {{0, 1, 1},   {2, 3, 2},   {4, 5, 3},  {6, 10, 4},
                               {11, 15, 5}, {16, 20, 6}, {21, 25, 7}};
  std::vector<uint64_t> hashes;
  HashNgrams(tokens, 5, &hashes);
  ASSERT_EQ(hashes.size(), 3u);
  EXPECT_EQ(hashes[0], kNoiseHash);  // three of five tokens are one byte long
  EXPECT_NE(hashes[1], kNoiseHash);  // two of five
  EXPECT_NE(hashes[2], kNoiseHash);
}

TEST(Winnow, NeverKeepsNoise) {
  std::vector<Fingerprint> kept;
  Winnow(std::vector<uint64_t>{kNoiseHash, kNoiseHash, kNoiseHash, 7, kNoiseHash}, 2, &kept);
  const std::vector<Fingerprint> expected = {{7, 3}};
  EXPECT_EQ(kept, expected);
  Winnow(std::vector<uint64_t>{kNoiseHash}, 4, &kept);
  EXPECT_TRUE(kept.empty());
}

TEST(Winnow, KeepsRightmostMinimumOfEveryWindow) {
  const std::vector<uint64_t> hashes = {5, 3, 3, 7, 9, 1, 8};
  std::vector<Fingerprint> kept;
  Winnow(hashes, 3, &kept);
  // Windows: [5,3,3]->pos2, [3,3,7]->pos2, [3,7,9]->pos2, [7,9,1]->pos5, [9,1,8]->pos5.
  const std::vector<Fingerprint> expected = {{3, 2}, {1, 5}};
  EXPECT_EQ(kept, expected);
}

TEST(Winnow, ShortTextKeepsItsMinimum) {
  std::vector<Fingerprint> kept;
  Winnow(std::vector<uint64_t>{9, 4}, 4, &kept);
  const std::vector<Fingerprint> expected = {{4, 1}};
  EXPECT_EQ(kept, expected);
}

// Winnowing by its definition: every window's rightmost minimum, each kept
// once, noise dropped; a text shorter than the window keeps its minimum.
std::vector<Fingerprint> WinnowByDefinition(const std::vector<uint64_t>& hashes, size_t window) {
  std::vector<Fingerprint> kept;
  const auto rightmost_minimum = [&](size_t begin, size_t end) {
    size_t minimum = begin;
    for (size_t at = begin; at < end; ++at) {
      if (hashes[at] <= hashes[minimum]) minimum = at;
    }
    return minimum;
  };
  int64_t last = -1;
  for (size_t start = 0; start + window <= hashes.size(); ++start) {
    const size_t minimum = rightmost_minimum(start, start + window);
    if (static_cast<int64_t>(minimum) == last) continue;
    last = static_cast<int64_t>(minimum);
    if (hashes[minimum] != kNoiseHash)
      kept.push_back({hashes[minimum], static_cast<uint32_t>(minimum)});
  }
  if (!hashes.empty() && hashes.size() < window) {
    const size_t minimum = rightmost_minimum(0, hashes.size());
    if (hashes[minimum] != kNoiseHash)
      kept.push_back({hashes[minimum], static_cast<uint32_t>(minimum)});
  }
  return kept;
}

TEST(Winnow, KeepsWhatTheDefinitionKeepsWithTiesAndNoise) {
  std::mt19937_64 random(19);
  for (int trial = 0; trial < 600; ++trial) {
    const size_t window = 1 + trial % 12;
    // Few distinct values (many ties), some of them noise; lengths around the window.
    std::vector<uint64_t> hashes(random() % 40);
    for (uint64_t& hash : hashes) hash = random() % 7 == 0 ? kNoiseHash : random() % 5;
    std::vector<Fingerprint> kept;
    Winnow(hashes, static_cast<int>(window), &kept);
    ASSERT_EQ(kept, WinnowByDefinition(hashes, window)) << "trial " << trial;
  }
}

TEST(Winnow, EveryWindowContainsAKeptPosition) {
  std::mt19937_64 random(7);
  for (int trial = 0; trial < 200; ++trial) {
    const int window = 1 + trial % 8;
    const auto hashes = RandomKeys(random, 50 + trial, 20);
    std::vector<Fingerprint> kept;
    Winnow(hashes, window, &kept);
    for (size_t start = 0; start + window <= hashes.size(); ++start) {
      const bool covered = std::any_of(kept.begin(), kept.end(), [&](const Fingerprint& f) {
        return f.position >= start && f.position < start + window;
      });
      ASSERT_TRUE(covered) << "window " << window << " at " << start;
    }
  }
}

// The written-down guarantee: any shared run of w + n - 1 tokens shares a fingerprint.
TEST(Fingerprints, SharedRunOfWindowPlusNgramMinusOneTokensSharesAFingerprint) {
  std::mt19937_64 random(11);
  for (int trial = 0; trial < 300; ++trial) {
    FingerprintOptions options;
    options.ngram = 1 + trial % 6;
    options.window = 1 + (trial / 6) % 8;
    const size_t run_length = options.window + options.ngram - 1;
    const auto shared = RandomKeys(random, run_length, 1000);
    auto a = RandomKeys(random, random() % 60, 1000);
    auto b = RandomKeys(random, random() % 60, 1000);
    a.insert(a.begin() + random() % (a.size() + 1), shared.begin(), shared.end());
    b.insert(b.begin() + random() % (b.size() + 1), shared.begin(), shared.end());
    std::set<uint64_t> hashes_a;
    for (const auto& f : Fingerprints(TokensFromKeys(a), options)) hashes_a.insert(f.hash);
    bool found = false;
    for (const auto& f : Fingerprints(TokensFromKeys(b), options)) found |= hashes_a.count(f.hash);
    ASSERT_TRUE(found) << "n=" << options.ngram << " w=" << options.window;
  }
}

}  // namespace
}  // namespace stemma::fingerprint
