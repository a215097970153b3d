// The copy-tree generator (see copy_generator.h). A copy is made in a fixed
// order of edits: the attribution drop first, on the parent's own text, so
// its ranges are the parent's bytes; then the sentence deletion, the
// insertion and the substitutions, each placed away from the drop, whose
// place in the child moves with every edit before it.
#include "provenance/copy_generator.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <random>
#include <unordered_set>

#include "ingest/csv_reader.h"
#include "provenance/attribution.h"
#include "stemma/text.h"

namespace stemma::copygen {
namespace {

using provenance::Attribution;

constexpr uint32_t kKeepAway = 40;  // bytes between a dropped clause's place and other edits
constexpr size_t kSharedRun = 8;    // words: a run this long shared with the root disqualifies
constexpr int64_t kDay = 86400;

class Random {
 public:
  explicit Random(uint64_t seed) : engine_(seed) {}

  // Uniform in [0, bound), bound > 0, by rejection (no modulo bias).
  uint64_t Below(uint64_t bound) {
    const uint64_t limit = UINT64_MAX - UINT64_MAX % bound;
    uint64_t value = engine_();
    while (value >= limit) value = engine_();
    return value % bound;
  }
  uint64_t Between(uint64_t low, uint64_t high) { return low + Below(high - low + 1); }
  bool Chance(double share) { return static_cast<double>(engine_() >> 11) * 0x1p-53 < share; }

