// Carrying verses through edit scripts.
//
// Each token of `a` is first labelled with the verse it lies in (one merge
// pass over tokens and verses). Each edit then locates its first token on
// both sides by binary search on byte offsets, so the mapping trusts the
// edits' byte ranges and token counts, not the passages' token indices.
// Equal runs carry a's tokens one to one; substitute runs too when both
// sides have as many tokens, proportionally otherwise. A verse's span is the
// smallest range of b covering its tokens as carried by ONE passage: the
// passage that carries most of them (a formula repeated elsewhere in the book
// aligns there too, as a passage of its own, and must not stretch the span).
// Cost: O(tokens + edits log tokens). Invariant: a span is only read once at
// least one token of its verse was mapped.
#include "bible/verse_mapping.h"

#include <algorithm>
#include <cstdio>
#include <map>
#include <string_view>
#include <unordered_map>

namespace stemma::bible {
namespace {

constexpr size_t kNoVerse = static_cast<size_t>(-1);

// For each token, the index of the verse its first byte lies in, or kNoVerse.
std::vector<size_t> VerseOfEachToken(const std::vector<Token>& tokens,
                                     const std::vector<VerseSpan>& verses) {
  std::vector<size_t> verse_of(tokens.size(), kNoVerse);
  size_t verse = 0;
  for (size_t token = 0; token < tokens.size(); ++token) {
    while (verse < verses.size() && verses[verse].bytes.end <= tokens[token].begin) ++verse;
    if (verse < verses.size() && verses[verse].bytes.begin <= tokens[token].begin) {
      verse_of[token] = verse;
    }
  }
  return verse_of;
}

// Index of the first token starting at or after `byte`.
size_t FirstTokenAt(const std::vector<Token>& tokens, uint32_t byte) {
  auto it = std::lower_bound(tokens.begin(), tokens.end(), byte,
                             [](const Token& token, uint32_t at) { return token.begin < at; });
  return static_cast<size_t>(it - tokens.begin());
}

ByteRange Cover(ByteRange span, ByteRange more) {
  return {std::min(span.begin, more.begin), std::max(span.end, more.end)};
}

bool Contains(ByteRange outer, ByteRange inner) {
  return outer.begin <= inner.begin && inner.end <= outer.end;
}

bool Overlaps(ByteRange x, ByteRange y) { return x.begin < y.end && y.begin < x.end; }

// Widens verse spans as a's tokens are carried into b; one per MapVerses call.
class SpanCollector {
 public:
  SpanCollector(const std::vector<Token>& a_tokens, const std::vector<Token>& b_tokens,
                const std::vector<size_t>& verse_of, std::vector<VerseAlignment>& per_verse)
      : a_tokens_(a_tokens), b_tokens_(b_tokens), verse_of_(verse_of), per_verse_(per_verse) {}

  // Maps one passage, then keeps, for each verse it touched, whichever of this
  // passage and the best one so far carried more of the verse's tokens.
  void MapPassage(const Passage& passage) {
    carried_.clear();
    for (const Edit& edit : passage.edits) {
      if (edit.op == EditOp::kEqual || edit.op == EditOp::kSubstitute) MapRun(edit);
    }
    for (const auto& [verse, carried] : carried_) {
      VerseAlignment& alignment = per_verse_[verse];
      if (carried.tokens <= alignment.mapped_tokens) continue;
      alignment.mapped_tokens = carried.tokens;
      alignment.span = carried.span;
    }
  }

 private:
  struct Carried {
    ByteRange span;
    uint32_t tokens = 0;
  };

  // Token k of the run's a side goes to token k * b_tokens / a_tokens of its b side.
  void MapRun(const Edit& edit) {
    const size_t a_first = FirstTokenAt(a_tokens_, edit.a.begin);
    const size_t b_first = FirstTokenAt(b_tokens_, edit.b.begin);
    const size_t a_count = std::min<size_t>(edit.a_tokens, a_tokens_.size() - a_first);
    const size_t b_count = std::min<size_t>(edit.b_tokens, b_tokens_.size() - b_first);
    if (b_count == 0) return;
    for (size_t k = 0; k < a_count; ++k) {
      const Token& to = b_tokens_[b_first + k * b_count / a_count];
      Carry(a_first + k, ByteRange{to.begin, to.end});
    }
  }

  void Carry(size_t a_token, ByteRange to) {
    const size_t verse = verse_of_[a_token];
    if (verse == kNoVerse) return;
    Carried& carried = carried_[verse];
    carried.span = carried.tokens == 0 ? to : Cover(carried.span, to);
    ++carried.tokens;
  }

