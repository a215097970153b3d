#include "provenance/attribution_text.h"

#include <algorithm>

#include "common/ascii.h"
#include "provenance/attribution_rules.h"
#include "stemma/text.h"

namespace stemma::provenance {
namespace {

enum class Side : uint8_t { kEdge, kSpace, kQuote, kOther };

struct Mark {
  uint32_t begin = 0;
  uint32_t end = 0;
  bool opens = false;
};

bool IsSpace(unsigned char byte) {
  return byte == ' ' || byte == '\t' || byte == '\n' || byte == '\r' || byte == '\f' ||
         byte == '\v';
}

// The length of the quotation mark starting at `pos`, or 0: " “ ”.
uint32_t QuoteMarkAt(std::string_view text, size_t pos) {
  if (text[pos] == '"') return 1;
  if (pos + 2 < text.size() && static_cast<unsigned char>(text[pos]) == 0xE2 &&
      static_cast<unsigned char>(text[pos + 1]) == 0x80) {
    unsigned char last = static_cast<unsigned char>(text[pos + 2]);
    if (last == 0x9C || last == 0x9D) return 3;
  }
  return 0;
}

bool QuoteMarkEndsAt(std::string_view text, size_t end) {
  if (end >= 1 && text[end - 1] == '"') return true;
  return end >= 3 && QuoteMarkAt(text, end - 3) == 3;
}

Side SideBefore(std::string_view text, size_t pos) {
  if (pos == 0) return Side::kEdge;
  unsigned char byte = static_cast<unsigned char>(text[pos - 1]);
  if (IsSpace(byte) || byte == '(' || byte == '[') return Side::kSpace;
  return QuoteMarkEndsAt(text, pos) ? Side::kQuote : Side::kOther;
}

// kOther here means a word character; punctuation after a mark counts as space.
Side SideAfter(std::string_view text, size_t pos) {
  if (pos >= text.size()) return Side::kEdge;
  unsigned char byte = static_cast<unsigned char>(text[pos]);
  if (IsSpace(byte) || byte == ',' || byte == '.' || byte == ';' || byte == ':' || byte == '!' ||
      byte == '?' || byte == ')' || byte == ']') {
    return Side::kSpace;
  }
  return QuoteMarkAt(text, pos) ? Side::kQuote : Side::kOther;
}

bool MarkOpens(std::string_view text, uint32_t begin, uint32_t end) {
  Side before = SideBefore(text, begin);
  Side after = SideAfter(text, end);
  bool opens = (before != Side::kOther) && after == Side::kOther;
  bool closes = before == Side::kOther && after != Side::kOther;
  if (opens != closes) return opens;
  if (end - begin == 3) return static_cast<unsigned char>(text[begin + 2]) == 0x9C;  // “
  return before == Side::kEdge || before == Side::kSpace;
}

std::vector<Quotation> FindQuotations(std::string_view text) {
  std::vector<Mark> marks;
  for (size_t pos = 0; pos < text.size(); ++pos) {
    uint32_t length = QuoteMarkAt(text, pos);
    if (length == 0) continue;
    uint32_t begin = static_cast<uint32_t>(pos);
    marks.push_back({begin, begin + length, MarkOpens(text, begin, begin + length)});
    pos += length - 1;
  }
  std::vector<Quotation> quotations;
  const Mark* pending = nullptr;
  for (const Mark& mark : marks) {
    if (mark.opens) {
      pending = &mark;
      continue;
    }
    if (pending != nullptr && mark.end - pending->begin <= kMaxQuoteBytes) {
      uint32_t inner_begin = pending->end;
      uint32_t inner_end = mark.begin;
      while (inner_end > inner_begin &&
             (IsSpace(text[inner_end - 1]) || text[inner_end - 1] == ',')) {
        --inner_end;
      }
      while (inner_begin < inner_end && IsSpace(text[inner_begin])) ++inner_begin;
      quotations.push_back({pending->begin, mark.end, {inner_begin, inner_end}});
    }
    pending = nullptr;
  }
  return quotations;
}

// Whether the first character of `word` is an upper-case letter: ASCII,
// Latin-1, Latin Extended-A, Greek and Cyrillic capitals.
bool Capitalised(std::string_view word) {
  unsigned char first = static_cast<unsigned char>(word[0]);
  if (first < 0x80) return first >= 'A' && first <= 'Z';
  if (word.size() < 2 || (first & 0xE0) != 0xC0) return false;
  uint32_t code = ((first & 0x1Fu) << 6) | (static_cast<unsigned char>(word[1]) & 0x3Fu);
  if (code >= 0xC0 && code <= 0xDE) return code != 0xD7;
  if (code >= 0x100 && code <= 0x17F) return code % 2 == 0;
  return (code >= 0x391 && code <= 0x3A9) || (code >= 0x400 && code <= 0x42F);
}

// Reads the punctuation of one gap and the quotation marks in it.
void ReadGap(std::string_view text, const std::vector<Quotation>& quotations, Gap& gap) {
  for (uint32_t pos = gap.begin; pos < gap.end; ++pos) {
    unsigned char byte = static_cast<unsigned char>(text[pos]);
    auto q = std::partition_point(quotations.begin(), quotations.end(),
                                  [pos](const Quotation& x) { return x.close <= pos; });
    bool inside = q != quotations.end() && q->open <= pos;
    uint32_t mark = QuoteMarkAt(text, pos);
    if (mark != 0) {
      if (inside && q->open == pos) gap.opens = static_cast<int>(q - quotations.begin());
      if (inside && q->close == pos + mark) gap.closes = static_cast<int>(q - quotations.begin());
      pos += mark - 1;
    } else if (byte == ',') {
      if (!gap.comma) gap.comma_at = pos;
      gap.comma = true;
    } else if (byte == '.' || byte == '!' || byte == '?') {
      bool closes_next = pos + 1 < text.size() && QuoteMarkAt(text, pos + 1) != 0 && inside &&
                         q->close == pos + 1 + QuoteMarkAt(text, pos + 1);
      if (!inside || closes_next) gap.full_stop = true;
    } else if (byte == ':' || byte == ';') {
      gap.colon = true;
    } else if (byte == '\n' || byte == '\r') {
      gap.newline = true;
    } else if (byte == '-') {
      gap.dash = true;
    } else if (byte == 0xC2 && pos + 1 < gap.end &&
               static_cast<unsigned char>(text[pos + 1]) == 0xA0) {
      ++pos;  // no-break space
    } else if (byte == 0xE2 && pos + 2 < gap.end &&
               static_cast<unsigned char>(text[pos + 1]) == 0x80) {
      unsigned char last = static_cast<unsigned char>(text[pos + 2]);
      if (last == 0x93 || last == 0x94)
        gap.dash = true;
      else if (last != 0x98 && last != 0x99)
        gap.other = true;  // ‘ ’ as apostrophes: nothing
      pos += 2;
    } else if (!IsSpace(byte)) {
      gap.other = true;
    }
  }
}

bool EndsAbbreviation(const Word& word) {
  if (word.lower.size() == 1 && word.capitalised) return true;  // U.S., J. Smith
  return (word.classes & rules::kAbbreviation) != 0;
}

void MarkSentences(std::string_view text, AttributionText& result) {
  for (size_t index = 0; index < result.words.size(); ++index) {
    Word& word = result.words[index];
    const Gap& gap = result.gaps[index];
    if (index == 0 || gap.newline) {
      word.sentence_start = true;
      continue;
    }
    bool opener = word.capitalised || (text[word.begin] >= '0' && text[word.begin] <= '9') ||
                  gap.opens != kNoQuote;
    bool abbreviation = EndsAbbreviation(result.words[index - 1]) && text[gap.begin] == '.';
    word.sentence_start = gap.full_stop && opener && !abbreviation;
  }
}

}  // namespace

AttributionText AnalyseText(std::string_view text) {
  AttributionText result;
  result.text = text;
  result.quotations = FindQuotations(text);
  TokenizedText tokens = Tokenize(text);
  result.words.reserve(tokens.tokens.size());
  size_t quotation = 0;
  for (const Token& token : tokens.tokens) {
    std::string_view bytes = text.substr(token.begin, token.end - token.begin);
    Word word{token.begin, token.end, AsciiLower(bytes)};
    word.classes = rules::ClassesOf(word.lower);
    word.capitalised = Capitalised(bytes);
    while (quotation < result.quotations.size() &&
           result.quotations[quotation].close <= token.begin) {
      ++quotation;
    }
    word.in_quote =
        quotation < result.quotations.size() && result.quotations[quotation].open < token.begin;
    result.words.push_back(std::move(word));
  }
  result.gaps.resize(result.words.size() + 1);
  for (size_t index = 0; index <= result.words.size(); ++index) {
    Gap& gap = result.gaps[index];
    gap.begin = index == 0 ? 0 : result.words[index - 1].end;
    gap.end = index == result.words.size() ? static_cast<uint32_t>(text.size())
                                           : result.words[index].begin;
    ReadGap(text, result.quotations, gap);
  }
  MarkSentences(text, result);
  return result;
}

}  // namespace stemma::provenance
