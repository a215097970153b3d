// A generator of copies that change a text where copying stops and starts,
// for testing what provenance::DescribeChanges reports at a passage's edges
// and between passages.
//
// From real articles (the Helsinki file in ../shared/data, its " ### "
// paragraph marks turned into blank lines) it makes copies of a few
// paragraphs of each parent, each copy one kind of change:
//   kFinalCut       a sentence-final reporting clause cut (", said X.", ",
//                   X said on Wednesday.", ", according to X.", "“...,” X
//                   said." -> "“....”", and with the words after it: ",
//                   said X, the Kremlin's spokesman." -> "."), the rest of
//                   the sentence kept; a third of the cuts of a clause alone
//                   also reword the 3-5 words before it;
//   kInitialCut     a sentence-initial clause cut ("According to X, ...",
//                   "X said that ...", "As X told reporters, ...", half the
//                   time with a short phrase after it: "According to X, as
//                   of press time, the ..." -> "The ..."), the next word
//                   capitalised; a third of the cuts of a clause alone also
//                   reword the 3-5 words after it;
//   kClauseKept     the clause's sentence copied as is;
//   kEditBeside     the phrase beside the clause cut, or the word next to it
//                   replaced, the clause kept (the alignment stops before
//                   it);
//   kSourceChanged  the clause's source replaced by another one (a change,
//                   not a drop);
//   kVerbChanged    "said" replaced by "stated" (neither);
//   kUnedited       a plain excerpt;
//   kInserted       1-3 sentences of another article inserted between two
//                   copied paragraphs (as a paragraph of their own, or at the
//                   end of the first);
//   kDeleted        a sentence at a paragraph's edge, naming no source,
//                   left out.
// The clause kinds come in two placements: inline (the copy goes on past the
// sentence) and at the edge (the copy ends with the sentence, or starts with
// it, sometimes with a paragraph of another article beyond): there the cut
// clause lies outside what the alignment can reach.
//
// The truth: for each copy, the clauses it dropped or changed (the clause as
// FindAttributions reads it, in the parent; where the cut is in the copy) and
// the sentences it inserted or deleted, with their bytes on both sides.
//
// Deterministic: a splitmix64 stream from the caller's seed and our own
// bounded integers. Pure functions, safe to call from many threads.
#ifndef STEMMA_TESTS_PROVENANCE_EDGE_CHANGE_GENERATOR_H_
#define STEMMA_TESTS_PROVENANCE_EDGE_CHANGE_GENERATOR_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "stemma/passage.h"

namespace stemma::edgegen {

enum class CopyKind {
  kFinalCut,
  kInitialCut,
  kClauseKept,
  kEditBeside,
  kSourceChanged,
  kVerbChanged,
  kUnedited,
  kInserted,
  kDeleted,
};
inline constexpr int kCopyKinds = 9;

// "final cut", "initial cut", ...: names for tables and messages.
std::string_view CopyKindName(CopyKind kind);

struct TrueClause {
  ByteRange clause;       // in the parent, as FindAttributions reads it
  ByteRange removed;      // the parent's bytes the copy replaced (clause and punctuation)
  uint32_t child_at = 0;  // where the replacement starts in the copy
  bool initial = false;   // the clause opened its sentence
  bool beside = false;    // the copy also cut or reworded words beside the clause
  std::string source;
};

// A sentence on one side and the place it would be on the other (an empty
// range there).
struct TrueSentence {
  ByteRange parent;
  ByteRange child;
};

struct EdgeCopy {
  CopyKind kind = CopyKind::kUnedited;
  bool at_edge = false;  // the edited sentence ends or starts the copied text
  size_t parent = 0;     // index into EdgeSet::parents
  std::string text;
  std::vector<TrueClause> dropped;
  std::vector<TrueClause> changed;  // sources replaced (parent clause; child_at: the new one)
  std::vector<TrueSentence> inserted;
  std::vector<TrueSentence> deleted;
  std::string note;  // what was done, for messages
};

struct EdgeSet {
  std::vector<std::string> parents;
  std::vector<EdgeCopy> copies;
};

struct EdgeGeneratorOptions {
  size_t parents = 60;
  size_t min_parent_words = 250;
  size_t cuts_per_kind = 3;  // final and initial cuts per parent, at most
  uint64_t seed = 1;
};

// " ### " paragraph marks (and "###" at the ends) as blank lines.
std::string Paragraphed(std::string_view text);

// Parents are articles of at least min_parent_words words, not holding
// their text twice, sharing no run of 8 words with an earlier parent, and
// with a clause to cut; the inserted sentences and substituted words come
// from articles that share no run of 8 words with the parent.
EdgeSet GenerateEdgeCopies(const std::vector<std::string>& articles,
                           const EdgeGeneratorOptions& options);

}  // namespace stemma::edgegen

#endif  // STEMMA_TESTS_PROVENANCE_EDGE_CHANGE_GENERATOR_H_
