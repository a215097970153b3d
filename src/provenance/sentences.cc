// Characters, words and sentence breaks of a text, read from the bytes
// around a position (edge_changes.h): only the words a change needs are
// ever tokenised.
#include "provenance/attribution_rules.h"
#include "provenance/edge_changes.h"

namespace stemma::provenance::edge {

unsigned char At(std::string_view text, size_t pos) {
  return static_cast<unsigned char>(text[pos]);
}

uint32_t SeparatorLength(std::string_view text, uint32_t pos) {
  const unsigned char byte = At(text, pos);
  if (byte < 0x80) {
    const bool word = (byte >= '0' && byte <= '9') || (byte >= 'a' && byte <= 'z') ||
                      (byte >= 'A' && byte <= 'Z');
    return word ? 0 : 1;
  }
  if (byte == 0xC2 && pos + 1 < text.size()) {
    const unsigned char next = At(text, pos + 1);
    return (next == 0xA0 || next == 0xAB || next == 0xBB) ? 2 : 0;
  }
  if (byte == 0xE2 && pos + 2 < text.size() && At(text, pos + 1) == 0x80) return 3;
  return 0;
}

uint32_t CharStartBefore(std::string_view text, uint32_t pos) {
  uint32_t at = pos - 1;
  while (at > 0 && pos - at < 4 && IsUtf8Continuation(text[at])) --at;
  return at;
}

uint32_t NextWordBegin(std::string_view text, uint32_t pos) {
  while (pos < text.size()) {
    const uint32_t length = SeparatorLength(text, pos);
    if (length == 0) break;
    pos += length;
  }
  return pos;
}

uint32_t PreviousWordEnd(std::string_view text, uint32_t pos) {
  while (pos > 0) {
    const uint32_t at = CharStartBefore(text, pos);
    if (SeparatorLength(text, at) == 0) break;
    pos = at;
  }
  return pos;
}

bool StartsLowercase(std::string_view text, uint32_t pos) {
  const unsigned char first = At(text, pos);
  if (first < 0x80) return first >= 'a' && first <= 'z';
  if ((first & 0xE0) != 0xC0 || pos + 1 >= text.size()) return false;
  const uint32_t code = ((first & 0x1Fu) << 6) | (At(text, pos + 1) & 0x3Fu);
  if (code >= 0xDF && code <= 0xFF) return code != 0xF7;
  if (code >= 0x100 && code <= 0x17F) return code % 2 == 1;
  return (code >= 0x3B1 && code <= 0x3C9) || (code >= 0x430 && code <= 0x45F);
}

bool EndsAbbreviation(std::string_view text, uint32_t end) {
  uint32_t begin = end;
  while (begin > 0 && SeparatorLength(text, begin - 1) == 0 && At(text, begin - 1) < 0x80) {
    --begin;
  }
  if (begin == end) return false;
  if (end - begin == 1) return At(text, begin) >= 'A' && At(text, begin) <= 'Z';
  std::string lower(text.substr(begin, end - begin));
  for (char& c : lower) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return rules::Is(lower, rules::kAbbreviation);
}

bool BreakBetween(std::string_view text, uint32_t previous_end, uint32_t next_begin) {
  const std::string_view gap = text.substr(previous_end, next_begin - previous_end);
  if (gap.find_first_of("\n\r") != std::string_view::npos) return true;
  const size_t stop = gap.find_first_of(".!?");
  if (stop == std::string_view::npos) return false;
  if (next_begin >= text.size()) return true;
  if (StartsLowercase(text, next_begin)) return false;
  return !(stop == 0 && gap[0] == '.' && EndsAbbreviation(text, previous_end));
}

bool StartsSentence(std::string_view text, uint32_t word_begin) {
  const uint32_t previous = PreviousWordEnd(text, word_begin);
  return previous == 0 || BreakBetween(text, previous, word_begin);
}

bool EndsSentence(std::string_view text, uint32_t word_end) {
  const uint32_t next = NextWordBegin(text, word_end);
  return next >= text.size() || BreakBetween(text, word_end, next);
}

bool IsOpeningMark(std::string_view text, uint32_t at) {
  const unsigned char byte = At(text, at);
  if (byte < 0x80) return byte == '"' || byte == '\'' || byte == '(' || byte == '[';
  if (byte == 0xC2) return At(text, at + 1) == 0xAB;                              // «
  return byte == 0xE2 && (At(text, at + 2) == 0x9C || At(text, at + 2) == 0x98);  // “ ‘
}

uint32_t ClosingMarkLength(std::string_view text, uint32_t at) {
  const unsigned char byte = At(text, at);
  if (byte == '.' || byte == '!' || byte == '?' || byte == '"' || byte == '\'' || byte == ')' ||
      byte == ']') {
    return 1;
  }
  if (byte == 0xC2 && at + 1 < text.size() && At(text, at + 1) == 0xBB) return 2;  // »
  if (byte == 0xE2 && at + 2 < text.size() && At(text, at + 1) == 0x80) {
    const unsigned char last = At(text, at + 2);
    if (last == 0x9D || last == 0x99 || last == 0xA6) return 3;  // ” ’ …
  }
  return 0;
}

ByteRange SentenceBytes(std::string_view text, uint32_t begin, uint32_t end, bool opens) {
  while (opens && begin > 0) {
    const uint32_t at = CharStartBefore(text, begin);
    if (!IsOpeningMark(text, at)) break;
    begin = at;
  }
  while (end < text.size()) {
    const uint32_t length = ClosingMarkLength(text, end);
    if (length == 0) break;
    end += length;
  }
  return {begin, end};
}

std::vector<Token> TokensIn(std::string_view text, ByteRange range) {
  std::vector<Token> tokens = Tokenize(text.substr(range.begin, range.size())).tokens;
  for (Token& token : tokens) {
    token.begin += range.begin;
    token.end += range.begin;
  }
  return tokens;
}

ByteRange TokenHull(const std::vector<Token>& tokens, uint32_t empty_at) {
  if (tokens.empty()) return PointAt(empty_at);
  return {tokens.front().begin, tokens.back().end};
}

std::vector<Token> TailTokens(std::string_view text, ByteRange segment) {
  uint32_t begin = segment.begin;
  if (segment.size() > kTailBytes) {
    begin = segment.end - kTailBytes;
    while (begin < segment.end && SeparatorLength(text, begin) == 0) ++begin;  // no word cut
    begin = std::min(NextWordBegin(text, begin), segment.end);
  }
  return TokensIn(text, {begin, segment.end});
}

std::vector<Token> HeadTokens(std::string_view text, ByteRange segment) {
  uint32_t end = segment.end;
  if (segment.size() > kTailBytes) {
    end = segment.begin + kTailBytes;
    while (end > segment.begin && SeparatorLength(text, end) == 0) --end;  // no word cut
  }
  return TokensIn(text, {segment.begin, end});
}

bool BreakAmong(std::string_view text, const std::vector<Token>& words) {
  for (size_t index = 1; index < words.size(); ++index) {
    if (BreakBetween(text, words[index - 1].end, words[index].begin)) return true;
  }
  return false;
}

bool HoldsSentenceStart(std::string_view text, ByteRange passage) {
  const std::vector<Token> tail = TailTokens(text, passage);
  if (tail.empty() || BreakAmong(text, tail)) return !tail.empty();
  return tail.front().begin > passage.begin || StartsSentence(text, passage.begin);
}

bool HoldsSentenceEnd(std::string_view text, ByteRange passage) {
  const std::vector<Token> head = HeadTokens(text, passage);
  if (head.empty() || BreakAmong(text, head)) return !head.empty();
  return head.back().end < passage.end || EndsSentence(text, passage.end);
}

bool SameSentence(std::string_view text, uint32_t from, uint32_t to) {
  if (to < from || to - from > kEdgeBytes) return false;
  const std::vector<Token> words = TokensIn(text, {from, to});
  if (words.size() > kEdgeWords) return false;
  uint32_t previous = from;
  for (const Token& word : words) {
    if (BreakBetween(text, previous, word.begin)) return false;
    previous = word.end;
  }
  return !BreakBetween(text, previous, to);
}

}  // namespace stemma::provenance::edge