 private:
  std::mt19937_64 engine_;
};

bool IsSpace(char c) { return c == ' ' || c == '\n' || c == '\t' || c == '\r'; }

// ----------------------------------------------------------- attributions

struct Removal {
  ByteRange removed;
  std::string replacement;
};

bool StartsSentence(std::string_view text, size_t at) {
  while (at > 0 && IsSpace(text[at - 1])) --at;
  return at == 0 || std::string_view(".!?#").find(text[at - 1]) != std::string_view::npos;
}

// The text before `at` ends with a comma, a closing quote and a space: the
// quote's bytes, else empty.
std::string_view QuoteBefore(std::string_view text, size_t at) {
  for (const std::string_view quote : {std::string_view("\xE2\x80\x9D"), std::string_view("\"")}) {
    const size_t length = quote.size() + 2;
    if (at >= length && text[at - length] == ',' &&
        text.substr(at - length + 1, quote.size()) == quote && text[at - 1] == ' ') {
      return quote;
    }
  }
  return {};
}

std::string Capital(char c) {
  return std::string(1, static_cast<char>(std::toupper(static_cast<unsigned char>(c))));
}

std::optional<Removal> PlanAccordingTo(std::string_view text, uint32_t begin, uint32_t end) {
  const char next = end < text.size() ? text[end] : '\0';
  if (text[begin] == ',' && next == '.') return Removal{{begin, end}, ""};
  if (text[begin] == ',' && next == ',') return Removal{{begin, end + 1}, ""};
  if (text.substr(begin, 9) == "According" && text.substr(end, 2) == ", " &&
      end + 2 < text.size() && std::isalpha(static_cast<unsigned char>(text[end + 2])) &&
      StartsSentence(text, begin)) {
    return Removal{{begin, end + 3}, Capital(text[end + 2])};
  }
  return std::nullopt;
}

std::optional<Removal> PlanReporting(std::string_view text, uint32_t begin, uint32_t end) {
  const char next = end < text.size() ? text[end] : '\0';
  if (begin >= 2 && text.substr(begin - 2, 2) == ", " && QuoteBefore(text, begin).empty()) {
    if (next == '.') return Removal{{begin - 2, end}, ""};
    if (next == ',') return Removal{{begin - 2, end + 1}, ""};
  }
  const std::string_view quote = QuoteBefore(text, begin);
  if (!quote.empty() && next == '.') {
    const uint32_t comma = begin - static_cast<uint32_t>(quote.size()) - 2;
    return Removal{{comma, end + 1}, "." + std::string(quote)};
  }
  if (text.substr(end, 6) == " that " && end + 6 < text.size() &&
      std::isalpha(static_cast<unsigned char>(text[end + 6])) && StartsSentence(text, begin)) {
    return Removal{{begin, end + 7}, Capital(text[end + 6])};
  }
  return std::nullopt;
}

std::optional<Removal> PlanDrop(std::string_view text, const Attribution& attribution) {
  const uint32_t begin = attribution.clause.begin;
  const uint32_t end = attribution.clause.end;
  if (begin >= end || end > text.size()) return std::nullopt;
  if (attribution.kind == Attribution::Kind::kAccordingTo) return PlanAccordingTo(text, begin, end);
  return PlanReporting(text, begin, end);
}

// ---------------------------------------------------------------- sources

// Hashes of every run of kSharedRun words of `text`, in text order.
std::vector<uint64_t> RunHashes(std::string_view text) {
  const std::vector<Token> tokens = Tokenize(text).tokens;
  std::vector<uint64_t> runs;
  for (size_t first = 0; first + kSharedRun <= tokens.size(); ++first) {
    uint64_t hash = 0;
    for (size_t index = first; index < first + kSharedRun; ++index) {
      hash = (hash ^ tokens[index].key) * 0x9E3779B97F4A7C15ull;
    }
    runs.push_back(hash);
  }
  return runs;
}

std::unordered_set<uint64_t> WordRuns(std::string_view text) {
  const std::vector<uint64_t> runs = RunHashes(text);
  return std::unordered_set<uint64_t>(runs.begin(), runs.end());
}

bool IsPlainWord(std::string_view word) {
  return word.size() >= 4 && std::all_of(word.begin(), word.end(), [](char c) {
           return std::isalpha(static_cast<unsigned char>(c));
         });
}

bool IsCapitalised(std::string_view word) {
  return std::isupper(static_cast<unsigned char>(word[0]));
}

// Words and sentences of the articles that share no run of words with the root.
struct Material {
  std::vector<std::string> capitalised;
  std::vector<std::string> lower;
  std::vector<std::string> sentences;  // of 8 to 40 words
};

void AddArticle(const std::string& text, Material* material) {
  for (const Token& token : Tokenize(text).tokens) {
    const std::string_view word =
        std::string_view(text).substr(token.begin, token.end - token.begin);
    if (!IsPlainWord(word)) continue;
    (IsCapitalised(word) ? material->capitalised : material->lower).emplace_back(word);
  }
  for (const ByteRange& sentence : SplitSentences(text)) {
    const std::string_view bytes = std::string_view(text).substr(sentence.begin, sentence.size());
    const size_t words = Tokenize(bytes).tokens.size();
    if (words >= 8 && words <= 40 && bytes.find('\n') == std::string_view::npos) {
      material->sentences.emplace_back(bytes);
    }
  }
}

Material GatherMaterial(const std::string& root, const std::vector<std::string>& others) {
  const std::unordered_set<uint64_t> root_runs = WordRuns(root);
  Material material;
  for (const std::string& other : others) {
    const std::unordered_set<uint64_t> runs = WordRuns(other);
    const bool shares = std::any_of(runs.begin(), runs.end(),
                                    [&](uint64_t run) { return root_runs.count(run) > 0; });
    if (!shares) AddArticle(other, &material);
  }
  return material;
}

// ------------------------------------------------------------------ edits

// A copy's text being edited, with the place of a dropped clause (if any)
// kept up to date.
class EditedText {
 public:
  explicit EditedText(std::string text) : text_(std::move(text)) {}

  const std::string& text() const { return text_; }
  std::optional<uint32_t> anchor() const { return anchor_; }
  void set_anchor(uint32_t anchor) { anchor_ = anchor; }

  bool NearAnchor(uint32_t begin, uint32_t end) const {
    return anchor_ && begin <= *anchor_ + kKeepAway && end + kKeepAway >= *anchor_;
  }
  void Replace(uint32_t begin, uint32_t end, std::string_view with) {
    text_.replace(begin, end - begin, with);
    if (anchor_ && *anchor_ >= end) *anchor_ = *anchor_ + with.size() - (end - begin);
  }

 private:
  std::string text_;
  std::optional<uint32_t> anchor_;
};

class CopyMaker {
 public:
  CopyMaker(const Material& material, const CopyGeneratorOptions& options, Random* random)
      : material_(material), options_(options), random_(*random) {}

  // A copy of family->documents[parent] appended to the family.
  void MakeCopy(uint32_t parent, CopyFamily* family);

