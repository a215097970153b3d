// ASCII case for the places that must not fold anything else: HTML tag and
// attribute names, the word lists of attribution rules, the tokenizer's fast
// path for ASCII words. (Unicode folding is the tokenizer's, with utf8proc.)
#ifndef STEMMA_COMMON_ASCII_H_
#define STEMMA_COMMON_ASCII_H_

#include <string>
#include <string_view>

namespace stemma {

constexpr char AsciiLower(char byte) {
  return static_cast<unsigned>(static_cast<unsigned char>(byte) - 'A') < 26u
             ? static_cast<char>(byte + ('a' - 'A'))
             : byte;
}

constexpr bool IsAsciiAlphanumeric(char byte) {
  return static_cast<unsigned>(AsciiLower(byte) - 'a') < 26u ||
         static_cast<unsigned>(byte - '0') < 10u;
}

inline std::string AsciiLower(std::string_view text) {
  std::string lower(text);
  for (char& c : lower) c = AsciiLower(c);
  return lower;
}

}  // namespace stemma

#endif  // STEMMA_COMMON_ASCII_H_
