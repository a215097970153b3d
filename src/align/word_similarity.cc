#include "align/word_similarity.h"

#include <algorithm>
#include <array>

namespace stemma::align {
namespace {

// Letter classes of about equal frequency in English, so that counts tell
// words apart; digits and non-ASCII bytes have classes of their own.
int LetterClass(unsigned char byte) {
  static constexpr char kClassOfLetter[27] = "ckljannhemlklfdjnigbmkmmnn";
  if (byte >= 'a' && byte <= 'z') return kClassOfLetter[byte - 'a'] - 'a';
  if (byte >= '0' && byte <= '9') return 14;
  return 15;
}

uint32_t LetterBit(unsigned char byte) {
  if (byte >= 'a' && byte <= 'z') return 1u << (byte - 'a');
  if (byte >= '0' && byte <= '9') return 1u << (26 + (byte - '0') % 4);
  return 1u << (30 + (byte & 1));  // a byte of a non-ASCII character
}

// What one byte of a token adds to its shape.
struct ByteInShape {
  bool kept = false;
  char folded = 0;
  uint8_t letter_class = 0;
  uint32_t bit = 0;
};

std::array<ByteInShape, 256> MakeByteTable() {
  std::array<ByteInShape, 256> table;
  for (int value = 0; value < 256; ++value) {
    auto byte = static_cast<unsigned char>(value);
    if (byte < 0x80) {
      if (byte >= 'A' && byte <= 'Z') byte = static_cast<unsigned char>(byte - 'A' + 'a');
      const bool alphanumeric = (byte >= 'a' && byte <= 'z') || (byte >= '0' && byte <= '9');
      if (!alphanumeric) continue;
    }
    table[value] = {true, static_cast<char>(byte), static_cast<uint8_t>(LetterClass(byte)),
                    LetterBit(byte)};
  }
  return table;
}

// The Levenshtein distance of x and y when it is at most `bound`, else
// bound + 1. Only cells within `bound` of the diagonal can stay within it,
// so only those are computed (Ukkonen's band); the sizes differ by at most
// `bound` (MayBeClose).
int BoundedDistance(const WordShape& x, const WordShape& y, int bound) {
  constexpr int kFar = kMaxShapeBytes + 1;
  std::array<int, kMaxShapeBytes + 2> previous;
  std::array<int, kMaxShapeBytes + 2> current;
  previous.fill(kFar);
  current.fill(kFar);
  for (int column = 0; column <= std::min<int>(y.size, bound); ++column) previous[column] = column;
  for (int row = 1; row <= x.size; ++row) {
    const int low = std::max(1, row - bound);
    const int high = std::min<int>(y.size, row + bound);
    current[low - 1] = low - 1 == 0 ? row : kFar;
    int row_best = current[low - 1];
    for (int column = low; column <= high; ++column) {
      const int substitution =
          previous[column - 1] + (x.bytes[row - 1] == y.bytes[column - 1] ? 0 : 1);
      current[column] = std::min({substitution, previous[column] + 1, current[column - 1] + 1});
      row_best = std::min(row_best, current[column]);
    }
    if (high + 1 <= y.size) current[high + 1] = kFar;
    if (row_best > bound) return bound + 1;
    std::swap(previous, current);
  }
  return std::min(previous[y.size], bound + 1);
}

}  // namespace

WordShape ShapeOf(std::string_view word) {
  static const std::array<ByteInShape, 256> kTable = MakeByteTable();
  WordShape shape;
  for (const char c : word) {
    const ByteInShape& entry = kTable[static_cast<unsigned char>(c)];
    if (!entry.kept) continue;  // apostrophes and the like
    if (shape.size == kMaxShapeBytes) break;
    shape.bytes[shape.size++] = entry.folded;
    shape.letters |= entry.bit;
    ++shape.counts[entry.letter_class];
  }
  return shape;
}

namespace internal {

float ScoreOfClose(const WordShape& x, const WordShape& y, int allowed) {
  const int length = std::max(x.size, y.size);
  const int distance = BoundedDistance(x, y, allowed);
  if (distance > allowed) return 0;
  return std::min(kBestWeakScore,
                  1.0f - 2.0f * static_cast<float>(distance) / static_cast<float>(length));
}

float JoinedScoreOfClose(const WordShape& first, const WordShape& second, const WordShape& whole) {
  WordShape joined = first;
  for (int index = 0; index < second.size && joined.size < kMaxShapeBytes; ++index) {
    joined.bytes[joined.size++] = second.bytes[index];
  }
  joined.letters |= second.letters;
  for (int index = 0; index < kLetterClasses; ++index) joined.counts[index] += second.counts[index];
  const int allowed = AllowedJoinEdits(std::max(joined.size, whole.size));
  if (CountDistance(joined.counts, whole.counts) > 2 * allowed) return 0;
  return ScoreOfClose(joined, whole, allowed);
}

}  // namespace internal

}  // namespace stemma::align
