// Test helper: tokens of a text split on spaces, keyed by the word itself,
// so align tests do not depend on the real tokenizer.
#ifndef STEMMA_ALIGN_TEST_TOKENS_H_
#define STEMMA_ALIGN_TEST_TOKENS_H_

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "stemma/text.h"

namespace stemma::align {

inline std::vector<Token> SpaceTokens(std::string_view text) {
  std::vector<Token> tokens;
  size_t position = 0;
  while (position < text.size()) {
    while (position < text.size() && text[position] == ' ') ++position;
    const size_t begin = position;
    while (position < text.size() && text[position] != ' ') ++position;
    if (position > begin) {
      tokens.push_back({static_cast<uint32_t>(begin), static_cast<uint32_t>(position),
                        std::hash<std::string_view>{}(text.substr(begin, position - begin))});
    }
  }
  return tokens;
}

inline std::vector<uint64_t> Keys(const std::vector<Token>& tokens) {
  std::vector<uint64_t> keys;
  for (const Token& token : tokens) keys.push_back(token.key);
  return keys;
}

// Words w0 w1 ... w(count-1) with a prefix, as one space-separated string.
inline std::string Words(const std::string& prefix, int count) {
  std::string text;
  for (int index = 0; index < count; ++index) {
    if (index > 0) text += ' ';
    text += prefix + std::to_string(index);
  }
  return text;
}

}  // namespace stemma::align

#endif  // STEMMA_ALIGN_TEST_TOKENS_H_
