// The attribution scanner. The patterns are listed in attribution.h and the
// words in attribution_rules.cc; this file walks the words once, and at each
// cue outside a quotation tries the patterns in turn. Noun phrases are read
// word by word over "joinable" gaps (spaces, a hyphen inside a name, the
// full stop of an abbreviation), so no source ever crosses a comma, a
// sentence end, a line break or a quotation mark. Each cue gives at most one
// attribution; a participle cue (", saying") only when its sentence has none.
#include "provenance/attribution.h"

#include <limits>
#include <optional>

#include "provenance/attribution_rules.h"
#include "provenance/attribution_text.h"

namespace stemma::provenance {
namespace {

using rules::Is;

constexpr size_t kMaxAppositiveWords = 25;
constexpr size_t kMaxAccordingToWords = 10;
constexpr size_t kMaxStatementWords = 4;  // "in a joint press statement"
constexpr size_t kMaxCompoundWords = 2;   // "the city transport authority"
// Bounds that keep the scan linear on adversarial input (long runs of
// capitalised words, sentences without an end).
constexpr size_t kMaxSourceWords = 16;
constexpr size_t kMaxSentenceWords = 150;

struct Span {  // words [first, last], inclusive
  size_t first = 0;
  size_t last = 0;
};

class Scanner {
 public:
  explicit Scanner(const AttributionText& text) : t_(text), words_(text.words) {}

  std::vector<Attribution> Run();

 private:
  const std::string& Lower(size_t word) const { return words_[word].lower; }
  bool Has(size_t word, rules::WordClass word_class) const {
    return (words_[word].classes & word_class) != 0;
  }
  bool Joinable(size_t word) const;
  bool IsNameWord(size_t word) const;
  bool IsPossessive(size_t word) const;
  bool IsLowerSourceWord(size_t word) const;
  bool IsDigits(size_t word) const;

  std::optional<size_t> TimePhraseEndingAt(size_t last) const;
  size_t ExtendClause(size_t last) const;
  std::optional<size_t> CompoundDeterminer(size_t last) const;
  std::optional<Span> PhraseEndingAt(size_t head) const;
  std::optional<Span> PhraseStartingAt(size_t first) const;
  std::optional<Span> SubjectBefore(size_t cue) const;
  std::optional<Span> AppositiveSubject(size_t after) const;
  std::optional<Span> AccordingToSource(size_t first) const;

  std::optional<Attribution> Reporting(size_t cue) const;
  std::optional<Attribution> Inverted(size_t cue) const;
  std::optional<Attribution> AccordingTo(size_t cue) const;
  std::optional<Attribution> Participle(size_t cue) const;
  Attribution Make(Span clause, Span source, Span cue, Attribution::Kind kind) const;
  void AttachQuotation(Span clause, Attribution& attribution) const;

