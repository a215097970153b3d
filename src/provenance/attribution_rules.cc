// The attribution rules, as word lists: one table per word class (see
// attribution_rules.h for what each class does in the scanner, and
// attribution.h for the patterns). Words are lower case; a word may sit in
// several tables. To teach the scanner a new reporting verb or source noun,
// add it here and a fixture to attribution_test.cc.
#include "provenance/attribution_rules.h"

#include <algorithm>
#include <array>
#include <initializer_list>
#include <optional>
#include <string>
#include <unordered_map>

namespace stemma::provenance::rules {
namespace {

struct Table {
  WordClass word_class;
  std::initializer_list<std::string_view> words;
};

// clang-format off
const Table kTables[] = {
  {kReportingVerb, {
    "said", "says", "say", "told", "tells", "reported", "stated", "announced", "announces",
    "claimed", "added", "adds", "explained", "explains", "stressed", "stresses", "noted",
    "warned", "warns", "insisted", "insists", "argued", "argues", "confirmed", "denied",
    "refuted", "pledged", "emphasized", "emphasised", "asserted", "acknowledged", "wrote",
    "declared", "commented", "remarked", "disclosed", "urged", "quoted"}},
  {kQuoteCue, {"quoted"}},
  {kParticipleCue, {"saying", "adding"}},
  {kSourceNoun, {
    "ministry", "ministries", "government", "agency", "embassy", "consulate", "committee",
    "office", "department", "council", "authorities", "authority", "police", "military",
    "army", "media", "press", "newspaper", "paper", "outlet", "reports", "report",
    "statement", "officials", "official", "spokesperson", "spokesman", "spokeswoman",
    "experts", "expert", "observers", "analysts", "analyst", "sources", "source",
    "witnesses", "residents", "diplomats", "diplomat", "researchers", "scholars",
    "critics", "insiders", "president", "minister", "ambassador", "chief", "leader",
    "leaders", "prosecutors", "investigators", "lawmakers", "scientists", "people"}},
  {kSourceModifier, {
    "local", "state", "foreign", "senior", "western", "government", "military", "security",
    "independent", "some", "many", "several", "other", "unnamed", "anonymous", "industry",
    "health", "police", "news", "regional", "provincial", "federal", "city", "run", "owned",
    "official", "top", "two", "three", "interior", "defense", "defence", "finance",
    "deputy", "vice", "assistant", "acting", "former", "prime", "general", "executive"}},
  {kDeterminer, {
    "the", "a", "an", "its", "their", "his", "her", "our", "this", "these", "that"}},
  {kSubjectPronoun, {"he", "she", "they", "it", "we", "i"}},
  {kPersonPronoun, {"he", "she"}},
  {kObjectPronoun, {"him", "her", "them", "us", "me"}},
  {kAddresseeNoun, {"reporters", "journalists", "media", "lawmakers", "parliament"}},
  {kStopWord, {
    "the", "a", "an", "this", "that", "these", "those", "its", "their", "his", "her", "our",
    "there", "here", "but", "and", "or",
    "so", "yet", "however", "meanwhile", "in", "on", "at", "for", "with", "by", "from", "as",
    "after", "before", "when", "while", "if", "although", "though", "since", "because",
    "having", "also", "then", "now", "today", "yesterday", "still", "even", "only", "just",
    "last", "next", "earlier", "later", "separately", "moreover", "furthermore", "besides",
    "instead", "what", "who", "which", "where", "why", "how", "all", "both", "each", "not",
    "no", "to", "of", "is", "was", "were", "are", "be", "been", "has", "have", "had",
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
    "january", "february", "april", "june", "july", "august", "september", "october",
    "november", "december", "thinking", "apart", "according"}},
  {kConnector, {"of", "and", "for", "&"}},
  {kBetweenWord, {
    "also", "further", "later", "earlier", "previously", "recently", "again", "then",
    "reportedly", "separately", "has", "have", "had", "once", "repeatedly", "publicly",
    "officially", "already", "today", "yesterday", "had", "would", "will", "quickly"}},
  {kNotSpeech, {"nothing", "little", "anything", "not", "no"}},
  {kStatementNoun, {
    "statement", "interview", "briefing", "conference", "release", "report", "post",
    "tweet", "letter", "speech", "message", "note", "notice", "communique"}},
  {kWeekday, {
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "today",
    "yesterday", "tonight"}},
  {kMonth, {
    "january", "february", "march", "april", "may", "june", "july", "august", "september",
    "october", "november", "december", "jan", "feb", "aug", "sept", "oct", "nov", "dec"}},
  {kAbbreviation, {
    "mr", "mrs", "ms", "dr", "prof", "gen", "sen", "rep", "gov", "lt", "col", "capt", "st",
    "jr", "sr", "inc", "co", "corp", "ltd", "no", "vs", "jan", "feb", "aug", "sept", "oct",
    "nov", "dec"}},
  {kOrganisation, {
    "ministry", "government", "agency", "embassy", "consulate", "committee", "office",
    "department", "council", "authorities", "police", "military", "media", "press",
    "newspaper", "times", "news", "post", "daily", "journal", "xinhua", "reuters", "afp",
    "ap", "bbc", "cnn", "tass", "statement", "report", "reports", "organisation",
    "organization", "union", "bank", "party", "court", "house", "kremlin", "observers",
    "experts", "analysts", "officials", "sources"}},
  {kClauseBreak, {
    "that", "which", "who", "is", "was", "were", "are", "has", "have", "had", "will",
    "would", "on", "in", "and", "but", "as", "to", "after", "before", "when", "while"}},
};
// clang-format on

// The words of the tables, and a filter that turns most other words away
// before any hashing: the scanner asks about every word near a cue, and
// hashing them all was a third of finding attributions on Q1 pages. The
// filter has a bit per (length, first letter, last letter) of a table word.
class WordIndex {
 public:
  WordIndex() {
    for (const Table& table : kTables) {
      for (std::string_view word : table.words) {
        classes_[word] |= table.word_class;
        if (const std::optional<Slot> slot = SlotOf(word)) filter_[slot->row] |= slot->bit;
      }
    }
  }

  uint32_t Find(std::string_view lower) const {
    const std::optional<Slot> slot = SlotOf(lower);
    if (slot.has_value() && (filter_[slot->row] & slot->bit) == 0) return 0;
    const auto found = classes_.find(lower);
    return found == classes_.end() ? 0 : found->second;
  }

 private:
  static constexpr size_t kLengths = 16;  // lengths 15 and over share a row
  struct Slot {
    size_t row;
    uint32_t bit;
  };
  // Nothing for a word that does not start and end with a-z (every table
  // word but "&" does): such words go straight to the map.
  static std::optional<Slot> SlotOf(std::string_view word) {
    if (word.empty()) return std::nullopt;
    const auto letter = [](char c) { return c >= 'a' && c <= 'z'; };
    if (!letter(word.front()) || !letter(word.back())) return std::nullopt;
    const size_t length = std::min(word.size(), kLengths - 1);
    return Slot{length * 26 + static_cast<size_t>(word.front() - 'a'),
                uint32_t{1} << (word.back() - 'a')};
  }

  std::unordered_map<std::string_view, uint32_t> classes_;
  std::array<uint32_t, kLengths * 26> filter_{};
};

}  // namespace

uint32_t ClassesOf(std::string_view lower) {
  static const WordIndex index;
  return index.Find(lower);
}

}  // namespace stemma::provenance::rules
