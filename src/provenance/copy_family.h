// The copy tree's working state (copy_tree.cc: the algorithm;
// copy_tree_evidence.cc: the wording of its choices). Private to those two.
#ifndef STEMMA_PROVENANCE_COPY_FAMILY_H_
#define STEMMA_PROVENANCE_COPY_FAMILY_H_

#include <cmath>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <vector>

#include "common/dates.h"
#include "provenance/arborescence.h"
#include "provenance/copy_tree.h"

namespace stemma::provenance::tree {

constexpr int64_t kUnit = 1000;  // costs are in thousandths of a word
constexpr uint32_t kNone = std::numeric_limits<uint32_t>::max();

// Confidences where no margin can be measured (see Explain*).
constexpr double kOnlyCandidate = 0.95;  // one witness fits at all
constexpr double kRootWithRivals = 0.6;  // first in time, but undated witnesses could precede it
constexpr double kUnseenByDate = 0.8;    // the witnesses that fit were published later
constexpr double kUnseenByCycle = 0.5;   // its candidates all descend from it
constexpr double kMaxConfidence = 0.99;
// Rebuilds of the tree to undo dated witnesses descending from later ones.
constexpr uint32_t kMaxRepairRounds = 16;

inline int64_t ToUnits(double words) { return std::llround(words * kUnit); }

struct Node {
  std::optional<TimeInterval> time;
  int64_t tokens = 0;
  uint32_t rank = 0;  // position in time order (dated by time, then undated; then tie key)
};

struct Candidate {
  uint32_t parent = 0;
  int64_t cost = 0;  // thousandths of a word
  uint32_t pair = 0;
  bool forbidden = false;  // its parent descends from one published after the child
};

// What is known about one witness's possible parents.
struct Incoming {
  std::vector<Candidate> candidates;  // cheapest first, at most max_candidate_parents
  uint32_t admissible = 0;            // candidates before pruning
  uint32_t later = kNone;    // the first in time order of those that fit but were published later
  uint32_t closest = kNone;  // the witness whose text differs least, any date
  int64_t closest_words = 0;
  double best_shared = 0;  // largest share of its words found in one other witness
};

class CopyFamily {
 public:
  CopyFamily(const std::vector<Witness>& witnesses, const std::vector<WitnessPair>& pairs,
             const CopyTreeOptions& options);

  // The tree, rebuilt while a dated witness descends (through undated
  // ones) from one published after it, each time without the undated
  // parent of such a witness.
  std::vector<int32_t> Parents();
  // `root` is the family's root (FamilyRoot).
  ParentChoice Explain(uint32_t child, const std::vector<int32_t>& parents, uint32_t root) const;
  uint32_t FamilyRoot(const std::vector<int32_t>& parents) const;

 private:
  std::vector<int32_t> Arborescence() const;
  bool ForbidDateViolations(const std::vector<int32_t>& parents);
  void ReadPairs(const std::vector<WitnessPair>& pairs);
  void RankByTime();
  void AddCandidate(uint32_t parent, uint32_t child, uint32_t pair_index);
  bool Later(uint32_t first, uint32_t second) const;
  const WitnessPair* FindPair(uint32_t a, uint32_t b) const;
  int64_t WordsDiffer(uint32_t a, uint32_t b) const;
  int64_t EditsBetween(uint32_t a, uint32_t b) const;
  std::string Doc(uint32_t witness) const;
  double Confidence(double margin_words, double chosen_words) const;

  void ExplainParent(uint32_t child, uint32_t parent, const std::vector<int32_t>& parents,
                     ParentChoice* choice) const;
  void ExplainTime(uint32_t child, uint32_t parent, ParentChoice* choice) const;
  void ExplainText(uint32_t child, const Candidate& chosen, const std::vector<int32_t>& parents,
                   ParentChoice* choice) const;
  void ExplainMargin(uint32_t child, const Candidate& chosen, const std::vector<int32_t>& parents,
                     ParentChoice* choice) const;
  void ExplainRoot(uint32_t child, bool primary, ParentChoice* choice) const;
  void ExplainUnseen(uint32_t child, ParentChoice* choice) const;

  const std::vector<Witness>& witnesses_;
  const CopyTreeOptions& options_;
  std::vector<Node> nodes_;
  std::vector<WitnessPair> pairs_;  // valid, sorted by (first, second), one per pair
  std::vector<Incoming> incoming_;
};

std::string Plural(int64_t count, const std::string& unit);

}  // namespace stemma::provenance::tree

#endif  // STEMMA_PROVENANCE_COPY_FAMILY_H_
