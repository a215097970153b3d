// The edge-change generator (see edge_change_generator.h). A copy is laid
// out as: another article's paragraph (sometimes, at a starting edge), the
// parent's bytes before the edited sentence, the edited sentence, the
// parent's bytes after it, another article's paragraph (sometimes, at an
// ending edge). Only the sentence is edited, so every truth offset is the
// parent's offset shifted by what comes before it.
#include "provenance/edge_change_generator.h"

#include <algorithm>
#include <cctype>
#include <optional>
#include <unordered_set>

#include "provenance/attribution.h"
#include "provenance/copy_generator.h"
#include "stemma/text.h"

namespace stemma::edgegen {
namespace {

using provenance::Attribution;

constexpr size_t kSharedRun = 8;  // words: a shared run this long makes texts related
constexpr double kMaxRepeatedShare = 0.05;
constexpr size_t kMinSentenceWords = 6;  // left in a cut sentence, or in a deleted one
constexpr size_t kMinCopiedWords = 30;   // copied on each side of an edit at an edge
constexpr size_t kMinFlankWords = 25;    // copied on each side of an insertion or deletion
constexpr double kEdgeShare = 0.7;       // clause copies with the sentence at the copy's edge
constexpr double kForeignShare = 0.5;    // edges with another article's paragraph beyond
constexpr double kRewordShare = 0.35;    // plain clause cuts that reword the words beside

// Sources written for these tests, none of them in the Helsinki articles.
constexpr std::string_view kOtherSources[] = {"Anna Virtanen", "Mikko Lahtinen",
                                              "Finnish officials", "Western diplomats"};

// splitmix64 (Steele, Lea and Flood, 2014) with rejection sampling for
// unbiased integers: identical output on every platform and library.
class Random {
 public:
  explicit Random(uint64_t seed) : state_(seed) {}

