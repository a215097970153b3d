// The corpus generator (see pan_corpus.h for what it makes).
//
// Design: every text is handled as a list of Words, each a run of non-space
// bytes with the exact spaces that follow it and its offset in the text it
// came from, so a passage renders back to its original bytes and an edited
// passage keeps the original line breaks. Sentence ends are found by a small
// heuristic (a full stop, question or exclamation mark before a capital, not
// after a known abbreviation or an initial); passages are whole sentences and
// are planted just before a host word that begins a sentence. Two passages of
// one pair lie at least kMinHostSpacing words apart in the host, more than the
// engine's default max_gap, so a detection cannot honestly join them. Each
// obfuscation is a function from the passage's words to the planted words; the
// case's ranges come from the passage's first and last source words and from
// where the rendered text lands. Cost: reading the Reuters SGML (27 MB) and
// eight days of 1916 pages dominates; planting is linear in the host.
#include "pan/pan_corpus.h"

#include <unistd.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <optional>
#include <set>
#include <utility>

#include "pan/noise.h"
#include "pan/pan_words.h"
#include "text/utf8.h"

namespace stemma::pan {
namespace {

namespace fs = std::filesystem;

constexpr int kMinStoryWords = 150;
constexpr int kMinHostWords = 300;
constexpr int kMaxHostWords = 2500;
constexpr int kMinPassageWords = 40;
constexpr int kMaxPassageWords = 250;
constexpr int kMinEditGap = 6;
constexpr int kMaxEditGap = 15;
constexpr int kMinForeignSentenceWords = 12;
constexpr int kMaxForeignSentenceWords = 30;
constexpr int kMinHostSpacing = 100;
constexpr size_t kSharedRunTokens = 5;  // a run of this many tokens is "shared text"
constexpr int kReutersFiles = 22;
constexpr std::array<std::string_view, 8> kHostDays = {
    "19160105", "19160112", "19160119", "19160126", "19160202", "19160209", "19160216", "19160223"};

std::string Normalize(std::string_view word) {
  std::string normal;
  for (char c : word) {
    if (IsAsciiAlnum(c)) normal += ToLower(c);
  }
  return normal;
}

std::string_view StripClosers(std::string_view word) {
  while (!word.empty() && (word.back() == '"' || word.back() == ')' || word.back() == '\'')) {
    word.remove_suffix(1);
  }
  return word;
}

bool IsAbbreviation(std::string_view word_without_stop) {
  static const std::set<std::string, std::less<>> kAbbreviations = {
      "mr",  "mrs", "ms",  "dr",  "st",   "co",   "corp",   "inc",  "ltd",  "jan", "feb",  "mar",
      "apr", "jun", "jul", "aug", "sep",  "sept", "oct",    "nov",  "dec",  "no",  "gen",  "gov",
      "sen", "rep", "jr",  "sr",  "bros", "vs",   "messrs", "prof", "capt", "col", "lieut"};
  if (word_without_stop.find('.') != std::string_view::npos) return true;  // "U.S."
  if (word_without_stop.size() == 1) return true;                          // an initial
  return kAbbreviations.contains(Normalize(word_without_stop));
}

bool StartsWithCapital(std::string_view word) {
  while (!word.empty() && (word.front() == '"' || word.front() == '(' || word.front() == '\'')) {
    word.remove_prefix(1);
  }
  return !word.empty() && IsAsciiUpper(word.front());
}

// Whether words[index] ends a sentence (the last word always does).
bool EndsSentence(const std::vector<Word>& words, size_t index) {
  if (index + 1 >= words.size()) return true;
  const std::string_view word = StripClosers(words[index].text);
  if (word.size() < 2 || (word.back() != '.' && word.back() != '!' && word.back() != '?')) {
    return false;
  }
  if (word.back() == '.' && IsAbbreviation(word.substr(0, word.size() - 1))) return false;
  return StartsWithCapital(words[index + 1].text);
}

std::vector<Span> Sentences(const std::vector<Word>& words) {
  std::vector<Span> sentences;
  size_t begin = 0;
  for (size_t index = 0; index < words.size(); ++index) {
    if (!EndsSentence(words, index)) continue;
    sentences.push_back({begin, index + 1});
    begin = index + 1;
  }
  return sentences;
}

// The index of the sentence-ending word nearest the middle that leaves at
// least `min_side` words on each side; the middle word when there is none.
size_t MiddleSentenceEnd(const std::vector<Word>& words, size_t min_side) {
  const size_t middle = words.size() / 2;
  std::optional<size_t> best;
  for (size_t index = min_side - 1; index + min_side < words.size(); ++index) {
    if (!EndsSentence(words, index)) continue;
    const auto distance = [middle](size_t at) { return at > middle ? at - middle : middle - at; };
    if (!best || distance(index) < distance(*best)) best = index;
  }
  return best.value_or(middle - 1);
}

// Lowercase ASCII letters-and-digits runs of words[span]: close to the
// engine's tokens ("V-Series" is two), so that runs count what it would match.
std::vector<std::string> TokensOf(const std::vector<Word>& words, Span span) {
  std::vector<std::string> tokens;
  for (size_t index = span.begin; index < span.end; ++index) {
    std::string token;
    for (char c : words[index].text + ' ') {
      if (IsAsciiAlnum(c)) {
        token += ToLower(c);
      } else if (!token.empty()) {
        tokens.push_back(std::move(token));
        token.clear();
      }
    }
  }
  return tokens;
}

// Calls visit(run) for each run of kSharedRunTokens consecutive tokens of words[span].
template <typename Visit>
void ForEachRun(const std::vector<Word>& words, Span span, Visit visit) {
  const std::vector<std::string> tokens = TokensOf(words, span);
  for (size_t start = 0; start + kSharedRunTokens <= tokens.size(); ++start) {
    std::string run;
    for (size_t index = start; index < start + kSharedRunTokens; ++index) {
      run += tokens[index] + ' ';
    }
    visit(run);
  }
}

using RunCounts = std::map<std::string, int>;

RunCounts CountRuns(const std::vector<Word>& words) {
  RunCounts counts;
  ForEachRun(words, {0, words.size()}, [&counts](const std::string& run) { ++counts[run]; });
  return counts;
}

// Whether words[span] has a run of kSharedRunTokens tokens counted in `counts`
// more than `times` times.
bool HasRunSeenMoreThan(const RunCounts& counts, int times, const std::vector<Word>& words,
                        Span span) {
  bool seen = false;
  ForEachRun(words, span, [&](const std::string& run) {
    const auto found = counts.find(run);
    seen = seen || (found != counts.end() && found->second > times);
  });
  return seen;
}

// ---------------------------------------------------------------------------
// Reading the archives.

struct Text {
  std::string name;
  std::string text;
};

std::string ShellQuote(std::string_view text) {
  std::string quoted = "'";
  for (char c : text) quoted += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return quoted + "'";
}

// A fresh folder name beside `target`, unique to this process and call.
fs::path TemporaryBeside(const fs::path& target) {
  static std::atomic<int> counter = 0;
  return target.string() + ".tmp-" + std::to_string(getpid()) + "-" + std::to_string(counter++);
}

Status Untar(const fs::path& archive, const fs::path& into,
             const std::vector<std::string>& members) {
  std::error_code error;
  fs::create_directories(into, error);
  if (error) return Status::IoError(into.string() + ": " + error.message());
  std::string command =
      "tar --zstd -xf " + ShellQuote(archive.string()) + " -C " + ShellQuote(into.string());
  for (const std::string& member : members) command += " " + ShellQuote(member);
  if (std::system(command.c_str()) != 0) return Status::IoError("failed: " + command);
  return Status::Ok();
}

// Unpacks `members` of `archive` (all when empty) into a temporary folder and
// renames each of `moves` (paths inside it) to the same path under `target`:
// a rename is atomic, so a reader never sees a half-unpacked folder.
Status UnpackOnce(const fs::path& archive, const fs::path& target,
                  const std::vector<std::string>& members, const std::vector<std::string>& moves) {
  const fs::path temporary = TemporaryBeside(target);
  Status status = Untar(archive, temporary, members);
  std::error_code error;
  fs::create_directories(target, error);
  for (const std::string& move : moves) {
    if (status.ok()) fs::rename(temporary / move, target / move, error);  // lost races are fine
  }
  fs::remove_all(temporary, error);
  for (const std::string& move : moves) {
    if (status.ok() && !fs::exists(target / move, error)) {
      status = Status::IoError((target / move).string() + " missing after unpacking " +
                               archive.string());
    }
  }
  return status;
}

Result<fs::path> UnpackReuters(const CorpusOptions& options) {
  const fs::path target = fs::path(options.cache_dir) / "reuters21578";
  std::error_code error;
  if (fs::exists(target / "data", error)) return target;
  STEMMA_RETURN_IF_ERROR(
      UnpackOnce(fs::path(options.data_dir) / "reuters21578.tar.zst", target, {}, {"data"}));
  return target;
}

Result<fs::path> UnpackHostDays(const CorpusOptions& options) {
  const fs::path target = fs::path(options.cache_dir) / "chronam";
  std::vector<std::string> missing;
  std::error_code error;
  for (std::string_view day : kHostDays) {
    if (!fs::exists(target / day, error)) missing.emplace_back(day);
  }
  if (missing.empty()) return target;
  STEMMA_RETURN_IF_ERROR(
      UnpackOnce(fs::path(options.data_dir) / "chronam-1916-q1.tar.zst", target, missing, missing));
  return target;
}

std::optional<std::string> ReadFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

// Decodes &lt; &gt; &amp; and &#N; (control characters such as &#3; are
// dropped, newlines and tabs kept); anything else stays as written.
std::string DecodeEntities(std::string_view body) {
  std::string text;
  for (size_t at = 0; at < body.size(); ++at) {
    const size_t semicolon = body[at] == '&' ? body.find(';', at) : std::string_view::npos;
    if (semicolon == std::string_view::npos || semicolon - at > 8) {
      text += body[at];
      continue;
    }
    const std::string_view name = body.substr(at + 1, semicolon - at - 1);
    if (name == "lt") {
      text += '<';
    } else if (name == "gt") {
      text += '>';
    } else if (name == "amp") {
      text += '&';
    } else if (name.size() >= 2 && name[0] == '#' &&
               std::all_of(name.begin() + 1, name.end(),
                           [](char c) { return c >= '0' && c <= '9'; })) {
      const uint32_t code_point =
          static_cast<uint32_t>(std::atoi(std::string(name.substr(1)).c_str()));
      if (code_point == '\n' || code_point == '\t' || (code_point >= 32 && code_point != 127)) {
        utf8::AppendUtf8(std::min<uint32_t>(code_point, 0xFFFD), &text);
      }
    } else {
      text += body[at];
      continue;
    }
    at = semicolon;
  }
  return text;
}

std::string_view TrimSpace(std::string_view text) {
  while (!text.empty() && IsSpace(text.front())) text.remove_prefix(1);
  while (!text.empty() && IsSpace(text.back())) text.remove_suffix(1);
  return text;
}

// The story without surrounding spaces and its closing "Reuter" signature.
std::string StripSignature(std::string_view story) {
  story = TrimSpace(story);
  const size_t last_space = story.find_last_of(" \n\t\r");
  if (last_space == std::string_view::npos) return std::string(story);
  if (Normalize(story.substr(last_space + 1)).starts_with("reuter")) {
    story = TrimSpace(story.substr(0, last_space));
  }
  return std::string(story);
}

void AppendStories(const std::string& name, std::string_view sgml, std::vector<Text>& stories) {
  int story_index = 0;
  for (size_t at = sgml.find("<BODY>"); at != std::string_view::npos;
       at = sgml.find("<BODY>", at)) {
    at += 6;
    const size_t end = sgml.find("</BODY>", at);
    if (end == std::string_view::npos) break;
    std::string story = StripSignature(DecodeEntities(sgml.substr(at, end - at)));
    if (SplitWords(story).size() >= kMinStoryWords) {
      stories.push_back({name + "#" + std::to_string(story_index), std::move(story)});
    }
    ++story_index;
  }
}

Result<std::vector<Text>> ReadStories(const fs::path& reuters_dir) {
  std::vector<Text> stories;
  for (int file = 0; file < kReutersFiles; ++file) {
    const std::string name = std::to_string(file) + ".sgm";
    const std::optional<std::string> sgml = ReadFile(reuters_dir / "data" / name);
    if (!sgml) return Status::IoError("cannot read " + (reuters_dir / "data" / name).string());
    AppendStories("reuters/" + name, *sgml, stories);
  }
  return stories;
}

std::vector<Text> ReadHostPages(const fs::path& chronam_dir) {
  std::vector<Text> pages;
  for (std::string_view day : kHostDays) {
    std::vector<fs::path> files;
    std::error_code error;
    for (fs::directory_iterator file(chronam_dir / day, error), end; !error && file != end;
         file.increment(error)) {
      files.push_back(file->path());
    }
    std::sort(files.begin(), files.end());
    for (const fs::path& file : files) {
      std::optional<std::string> text = ReadFile(file);
      if (!text || SplitWords(*text).size() < kMinHostWords) continue;
      pages.push_back(
          {"chronam/" + std::string(day) + "/" + file.filename().string(), std::move(*text)});
    }
  }
  return pages;
}

// ---------------------------------------------------------------------------
// Obfuscations: each turns a passage's words into the words to plant.

// Stories other than the source: where substituted, inserted and foreign
// words come from.
struct Material {
  const std::vector<Text>* stories = nullptr;
  size_t source_index = 0;
  std::vector<Word> source_words;
  RunCounts source_runs;
};

size_t OtherStory(const Material& material, Random& random) {
  const size_t offset = 1 + random.Below(material.stories->size() - 1);
  return (material.source_index + offset) % material.stories->size();
}

// Words of another story, stripped of punctuation: the "other text" of edits.
std::vector<std::string> WordPool(const Material& material, Random& random) {
  std::vector<std::string> pool;
  for (const Word& word : SplitWords((*material.stories)[OtherStory(material, random)].text)) {
    std::string bare = word.text;
    while (!bare.empty() && !IsAsciiAlnum(bare.back())) bare.pop_back();
    while (!bare.empty() && !IsAsciiAlnum(bare.front())) bare.erase(bare.begin());
    if (bare.size() >= 2) pool.push_back(std::move(bare));
  }
  return pool;
}

std::string ForeignWord(const std::vector<std::string>& pool, std::string_view unlike,
                        Random& random) {
  const std::string unlike_normal = Normalize(unlike);
  if (pool.empty()) return unlike_normal == "meanwhile" ? "however" : "meanwhile";
  for (int attempt = 0; attempt < 100; ++attempt) {
    const std::string& word = pool[random.Below(pool.size())];
    if (Normalize(word) != unlike_normal) return word;
  }
  return unlike_normal == "meanwhile" ? "however" : "meanwhile";
}

// A sentence of 12-30 words from another story sharing no 5-word run with the
// source, so it cannot be aligned to the source by itself.
std::vector<Word> ForeignSentence(const Material& material, Random& random) {
  const size_t first = OtherStory(material, random);
  for (size_t step = 0; step < material.stories->size(); ++step) {
    const size_t story = (first + step) % material.stories->size();
    if (story == material.source_index) continue;
    const std::vector<Word> words = SplitWords((*material.stories)[story].text);
    std::vector<Span> fitting;
    for (const Span& sentence : Sentences(words)) {
      if (sentence.size() >= kMinForeignSentenceWords &&
          sentence.size() <= kMaxForeignSentenceWords) {
        fitting.push_back(sentence);
      }
    }
    if (fitting.empty()) continue;
    const Span chosen = fitting[random.Below(fitting.size())];
    if (HasRunSeenMoreThan(material.source_runs, 0, words, chosen)) continue;
    std::vector<Word> sentence(words.begin() + chosen.begin, words.begin() + chosen.end);
    for (Word& word : sentence) word.begin = kForeign;
    return sentence;
  }
  return {};
}

enum class WordEdit { kSubstitute, kInsert, kDelete };

WordEdit PickWordEdit(Obfuscation kind, Random& random) {
  switch (kind) {
    case Obfuscation::kSubstitute:
      return WordEdit::kSubstitute;
    case Obfuscation::kInsert:
      return WordEdit::kInsert;
    case Obfuscation::kDelete:
      return WordEdit::kDelete;
    default:
      return static_cast<WordEdit>(random.Below(3));
  }
}

void ApplyWordEdit(WordEdit edit, const Word& word, const std::vector<std::string>& pool,
                   Random& random, std::vector<Word>& out) {
  if (edit == WordEdit::kSubstitute) {
    out.push_back({kForeign, ForeignWord(pool, word.text, random), word.space_after});
  } else if (edit == WordEdit::kInsert) {
    out.push_back({kForeign, ForeignWord(pool, word.text, random), " "});
    out.push_back(word);
  }  // kDelete: the word is left out; the previous word's space stays.
}

std::vector<Word> EditWords(const std::vector<Word>& words, Obfuscation kind,
                            const Material& material, Random& random) {
  const std::vector<std::string> pool = WordPool(material, random);
  std::vector<Word> out;
  int countdown = random.Between(kMinEditGap, kMaxEditGap);
  for (size_t index = 0; index < words.size(); ++index) {
    if (!Editable(index, words.size()) || --countdown > 0) {
      out.push_back(words[index]);
      continue;
    }
    countdown = random.Between(kMinEditGap, kMaxEditGap);
    ApplyWordEdit(PickWordEdit(kind, random), words[index], pool, random, out);
  }
  return out;
}

std::vector<Word> InsertSentence(const std::vector<Word>& words, std::vector<Word> sentence) {
  const size_t after = MiddleSentenceEnd(words, 5);
  std::vector<Word> out(words.begin(), words.begin() + after + 1);
  if (!sentence.empty()) {
    sentence.back().space_after = out.back().space_after;
    out.back().space_after = " ";
  }
  out.insert(out.end(), sentence.begin(), sentence.end());
  out.insert(out.end(), words.begin() + after + 1, words.end());
  return out;
}

// Spans of 3-12 words that end with a comma right after a comma, inside one
// sentence and away from the passage's ends: "said, in a statement, that".
std::vector<Span> CommaClauses(const std::vector<Word>& words) {
  std::vector<Span> clauses;
  constexpr size_t kNone = SIZE_MAX;
  size_t open = kNone;  // first word after the last comma in this sentence
  for (size_t index = 0; index + 2 < words.size(); ++index) {
    const bool comma = StripClosers(words[index].text).ends_with(',');
    if (comma && open != kNone && index + 1 - open >= 3 && index + 1 - open <= 12 && open >= 1) {
      clauses.push_back({open, index + 1});
    }
    if (comma) open = index + 1;
    if (EndsSentence(words, index)) open = kNone;
  }
  return clauses;
}

// A 5-12 word span inside one sentence, keeping that sentence's first and last word.
Span InnerSpan(const std::vector<Word>& words, Random& random) {
  const size_t length = random.Between(5, 12);
  std::vector<Span> roomy;
  for (const Span& sentence : Sentences(words)) {
    if (sentence.size() >= length + 2 && sentence.end < words.size()) roomy.push_back(sentence);
  }
  if (roomy.empty()) {
    const size_t begin = (words.size() - length) / 2;
    return {begin, begin + length};
  }
  const Span sentence = roomy[random.Below(roomy.size())];
  const size_t begin = sentence.begin + 1 + random.Below(sentence.size() - length - 1);
  return {begin, begin + length};
}

std::vector<Word> DropClause(const std::vector<Word>& words, Random& random) {
  const std::vector<Span> clauses = CommaClauses(words);
  const Span dropped =
      clauses.empty() ? InnerSpan(words, random) : clauses[random.Below(clauses.size())];
  std::vector<Word> out(words.begin(), words.begin() + dropped.begin);
  out.insert(out.end(), words.begin() + dropped.end, words.end());
  return out;
}

std::string CurlQuotes(std::string_view word) {
  std::string out;
  for (size_t at = 0; at < word.size(); ++at) {
    const bool opening = at == 0 || word[at - 1] == '(';
    if (word[at] == '"') {
      out += opening ? "\xE2\x80\x9C" : "\xE2\x80\x9D";
    } else if (word[at] == '\'') {
      out += opening ? "\xE2\x80\x98" : "\xE2\x80\x99";
    } else {
      out += word[at];
    }
  }
  return out;
}

std::vector<Word> ChangePunctuationAndCase(const std::vector<Word>& words, Random& random) {
  std::vector<Word> out;
  int case_countdown = random.Between(3, 8);
  int punctuation_countdown = random.Between(kMinEditGap, kMaxEditGap);
  for (size_t index = 0; index < words.size(); ++index) {
    Word word = words[index];
    word.text = CurlQuotes(word.text);
    if (Editable(index, words.size()) && --case_countdown == 0) {
      ChangeCase(word.text, random);
      case_countdown = random.Between(3, 8);
    }
    if (Editable(index, words.size()) && --punctuation_countdown == 0) {
      ChangePunctuation(word.text, random);
      punctuation_countdown = random.Between(kMinEditGap, kMaxEditGap);
    }
    out.push_back(std::move(word));
  }
  return out;
}

std::vector<Word> RandomEdits(Obfuscation kind, const std::vector<Word>& words,
                              const Material& material, Random& random) {
  const std::vector<std::string> pool = WordPool(material, random);
  const ForeignWordSource foreign_word = [&](std::string_view unlike) {
    return ForeignWord(pool, unlike, random);
  };
  return RandomPositionEdits(words, kind == Obfuscation::kRandomEdits5 ? 5 : 10, foreign_word,
                             random);
}

// Planted text and its cases, suspicious offsets relative to the text.
struct Planted {
  std::string text;
  std::vector<Case> cases;
};

Case CaseOf(Obfuscation kind, const std::vector<Word>& source_words, size_t susp_begin,
            size_t susp_end) {
  const Word& last = source_words.back();
  return {kind, source_words.front().begin, static_cast<uint32_t>(last.begin + last.text.size()),
          static_cast<uint32_t>(susp_begin), static_cast<uint32_t>(susp_end)};
}

Planted Whole(Obfuscation kind, const std::vector<Word>& passage,
              const std::vector<Word>& planted) {
  std::string text = Render(planted);
  const size_t size = text.size();
  return {std::move(text), {CaseOf(kind, passage, 0, size)}};
}

// The second half, then the first: one case per half.
Planted SwapHalves(const std::vector<Word>& words) {
  const size_t split = MiddleSentenceEnd(words, 15) + 1;
  const std::vector<Word> first(words.begin(), words.begin() + split);
  const std::vector<Word> second(words.begin() + split, words.end());
  const std::string separator = first.back().space_after;
  const std::string second_text = Render(second);
  Planted planted{second_text + separator + Render(first), {}};
  planted.cases.push_back(CaseOf(Obfuscation::kMovedParagraph, second, 0, second_text.size()));
  planted.cases.push_back(CaseOf(Obfuscation::kMovedParagraph, first,
                                 second_text.size() + separator.size(), planted.text.size()));
  return planted;
}

Planted Obfuscate(Obfuscation kind, const std::vector<Word>& passage, const Material& material,
                  Random& random) {
  switch (kind) {
    case Obfuscation::kNone:
      return Whole(kind, passage, passage);
    case Obfuscation::kSubstitute:
    case Obfuscation::kInsert:
    case Obfuscation::kDelete:
    case Obfuscation::kMixed:
      return Whole(kind, passage, EditWords(passage, kind, material, random));
    case Obfuscation::kInsertedSentence:
      return Whole(kind, passage, InsertSentence(passage, ForeignSentence(material, random)));
    case Obfuscation::kDroppedClause:
      return Whole(kind, passage, DropClause(passage, random));
    case Obfuscation::kMovedParagraph:
      return SwapHalves(passage);
    case Obfuscation::kPunctuationCase:
      return Whole(kind, passage, ChangePunctuationAndCase(passage, random));
    case Obfuscation::kRandomEdits10:
    case Obfuscation::kRandomEdits5:
      return Whole(kind, passage, RandomEdits(kind, passage, material, random));
    case Obfuscation::kOcrNoise:
      return Whole(kind, passage, OcrNoise(passage, random));
  }
  return Whole(kind, passage, passage);
}

// ---------------------------------------------------------------------------
// Pairs.

bool Overlaps(const Span& span, const std::vector<Span>& taken) {
  return std::any_of(taken.begin(), taken.end(), [&](const Span& other) {
    return span.begin < other.end && other.begin < span.end;
  });
}

// Whole sentences, 40-250 words, clear of the passages already taken, with
// no text that occurs twice in the source (`runs`, counted over the whole
// story), in the passage or elsewhere: a detector would rightly report the
// second copy too, which no case holds.
std::optional<Span> PickPassage(const std::vector<Word>& words, const std::vector<Span>& sentences,
                                const RunCounts& runs, const std::vector<Span>& taken,
                                Random& random) {
  for (int attempt = 0; attempt < 20; ++attempt) {
    const size_t target = random.Between(kMinPassageWords, kMaxPassageWords);
    const size_t first = random.Below(sentences.size());
    Span span = sentences[first];
    for (size_t next = first + 1; next < sentences.size() && span.size() < target; ++next) {
      if (sentences[next].end - span.begin > kMaxPassageWords) break;
      span.end = sentences[next].end;
    }
    if (span.size() >= kMinPassageWords && span.size() <= kMaxPassageWords &&
        !Overlaps(span, taken) && !HasRunSeenMoreThan(runs, 1, words, span)) {
      return span;
    }
  }
  return std::nullopt;
}

std::vector<Span> PickPassages(const std::vector<Word>& words, const RunCounts& runs,
                               Random& random) {
  const std::vector<Span> sentences = Sentences(words);
  const int wanted = random.Between(1, 3);
  std::vector<Span> passages;
  for (int passage = 0; passage < wanted; ++passage) {
    std::optional<Span> span = PickPassage(words, sentences, runs, passages, random);
    if (span) passages.push_back(*span);
  }
  return passages;
}

bool ContainsNewline(std::string_view space) { return space.find('\n') != std::string_view::npos; }

// At most kMaxHostWords whole lines of a page, from a random line on.
Text CutHost(const Text& page, Random& random) {
  const std::vector<Word> words = SplitWords(page.text);
  if (words.size() <= kMaxHostWords) return {page.name + "@0", std::string(TrimSpace(page.text))};
  size_t first = random.Below(words.size() - kMaxHostWords + 1);
  while (first > 0 && !ContainsNewline(words[first - 1].space_after)) --first;
  size_t last = first + kMaxHostWords - 1;
  while (last > first + kMinHostWords && !ContainsNewline(words[last].space_after)) --last;
  const uint32_t end = static_cast<uint32_t>(words[last].begin + words[last].text.size());
  return {page.name + "@" + std::to_string(first),
          page.text.substr(words[first].begin, end - words[first].begin)};
}

// Word indices of the host before which passages go: sentence starts at
// least kMinHostSpacing words apart, ascending.
std::vector<size_t> PickInsertionPoints(const std::vector<Word>& host, size_t wanted,
                                        Random& random) {
  std::vector<size_t> starts;
  for (size_t index = 0; index + 1 < host.size(); ++index) {
    if (EndsSentence(host, index)) starts.push_back(index + 1);
  }
  std::vector<size_t> points;
  for (int attempt = 0; attempt < 200 && !starts.empty() && points.size() < wanted; ++attempt) {
    const size_t point = starts[random.Below(starts.size())];
    const bool clear = std::all_of(points.begin(), points.end(), [point](size_t other) {
      return (point > other ? point - other : other - point) >= kMinHostSpacing;
    });
    if (clear) points.push_back(point);
  }
  std::sort(points.begin(), points.end());
  return points;
}

// Builds the suspicious text: each planted text goes just before its host word.
void Plant(std::string_view host, const std::vector<Word>& host_words,
           const std::vector<size_t>& points, const std::vector<Planted>& planted,
           DocumentPair& pair) {
  size_t copied = 0;
  for (size_t index = 0; index < points.size(); ++index) {
    const size_t at = host_words[points[index]].begin;
    pair.suspicious_text += host.substr(copied, at - copied);
    const size_t offset = pair.suspicious_text.size();
    pair.suspicious_text += planted[index].text;
    pair.suspicious_text += ContainsNewline(host_words[points[index] - 1].space_after) ? '\n' : ' ';
    for (Case placed : planted[index].cases) {
      placed.susp_begin += offset;
      placed.susp_end += offset;
      pair.cases.push_back(placed);
    }
    copied = at;
  }
  pair.suspicious_text += host.substr(copied);
}

class CorpusBuilder {
 public:
  CorpusBuilder(std::vector<Text> stories, std::vector<Text> hosts, uint64_t seed,
                std::vector<Obfuscation> kinds)
      : stories_(std::move(stories)),
        hosts_(std::move(hosts)),
        random_(seed),
        kinds_(kinds.empty() ? AllObfuscations() : std::move(kinds)) {}