  const AttributionText& t_;
  const std::vector<Word>& words_;
  size_t last_sentence_with_attribution_ = std::numeric_limits<size_t>::max();
};

bool Scanner::Joinable(size_t word) const {
  const Gap& gap = t_.Before(word);
  if (word == 0 || words_[word].in_quote != words_[word - 1].in_quote) return false;
  if (gap.Plain()) return true;
  std::string_view bytes = t_.text.substr(gap.begin, gap.end - gap.begin);
  if (bytes == "-" || bytes == "&") return true;
  const Word& before = words_[word - 1];
  bool abbreviation =
      (before.lower.size() == 1 && before.capitalised) || Has(word - 1, rules::kAbbreviation);
  return abbreviation && (bytes == "." || bytes == ". ");
}

bool Scanner::IsNameWord(size_t word) const {
  const Word& w = words_[word];
  return w.capitalised && !w.in_quote &&
         (w.classes & (rules::kStopWord | rules::kSubjectPronoun | rules::kReportingVerb)) == 0;
}

bool Scanner::IsPossessive(size_t word) const {
  std::string_view lower = Lower(word);
  return lower.ends_with("'s") || lower.ends_with("\xE2\x80\x99s");
}

bool Scanner::IsLowerSourceWord(size_t word) const {
  return !words_[word].capitalised &&
         (Has(word, rules::kSourceNoun) || Has(word, rules::kSourceModifier));
}

bool Scanner::IsDigits(size_t word) const {
  char first = t_.text[words_[word].begin];
  return first >= '0' && first <= '9';
}

// The first word of a time phrase ending at `last`: "on Monday", "Monday",
// "on January 5", "last week".
std::optional<size_t> Scanner::TimePhraseEndingAt(size_t last) const {
  size_t first = last;
  if (IsDigits(last) && last > 0 && Joinable(last) && Has(last - 1, rules::kMonth)) {
    first = last - 1;
  } else if (Has(last, rules::kWeekday)) {
    first = last;
  } else if ((Lower(last) == "week" || Lower(last) == "month") && last > 0 && Joinable(last) &&
             (Lower(last - 1) == "last" || Lower(last - 1) == "this")) {
    return last - 1;
  } else {
    return std::nullopt;
  }
  if (first > 0 && Joinable(first) && Lower(first - 1) == "on") --first;
  return first;
}

// `last` moved over what may follow a cue or a source inside its clause:
// "in a statement", "at a press conference", "on Monday", "on January 5",
// "earlier".
size_t Scanner::ExtendClause(size_t last) const {
  for (;;) {
    size_t next = last + 1;
    if (next >= words_.size() || !Joinable(next)) return last;
    const std::string& word = Lower(next);
    size_t end = next;
    bool found = false;
    if ((word == "in" || word == "at") && next + 1 < words_.size() &&
        Has(next + 1, rules::kDeterminer)) {
      for (size_t probe = next + 2;
           probe < words_.size() && probe <= next + 1 + kMaxStatementWords && Joinable(probe);
           ++probe) {
        if (Has(probe, rules::kStatementNoun)) {
          end = probe;
          found = true;
          break;
        }
      }
    } else if (word == "on" || word == "late" || word == "last" || word == "this") {
      for (size_t probe = next + 1; probe <= next + 2 && probe < words_.size() && Joinable(probe);
           ++probe) {
        std::optional<size_t> first = TimePhraseEndingAt(probe);
        if (first && *first == next) {
          end = probe;
          found = true;
        }
      }
      if (found && end + 1 < words_.size() && Joinable(end + 1) && IsDigits(end + 1)) ++end;
    } else if (Has(next, rules::kWeekday) || word == "earlier" || word == "later") {
      found = true;
    }
    if (!found) return last;
    last = end;
  }
}

// "the port authority": up to kMaxCompoundWords plain lower-case words ending
// at `last`, right after a determiner; that determiner's index.
std::optional<size_t> Scanner::CompoundDeterminer(size_t last) const {
  for (size_t word = last; word + kMaxCompoundWords > last; --word) {
    if (words_[word].capitalised || words_[word].classes != 0 || IsPossessive(word)) {
      return std::nullopt;
    }
    if (word == 0 || !Joinable(word)) return std::nullopt;
    if (Has(word - 1, rules::kDeterminer)) return word - 1;
  }
  return std::nullopt;
}

// A source whose last word is `head`, extended to the left over titles,
// modifiers, "of"/"and" joints and one determiner.
std::optional<Span> Scanner::PhraseEndingAt(size_t head) const {
  if (words_[head].in_quote) return std::nullopt;
  if (Has(head, rules::kSubjectPronoun)) return Span{head, head};
  bool lower_head = !words_[head].capitalised && Has(head, rules::kSourceNoun);
  if (!IsNameWord(head) && !lower_head) {
    // "the senator said": any plain noun right after a determiner.
    std::optional<size_t> determiner = CompoundDeterminer(head);
    if (!determiner) return std::nullopt;
    return Span{*determiner, head};
  }
  size_t first = head;
  while (first > 0 && head - first + 1 < kMaxSourceWords && Joinable(first)) {
    size_t before = first - 1;
    if (IsNameWord(before) || IsLowerSourceWord(before) || IsPossessive(before)) {
      first = before;
    } else if (Has(before, rules::kConnector) && before > 0 && Joinable(before) &&
               IsNameWord(before - 1) && IsNameWord(first)) {
      first = before - 1;
    } else if (std::optional<size_t> determiner = CompoundDeterminer(before)) {
      first = *determiner;
      break;
    } else {
      if (Has(before, rules::kDeterminer)) first = before;
      break;
    }
  }
  return Span{first, head};
}

// A source starting at `first` (after an inverted cue, or a sentence's
// subject): determiner, names, source words, "of"/"and" joints.
std::optional<Span> Scanner::PhraseStartingAt(size_t first) const {
  if (first >= words_.size() || words_[first].in_quote) return std::nullopt;
  if (Has(first, rules::kPersonPronoun)) return Span{first, first};
  size_t index = first;
  if (Has(index, rules::kDeterminer)) ++index;
  std::optional<size_t> last;
  for (; index < words_.size() && index - first < kMaxSourceWords &&
         (index == first || Joinable(index));
       ++index) {
    if (IsNameWord(index) || IsLowerSourceWord(index) || IsPossessive(index)) {
      last = index;
    } else if (last && Has(index, rules::kConnector) && index + 1 < words_.size() &&
               Joinable(index + 1) && IsNameWord(index + 1)) {
      continue;
    } else {
      break;
    }
  }
  if (!last) return std::nullopt;
  bool head_ok = IsNameWord(*last) || Has(*last, rules::kSourceNoun);
  if (!head_ok) return std::nullopt;
  return Span{first, *last};
}

// The source of "SOURCE [also|has|on Monday] CUE", or of "NAME, appositive, CUE".
std::optional<Span> Scanner::SubjectBefore(size_t cue) const {
  size_t next = cue;  // the word after the candidate head
  while (next > 0 && Joinable(next)) {
    size_t before = next - 1;
    if (!words_[before].capitalised && Has(before, rules::kBetweenWord)) {
      next = before;
      continue;
    }
    std::optional<size_t> time = TimePhraseEndingAt(before);
    if (!time) break;
    next = *time;
  }
  if (next == 0) return std::nullopt;
  const Gap& gap = t_.Before(next);
  if (gap.Plain()) return PhraseEndingAt(next - 1);
  if (gap.comma && !gap.full_stop && !gap.newline && !gap.colon && gap.closes == kNoQuote &&
      gap.opens == kNoQuote) {
    return AppositiveSubject(next);
  }
  return std::nullopt;
}

// "Yang Jin, an associate research fellow, told": the name before the comma
// that opens an appositive ending just before `after`.
std::optional<Span> Scanner::AppositiveSubject(size_t after) const {
  for (size_t start = after - 1; start > 0 && after - start <= kMaxAppositiveWords; --start) {
    const Gap& gap = t_.Before(start);
    if (words_[start].in_quote || gap.full_stop || gap.newline || gap.colon ||
        gap.opens != kNoQuote || gap.closes != kNoQuote) {
      return std::nullopt;
    }
    if (!gap.comma) continue;
    const std::string& word = Lower(start);
    bool opens_appositive =
        word == "a" || word == "an" || word == "the" || word == "who" || IsLowerSourceWord(start);
    if (!opens_appositive) return std::nullopt;
    std::optional<Span> name = PhraseEndingAt(start - 1);
    if (!name || Has(name->last, rules::kSubjectPronoun)) return std::nullopt;
    return name;
  }
  return std::nullopt;
}

Attribution Scanner::Make(Span clause, Span source, Span cue, Attribution::Kind kind) const {
  Attribution a;
  a.clause = {words_[clause.first].begin, words_[clause.last].end};
  a.source = {words_[source.first].begin, words_[source.last].end};
  a.cue = {words_[cue.first].begin, words_[cue.last].end};
  a.kind = kind;
  size_t first = source.first;
  if (source.first < source.last && Has(first, rules::kDeterminer)) ++first;
  std::string_view bytes =
      t_.text.substr(words_[first].begin, words_[source.last].end - words_[first].begin);
  bool space = false;
  for (char c : bytes) {
    bool is_space = c == ' ' || c == '\n' || c == '\r' || c == '\t';
    if (is_space && !space) a.source_text += ' ';
    if (!is_space) a.source_text += c;
    space = is_space;
  }
  AttachQuotation(clause, a);
  return a;
}

// “...,” CLAUSE   or   CLAUSE: “...”
void Scanner::AttachQuotation(Span clause, Attribution& attribution) const {
  const Gap& before = t_.Before(clause.first);
  const Gap& after = t_.After(clause.last);
  int quotation = kNoQuote;
  if (before.closes != kNoQuote && before.opens == kNoQuote && !before.newline &&
      !before.full_stop) {
    quotation = before.closes;
  } else if (after.opens != kNoQuote && (after.colon || after.comma) && !after.full_stop) {
    quotation = after.opens;
  }
  if (quotation == kNoQuote) return;
  attribution.quote = t_.quotations[quotation].words;
  if (attribution.kind == Attribution::Kind::kReporting) {
    attribution.kind = Attribution::Kind::kQuotation;
  }
}

std::optional<Attribution> Scanner::Reporting(size_t cue) const {
  bool plain_after = cue + 1 < words_.size() && Joinable(cue + 1);
  if (plain_after && Has(cue + 1, rules::kNotSpeech)) return std::nullopt;
  bool quoted = Has(cue, rules::kQuoteCue);
  std::optional<Span> source = SubjectBefore(cue);
  if (!source) return Inverted(cue);
  Span cue_span{cue, cue};
  size_t last = cue;
  std::optional<Span> other;
  if (plain_after && (Lower(cue) == "told" || Lower(cue) == "tells" || quoted)) {
    if (Has(cue + 1, rules::kObjectPronoun) || Has(cue + 1, rules::kAddresseeNoun)) {
      other = Span{cue + 1, cue + 1};
    } else {
      other = PhraseStartingAt(cue + 1);
    }
    if (!other) return std::nullopt;  // "told stories", "told the company to pay"
    last = other->last;
  }
  if (quoted) {  // only "X quoted Y as saying"
    if (!other || last + 2 >= words_.size() || Lower(last + 1) != "as" ||
        Lower(last + 2) != "saying") {
      return std::nullopt;
    }
    last += 2;
  }
  Attribution a =
      Make({source->first, ExtendClause(last)}, *source, cue_span, Attribution::Kind::kReporting);
  if (other) a.other_party = {words_[other->first].begin, words_[other->last].end};
  return a;
}

// ", said Yang" or "”, said the ministry": the source follows the cue.
std::optional<Attribution> Scanner::Inverted(size_t cue) const {
  const Gap& gap = t_.Before(cue);
  if (!gap.comma && gap.closes == kNoQuote) return std::nullopt;
  if (Has(cue, rules::kQuoteCue) || cue + 1 >= words_.size() || !Joinable(cue + 1)) {
    return std::nullopt;
  }
  std::optional<Span> source = PhraseStartingAt(cue + 1);
  if (!source) return std::nullopt;
  size_t last = ExtendClause(source->last);
  if (last + 1 < words_.size() && t_.After(last).Plain()) return std::nullopt;
  return Make({cue, last}, *source, {cue, cue}, Attribution::Kind::kReporting);
}

// The source of "according to": a source phrase, or else the words up to the
// next punctuation or clause-breaking word.
std::optional<Span> Scanner::AccordingToSource(size_t first) const {
  if (first >= words_.size() || !Joinable(first)) return std::nullopt;
  std::optional<Span> phrase = PhraseStartingAt(first);
  if (phrase) {
    size_t next = phrase->last + 1;
    if (next >= words_.size() || !Joinable(next) || Has(next, rules::kClauseBreak)) {
      return phrase;
    }
  }
  size_t last = first;
  for (size_t index = first + 1;
       index < words_.size() && index - first < kMaxAccordingToWords && Joinable(index); ++index) {
    if (Has(index, rules::kClauseBreak)) break;
    last = index;
  }
  while (last > first && (Has(last, rules::kConnector) || Has(last, rules::kDeterminer))) {
    --last;
  }
  return Span{first, last};
}

std::optional<Attribution> Scanner::AccordingTo(size_t cue) const {
  if (cue + 1 >= words_.size() || Lower(cue + 1) != "to" || !Joinable(cue + 1)) {
    return std::nullopt;
  }
  std::optional<Span> source = AccordingToSource(cue + 2);
  if (!source) return std::nullopt;
  Attribution a = Make({cue, ExtendClause(source->last)}, *source, {cue, cue + 1},
                       Attribution::Kind::kAccordingTo);
  const Gap& gap = t_.Before(cue);
  if (gap.comma) a.clause.begin = gap.comma_at;
  return a;
}

// "SUBJECT ..., saying that": the subject of the cue's sentence speaks.
std::optional<Attribution> Scanner::Participle(size_t cue) const {
  const Gap& gap = t_.Before(cue);
  if (!gap.comma || gap.full_stop || gap.closes != kNoQuote) return std::nullopt;
  size_t start = cue;
  while (start > 0 && !words_[start].sentence_start) {
    if (cue - start > kMaxSentenceWords) return std::nullopt;
    --start;
  }
  if (start == last_sentence_with_attribution_) return std::nullopt;
  if (Has(start, rules::kStopWord) && words_[start].capitalised) {
    size_t comma = start + 1;
    while (comma < cue && comma - start < 8 && !t_.Before(comma).comma) ++comma;
    if (comma >= cue || comma - start >= 8) return std::nullopt;
    start = comma;
  }
  std::optional<Span> subject = PhraseStartingAt(start);
  if (!subject || subject->last >= cue) return std::nullopt;
  return Make({subject->first, cue}, *subject, {cue, cue}, Attribution::Kind::kReporting);
}

bool LooksLikePerson(std::string_view source_text) {
  size_t space = source_text.rfind(' ');
  std::string last(source_text.substr(space == std::string_view::npos ? 0 : space + 1));
  if (last.empty() || !(last[0] >= 'A' && last[0] <= 'Z')) return false;
  for (char& c : last) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return !rules::Is(last, rules::kOrganisation) && !rules::Is(last, rules::kSubjectPronoun) &&
         !rules::Is(last, rules::kSourceNoun);
}

std::vector<Attribution> Scanner::Run() {
  std::vector<Attribution> found;
  size_t sentence = 0;
  for (size_t cue = 0; cue < words_.size(); ++cue) {
    if (words_[cue].sentence_start) sentence = cue;
    if (words_[cue].in_quote) continue;
    uint32_t classes = rules::ClassesOf(Lower(cue));
    std::optional<Attribution> a;
    if (Lower(cue) == "according") {
      a = AccordingTo(cue);
    } else if (classes & rules::kReportingVerb) {
      a = Reporting(cue);
    } else if (classes & rules::kParticipleCue) {
      a = Participle(cue);
    }
    if (!a) continue;
    last_sentence_with_attribution_ = sentence;
    found.push_back(std::move(*a));
  }
  std::string person;
  for (Attribution& a : found) {
    std::string lower = a.source_text;
    for (char& c : lower) {
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    }
    if (rules::Is(lower, rules::kPersonPronoun)) {
      a.resolved_source = person;
    } else if (LooksLikePerson(a.source_text)) {
      person = a.source_text;
    }
  }
  return found;
}

}  // namespace

std::vector<Attribution> FindAttributions(std::string_view text) {
  if (text.empty() || text.size() >= std::numeric_limits<uint32_t>::max()) return {};
  AttributionText analysed = AnalyseText(text);
  return Scanner(analysed).Run();
}

std::string_view AttributionKindName(Attribution::Kind kind) {
  switch (kind) {
    case Attribution::Kind::kReporting:
      return "reporting";
    case Attribution::Kind::kAccordingTo:
      return "according_to";
    case Attribution::Kind::kQuotation:
      return "quotation";
  }
  return "reporting";
}

}  // namespace stemma::provenance
