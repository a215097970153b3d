#include "stemma/compare.h"

#include <limits>

#include "align/letter_aligner.h"
#include "align/pair_aligner.h"
#include "fingerprint/winnow.h"
#include "index/seed_finder.h"

namespace stemma {

Result<std::vector<Passage>> Compare(std::string_view a, std::string_view b,
                                     const CompareOptions& options) {
  constexpr size_t kMaxTextBytes = std::numeric_limits<uint32_t>::max();
  if (a.size() > kMaxTextBytes || b.size() > kMaxTextBytes) {
    return Status::Unsupported("texts of 4 GiB or more are not supported");
  }
  const TokenizedText tokens_a = Tokenize(a);
  const TokenizedText tokens_b = Tokenize(b);
  return CompareTokens(tokens_a.tokens, tokens_b.tokens, options, a, b);
}

Result<std::vector<Passage>> CompareTokens(const std::vector<Token>& a, const std::vector<Token>& b,
                                           const CompareOptions& options, std::string_view text_a,
                                           std::string_view text_b) {
  STEMMA_RETURN_IF_ERROR(Validate(options.fingerprint));
  STEMMA_RETURN_IF_ERROR(Validate(options.align));
  if (options.letters.enabled) STEMMA_RETURN_IF_ERROR(Validate(options.letters));
  const auto fingerprints_a = fingerprint::Fingerprints(a, options.fingerprint);
  const auto fingerprints_b = fingerprint::Fingerprints(b, options.fingerprint);
  std::vector<align::Seed> seeds = index::MatchFingerprints(fingerprints_a, fingerprints_b);
  const align::TokenText words_a{a, text_a};
  const align::TokenText words_b{b, text_b};
  std::vector<Passage> passages = align::PairAligner(options.align).Align(words_a, words_b, &seeds);
  if (!options.letters.enabled || text_a.empty() || text_b.empty()) return passages;
  const std::vector<Token> letters_a = align::LetterTokens(a, text_a);
  const std::vector<Token> letters_b = align::LetterTokens(b, text_b);
  constexpr auto kEveryNgram = fingerprint::NgramNoise::kNone;
  std::vector<align::Seed> letter_seeds = index::MatchFingerprints(
      fingerprint::Fingerprints(letters_a, options.letters.fingerprint, kEveryNgram),
      fingerprint::Fingerprints(letters_b, options.letters.fingerprint, kEveryNgram));
  return align::LetterAligner(options.align)
      .AddLetterPassages(words_a, letters_a, words_b, letters_b, options.letters.min_seeds,
                         &letter_seeds, std::move(passages));
}

}  // namespace stemma