  uint64_t Next() {
    uint64_t z = (state_ += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }
  // Uniform in [0, n); n > 0.
  size_t Below(size_t n) {
    const uint64_t bound = n;
    const uint64_t threshold = (0 - bound) % bound;  // 2^64 mod n
    uint64_t draw = Next();
    while (draw < threshold) draw = Next();
    return static_cast<size_t>(draw % bound);
  }
  bool Chance(double share) { return static_cast<double>(Next() >> 11) * 0x1p-53 < share; }
  template <typename T>
  void Shuffle(std::vector<T>& items) {
    for (size_t index = items.size(); index > 1; --index) {
      std::swap(items[index - 1], items[Below(index)]);
    }
  }

 private:
  uint64_t state_;
};

std::string_view Slice(std::string_view text, ByteRange range) {
  return text.substr(range.begin, range.size());
}

size_t CountWords(std::string_view text) { return Tokenize(text).tokens.size(); }

ByteRange Shift(ByteRange range, int64_t by) {
  return {static_cast<uint32_t>(range.begin + by), static_cast<uint32_t>(range.end + by)};
}

std::unordered_set<uint64_t> WordRuns(std::string_view text) {
  const std::vector<Token> tokens = Tokenize(text).tokens;
  std::unordered_set<uint64_t> runs;
  for (size_t first = 0; first + kSharedRun <= tokens.size(); ++first) {
    uint64_t hash = 0;
    for (size_t index = first; index < first + kSharedRun; ++index) {
      hash = (hash ^ tokens[index].key) * 0x9E3779B97F4A7C15ull;
    }
    runs.insert(hash);
  }
  return runs;
}

bool Shares(const std::unordered_set<uint64_t>& x, const std::unordered_set<uint64_t>& y) {
  return std::any_of(x.begin(), x.end(), [&](uint64_t run) { return y.contains(run); });
}

// ------------------------------------------------------------------ texts

struct Paragraph {
  ByteRange bytes;
  std::vector<ByteRange> sentences;
};

struct Parent {
  std::string text;
  std::vector<Paragraph> paragraphs;
  std::vector<Attribution> attributions;
};

// Paragraphs are separated by blank lines.
std::vector<Paragraph> SplitParagraphs(std::string_view text) {
  std::vector<Paragraph> paragraphs;
  size_t begin = 0;
  while (begin < text.size()) {
    size_t end = text.find("\n\n", begin);
    if (end == std::string_view::npos) end = text.size();
    if (end > begin) {
      Paragraph paragraph{{static_cast<uint32_t>(begin), static_cast<uint32_t>(end)}, {}};
      for (const ByteRange& sentence : copygen::SplitSentences(text.substr(begin, end - begin))) {
        paragraph.sentences.push_back(Shift(sentence, static_cast<int64_t>(begin)));
      }
      paragraphs.push_back(std::move(paragraph));
    }
    begin = end + 2;
  }
  return paragraphs;
}

Parent Analyse(std::string text) {
  Parent parent;
  parent.paragraphs = SplitParagraphs(text);
  parent.attributions = provenance::FindAttributions(text);
  parent.text = std::move(text);
  return parent;
}

// Sentences and words of an article unrelated to the parent.
struct Foreign {
  std::vector<std::string> sentences;  // of 8 to 40 words, on one line
  std::vector<std::string> capitalised;
  std::vector<std::string> lower;
};

bool IsPlainWord(std::string_view word) {
  return word.size() >= 4 && std::all_of(word.begin(), word.end(), [](char c) {
           return std::isalpha(static_cast<unsigned char>(c));
         });
}

Foreign ForeignOf(std::string_view text) {
  Foreign foreign;
  for (const ByteRange& sentence : copygen::SplitSentences(text)) {
    const std::string_view bytes = Slice(text, sentence);
    const size_t words = CountWords(bytes);
    if (words >= 8 && words <= 40 && bytes.find('\n') == std::string_view::npos) {
      foreign.sentences.emplace_back(bytes);
    }
  }
  for (const Token& token : Tokenize(text).tokens) {
    const std::string_view word = text.substr(token.begin, token.end - token.begin);
    if (!IsPlainWord(word)) continue;
    const bool capital = std::isupper(static_cast<unsigned char>(word[0]));
    (capital ? foreign.capitalised : foreign.lower).emplace_back(word);
  }
  return foreign;
}

// ------------------------------------------------------------------- cuts

// A sentence of the parent: where it is and its bytes.
struct Target {
  size_t paragraph = 0;
  size_t sentence = 0;
  ByteRange bytes;
};

// A clause at one end of its sentence, and how to cut it.
struct Cut {
  Target target;
  const Attribution* attribution = nullptr;
  ByteRange removed;
  std::string replacement;
  bool initial = false;
  // The words beside the clause that the cut takes too (", the Kremlin's
  // spokesman" after a final clause, "as of press time, " after an initial
  // one); empty when it takes the clause alone.
  ByteRange phrase;
};

std::optional<Target> SentenceOf(const Parent& parent, ByteRange clause) {
  for (size_t paragraph = 0; paragraph < parent.paragraphs.size(); ++paragraph) {
    const std::vector<ByteRange>& sentences = parent.paragraphs[paragraph].sentences;
    for (size_t sentence = 0; sentence < sentences.size(); ++sentence) {
      const ByteRange bytes = sentences[sentence];
      if (bytes.begin <= clause.begin && clause.end <= bytes.end) {
        return Target{paragraph, sentence, bytes};
      }
    }
  }
  return std::nullopt;
}

bool HasQuoteMark(std::string_view text) {
  return text.find('"') != std::string_view::npos ||
         text.find("\xE2\x80\x9C") != std::string_view::npos ||
         text.find("\xE2\x80\x9D") != std::string_view::npos;
}

// Where a final clause's cut starts: ", X said" -> at the comma; "“...,” X
// said" -> at the comma, the quote mark put back by the replacement.
std::optional<Cut> FinalCutStart(std::string_view text, const Target& target,
                                 const Attribution& attribution) {
  const uint32_t begin = attribution.clause.begin;
  Cut cut{target, &attribution, {}, "", false, {}};
  for (const std::string_view quote : {std::string_view("\xE2\x80\x9D"), std::string_view("\"")}) {
    const size_t length = quote.size() + 2;  // comma, quote, space
    if (begin >= length && text.substr(begin - length, length) == "," + std::string(quote) + " ") {
      cut.removed.begin = static_cast<uint32_t>(begin - length);
      cut.replacement = "." + std::string(quote);
      return cut;
    }
  }
  if (text[begin] == ',') {
    cut.removed.begin = begin;
  } else if (begin >= 2 && text.substr(begin - 2, 2) == ", ") {
    cut.removed.begin = begin - 2;
  } else {
    return std::nullopt;
  }
  return cut;
}

// ", X said." -> "."; ", according to X." -> "."; "“...,” X said." ->
// "“....”"; with a phrase: ", said X, the minister." -> ".".
std::optional<Cut> PlanFinalCut(const Parent& parent, const Target& target,
                                const Attribution& attribution) {
  const std::string_view text = parent.text;
  const ByteRange clause = attribution.clause;
  const uint32_t stop = target.bytes.end - 1;  // the full stop
  if (text[stop] != '.' || clause.end > stop) return std::nullopt;
  const std::string_view tail = text.substr(clause.end, stop - clause.end);
  const bool phrase = tail.starts_with(", ") && CountWords(tail) <= 12 && !HasQuoteMark(tail);
  if (!tail.empty() && !phrase) return std::nullopt;
  std::optional<Cut> cut = FinalCutStart(text, target, attribution);
  if (!cut || (phrase && !cut->replacement.empty())) return std::nullopt;
  cut->removed.end = cut->replacement.empty() ? stop : stop + 1;
  if (phrase) cut->phrase = {clause.end, stop};
  if (CountWords(text.substr(target.bytes.begin, cut->removed.begin - target.bytes.begin)) <
      kMinSentenceWords) {
    return std::nullopt;
  }
  return cut;
}

// "According to X, the ..." -> "The ..."; "X said that the ..." -> "The
// ..."; "As X told reporters, the ..." -> "The ..."; with a phrase:
// "According to X, as of press time, the ..." -> "The ...".
std::optional<Cut> PlanInitialCut(const Parent& parent, const Target& target,
                                  const Attribution& attribution, bool with_phrase) {
  const std::string_view text = parent.text;
  const ByteRange clause = attribution.clause;
  uint32_t begin = clause.begin;
  if (begin == target.bytes.begin + 3 && text.substr(target.bytes.begin, 3) == "As ") {
    begin = target.bytes.begin;
  }
  if (begin != target.bytes.begin) return std::nullopt;
  uint32_t next = 0;  // the first byte of the sentence's rest
  const std::string_view after = text.substr(clause.end, target.bytes.end - clause.end);
  if (after.starts_with(", ")) next = clause.end + 2;
  if (attribution.kind == Attribution::Kind::kReporting && after.starts_with(" that ")) {
    next = clause.end + 6;
  }
  if (next == 0) return std::nullopt;
  ByteRange phrase;
  const size_t comma = text.substr(next, target.bytes.end - next).find(", ");
  if (with_phrase && after.starts_with(", ") && comma != std::string_view::npos) {
    const std::string_view words = text.substr(next, comma);
    if (CountWords(words) > 6 || HasQuoteMark(words)) return std::nullopt;
    phrase = {next, static_cast<uint32_t>(next + comma + 2)};
    next = phrase.end;
  } else if (with_phrase) {
    return std::nullopt;
  }
  if (next >= target.bytes.end || !std::isalpha(static_cast<unsigned char>(text[next])) ||
      CountWords(text.substr(next, target.bytes.end - next)) < kMinSentenceWords) {
    return std::nullopt;
  }
  const char capital = static_cast<char>(std::toupper(static_cast<unsigned char>(text[next])));
  return Cut{target, &attribution, {begin, next + 1}, std::string(1, capital), true, phrase};
}

// One cut per clause that has one; where a cut can also take the phrase
// beside the clause, it does so half the time.
std::vector<Cut> PlanCuts(const Parent& parent, Random& random) {
  std::vector<Cut> cuts;
  for (const Attribution& attribution : parent.attributions) {
    const std::optional<Target> target = SentenceOf(parent, attribution.clause);
    if (!target) continue;
    std::optional<Cut> cut = PlanFinalCut(parent, *target, attribution);
    if (!cut) {
      const std::optional<Cut> plain = PlanInitialCut(parent, *target, attribution, false);
      const std::optional<Cut> wide = PlanInitialCut(parent, *target, attribution, true);
      cut = wide && (!plain || random.Chance(0.5)) ? wide : plain;
    }
    if (cut) cuts.push_back(std::move(*cut));
  }
  return cuts;
}

// Whether the text before `end` ends with an abbreviation's full stop
// ("Sen.", "U.S.", "J."), where SplitSentences may have cut a sentence.
bool EndsWithAbbreviation(std::string_view text, size_t end) {
  while (end > 0 && (text[end - 1] == '.' || text[end - 1] == ' ' || text[end - 1] == '"')) --end;
  size_t begin = end;
  while (begin > 0 &&
         (std::isalpha(static_cast<unsigned char>(text[begin - 1])) || text[begin - 1] == '.')) {
    --begin;
  }
  const std::string_view word = text.substr(begin, end - begin);
  constexpr std::string_view kAbbreviations[] = {"Sen", "Rep", "Gov", "Mr",  "Mrs", "Ms", "Dr",
                                                 "Gen", "St",  "Lt",  "Col", "Jr",  "Sr", "Inc",
                                                 "Co",  "No",  "Lt",  "Sgt", "Adm"};
  return word.size() == 1 || word.find('.') != std::string_view::npos ||
         std::find(std::begin(kAbbreviations), std::end(kAbbreviations), word) !=
             std::end(kAbbreviations);
}

// Whether the text before `end` ends a sentence: a full stop, ! or ?, and
// any closing quotation marks.
bool EndsWithStop(std::string_view text, size_t end) {
  while (end > 0 && (text[end - 1] == '"' || text[end - 1] == '\'' || text[end - 1] == ' ')) --end;
  if (end >= 3 && text.substr(end - 3, 3) == "\xE2\x80\x9D") end -= 3;
  return end > 0 && std::string_view(".!?").find(text[end - 1]) != std::string_view::npos;
}

// Whether `sentence` is one: it starts with a capital letter or a quotation
// mark, ends with a stop, neither it nor the text before it ends at an
// abbreviation, and it is written only once (a headline repeated in a list
// of links could be deleted at either place).
bool WholeSentence(std::string_view text, ByteRange sentence) {
  const auto first = static_cast<unsigned char>(text[sentence.begin]);
  const bool opens = std::isupper(first) || first == '"' || first == 0xE2;
  const std::string_view bytes = Slice(text, sentence);
  return opens && EndsWithStop(text, sentence.end) && !EndsWithAbbreviation(text, sentence.end) &&
         (sentence.begin == 0 || !EndsWithAbbreviation(text, sentence.begin)) &&
         text.find(bytes) == text.rfind(bytes);
}

// ----------------------------------------------------------------- copies

// What a copy is made of, in order.
struct Layout {
  std::string lead;    // another article's paragraph and a blank line, or ""
  ByteRange before;    // the parent's bytes before the edited sentence
  std::string middle;  // the edited sentence
  ByteRange after;     // the parent's bytes after it
  std::string trail;   // a blank line and another article's paragraph, or ""
};

class CopyMaker {
 public:
  CopyMaker(const Parent& parent, size_t parent_index, const Foreign& foreign, Random& random)
      : parent_(parent), parent_index_(parent_index), foreign_(foreign), random_(random) {}

