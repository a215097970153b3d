// ASCII helpers for protocol text (WARC and HTTP header names and values),
// which is ASCII by definition: no locale, no Unicode.
#ifndef STEMMA_INGEST_WARC_ASCII_H_
#define STEMMA_INGEST_WARC_ASCII_H_

#include <string>
#include <string_view>

namespace stemma::ingest {

// `text` with A-Z lowered.
inline std::string Lower(std::string_view text) {
  std::string lower(text);
  for (char& c : lower) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return lower;
}

// `text` without leading and trailing spaces, tabs and line ends.
inline std::string_view Trim(std::string_view text) {
  const auto is_space = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
  while (!text.empty() && is_space(text.front())) text.remove_prefix(1);
  while (!text.empty() && is_space(text.back())) text.remove_suffix(1);
  return text;
}

}  // namespace stemma::ingest

#endif  // STEMMA_INGEST_WARC_ASCII_H_