 private:
  void DropAttribution(uint32_t parent, uint32_t child, EditedText* text, CopyFamily* family,
                       CopyDocument* copy);
  void DeleteSentence(EditedText* text, CopyDocument* copy);
  void InsertSentence(EditedText* text, CopyDocument* copy);
  void Substitute(EditedText* text, CopyDocument* copy);

  const Material& material_;
  const CopyGeneratorOptions& options_;
  Random& random_;
};

void CopyMaker::DropAttribution(uint32_t parent, uint32_t child, EditedText* text,
                                CopyFamily* family, CopyDocument* copy) {
  const std::string& source = text->text();
  std::vector<std::pair<Attribution, Removal>> droppable;
  for (const Attribution& attribution : provenance::FindAttributions(source)) {
    if (std::optional<Removal> removal = PlanDrop(source, attribution)) {
      droppable.emplace_back(attribution, std::move(*removal));
    }
  }
  if (droppable.empty()) return;
  const auto& [attribution, removal] = droppable[random_.Below(droppable.size())];
  DroppedAttribution dropped{parent,
                             child,
                             attribution.clause,
                             removal.removed,
                             removal.replacement,
                             removal.removed.begin,
                             attribution.source_text};
  copy->edits.push_back("dropped \"" +
                        source.substr(removal.removed.begin, removal.removed.size()) + "\"");
  text->Replace(removal.removed.begin, removal.removed.end, removal.replacement);
  text->set_anchor(removal.removed.begin);
  family->dropped.push_back(std::move(dropped));
}

void CopyMaker::DeleteSentence(EditedText* text, CopyDocument* copy) {
  const std::vector<ByteRange> sentences = SplitSentences(text->text());
  if (sentences.size() < 10) return;
  for (int attempt = 0; attempt < 20; ++attempt) {
    const size_t index = random_.Below(sentences.size());
    const uint32_t begin = sentences[index].begin;
    const uint32_t end =
        index + 1 < sentences.size() ? sentences[index + 1].begin : text->text().size();
    const size_t words =
        Tokenize(std::string_view(text->text()).substr(begin, end - begin)).tokens.size();
    if (words < 5 || text->NearAnchor(begin, end)) continue;
    copy->edits.push_back("deleted \"" + text->text().substr(begin, end - begin) + "\"");
    text->Replace(begin, end, "");
    return;
  }
}

void CopyMaker::InsertSentence(EditedText* text, CopyDocument* copy) {
  if (material_.sentences.empty()) return;
  const std::vector<ByteRange> sentences = SplitSentences(text->text());
  for (int attempt = 0; attempt < 20 && !sentences.empty(); ++attempt) {
    const uint32_t at = sentences[random_.Below(sentences.size())].end;
    if (text->NearAnchor(at, at)) continue;
    const std::string& inserted = material_.sentences[random_.Below(material_.sentences.size())];
    copy->edits.push_back("inserted \"" + inserted + "\"");
    text->Replace(at, at, " " + inserted);
    return;
  }
}

void CopyMaker::Substitute(EditedText* text, CopyDocument* copy) {
  const std::vector<Token> tokens = Tokenize(text->text()).tokens;
  for (int attempt = 0; attempt < 50 && !tokens.empty(); ++attempt) {
    const Token& token = tokens[random_.Below(tokens.size())];
    const std::string word = text->text().substr(token.begin, token.end - token.begin);
    if (!IsPlainWord(word) || text->NearAnchor(token.begin, token.end)) continue;
    const std::vector<std::string>& pool =
        IsCapitalised(word) ? material_.capitalised : material_.lower;
    if (pool.empty()) return;
    const std::string& with = pool[random_.Below(pool.size())];
    if (NormalizeWord(with) == NormalizeWord(word)) continue;
    copy->edits.push_back("\"" + word + "\" -> \"" + with + "\"");
    text->Replace(token.begin, token.end, with);
    return;
  }
}

// ------------------------------------------------------------------ times

// Hinnant's civil_from_days: the date of a day count since 1970-01-01.
void CivilFromDays(int64_t days, int* year, unsigned* month, unsigned* day) {
  days += 719468;
  const int64_t era = (days >= 0 ? days : days - 146096) / 146097;
  const unsigned day_of_era = static_cast<unsigned>(days - era * 146097);
  const unsigned year_of_era =
      (day_of_era - day_of_era / 1460 + day_of_era / 36524 - day_of_era / 146096) / 365;
  const unsigned day_of_year =
      day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
  const unsigned mp = (5 * day_of_year + 2) / 153;
  *day = day_of_year - (153 * mp + 2) / 5 + 1;
  *month = mp < 10 ? mp + 3 : mp - 9;
  *year = static_cast<int>(year_of_era + era * 400 + (*month <= 2));
}

// 0: "2022-01-10", 1: "2022-01-10T06:00:00Z", 2: the same time at +08:00.
std::string FormatTime(int64_t seconds, uint64_t style) {
  const int64_t shown = style == 2 ? seconds + 8 * 3600 : seconds;
  int year = 0;
  unsigned month = 0;
  unsigned day = 0;
  const int64_t days = shown >= 0 ? shown / kDay : (shown - kDay + 1) / kDay;
  CivilFromDays(days, &year, &month, &day);
  const int64_t of_day = shown - days * kDay;
  char buffer[40];
  if (style == 0) {
    std::snprintf(buffer, sizeof(buffer), "%04d-%02u-%02u", year, month, day);
  } else {
    std::snprintf(buffer, sizeof(buffer), "%04d-%02u-%02uT%02d:%02d:%02d%s", year, month, day,
                  static_cast<int>(of_day / 3600), static_cast<int>(of_day / 60 % 60),
                  static_cast<int>(of_day % 60), style == 1 ? "Z" : "+08:00");
  }
  return buffer;
}

void CopyMaker::MakeCopy(uint32_t parent, CopyFamily* family) {
  const uint32_t child = family->documents.size();
  CopyDocument copy;
  copy.parent = static_cast<int32_t>(parent);
  copy.depth = family->documents[parent].depth + 1;
  EditedText text(family->documents[parent].text);
  // A near-exact reprint changes one thing: it drops a clause when it can,
  // else it substitutes one word; an exact one (exact_share of them) nothing. (No draw when there
  // are none, so the trees of callers that ask for none stay as they were.)
  if (options_.near_exact_share > 0 && random_.Chance(options_.near_exact_share)) {
    copy.near_exact = true;
    if (!random_.Chance(options_.exact_share)) {
      const size_t dropped_before = family->dropped.size();
      DropAttribution(parent, child, &text, family, &copy);
      if (family->dropped.size() == dropped_before) Substitute(&text, &copy);
    }
    copy.text = text.text();
    if (text.anchor()) family->dropped.back().child_offset = *text.anchor();
    family->documents.push_back(std::move(copy));
    return;
  }
  if (random_.Chance(options_.drop_attribution_share)) {
    DropAttribution(parent, child, &text, family, &copy);
  }
  if (random_.Chance(options_.delete_share)) DeleteSentence(&text, &copy);
  if (random_.Chance(options_.insert_share)) InsertSentence(&text, &copy);
  const uint64_t substitutions =
      random_.Between(options_.min_substitutions, options_.max_substitutions);
  for (uint64_t count = 0; count < substitutions; ++count) Substitute(&text, &copy);
  copy.text = text.text();
  if (text.anchor()) family->dropped.back().child_offset = *text.anchor();
  family->documents.push_back(std::move(copy));
}

// Picks the parent of the next copy: the newest document (a chain) or any
// (a fan-out), never one at the maximum depth.
uint32_t PickParent(const CopyFamily& family, const CopyGeneratorOptions& options, Random* random) {
  const uint32_t newest = family.documents.size() - 1;
  if (random->Chance(options.chain_share) && family.documents[newest].depth < options.max_depth) {
    return newest;
  }
  std::vector<uint32_t> open;
  for (uint32_t index = 0; index < family.documents.size(); ++index) {
    if (family.documents[index].depth < options.max_depth) open.push_back(index);
  }
  return open[random->Below(open.size())];
}

}  // namespace

Result<std::vector<Article>> ReadArticles(const std::string& csv_path) {
  Result<ingest::CsvReader> reader = ingest::CsvReader::Open(csv_path);
  if (!reader.ok()) return reader.status();
  std::vector<std::string> fields;
  std::vector<Article> articles;
  bool header = true;
  while (true) {
    Result<bool> more = reader->Next(&fields);
    if (!more.ok()) return more.status();
    if (!*more) return articles;
    if (fields.size() < 4) {
      return Status::Corruption(csv_path + ": line " + std::to_string(reader->record_line()) +
                                ": expected 4 fields (id, publisher, scrape_time, text)");
    }
    if (!header) articles.push_back({fields[0], fields[1], fields[3]});
    header = false;
  }
}

namespace {

// After a full stop at `end`: the next word starts in lower case ("U.S.
// officials"), so the stop was an abbreviation's.
bool Continues(std::string_view text, size_t end) {
  while (end < text.size() && IsSpace(text[end])) ++end;
  return end < text.size() && std::islower(static_cast<unsigned char>(text[end]));
}

}  // namespace

std::vector<ByteRange> SplitSentences(std::string_view text) {
  std::vector<ByteRange> sentences;
  size_t begin = 0;
  auto close = [&](size_t end) {
    while (begin < end && IsSpace(text[begin])) ++begin;
    size_t last = end;
    while (last > begin && IsSpace(text[last - 1])) --last;
    if (last > begin)
      sentences.push_back({static_cast<uint32_t>(begin), static_cast<uint32_t>(last)});
    begin = end;
  };
  for (size_t at = 0; at < text.size(); ++at) {
    if (text.substr(at, 3) == "###") {
      close(at);
      at += 2;
      begin = at + 1;
    } else if (text[at] == '.' || text[at] == '!' || text[at] == '?') {
      size_t end = at + 1;
      while (end < text.size() &&
             (text[end] == '"' || text[end] == '\'' || text.substr(end, 3) == "\xE2\x80\x9D" ||
              text.substr(end, 3) == "\xE2\x80\x99")) {
        end += text[end] == '"' || text[end] == '\'' ? 1 : 3;
      }
      if (end == text.size() || (IsSpace(text[end]) && !Continues(text, end))) {
        close(end);
        at = end - 1;
      }
    }
  }
  close(text.size());
  return sentences;
}

double RepeatedRunShare(std::string_view text) {
  std::vector<uint64_t> runs = RunHashes(text);
  if (runs.empty()) return 0;
  std::sort(runs.begin(), runs.end());
  size_t repeated = 0;
  for (size_t index = 0; index < runs.size(); ++index) {
    const bool same_as_next = index + 1 < runs.size() && runs[index + 1] == runs[index];
    const bool same_as_previous = index > 0 && runs[index - 1] == runs[index];
    repeated += same_as_next || same_as_previous;
  }
  return static_cast<double>(repeated) / runs.size();
}

size_t CountDroppableAttributions(std::string_view text) {
  size_t count = 0;
  for (const Attribution& attribution : provenance::FindAttributions(text)) {
    count += PlanDrop(text, attribution).has_value();
  }
  return count;
}

CopyFamily GenerateCopyFamily(const std::string& root_text, const std::vector<std::string>& others,
                              uint64_t seed, const CopyGeneratorOptions& options) {
  Random random(seed);
  const Material material = GatherMaterial(root_text, others);
  CopyFamily family;
  std::vector<int64_t> times{options.root_time};
  family.documents.push_back({root_text, -1, 0, FormatTime(options.root_time, random.Below(3))});
  CopyMaker maker(material, options, &random);
  for (uint32_t copy = 0; copy < options.copies; ++copy) {
    const uint32_t parent = PickParent(family, options, &random);
    maker.MakeCopy(parent, &family);
    const bool same_time = options.same_time_share > 0 && random.Chance(options.same_time_share);
    times.push_back(same_time ? times[parent]
                              : times[parent] + static_cast<int64_t>(random.Between(1, 3)) * kDay +
                                    static_cast<int64_t>(random.Below(6 * 3600)));
    family.documents.back().true_published_at = FormatTime(times.back(), random.Below(3));
  }
  for (CopyDocument& document : family.documents)
    document.published_at = document.true_published_at;
  return family;
}

void RemoveDates(CopyFamily* family, double share, uint64_t seed) {
  Random random(seed);
  std::vector<uint32_t> order(family->documents.size());
  for (uint32_t index = 0; index < order.size(); ++index) order[index] = index;
  for (size_t index = order.size(); index > 1; --index) {  // Fisher-Yates
    std::swap(order[index - 1], order[random.Below(index)]);
  }
  const size_t removed = static_cast<size_t>(std::lround(share * order.size()));
  for (size_t index = 0; index < removed && index < order.size(); ++index) {
    family->documents[order[index]].published_at.reset();
  }
}

}  // namespace stemma::copygen
