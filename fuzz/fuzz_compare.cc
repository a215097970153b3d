// libFuzzer target: Compare() on two arbitrary texts (the input split at its
// middle) never crashes and reports only ranges inside the texts, on words
// alone or, when the input's first byte is odd, with letters too.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "stemma/compare.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const std::string_view a = input.substr(0, size / 2);
  const std::string_view b = input.substr(size / 2);
  stemma::CompareOptions options;
  options.align.min_tokens = 2;  // small inputs should still produce passages
  options.fingerprint.ngram = 2;
  options.fingerprint.window = 1;
  options.letters.enabled = size > 0 && (data[0] & 1) != 0;
  const auto passages = stemma::Compare(a, b, options);
  if (!passages.ok()) std::abort();
  for (const stemma::Passage& passage : *passages) {
    if (passage.a.bytes.end > a.size() || passage.b.bytes.end > b.size()) std::abort();
    if (passage.a.bytes.begin >= passage.a.bytes.end) std::abort();
    for (const stemma::Edit& edit : passage.edits) {
      if (edit.a.end > a.size() || edit.b.end > b.size()) std::abort();
    }
  }
  return 0;
}
