#include "align/letter_aligner.h"

#include <algorithm>
#include <utility>

#include "align/passage_builder.h"
#include "common/ascii.h"
#include "stemma/text.h"

namespace stemma::align {
namespace {

// Keys of characters beyond ASCII: their UTF-8 bytes, marked apart from
// every ASCII key.
constexpr uint64_t kWideCharacter = uint64_t{1} << 63;

// Letter seeds count towards aligning a pair on letters when their
// diagonals lie within kClusterBand (a few lines of OCR's lost and stray
// letters), their positions within kClusterReach (a few sentences), and
// they spread over kClusterMinSpan letters at least: one shared stock
// phrase ("the president of the United States") seeds a few times on one
// diagonal, and is not worth a letter alignment.
constexpr int64_t kClusterBand = 32;
constexpr uint32_t kClusterReach = 400;
constexpr uint32_t kClusterMinSpan = 60;

// A letter passage read back as words with fewer than kShortPassageFactor
// times min_tokens exact matches must have kShortPassageAgreement of its word
// columns agree (exactly or weakly). Two differently worded sentences on
// one subject share enough letters for a short letter alignment while
// their words disagree; a long damaged copy carries its evidence in its
// length, and heavy OCR leaves many of its words unlike any weak match
// (measured in BENCHMARKS.md).
constexpr uint32_t kShortPassageFactor = 2;
constexpr double kShortPassageAgreement = 0.6;

// Words [first, last) of `words` whose bytes meet `bytes`.
std::pair<uint32_t, uint32_t> WordsMeeting(std::span<const Token> words, const ByteRange& bytes) {
  const auto first =
      std::upper_bound(words.begin(), words.end(), bytes.begin,
                       [](uint32_t position, const Token& word) { return position < word.end; });
  const auto last =
      std::lower_bound(first, words.end(), bytes.end,
                       [](const Token& word, uint32_t position) { return word.begin < position; });
  return {static_cast<uint32_t>(first - words.begin()),
          static_cast<uint32_t>(last - words.begin())};
}

// The first of `words` that ends after `position`.
const Token* WordEndingAfter(std::span<const Token> words, uint32_t position) {
  return &*std::upper_bound(words.begin(), words.end(), position,
                            [](uint32_t at, const Token& token) { return at < token.end; });
}

// The words of a and b that a letter passage matches whole: a word of a
// whose letters all lie in one run of equal letters, against the word of b
// made of exactly the letters they are aligned with, with an equal key.
// In order on both sides, as the passage's runs are, consecutive words as
// one anchor. Each run is walked once, letter by letter, with a cursor on
// each side's words.
std::vector<Anchor> WordsMatchedWhole(const Passage& letters, const TokenText& a,
                                      std::span<const Token> a_letters, const TokenText& b,
                                      std::span<const Token> b_letters) {
  std::vector<Anchor> anchors;
  uint32_t a_letter = letters.a.first_token;
  uint32_t b_letter = letters.b.first_token;
  for (const Edit& edit : letters.edits) {
    const uint32_t run_end = a_letter + edit.a_tokens;
    if (edit.op == EditOp::kEqual && edit.a_tokens > 0) {
      const Token* a_word = WordEndingAfter(a.tokens, a_letters[a_letter].begin);
      const Token* b_word = WordEndingAfter(b.tokens, b_letters[b_letter].begin);
      for (uint32_t first = a_letter; first < run_end;) {
        while (a_word->end <= a_letters[first].begin) ++a_word;  // the word holding `first`
        uint32_t end = first;
        while (end < run_end && a_letters[end].begin < a_word->end) ++end;
        const bool a_whole = (first == 0 || a_letters[first - 1].begin < a_word->begin) &&
                             (end == a_letters.size() || a_letters[end].begin >= a_word->end);
        const uint32_t b_first = first - a_letter + b_letter;
        const uint32_t b_end = end - a_letter + b_letter;
        while (b_word->end <= b_letters[b_first].begin) ++b_word;
        const bool b_whole = b_letters[b_end - 1].begin < b_word->end &&
                             (b_first == 0 || b_letters[b_first - 1].begin < b_word->begin) &&
                             (b_end == b_letters.size() || b_letters[b_end].begin >= b_word->end);
        const auto a_index = static_cast<uint32_t>(a_word - a.tokens.data());
        const auto b_index = static_cast<uint32_t>(b_word - b.tokens.data());
        const bool after = anchors.empty() ||
                           (a_index >= anchors.back().a_end() && b_index >= anchors.back().b_end());
        if (a_whole && b_whole && a_word->key == b_word->key && after) {
          if (!anchors.empty() && anchors.back().a_end() == a_index &&
              anchors.back().b_end() == b_index) {
            ++anchors.back().length;
          } else {
            anchors.push_back({a_index, b_index, 1});
          }
        }
        first = end;
      }
    }
    a_letter = run_end;
    b_letter += edit.b_tokens;
  }
  return anchors;
}

}  // namespace

std::vector<Token> LetterTokens(std::span<const Token> words, std::string_view text) {
  std::vector<Token> letters;
  LetterTokens(words, text, &letters);
  return letters;
}

void LetterTokens(std::span<const Token> words, std::string_view text, std::vector<Token>* out) {
  std::vector<Token>& letters = *out;
  letters.clear();
  letters.reserve(text.size());
  for (const Token& word : words) {
    uint32_t at = word.begin;
    while (at < word.end) {
      const auto byte = static_cast<unsigned char>(text[at]);
      if (byte < 0x80) {
        if (IsAsciiAlphanumeric(text[at])) {
          letters.push_back({at, at + 1, static_cast<uint64_t>(AsciiLower(text[at]))});
        }
        ++at;
        continue;
      }
      const auto length = static_cast<uint32_t>(std::min<size_t>(
          std::max<size_t>(1, Utf8CharLength(text, at)), std::min<size_t>(8, word.end - at)));
      uint64_t key = kWideCharacter;
      for (uint32_t offset = 0; offset < length; ++offset) {
        key |= static_cast<uint64_t>(static_cast<unsigned char>(text[at + offset])) << (8 * offset);
      }
      letters.push_back({at, at + length, key});
      at += length;
    }
  }
}

AlignOptions LetterAlignOptions(const AlignOptions& words) {
  // About five letters to a word of news text (a 1916 page: 4.6 letters and
  // digits per token).
  constexpr int kLettersPerWord = 5;
  AlignOptions letters = words;
  letters.min_tokens = words.min_tokens * 4;
  letters.match = 1.0;
  letters.mismatch = -1.0;
  letters.gap_open = -1.0;
  letters.gap_extend = -1.0;
  letters.x_drop = words.x_drop * 2;
  letters.extension_x_drop = words.extension_x_drop * 2;
  letters.max_gap = std::min(4096, words.max_gap * kLettersPerWord);
  letters.max_extension = std::min(4096, words.max_extension * kLettersPerWord);
  return letters;
}

BandMargins LetterBandMargins() {
  // An extension of a damaged line drifts by the letters OCR lost or added:
  // measured on the February 1916 pages (BENCHMARKS.md), the words' band of
  // six cut a fifth of the copies short that a band of twenty reads through
  // (twelve lost 9 of BLAST's pairs). A gap between two letter anchors is
  // bounded at both ends, so its path strays less: eight letters beyond its
  // slope found the same pairs as the words' sixteen, in 12% less time.
  return {.gap = 8, .extension = 20};
}

std::vector<Passage> LetterAligner::Align(const TokenText& a, std::span<const Token> a_letters,
                                          const TokenText& b, std::span<const Token> b_letters,
                                          std::vector<Seed>* seeds) {
  std::vector<Passage> found;
  for (const Passage& letters : letters_.Align(a_letters, b_letters, seeds)) {
    const auto [a_begin, a_end] = WordsMeeting(a.tokens, letters.a.bytes);
    const auto [b_begin, b_end] = WordsMeeting(b.tokens, letters.b.bytes);
    if (a_begin == a_end || b_begin == b_end) continue;
    double agreement = 0;
    const std::vector<Anchor> anchors = WordsMatchedWhole(letters, a, a_letters, b, b_letters);
    std::optional<Passage> passage =
        words_.AlignSpan(a, b, a_begin, a_end, b_begin, b_end, &agreement, anchors);
    if (!passage) continue;
    const bool is_short = passage->matched_tokens < kShortPassageFactor * min_tokens_;
    if (is_short && agreement < kShortPassageAgreement) continue;
    found.push_back(std::move(*passage));
  }
  return found;
}

void KeepClusteredSeeds(int64_t band, uint32_t reach, uint32_t min_seeds, uint32_t min_span,
                        std::vector<Seed>* seeds) {
  const auto diagonal = [](const Seed& seed) {
    return static_cast<int64_t>(seed.b) - static_cast<int64_t>(seed.a);
  };
  std::sort(seeds->begin(), seeds->end(), [&](const Seed& x, const Seed& y) {
    return diagonal(x) != diagonal(y) ? diagonal(x) < diagonal(y) : x.a < y.a;
  });
  const std::vector<Seed>& all = *seeds;
  thread_local std::vector<uint8_t> keep;
  keep.assign(all.size(), 0);
  for (size_t at = 0; at < all.size(); ++at) {
    const Seed& seed = all[at];
    uint32_t near = 1;  // itself
    uint32_t first = seed.a;
    uint32_t last = seed.a;
    const auto count = [&](const Seed& neighbour) {
      if ((neighbour.a > seed.a ? neighbour.a - seed.a : seed.a - neighbour.a) > reach) return;
      ++near;
      first = std::min(first, neighbour.a);
      last = std::max(last, neighbour.a);
      keep[at] = near >= min_seeds && last - first >= min_span;
    };
    keep[at] = near >= min_seeds && min_span == 0;
    // Outwards from the seed in (diagonal, position) order, so that on a
    // long copy's diagonal its nearest neighbours come first; each side is
    // read only until the seed qualifies.
    for (size_t other = at;
         other-- > 0 && !keep[at] && diagonal(seed) - diagonal(all[other]) <= band;) {
      count(all[other]);
    }
    for (size_t other = at + 1;
         other < all.size() && !keep[at] && diagonal(all[other]) - diagonal(seed) <= band;
         ++other) {
      count(all[other]);
    }
  }
  size_t kept = 0;
  for (size_t at = 0; at < all.size(); ++at) {
    if (keep[at]) (*seeds)[kept++] = all[at];
  }
  seeds->resize(kept);
}

std::vector<Passage> LetterAligner::AddLetterPassages(const TokenText& a,
                                                      std::span<const Token> a_letters,
                                                      const TokenText& b,
                                                      std::span<const Token> b_letters,
                                                      int min_seeds, std::vector<Seed>* seeds,
                                                      std::vector<Passage> word_passages) {
  KeepClusteredSeeds(kClusterBand, kClusterReach, static_cast<uint32_t>(min_seeds), kClusterMinSpan,
                     seeds);
  if (seeds->empty()) return word_passages;
  return MergePassages(std::move(word_passages), Align(a, a_letters, b, b_letters, seeds));
}

std::vector<Passage> MergePassages(std::vector<Passage> word_passages,
                                   std::vector<Passage> letter_passages) {
  std::vector<Passage> all = std::move(word_passages);
  for (Passage& passage : letter_passages) all.push_back(std::move(passage));
  RemovePassagesInsideLonger(&all);
  return all;
}

}  // namespace stemma::align
