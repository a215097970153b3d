// libFuzzer target: Tokenize() on arbitrary bytes never crashes and keeps its
// invariants (ranges inside the text, increasing, non-empty, keys consistent).
//
//   cmake -S . -B build-fuzz -DCMAKE_CXX_COMPILER=clang++ -DSTEMMA_FUZZ=ON
//   cmake --build build-fuzz --target fuzz_tokenize && build-fuzz/fuzz/fuzz_tokenize
//   -max_total_time=60
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "stemma/text.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const stemma::TokenizedText tokenized = stemma::Tokenize(text);
  uint32_t previous_end = 0;
  for (const stemma::Token& token : tokenized.tokens) {
    if (token.begin < previous_end || token.end <= token.begin || token.end > size) std::abort();
    const auto word = text.substr(token.begin, token.end - token.begin);
    if (token.key != stemma::TokenKey(stemma::NormalizeWord(word))) std::abort();
    previous_end = token.end;
  }
  return 0;
}