  std::optional<EdgeCopy> ClauseCopy(CopyKind kind, const Cut& cut, bool at_edge);
  std::optional<EdgeCopy> Unedited();
  std::optional<EdgeCopy> Inserted();
  std::optional<EdgeCopy> Deleted();

 private:
  std::string ForeignParagraph();
  std::optional<Layout> LayoutAround(const Cut& cut, bool at_edge);
  std::optional<std::string> EditSentence(CopyKind kind, const Cut& cut, EdgeCopy& copy);
  std::string CutClause(const Cut& cut, TrueClause& truth);
  bool Reword(std::string& text, bool from_end, size_t count);
  std::string ForeignWords(size_t count);
  std::optional<std::string> ReplaceBeside(const Cut& cut);
  std::optional<std::string> ReplaceSource(const Cut& cut);
  std::optional<std::string> ReplaceVerb(const Cut& cut);
  EdgeCopy Assemble(CopyKind kind, const Layout& layout) const;
  std::string_view Bytes(ByteRange range) const { return Slice(parent_.text, range); }
  ByteRange ParagraphsBytes(size_t first, size_t last) const {
    return {parent_.paragraphs[first].bytes.begin, parent_.paragraphs[last].bytes.end};
  }

  const Parent& parent_;
  size_t parent_index_;
  const Foreign& foreign_;
  Random& random_;
};

std::string CopyMaker::ForeignParagraph() {
  std::string paragraph;
  const size_t count = 2 + random_.Below(2);
  for (size_t index = 0; index < count; ++index) {
    if (!paragraph.empty()) paragraph += ' ';
    paragraph += foreign_.sentences[random_.Below(foreign_.sentences.size())];
  }
  return paragraph;
}

// A few paragraphs around the cut's sentence; at an edge, the copied text
// ends with the sentence (a final clause) or starts with it (an initial one).
std::optional<Layout> CopyMaker::LayoutAround(const Cut& cut, bool at_edge) {
  const size_t count = parent_.paragraphs.size();
  const size_t paragraph = cut.target.paragraph;
  size_t first = paragraph - std::min(paragraph, random_.Below(3));
  size_t last = std::min(count - 1, paragraph + random_.Below(3));
  const ByteRange sentence = cut.target.bytes;
  const auto words_before = [&] {
    return CountWords(Bytes({parent_.paragraphs[first].bytes.begin, sentence.begin}));
  };
  const auto words_after = [&] {
    return CountWords(Bytes({sentence.end, parent_.paragraphs[last].bytes.end}));
  };
  while (first > 0 && words_before() < kMinCopiedWords) --first;
  while (last + 1 < count && words_after() < kMinCopiedWords) ++last;
  Layout layout;
  layout.before = {parent_.paragraphs[first].bytes.begin, sentence.begin};
  layout.after = {sentence.end, parent_.paragraphs[last].bytes.end};
  if (at_edge && !cut.initial) {
    if (words_before() < kMinCopiedWords) return std::nullopt;
    layout.after = {sentence.end, sentence.end};
    if (random_.Chance(kForeignShare)) layout.trail = "\n\n" + ForeignParagraph();
  }
  if (at_edge && cut.initial) {
    if (words_after() < kMinCopiedWords) return std::nullopt;
    layout.before = {sentence.begin, sentence.begin};
    if (random_.Chance(kForeignShare)) layout.lead = ForeignParagraph() + "\n\n";
  }
  return layout;
}

// The phrase beside the clause cut, or else the word just outside the
// clause's cut (before a final clause, after an initial one) replaced by a
// word of the other article.
std::optional<std::string> CopyMaker::ReplaceBeside(const Cut& cut) {
  const ByteRange sentence = cut.target.bytes;
  if (cut.phrase.size() > 0) {  // the phrase cut, the clause kept
    return std::string(Bytes({sentence.begin, cut.phrase.begin})) +
           std::string(Bytes({cut.phrase.end, sentence.end}));
  }
  const std::vector<Token> tokens = Tokenize(Bytes(sentence)).tokens;
  const uint32_t at = (cut.initial ? cut.removed.end : cut.removed.begin) - sentence.begin;
  const Token* word = nullptr;
  for (const Token& token : tokens) {
    if (!cut.initial && token.end <= at) word = &token;
    if (cut.initial && token.begin >= at - 1 && word == nullptr) word = &token;
  }
  if (word == nullptr) return std::nullopt;
  std::string text(Bytes(sentence));
  const std::string_view old = std::string_view(text).substr(word->begin, word->end - word->begin);
  const bool capital = std::isupper(static_cast<unsigned char>(old[0]));
  const std::vector<std::string>& pool = capital ? foreign_.capitalised : foreign_.lower;
  if (pool.empty()) return std::nullopt;
  const std::string& with = pool[random_.Below(pool.size())];
  if (NormalizeWord(with) == NormalizeWord(old)) return std::nullopt;
  text.replace(word->begin, word->end - word->begin, with);
  return text;
}

std::optional<std::string> CopyMaker::ReplaceSource(const Cut& cut) {
  const ByteRange sentence = cut.target.bytes;
  const ByteRange source = cut.attribution->source;
  const std::string_view with = kOtherSources[random_.Below(std::size(kOtherSources))];
  std::string text(Bytes(sentence));
  text.replace(source.begin - sentence.begin, source.size(), with);
  for (const Attribution& found : provenance::FindAttributions(text)) {
    if (found.source_text == with) return text;
  }
  return std::nullopt;  // the scanner does not read the new source there
}

std::optional<std::string> CopyMaker::ReplaceVerb(const Cut& cut) {
  const ByteRange sentence = cut.target.bytes;
  const ByteRange cue = cut.attribution->cue;
  const std::string_view verb = Bytes(cue);
  if (verb != "said" && verb != "says") return std::nullopt;
  std::string text(Bytes(sentence));
  text.replace(cue.begin - sentence.begin, cue.size(), verb == "said" ? "stated" : "adds");
  return text;
}

// The sentence as the copy has it, and the truth about it (offsets in the
// sentence, shifted later).
std::optional<std::string> CopyMaker::EditSentence(CopyKind kind, const Cut& cut, EdgeCopy& copy) {
  const ByteRange sentence = cut.target.bytes;
  const Attribution& attribution = *cut.attribution;
  TrueClause truth{attribution.clause, cut.removed,           cut.removed.begin - sentence.begin,
                   cut.initial,        cut.phrase.size() > 0, attribution.source_text};
  switch (kind) {
    case CopyKind::kFinalCut:
    case CopyKind::kInitialCut: {
      std::string cut_sentence = CutClause(cut, truth);
      copy.dropped.push_back(truth);
      return cut_sentence;
    }
    case CopyKind::kSourceChanged:
      truth.child_at = attribution.source.begin - sentence.begin;
      copy.changed.push_back(truth);
      return ReplaceSource(cut);
    case CopyKind::kVerbChanged:
      return ReplaceVerb(cut);
    case CopyKind::kEditBeside:
      return ReplaceBeside(cut);
    default:
      return std::string(Bytes(sentence));
  }
}

std::string CopyMaker::ForeignWords(size_t count) {
  std::string words;
  for (size_t index = 0; index < count; ++index) {
    if (index > 0) words += ' ';
    words += foreign_.lower[random_.Below(foreign_.lower.size())];
  }
  return words;
}

// Replaces words [first, first + count) of `text` by words of the other
// article, leaving at least kMinSentenceWords others; false when it cannot.
bool CopyMaker::Reword(std::string& text, bool from_end, size_t count) {
  const std::vector<Token> tokens = Tokenize(text).tokens;
  if (tokens.size() < count + 1 + kMinSentenceWords) return false;
  // From the start, the first word keeps its place: it took the cut's capital letter.
  const size_t first = from_end ? tokens.size() - count : 1;
  const uint32_t begin = tokens[first].begin;
  const uint32_t end = tokens[first + count - 1].end;
  text.replace(begin, end - begin, ForeignWords(count));
  return true;
}

// The sentence without the clause; a share of the cuts that take the clause
// alone also reword the 3-5 words beside it, as an editor smoothing the cut
// would.
std::string CopyMaker::CutClause(const Cut& cut, TrueClause& truth) {
  const ByteRange sentence = cut.target.bytes;
  std::string head(Bytes({sentence.begin, cut.removed.begin}));
  std::string tail(Bytes({cut.removed.end, sentence.end}));
  if (cut.phrase.size() == 0 && random_.Chance(kRewordShare)) {
    const size_t count = 3 + random_.Below(3);
    truth.beside = cut.initial ? Reword(tail, false, count) : Reword(head, true, count);
  }
  truth.child_at = static_cast<uint32_t>(head.size());
  return head + cut.replacement + tail;
}

EdgeCopy CopyMaker::Assemble(CopyKind kind, const Layout& layout) const {
  EdgeCopy copy;
  copy.kind = kind;
  copy.parent = parent_index_;
  copy.text = layout.lead + std::string(Bytes(layout.before)) + layout.middle +
              std::string(Bytes(layout.after)) + layout.trail;
  return copy;
}

std::optional<EdgeCopy> CopyMaker::ClauseCopy(CopyKind kind, const Cut& cut, bool at_edge) {
  EdgeCopy truth;
  std::optional<std::string> middle = EditSentence(kind, cut, truth);
  if (!middle) return std::nullopt;
  std::optional<Layout> layout = LayoutAround(cut, at_edge);
  if (!layout) return std::nullopt;
  layout->middle = std::move(*middle);
  EdgeCopy copy = Assemble(kind, *layout);
  copy.at_edge = at_edge;
  const uint32_t middle_at = static_cast<uint32_t>(layout->lead.size() + layout->before.size());
  for (TrueClause& clause : truth.dropped) clause.child_at += middle_at;
  for (TrueClause& clause : truth.changed) clause.child_at += middle_at;
  copy.dropped = std::move(truth.dropped);
  copy.changed = std::move(truth.changed);
  copy.note = std::string(CopyKindName(kind)) + (at_edge ? " at the edge" : " inline") + ": \"" +
              std::string(Bytes(cut.target.bytes)) + "\" -> \"" + layout->middle + "\"";
  return copy;
}

std::optional<EdgeCopy> CopyMaker::Unedited() {
  const size_t count = parent_.paragraphs.size();
  const size_t first = random_.Below(count);
  size_t last = std::min(count - 1, first + 1 + random_.Below(3));
  while (last + 1 < count &&
         CountWords(Bytes(ParagraphsBytes(first, last))) < 2 * kMinCopiedWords) {
    ++last;
  }
  Layout layout;
  layout.before = ParagraphsBytes(first, last);
  layout.after = {layout.before.end, layout.before.end};
  EdgeCopy copy = Assemble(CopyKind::kUnedited, layout);
  copy.note = "unedited paragraphs " + std::to_string(first) + "-" + std::to_string(last);
  return copy;
}

// 1-3 sentences of the other article between paragraphs k-1 and k: a
// paragraph of their own, or the end of paragraph k-1.
std::optional<EdgeCopy> CopyMaker::Inserted() {
  const size_t count = parent_.paragraphs.size();
  std::vector<size_t> places;
  for (size_t k = 1; k < count; ++k) {
    if (CountWords(Bytes(ParagraphsBytes(0, k - 1))) >= kMinFlankWords &&
        CountWords(Bytes(ParagraphsBytes(k, count - 1))) >= kMinFlankWords) {
      places.push_back(k);
    }
  }
  if (places.empty()) return std::nullopt;
  const size_t k = places[random_.Below(places.size())];
  size_t first = k - 1;
  size_t last = k;
  while (first > 0 && (CountWords(Bytes(ParagraphsBytes(first, k - 1))) < kMinFlankWords ||
                       random_.Chance(0.3))) {
    --first;
  }
  while (last + 1 < count &&
         (CountWords(Bytes(ParagraphsBytes(k, last))) < kMinFlankWords || random_.Chance(0.3))) {
    ++last;
  }
  const uint32_t place = parent_.paragraphs[k - 1].bytes.end;
  // At the end of the paragraph only when it ends a sentence (not after a headline).
  const bool own_paragraph = random_.Below(3) != 0 || !EndsWithStop(parent_.text, place);
  EdgeCopy copy;
  copy.kind = CopyKind::kInserted;
  copy.parent = parent_index_;
  copy.text = std::string(Bytes({parent_.paragraphs[first].bytes.begin, place}));
  copy.text += own_paragraph ? "\n\n" : " ";
  const size_t sentences = 1 + random_.Below(3);
  for (size_t index = 0; index < sentences; ++index) {
    if (index > 0) copy.text += ' ';
    const std::string& sentence = foreign_.sentences[random_.Below(foreign_.sentences.size())];
    const auto at = static_cast<uint32_t>(copy.text.size());
    copy.inserted.push_back({{place, place}, {at, at + static_cast<uint32_t>(sentence.size())}});
    copy.text += sentence;
    copy.note += (index > 0 ? " " : "inserted: ") + sentence;
  }
  copy.text += std::string(Bytes({place, parent_.paragraphs[last].bytes.end}));
  return copy;
}

// A sentence without a source at the edge of paragraph k-1 (its last) or of
// paragraph k (its first, or the whole paragraph).
std::optional<EdgeCopy> CopyMaker::Deleted() {
  struct Option {
    ByteRange sentence;
    ByteRange removed;
    size_t k;
  };
  std::vector<Option> options;
  const auto names_no_source = [&](ByteRange sentence) {
    return std::none_of(parent_.attributions.begin(), parent_.attributions.end(),
                        [&](const Attribution& attribution) {
                          return attribution.clause.begin < sentence.end &&
                                 sentence.begin < attribution.clause.end;
                        });
  };
  for (size_t k = 1; k < parent_.paragraphs.size(); ++k) {
    const Paragraph& previous = parent_.paragraphs[k - 1];
    const Paragraph& next = parent_.paragraphs[k];
    if (previous.sentences.size() >= 2) {
      const ByteRange last = previous.sentences.back();
      const ByteRange before = previous.sentences[previous.sentences.size() - 2];
      options.push_back({last, {before.end, last.end}, k});
    }
    if (next.sentences.size() >= 2) {
      options.push_back({next.sentences[0], {next.sentences[0].begin, next.sentences[1].begin}, k});
    }
    if (next.sentences.size() == 1)
      options.push_back({next.bytes, {previous.bytes.end, next.bytes.end}, k});
  }
  std::erase_if(options, [&](const Option& option) {
    return CountWords(Bytes(option.sentence)) < kMinSentenceWords ||
           !WholeSentence(parent_.text, option.sentence) || !names_no_source(option.sentence) ||
           CountWords(Bytes({0, option.removed.begin})) < kMinFlankWords ||
           CountWords(parent_.text.substr(option.removed.end)) < kMinFlankWords;
  });
  if (options.empty()) return std::nullopt;
  const Option& chosen = options[random_.Below(options.size())];
  size_t first = chosen.k - 1;
  size_t last = std::min(parent_.paragraphs.size() - 1, chosen.k);
  while (first > 0 && CountWords(Bytes({parent_.paragraphs[first].bytes.begin,
                                        chosen.removed.begin})) < kMinFlankWords) {
    --first;
  }
  while (last + 1 < parent_.paragraphs.size() &&
         CountWords(Bytes({chosen.removed.end, parent_.paragraphs[last].bytes.end})) <
             kMinFlankWords) {
    ++last;
  }
  const uint32_t begin = parent_.paragraphs[first].bytes.begin;
  EdgeCopy copy;
  copy.kind = CopyKind::kDeleted;
  copy.parent = parent_index_;
  copy.text = std::string(Bytes({begin, chosen.removed.begin})) +
              std::string(Bytes({chosen.removed.end, parent_.paragraphs[last].bytes.end}));
  const uint32_t at = chosen.removed.begin - begin;
  copy.deleted.push_back({chosen.sentence, {at, at}});
  copy.note = "deleted: " + std::string(Bytes(chosen.sentence));
  return copy;
}

// -------------------------------------------------------------- the set

bool UsableParent(const Parent& parent, const EdgeGeneratorOptions& options) {
  return parent.paragraphs.size() >= 4 && CountWords(parent.text) >= options.min_parent_words &&
         copygen::RepeatedRunShare(parent.text) <= kMaxRepeatedShare;
}

// An article sharing no run with the parent, with sentences to insert.
std::optional<Foreign> PickForeign(const std::vector<std::string>& articles,
                                   const std::vector<std::unordered_set<uint64_t>>& runs,
                                   size_t parent, Random& random) {
  for (int attempt = 0; attempt < 50; ++attempt) {
    const size_t index = random.Below(articles.size());
    if (index == parent || Shares(runs[index], runs[parent])) continue;
    Foreign foreign = ForeignOf(Paragraphed(articles[index]));
    if (foreign.sentences.size() >= 3 && !foreign.lower.empty() && !foreign.capitalised.empty()) {
      return foreign;
    }
  }
  return std::nullopt;
}

void AddCopy(std::optional<EdgeCopy> copy, EdgeSet& set) {
  if (copy) set.copies.push_back(std::move(*copy));
}

// The copies of one parent: its cuts at both ends of sentences, the
// controls, an insertion and a deletion.
void MakeCopies(const Parent& parent, size_t index, const Foreign& foreign,
                const EdgeGeneratorOptions& options, Random& random, EdgeSet& set) {
  std::vector<Cut> cuts = PlanCuts(parent, random);
  random.Shuffle(cuts);
  CopyMaker maker(parent, index, foreign, random);
  for (const bool initial : {false, true}) {
    size_t made = 0;
    for (const Cut& cut : cuts) {
      if (cut.initial != initial || made == options.cuts_per_kind) continue;
      const CopyKind kind = initial ? CopyKind::kInitialCut : CopyKind::kFinalCut;
      const std::optional<EdgeCopy> copy = maker.ClauseCopy(kind, cut, random.Chance(kEdgeShare));
      made += copy.has_value();
      AddCopy(copy, set);
    }
  }
  for (const CopyKind kind : {CopyKind::kClauseKept, CopyKind::kEditBeside,
                              CopyKind::kSourceChanged, CopyKind::kVerbChanged}) {
    const bool at_edge =
        kind == CopyKind::kClauseKept || kind == CopyKind::kEditBeside || random.Chance(kEdgeShare);
    for (size_t attempt = 0; attempt < cuts.size(); ++attempt) {
      std::optional<EdgeCopy> copy =
          maker.ClauseCopy(kind, cuts[random.Below(cuts.size())], at_edge);
      if (!copy) continue;
      AddCopy(std::move(copy), set);
      break;
    }
  }
  AddCopy(maker.Unedited(), set);
  AddCopy(maker.Inserted(), set);
  AddCopy(maker.Deleted(), set);
}

}  // namespace

std::string_view CopyKindName(CopyKind kind) {
  switch (kind) {
    case CopyKind::kFinalCut:
      return "final cut";
    case CopyKind::kInitialCut:
      return "initial cut";
    case CopyKind::kClauseKept:
      return "clause kept";
    case CopyKind::kEditBeside:
      return "edit beside clause";
    case CopyKind::kSourceChanged:
      return "source changed";
    case CopyKind::kVerbChanged:
      return "verb changed";
    case CopyKind::kUnedited:
      return "unedited";
    case CopyKind::kInserted:
      return "inserted";
    case CopyKind::kDeleted:
      return "deleted";
  }
  return "?";
}

std::string Paragraphed(std::string_view text) {
  std::string out;
  size_t at = 0;
  while (at < text.size()) {
    if (text.substr(at, 3) != "###") {
      out.push_back(text[at++]);
      continue;
    }
    while (!out.empty() && (out.back() == ' ' || out.back() == '\n')) out.pop_back();
    if (!out.empty()) out += "\n\n";
    at += 3;
    while (at < text.size() && (text[at] == ' ' || text[at] == '#')) ++at;
  }
  while (!out.empty() && (out.back() == ' ' || out.back() == '\n')) out.pop_back();
  return out;
}

EdgeSet GenerateEdgeCopies(const std::vector<std::string>& articles,
                           const EdgeGeneratorOptions& options) {
  Random random(options.seed);
  std::vector<std::unordered_set<uint64_t>> runs;
  for (const std::string& article : articles) runs.push_back(WordRuns(article));
  std::vector<size_t> order(articles.size());
  for (size_t index = 0; index < order.size(); ++index) order[index] = index;
  random.Shuffle(order);
  EdgeSet set;
  std::vector<size_t> chosen;
  for (const size_t article : order) {
    if (set.parents.size() == options.parents) break;
    const bool related = std::any_of(chosen.begin(), chosen.end(), [&](size_t other) {
      return Shares(runs[article], runs[other]);
    });
    if (related) continue;
    const Parent parent = Analyse(Paragraphed(articles[article]));
    if (!UsableParent(parent, options) || PlanCuts(parent, random).empty()) continue;
    const std::optional<Foreign> foreign = PickForeign(articles, runs, article, random);
    if (!foreign) continue;
    chosen.push_back(article);
    set.parents.push_back(parent.text);
    MakeCopies(parent, set.parents.size() - 1, *foreign, options, random, set);
  }
  return set;
}

}  // namespace stemma::edgegen
