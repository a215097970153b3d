// Attribution clauses across one parent-child edge (edge_changes.h, the
// design in changes.cc): which clauses the alignment touched, how they pair
// across the two texts, and which were dropped, added or changed.
#include "provenance/attribution_rules.h"
#include "provenance/edge_changes.h"

namespace stemma::provenance::edge {

// ---- Sources and titles ------------------------------------------------------

std::vector<uint64_t> WordKeys(std::string_view text) {
  std::vector<uint64_t> keys;
  for (const Token& token : Tokenize(text).tokens) keys.push_back(token.key);
  return keys;
}

std::string SourceWords(std::string_view source) {
  std::string words = " ";
  for (const Token& token : Tokenize(source).tokens) {
    words += NormalizeWord(source.substr(token.begin, token.end - token.begin));
    words += ' ';
  }
  return words;
}

std::string PersonName(std::string_view source) {
  const size_t space = source.rfind(' ');
  const std::string_view last = source.substr(space == std::string_view::npos ? 0 : space + 1);
  if (last.empty() || StartsLowercase(last, 0) || SeparatorLength(last, 0) > 0) return "";
  std::string lower = NormalizeWord(last);
  const uint32_t not_a_person = rules::kOrganisation | rules::kSubjectPronoun | rules::kSourceNoun;
  return (rules::ClassesOf(lower) & not_a_person) != 0 ? "" : lower;
}

bool SameSource(const Attribution& x, const Attribution& y) {
  std::string_view a = x.source_text;
  std::string_view b = y.source_text;
  if (SourceWords(a) == SourceWords(b)) return true;
  if (!x.resolved_source.empty()) a = x.resolved_source;
  if (!y.resolved_source.empty()) b = y.resolved_source;
  const std::string a_words = SourceWords(a);
  const std::string b_words = SourceWords(b);
  if (a_words.size() <= 1 || b_words.size() <= 1) return a_words == b_words;
  if (a_words.find(b_words) != std::string::npos || b_words.find(a_words) != std::string::npos) {
    return true;
  }
  const std::string person = PersonName(a);
  return !person.empty() && person == PersonName(b);
}

std::string SourceName(const Attribution& attribution) {
  return attribution.resolved_source.empty() ? attribution.source_text
                                             : attribution.resolved_source;
}

ByteRange FindTitle(std::string_view text, std::string_view title) {
  const std::vector<uint64_t> title_keys = WordKeys(title);
  std::string_view head = text;
  if (head.size() > kTitleSearchBytes) {
    head = head.substr(0, kTitleSearchBytes);
    head = head.substr(0, head.find_last_of(" \n\t\r") + 1);  // no word cut in two
  }
  const std::vector<Token> words = Tokenize(head).tokens;
  if (title_keys.empty() || words.size() < title_keys.size()) return {};
  for (size_t first = 0; first + title_keys.size() <= words.size(); ++first) {
    bool match = true;
    for (size_t index = 0; index < title_keys.size() && match; ++index) {
      match = words[first + index].key == title_keys[index];
    }
    if (match) return {words[first].begin, words[first + title_keys.size() - 1].end};
  }
  return {};
}

// ---- Attributions -------------------------------------------------------------

// Whether a word of `range` on `side` lies outside every equal segment.
bool EdgeChanges::Touched(int side, ByteRange range) const {
  const std::string_view text = text_[side];
  const std::vector<ByteRange>& equal = equal_[side];
  uint32_t pos = range.begin;
  auto segment =
      std::partition_point(equal.begin(), equal.end(), [&](ByteRange x) { return x.end <= pos; });
  for (; segment != equal.end() && segment->begin < range.end; ++segment) {
    if (NextWordBegin(text, pos) < std::min(segment->begin, range.end)) return true;
    pos = std::max(pos, segment->end);
    if (pos >= range.end) return false;
  }
  return NextWordBegin(text, pos) < range.end;
}

// The words of `range` on `side`, and how many of them lie inside an equal
// segment (copied as they are).
std::pair<uint32_t, uint32_t> EdgeChanges::CopiedWords(int side, ByteRange range) const {
  const std::vector<ByteRange>& equal = equal_[side];
  uint32_t copied = 0;
  const std::vector<Token> words = Tokenize(text_[side].substr(range.begin, range.size())).tokens;
  for (const Token& token : words) {
    const uint32_t begin = range.begin + token.begin;
    const uint32_t end = range.begin + token.end;
    const auto segment =
        std::partition_point(equal.begin(), equal.end(), [&](ByteRange x) { return x.end < end; });
    copied += segment != equal.end() && segment->begin <= begin;
  }
  return {copied, static_cast<uint32_t>(words.size())};
}

// The passage ends a clause sits at: across one, or a few words outside it.
std::vector<Zone> EdgeChanges::ZonesOf(int side, ByteRange clause) const {
  std::vector<Zone> zones;
  const std::string_view text = text_[side];
  for (size_t index = 0; index < passages_.size(); ++index) {
    const ByteRange passage = passages_[index][side];
    const bool across_end = clause.begin < passage.end && passage.end < clause.end;
    if (across_end ||
        (SameSentence(text, passage.end, clause.begin) && HoldsSentenceStart(text, passage))) {
      zones.push_back({index, true});
    }
    const bool across_begin = clause.begin < passage.begin && passage.begin < clause.end;
    if (across_begin ||
        (SameSentence(text, clause.end, passage.begin) && HoldsSentenceEnd(text, passage))) {
      zones.push_back({index, false});
    }
  }
  return zones;
}

Facts EdgeChanges::FactsOf(int side, const Attribution& attribution) const {
  Facts facts;
  const ByteRange clause = attribution.clause;
  const std::string_view text = text_[side];
  if (!Fits(clause, text) || !Fits(attribution.source, text) || !Fits(attribution.cue, text)) {
    return facts;  // found in another text
  }
  facts.zones = ZonesOf(side, clause);
  facts.in_region = !facts.zones.empty() ||
                    std::any_of(segments_.begin(), segments_.end(), [&](const Segment& segment) {
                      return OverlapScore(segment.at[side], clause) > 0;
                    });
  if (!facts.in_region) return facts;
  facts.touched = Touched(side, clause);
  facts.core_touched = Touched(side, attribution.source) || Touched(side, attribution.cue);
  return facts;
}

// Where the clause's words went on the other side, segment by segment.
std::vector<ByteRange> EdgeChanges::ImagesOf(int side, ByteRange clause) const {
  std::vector<ByteRange> images;
  for (const Block& block : blocks_) {
    if (OverlapScore(block.at[side], clause) > 0) images.push_back(block.at[Other(side)]);
  }
  for (const Segment& segment : segments_) {
    const ByteRange here = segment.at[side];
    const ByteRange there = segment.at[Other(side)];
    if (!segment.equal || OverlapScore(here, clause) == 0) continue;
    const uint32_t begin = std::max(here.begin, clause.begin) - here.begin;
    const uint32_t end = std::min(here.end, clause.end) - here.begin;
    images.push_back(
        {std::min(there.begin + begin, there.end), std::min(there.begin + end, there.end)});
  }
  return images;
}

void EdgeChanges::Pair(int side) {
  const int other = Other(side);
  for (size_t index = 0; index < facts_[side].size(); ++index) {
    Facts& facts = facts_[side][index];
    if (!facts.in_region || !facts.touched || facts.counterpart >= 0) continue;
    const std::vector<ByteRange> images = ImagesOf(side, AttributionOf(side, index).clause);
    int best = -1;
    uint32_t best_score = 0;
    for (size_t candidate = 0; candidate < facts_[other].size(); ++candidate) {
      const Facts& them = facts_[other][candidate];
      if (!them.in_region || them.counterpart >= 0) continue;
      uint32_t score = 0;
      for (const ByteRange& image : images) {
        score += OverlapScore(image, AttributionOf(other, candidate).clause);
      }
      for (const Zone& zone : facts.zones) {
        if (std::find(them.zones.begin(), them.zones.end(), zone) != them.zones.end()) {
          score = std::max<uint32_t>(score, 1);
        }
      }
      if (score > best_score) {
        best = static_cast<int>(candidate);
        best_score = score;
      }
    }
    if (best < 0) continue;
    facts.counterpart = best;
    facts_[other][best].counterpart = static_cast<int>(index);
  }
}

// Where a clause of `side` with no counterpart would be on the other side:
// where its first word that was not copied went.
uint32_t EdgeChanges::PointOnOther(int side, size_t index) const {
  const int other = Other(side);
  const ByteRange clause = AttributionOf(side, index).clause;
  uint32_t first = std::numeric_limits<uint32_t>::max();
  uint32_t point = 0;
  auto consider = [&](uint32_t here, uint32_t there) {
    if (here < first) {
      first = here;
      point = there;
    }
  };
  for (const Block& block : blocks_) {
    if (OverlapScore(block.at[side], clause) > 0) {
      consider(block.at[side].begin, PointOf(block, other).begin);
    }
  }
  for (const Zone& zone : facts_[side][index].zones) {
    const Ranges& passage = passages_[zone.passage];
    if (zone.after) consider(std::max(clause.begin, passage[side].end), passage[other].end);
    if (!zone.after) consider(clause.begin, passage[other].begin);
  }
  return point;
}

void EdgeChanges::DescribeAttributions() {
  for (int side : {kParent, kChild}) {
    for (const Attribution& attribution : *attributions_[side]) {
      facts_[side].push_back(FactsOf(side, attribution));
    }
  }
  Pair(kParent);
  Pair(kChild);
  DescribeChangedSources();
  DescribeUnpaired(kParent);
  DescribeUnpaired(kChild);
}

void EdgeChanges::DescribeChangedSources() {
  for (size_t index = 0; index < facts_[kParent].size(); ++index) {
    const int counterpart = facts_[kParent][index].counterpart;
    if (counterpart < 0) continue;
    const Attribution& parent = AttributionOf(kParent, index);
    const Attribution& child = AttributionOf(kChild, counterpart);
    if (SameSource(parent, child)) continue;
    Add(ChangeKind::kAttributionChanged, {parent.clause, child.clause});
    changes_.back().parent_source = SourceName(parent);
    changes_.back().child_source = SourceName(child);
    // Only the source and cue: a long clause ("X, who ..., said") may hold
    // other edits worth their own change.
    excluded_[kParent].push_back(Hull(parent.source, parent.cue));
    excluded_[kChild].push_back(Hull(child.source, child.cue));
  }
}

// Dropped (parent) or added (child) attributions.
void EdgeChanges::DescribeUnpaired(int side) {
  for (size_t index = 0; index < facts_[side].size(); ++index) {
    const Facts& facts = facts_[side][index];
    if (!facts.in_region || !facts.core_touched || facts.counterpart >= 0) continue;
    const Attribution& attribution = AttributionOf(side, index);
    // A clause inside a sentence deleted or inserted whole, with words of
    // its own besides the clause, is that sentence's change, not one of its
    // own.
    const ByteRange clause = attribution.clause;
    const bool in_sentence =
        std::any_of(sentences_[side].begin(), sentences_[side].end(), [&](ByteRange sentence) {
          return 2 * OverlapScore(clause, sentence) >= clause.size() &&
                 (HasWord(text_[side], sentence.begin, std::max(sentence.begin, clause.begin)) ||
                  HasWord(text_[side], std::min(sentence.end, clause.end), sentence.end));
        });
    // A clause whose words are mostly copied as they are was edited, not
    // dropped ("Sasse added" -> "Sasse argued" is a substitution in it).
    const auto [copied, words] = CopiedWords(side, clause);
    if (in_sentence || (words > 0 && 2 * copied >= words)) continue;
    Ranges at;
    at[side] = clause;
    at[Other(side)] = PointAt(PointOnOther(side, index));
    Add(side == kParent ? ChangeKind::kAttributionDropped : ChangeKind::kAttributionAdded, at);
    (side == kParent ? changes_.back().parent_source : changes_.back().child_source) =
        SourceName(attribution);
    excluded_[side].push_back(attribution.clause);
  }
}

}  // namespace stemma::provenance::edge