  const std::vector<Token>& a_tokens_;
  const std::vector<Token>& b_tokens_;
  const std::vector<size_t>& verse_of_;
  std::vector<VerseAlignment>& per_verse_;
  std::map<size_t, Carried> carried_;  // by verse, for the passage being mapped
};

VerseOutcome Classify(const VerseAlignment& alignment, const VerseSpan* counterpart) {
  if (alignment.mapped_tokens == 0) return VerseOutcome::kUnaligned;
  if (counterpart == nullptr) return VerseOutcome::kElsewhere;
  if (Contains(counterpart->bytes, alignment.span)) return VerseOutcome::kInside;
  if (Overlaps(counterpart->bytes, alignment.span)) return VerseOutcome::kSpills;
  return VerseOutcome::kElsewhere;
}

std::vector<VerseAlignment> EmptyAlignments(const std::vector<size_t>& verse_of, size_t verses) {
  std::vector<VerseAlignment> per_verse(verses);
  for (size_t verse = 0; verse < verses; ++verse) per_verse[verse].verse = verse;
  for (size_t verse : verse_of) {
    if (verse != kNoVerse) ++per_verse[verse].tokens;
  }
  return per_verse;
}

// The reference of b's verse holding `byte` ("?" between verses).
std::string_view ReferenceAt(const BibleDocument& document, uint32_t byte) {
  for (const VerseSpan& verse : document.verses) {
    if (verse.bytes.begin <= byte && byte <= verse.bytes.end) return verse.reference;
  }
  return "?";
}

// The bytes of `range`, cut to at most `max_chars` at a character boundary.
std::string Excerpt(std::string_view text, ByteRange range, size_t max_chars) {
  std::string_view excerpt = text.substr(range.begin, range.size());
  if (excerpt.size() <= max_chars) return std::string(excerpt);
  size_t cut = max_chars;
  while (cut > 0 && (static_cast<unsigned char>(excerpt[cut]) & 0xC0) == 0x80) --cut;
  return std::string(excerpt.substr(0, cut)) + "...";
}

using VersesByReference = std::unordered_map<std::string_view, const VerseSpan*>;

VersesByReference IndexByReference(const BibleDocument& document) {
  VersesByReference index;
  for (const VerseSpan& verse : document.verses) index.emplace(verse.reference, &verse);
  return index;
}

const VerseSpan* Find(const VersesByReference& index, std::string_view reference) {
  auto found = index.find(reference);
  return found == index.end() ? nullptr : found->second;
}

}  // namespace

std::string_view VerseOutcomeName(VerseOutcome outcome) {
  switch (outcome) {
    case VerseOutcome::kUnaligned:
      return "unaligned";
    case VerseOutcome::kInside:
      return "inside";
    case VerseOutcome::kSpills:
      return "spills";
    case VerseOutcome::kElsewhere:
      return "elsewhere";
  }
  return "?";
}

size_t VerseMappingReport::Count(VerseOutcome outcome) const {
  return static_cast<size_t>(std::count_if(
      per_verse.begin(), per_verse.end(),
      [outcome](const VerseAlignment& alignment) { return alignment.outcome == outcome; }));
}

VerseMappingReport MapVerses(const BibleDocument& a, const std::vector<Token>& a_tokens,
                             const BibleDocument& b, const std::vector<Token>& b_tokens,
                             const std::vector<Passage>& passages) {
  const std::vector<size_t> verse_of = VerseOfEachToken(a_tokens, a.verses);
  VerseMappingReport report;
  report.verses = a.verses.size();
  report.per_verse = EmptyAlignments(verse_of, a.verses.size());
  SpanCollector collector(a_tokens, b_tokens, verse_of, report.per_verse);
  for (const Passage& passage : passages) collector.MapPassage(passage);
  const VersesByReference b_verses = IndexByReference(b);
  for (VerseAlignment& alignment : report.per_verse) {
    alignment.outcome = Classify(alignment, Find(b_verses, a.verses[alignment.verse].reference));
    if (alignment.outcome != VerseOutcome::kUnaligned) ++report.aligned;
    if (alignment.outcome == VerseOutcome::kInside) ++report.inside;
  }
  return report;
}

Result<VerseMappingReport> AlignVerses(const BibleDocument& a, const BibleDocument& b,
                                       const CompareOptions& options) {
  STEMMA_ASSIGN_OR_RETURN(const std::vector<Passage> passages, Compare(a.text, b.text, options));
  return MapVerses(a, Tokenize(a.text).tokens, b, Tokenize(b.text).tokens, passages);
}

std::string Summary(const VerseMappingReport& report) {
  char line[256];
  std::snprintf(line, sizeof(line),
                "verses %zu  aligned %zu  inside %zu  share %.3f  "
                "(unaligned %zu, spills %zu, elsewhere %zu)",
                report.verses, report.aligned, report.inside, report.share(),
                report.Count(VerseOutcome::kUnaligned), report.Count(VerseOutcome::kSpills),
                report.Count(VerseOutcome::kElsewhere));
  return line;
}

std::string DescribeVerse(const BibleDocument& a, const BibleDocument& b,
                          const VerseAlignment& alignment, size_t max_chars) {
  const VerseSpan& verse = a.verses[alignment.verse];
  std::string line = verse.reference + ": " + std::string(VerseOutcomeName(alignment.outcome)) +
                     " (" + std::to_string(alignment.mapped_tokens) + "/" +
                     std::to_string(alignment.tokens) + " tokens mapped)";
  if (alignment.mapped_tokens > 0) {
    line += " -> " + std::string(ReferenceAt(b, alignment.span.begin)) + " .. " +
            std::string(ReferenceAt(b, alignment.span.end));
  }
  line += "\n    a: " + Excerpt(a.text, verse.bytes, max_chars);
  if (alignment.mapped_tokens > 0) line += "\n    b: " + Excerpt(b.text, alignment.span, max_chars);
  return line;
}

}  // namespace stemma::bible
