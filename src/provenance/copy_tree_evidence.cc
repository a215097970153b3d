// The wording of the copy tree's choices: for each witness, why its parent
// (dates, the words it shares, the margin over the next candidate) or why it
// is a root or hangs from an unseen source, and how sure the tree is. The
// algorithm is in copy_tree.cc; only the words are here.
#include <algorithm>
#include <cmath>
#include <tuple>

#include "provenance/copy_family.h"

namespace stemma::provenance::tree {

const WitnessPair* CopyFamily::FindPair(uint32_t a, uint32_t b) const {
  const WitnessPair key{std::min(a, b), std::max(a, b)};
  auto it = std::lower_bound(pairs_.begin(), pairs_.end(), key,
                             [](const WitnessPair& x, const WitnessPair& y) {
                               return std::tie(x.first, x.second) < std::tie(y.first, y.second);
                             });
  if (it == pairs_.end() || it->first != key.first || it->second != key.second) return nullptr;
  return &*it;
}

// Words that differ between two witnesses' spans; -1 when they share none.
int64_t CopyFamily::WordsDiffer(uint32_t a, uint32_t b) const {
  const WitnessPair* pair = FindPair(a, b);
  if (pair == nullptr) return -1;
  return nodes_[a].tokens + nodes_[b].tokens - 2 * static_cast<int64_t>(pair->matched_tokens);
}

// Edits between two witnesses' spans (WitnessPair::edits); -1 when they
// share none.
int64_t CopyFamily::EditsBetween(uint32_t a, uint32_t b) const {
  const WitnessPair* pair = FindPair(a, b);
  return pair == nullptr ? -1 : static_cast<int64_t>(pair->edits);
}

std::string CopyFamily::Doc(uint32_t witness) const {
  return "doc " + std::to_string(witnesses_[witness].document);
}

// 1 - exp(-margin / scale) / 2 above a tie, exp(margin / scale) / 2 below.
double CopyFamily::Confidence(double margin_words, double chosen_words) const {
  const double scale = options_.confidence_scale + 0.1 * chosen_words;
  if (margin_words >= 0) return 1 - 0.5 * std::exp(-margin_words / scale);
  return 0.5 * std::exp(margin_words / scale);
}

std::string Plural(int64_t count, const std::string& unit) {
  return std::to_string(count) + " " + unit + (count == 1 ? "" : "s");
}

void CopyFamily::ExplainTime(uint32_t child, uint32_t parent, ParentChoice* choice) const {
  const std::optional<TimeInterval>& c = nodes_[child].time;
  const std::optional<TimeInterval>& p = nodes_[parent].time;
  if (!c) {
    choice->evidence.push_back("undated: placed by text alone");
    return;
  }
  if (!p) {
    choice->evidence.push_back(Doc(parent) + " is undated: placed by text alone");
    return;
  }
  if (c->begin < p->end) {
    const bool instants = c->end - c->begin == 1 && p->end - p->begin == 1;
    choice->evidence.push_back(std::string("published ") +
                               (instants ? "at the same time as " : "the same day as ") +
                               Doc(parent));
    return;
  }
  const int64_t seconds = c->begin - p->begin;
  std::string gap;
  if (seconds >= 86400) {
    gap = Plural(seconds / 86400, "day");
  } else if (seconds >= 3600) {
    gap = Plural(seconds / 3600, "hour");
  } else {
    gap = Plural(std::max<int64_t>(seconds / 60, 1), "minute");
  }
  choice->evidence.push_back("published " + gap + " after " + Doc(parent));
}

// The chosen edge's words, who else was close, and the edits it shares.
void CopyFamily::ExplainText(uint32_t child, const Candidate& chosen,
                             const std::vector<int32_t>& parents, ParentChoice* choice) const {
  const Incoming& in = incoming_[child];
  const int64_t differ = WordsDiffer(chosen.parent, child);
  const bool closest = in.closest == chosen.parent || differ <= in.closest_words;
  choice->evidence.push_back((closest ? "closest text: " : "") + Plural(differ, "word") +
                             (differ == 1 ? " differs" : " differ"));
  if (!closest && Later(in.closest, child)) {
    choice->evidence.push_back(Doc(in.closest) + " is closer (" + Plural(in.closest_words, "word") +
                               ") but was published later");
  }
  const WitnessPair& pair = pairs_[chosen.pair];
  const bool parent_first = pair.first == chosen.parent;
  const int64_t parent_out =
      nodes_[chosen.parent].tokens -
      (parent_first ? pair.first_aligned_tokens : pair.second_aligned_tokens);
  if (parent_out * 10 >= nodes_[chosen.parent].tokens && parent_out >= 5) {
    choice->evidence.push_back("cut from " + Doc(chosen.parent) + ": " +
                               Plural(parent_out, "word") + " of it left out");
  }
  const int32_t grandparent = parents[chosen.parent];
  if (grandparent < 0) return;
  // Edits, not words: a deleted sentence is one edit of the parent's.
  const int64_t parent_edits = EditsBetween(grandparent, chosen.parent);
  const int64_t from_grandparent = EditsBetween(grandparent, child);
  const int64_t own = EditsBetween(chosen.parent, child);
  if (parent_edits <= 0 || from_grandparent < 0 || own < 0) return;
  const int64_t carried =
      std::clamp<int64_t>((parent_edits + from_grandparent - own + 1) / 2, 0, parent_edits);
  if (carried > 0) {
    choice->evidence.push_back("carries " + std::to_string(carried) + " of " + Doc(chosen.parent) +
                               "'s " + Plural(parent_edits, "edit"));
  }
}

bool Descends(const std::vector<int32_t>& parents, uint32_t node, uint32_t ancestor) {
  for (int32_t at = parents[node]; at >= 0; at = parents[at]) {
    if (static_cast<uint32_t>(at) == ancestor) return true;
  }
  return false;
}

void CopyFamily::ExplainParent(uint32_t child, uint32_t parent, const std::vector<int32_t>& parents,
                               ParentChoice* choice) const {
  const std::vector<Candidate>& candidates = incoming_[child].candidates;
  const Candidate& chosen =
      *std::find_if(candidates.begin(), candidates.end(),
                    [&](const Candidate& candidate) { return candidate.parent == parent; });
  ExplainTime(child, parent, choice);
  ExplainText(child, chosen, parents, choice);
  if (candidates.front().forbidden) {
    choice->evidence.push_back(Doc(candidates.front().parent) +
                               " is closer but descends from a witness published later");
  }
  ExplainMargin(child, chosen, parents, choice);
  if (!nodes_[child].time || !nodes_[parent].time) choice->confidence *= options_.undated_factor;
}

// Confidence from the margin to the best other parent the tree could have
// taken, and what that parent was.
void CopyFamily::ExplainMargin(uint32_t child, const Candidate& chosen,
                               const std::vector<int32_t>& parents, ParentChoice* choice) const {
  const std::vector<Candidate>& candidates = incoming_[child].candidates;
  const auto rival = std::find_if(
      candidates.begin(), candidates.end(),
      [&](const Candidate& other) { return other.parent != chosen.parent && !other.forbidden; });
  if (rival == candidates.end()) {
    choice->confidence = kOnlyCandidate;
    choice->evidence.push_back("the only witness that fits");
    return;
  }
  const double margin = static_cast<double>(rival->cost - chosen.cost) / kUnit;
  choice->confidence = Confidence(margin, static_cast<double>(chosen.cost) / kUnit);
  if (margin == 0) {
    choice->evidence.push_back("tie with " + Doc(rival->parent) +
                               ": the earlier in time order wins");
  } else if (margin < 0 && Descends(parents, rival->parent, child)) {
    choice->evidence.push_back(Doc(rival->parent) + " is closer but copies this one");
  } else if (margin < 0) {
    choice->evidence.push_back(Doc(rival->parent) + " is closer but fits the tree worse");
  }
}

void CopyFamily::ExplainRoot(uint32_t child, bool primary, ParentChoice* choice) const {
  if (!primary) {
    ExplainUnseen(child, choice);
    return;
  }
  const Node& node = nodes_[child];
  if (!node.time) {
    choice->evidence.push_back("undated: placed by text alone");
  } else {
    bool earliest = true;
    for (uint32_t other = 0; other < nodes_.size(); ++other) earliest &= !Later(child, other);
    choice->evidence.push_back((earliest ? "earliest witness: published " : "published ") +
                               *witnesses_[child].published_at);
  }
  const bool rivals = incoming_[child].admissible > 0;
  choice->confidence = rivals ? kRootWithRivals : kOnlyCandidate;
  if (rivals) choice->evidence.push_back("an undated or same-day witness could precede it");
  if (!node.time) choice->confidence *= options_.undated_factor;
}

void CopyFamily::ExplainUnseen(uint32_t child, ParentChoice* choice) const {
  const Incoming& in = incoming_[child];
  const std::string unseen = ": copied from an unseen source";
  choice->unseen_source = true;
  if (in.closest == kNone) {
    choice->evidence.push_back("shares no text with another witness" + unseen);
    choice->confidence = kOnlyCandidate;
  } else if (in.admissible > 0) {
    choice->evidence.push_back("its candidate parents all descend from it or from later witnesses" +
                               unseen);
    choice->confidence = kUnseenByCycle;
  } else if (in.later != kNone) {
    choice->evidence.push_back("the witnesses sharing its text, such as " + Doc(in.later) +
                               ", were published later" + unseen);
    choice->confidence = kUnseenByDate;
  } else {
    const int percent = static_cast<int>(std::lround(100 * in.best_shared));
    choice->evidence.push_back("at best " + std::to_string(percent) +
                               "% of its words are in another witness" + unseen);
    choice->confidence =
        std::clamp(0.5 + (1 - in.best_shared - options_.max_new_share), 0.5, kOnlyCandidate);
  }
}

// The root child with the most descendants, the first in time order of
// equals: the others were copied from unseen sources.
uint32_t CopyFamily::FamilyRoot(const std::vector<int32_t>& parents) const {
  std::vector<uint32_t> size(parents.size(), 0);
  for (uint32_t node = 0; node < parents.size(); ++node) {
    int32_t at = static_cast<int32_t>(node);
    while (parents[at] >= 0) at = parents[at];
    ++size[at];
  }
  uint32_t root = kNone;
  for (uint32_t node = 0; node < parents.size(); ++node) {
    if (parents[node] >= 0) continue;
    if (root == kNone || size[node] > size[root] ||
        (size[node] == size[root] && nodes_[node].rank < nodes_[root].rank)) {
      root = node;
    }
  }
  return root;
}

ParentChoice CopyFamily::Explain(uint32_t child, const std::vector<int32_t>& parents,
                                 uint32_t root) const {
  ParentChoice choice;
  choice.parent = parents[child];
  if (choice.parent >= 0) {
    ExplainParent(child, choice.parent, parents, &choice);
  } else {
    ExplainRoot(child, child == root, &choice);
  }
  choice.confidence = std::clamp(choice.confidence, 0.0, kMaxConfidence);
  return choice;
}

}  // namespace stemma::provenance::tree