  std::optional<DocumentPair> PlantedPair();
  DocumentPair NegativePair();

 private:
  Obfuscation NextKind() { return kinds_[next_kind_++ % kinds_.size()]; }
  DocumentPair EmptyPair(size_t source_index, Text host) const {
    DocumentPair pair;
    pair.source_name = stories_[source_index].name;
    pair.source_text = stories_[source_index].text;
    pair.host_name = std::move(host.name);
    pair.host_text = std::move(host.text);
    return pair;
  }

  std::vector<Text> stories_;
  std::vector<Text> hosts_;
  Random random_;
  std::vector<Obfuscation> kinds_;
  size_t next_kind_ = 0;
};

std::optional<DocumentPair> CorpusBuilder::PlantedPair() {
  Material material{&stories_, random_.Below(stories_.size()), {}, {}};
  material.source_words = SplitWords(stories_[material.source_index].text);
  material.source_runs = CountRuns(material.source_words);
  std::vector<Span> passages = PickPassages(material.source_words, material.source_runs, random_);
  Text host = CutHost(hosts_[random_.Below(hosts_.size())], random_);
  const std::vector<Word> host_words = SplitWords(host.text);
  const std::vector<size_t> points = PickInsertionPoints(host_words, passages.size(), random_);
  if (passages.empty() || points.empty()) return std::nullopt;
  passages.resize(points.size());
  random_.Shuffle(passages);
  std::vector<Planted> planted;
  for (const Span& span : passages) {
    const std::vector<Word> passage(material.source_words.begin() + span.begin,
                                    material.source_words.begin() + span.end);
    planted.push_back(Obfuscate(NextKind(), passage, material, random_));
  }
  DocumentPair pair = EmptyPair(material.source_index, std::move(host));
  Plant(pair.host_text, host_words, points, planted, pair);
  return pair;
}

DocumentPair CorpusBuilder::NegativePair() {
  const size_t source_index = random_.Below(stories_.size());
  DocumentPair pair =
      EmptyPair(source_index, CutHost(hosts_[random_.Below(hosts_.size())], random_));
  pair.suspicious_text = pair.host_text;
  return pair;
}

}  // namespace

const std::vector<Obfuscation>& AllObfuscations() {
  static const std::vector<Obfuscation> kKinds = {
      Obfuscation::kNone,          Obfuscation::kSubstitute,     Obfuscation::kInsert,
      Obfuscation::kDelete,        Obfuscation::kMixed,          Obfuscation::kInsertedSentence,
      Obfuscation::kDroppedClause, Obfuscation::kMovedParagraph, Obfuscation::kPunctuationCase};
  return kKinds;
}

const std::vector<Obfuscation>& NoisyObfuscations() {
  static const std::vector<Obfuscation> kKinds = {
      Obfuscation::kRandomEdits10, Obfuscation::kRandomEdits5, Obfuscation::kOcrNoise};
  return kKinds;
}

std::string_view ObfuscationName(Obfuscation kind) {
  switch (kind) {
    case Obfuscation::kNone:
      return "none";
    case Obfuscation::kSubstitute:
      return "substitute";
    case Obfuscation::kInsert:
      return "insert";
    case Obfuscation::kDelete:
      return "delete";
    case Obfuscation::kMixed:
      return "mixed";
    case Obfuscation::kInsertedSentence:
      return "inserted_sentence";
    case Obfuscation::kDroppedClause:
      return "dropped_clause";
    case Obfuscation::kMovedParagraph:
      return "moved_paragraph";
    case Obfuscation::kPunctuationCase:
      return "punctuation_case";
    case Obfuscation::kRandomEdits10:
      return "random_1_in_10";
    case Obfuscation::kRandomEdits5:
      return "random_1_in_5";
    case Obfuscation::kOcrNoise:
      return "ocr_noise";
  }
  return "unknown";
}

bool CorpusDataPresent(const std::string& data_dir) {
  std::error_code error;
  return fs::exists(fs::path(data_dir) / "reuters21578.tar.zst", error) &&
         fs::exists(fs::path(data_dir) / "chronam-1916-q1.tar.zst", error);
}

Result<std::vector<DocumentPair>> GenerateCorpus(const CorpusOptions& options) {
  STEMMA_ASSIGN_OR_RETURN(const fs::path reuters_dir, UnpackReuters(options));
  STEMMA_ASSIGN_OR_RETURN(const fs::path chronam_dir, UnpackHostDays(options));
  STEMMA_ASSIGN_OR_RETURN(std::vector<Text> stories, ReadStories(reuters_dir));
  std::vector<Text> hosts = ReadHostPages(chronam_dir);
  if (stories.size() < 100 || hosts.size() < 20) {
    return Status::Corruption("too few usable stories or host pages in " + options.data_dir);
  }
  CorpusBuilder builder(std::move(stories), std::move(hosts), options.seed, options.kinds);
  std::vector<DocumentPair> pairs;
  for (int attempt = 0; static_cast<int>(pairs.size()) < options.planted_pairs; ++attempt) {
    if (attempt > 10 * options.planted_pairs + 100) {
      return Status::Corruption("cannot plant passages");
    }
    if (std::optional<DocumentPair> pair = builder.PlantedPair()) pairs.push_back(std::move(*pair));
  }
  for (int negative = 0; negative < options.negative_pairs; ++negative) {
    pairs.push_back(builder.NegativePair());
  }
  return pairs;
}

}  // namespace stemma::pan
