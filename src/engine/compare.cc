#include "stemma/compare.h"

#include <limits>

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
  const auto fingerprints_a = fingerprint::Fingerprints(a, options.fingerprint);
  const auto fingerprints_b = fingerprint::Fingerprints(b, options.fingerprint);
  std::vector<align::Seed> seeds = index::MatchFingerprints(fingerprints_a, fingerprints_b);
  align::PairAligner aligner(options.align);
  return aligner.Align(align::TokenText{a, text_a}, align::TokenText{b, text_b}, &seeds);
}

}  // namespace stemma
