// What the parts of ProvenanceReader share (provenance_reader.h): the
// witnesses and passages a tree is built from, and small helpers over byte
// ranges, snippets and attribution blocks. Private to src/engine:
//   provenance_reader.cc     witnesses, alignments, one family's tree
//   provenance_attributions.cc  attribution clauses by fixed blocks
//   provenance_families.cc   families ranked and listed
//   provenance_report.cc     the report on an article
//   provenance_outlets.cc    copy edges and outlets
#ifndef STEMMA_PROVENANCE_READER_INTERNAL_H_
#define STEMMA_PROVENANCE_READER_INTERNAL_H_

#include <algorithm>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <utility>
#include <vector>

#include "provenance/attribution.h"
#include "provenance/copied_text.h"
#include "provenance/reader.h"
#include "provenance/reuse_families.h"
#include "stemma/text.h"

namespace stemma::provenance {

// One document carrying a family's text.
struct ProvenanceReader::Witness {
  uint32_t document = 0;
  ByteRange span;
  std::shared_ptr<const StoredText> text;
  uint32_t tokens = 0;
  ByteRange reach;  // the span and the passages outside it that its edges read
  // For a copy in a duplicate family whose first document is a witness too:
  // that document's witness index (the copy's span comes from their alignment).
  std::optional<uint32_t> copy_of;
};

// What a family's tree is built from: its witnesses and the stored passages
// between them (oriented a = earlier witness index).
struct ProvenanceReader::FamilyData {
  std::vector<Witness> witnesses;
  std::map<std::pair<uint32_t, uint32_t>, std::vector<Passage>> alignments;  // by witness indices
  // The pair's other stored passages, outside the spans: those of the family
  // (past a sentence that split the alignment, when the span took the other
  // part) and, near the spans, those of other texts the two share. The
  // changes of an edge are those of the family's passages, read with the
  // passages that continue them.
  std::map<std::pair<uint32_t, uint32_t>, std::vector<Passage>> family_elsewhere;
  std::map<std::pair<uint32_t, uint32_t>, std::vector<Passage>> elsewhere;
};

// Every grouped edge and every stored passage of the snapshot, read at once
// to build every tree: read per family, a passage is read again for each
// family either of its documents is in (9.5 M rows instead of 163 k on Q1).
struct ProvenanceReader::AllPassages {
  std::unordered_map<uint32_t, std::vector<provenance::FamilyEdge>> edges_by_family;
  // By a_document, each in (b_document, id) order as Catalogue::PassagesFrom.
  std::unordered_map<uint32_t, std::vector<PassageRecord>> from;
};

inline constexpr size_t kSnippetBytes = 160;
// From this many families, CopyEdges reads every passage at once.
inline constexpr size_t kReadAllFamilies = 4096;

// Sort key: dated before undated, then by date, then by id.
inline std::tuple<bool, std::string, uint32_t> AgeKey(const CorpusDocument& document) {
  return {!document.published_at.has_value(), document.published_at.value_or(""), document.id};
}

inline std::string Snippet(std::string_view text) {
  std::string snippet;
  for (char byte : text.substr(0, kSnippetBytes)) {
    snippet.push_back(byte == '\n' || byte == '\r' || byte == '\t' ? ' ' : byte);
  }
  // Never end inside a UTF-8 sequence.
  size_t end = snippet.size();
  if (text.size() > kSnippetBytes) {
    while (end > 0 && IsUtf8Continuation(snippet[end - 1])) --end;
    if (end > 0 && (static_cast<unsigned char>(snippet[end - 1]) & 0x80) != 0) --end;
  }
  snippet.resize(end);
  return snippet;
}

// A document's span in a family: the largest group of overlapping spans its
// passages give it (most passages, then most bytes), as one range.
inline ByteRange WitnessSpan(std::vector<ByteRange> spans) {
  std::sort(spans.begin(), spans.end(), [](ByteRange x, ByteRange y) {
    return std::tie(x.begin, x.end) < std::tie(y.begin, y.end);
  });
  ByteRange best;
  size_t best_count = 0;
  size_t index = 0;
  while (index < spans.size()) {
    ByteRange group = spans[index];
    size_t count = 0;
    // The first span always joins: an empty one (only a damaged catalogue has
    // them) would otherwise stop the loop forever (found by fuzz_corpus_files).
    while (index < spans.size() && (count == 0 || spans[index].begin < group.end)) {
      group.end = std::max(group.end, spans[index].end);
      ++count;
      ++index;
    }
    if (count > best_count || (count == best_count && group.size() > best.size())) {
      best = group;
      best_count = count;
    }
  }
  return best;
}

// A witness's attribution clauses are those this far around its family span
// and the passages that may continue it (Witness::reach): enough for the
// sentence a clause cut at the span's edge belongs to. The text is read this
// far around each block of it too (kAttributionBlock).
inline constexpr uint32_t kAttributionMargin = 600;

inline bool Overlaps(ByteRange x, ByteRange y) {
  return std::max(x.begin, y.begin) < std::min(x.end, y.end);
}

inline Passage Shifted(Passage passage, uint32_t a_shift, uint32_t b_shift) {
  passage.a.bytes = {passage.a.bytes.begin + a_shift, passage.a.bytes.end + a_shift};
  passage.b.bytes = {passage.b.bytes.begin + b_shift, passage.b.bytes.end + b_shift};
  for (Edit& edit : passage.edits) {
    edit.a = {edit.a.begin + a_shift, edit.a.end + a_shift};
    edit.b = {edit.b.begin + b_shift, edit.b.end + b_shift};
  }
  return passage;
}

inline std::string_view SpanText(const std::string& text, ByteRange span) {
  return std::string_view(text).substr(span.begin, span.size());
}

inline ByteRange Hull(ByteRange x, ByteRange y) {
  return {std::min(x.begin, y.begin), std::max(x.end, y.end)};
}

// Whether `passage` lies within provenance::kMaxNeighbourGap bytes of `span`:
// only then can it continue the family's text.
inline bool Near(ByteRange passage, ByteRange span) {
  return passage.begin <= span.end + provenance::kMaxNeighbourGap &&
         span.begin <= passage.end + provenance::kMaxNeighbourGap;
}

// How many of `clauses` (attributions of one side of a pair) lie mostly in
// that side's `span` yet are mostly not matched word for word by the other
// side: clauses one text has and the other lacks, which tell the copy tree
// which way the copying went.
inline uint32_t ClausesNotCarried(const std::vector<provenance::Attribution>& clauses,
                                  ByteRange span, const std::vector<Passage>& passages,
                                  bool first_side) {
  const auto overlap = [](ByteRange x, ByteRange y) -> uint32_t {
    const uint32_t begin = std::max(x.begin, y.begin);
    const uint32_t end = std::min(x.end, y.end);
    return end > begin ? end - begin : 0;
  };
  uint32_t missing = 0;
  for (const provenance::Attribution& attribution : clauses) {
    const ByteRange clause = attribution.clause;
    if (clause.size() == 0 || 2 * overlap(clause, span) < clause.size()) continue;
    uint32_t carried = 0;
    for (const Passage& passage : passages) {
      for (const Edit& edit : passage.edits) {
        if (edit.op == EditOp::kEqual) carried += overlap(clause, first_side ? edit.a : edit.b);
      }
    }
    missing += 2 * carried < clause.size();
  }
  return missing;
}

// The traced passages found directly in `source`.
inline std::vector<Passage> DirectPassages(const TraceResult& trace, uint32_t source) {
  std::vector<Passage> passages;
  for (const TracedPassage& traced : trace.passages) {
    if (traced.via == 0 && traced.source.id == source) passages.push_back(traced.passage);
  }
  return passages;
}

// Attribution clauses are found a block of a document at a time: the
// clauses that begin in the block, read with kAttributionMargin bytes of
// text either side of it (enough for the sentence a clause at its edge
// belongs to).
inline constexpr uint32_t kAttributionBlock = 4096;

inline size_t BlockCount(std::string_view text) {
  return (text.size() + kAttributionBlock - 1) / kAttributionBlock;
}

inline bool ContinuesCharacter(std::string_view text, size_t at) {
  return at < text.size() && IsUtf8Continuation(text[at]);
}

inline std::vector<provenance::Attribution> BlockAttributions(std::string_view text, size_t block) {
  const size_t block_begin = block * kAttributionBlock;
  const size_t block_end = std::min(text.size(), block_begin + kAttributionBlock);
  size_t begin = block_begin > kAttributionMargin ? block_begin - kAttributionMargin : 0;
  size_t end = std::min(text.size(), block_end + kAttributionMargin);
  while (ContinuesCharacter(text, begin)) ++begin;
  while (ContinuesCharacter(text, end)) ++end;
  std::vector<provenance::Attribution> found;
  for (provenance::Attribution& attribution :
       provenance::FindAttributions(text.substr(begin, end - begin))) {
    const auto shift = [&](ByteRange& range) {
      range.begin += static_cast<uint32_t>(begin);
      range.end += static_cast<uint32_t>(begin);
    };
    shift(attribution.clause);
    if (attribution.clause.begin < block_begin || attribution.clause.begin >= block_end) continue;
    shift(attribution.source);
    shift(attribution.cue);
    shift(attribution.quote);
    shift(attribution.other_party);
    found.push_back(std::move(attribution));
  }
  return found;
}

// The stretch of a witness's text whose attribution clauses it reads: its
// reach and kAttributionMargin bytes either side.
inline ByteRange AttributionWindow(std::string_view text, ByteRange reach) {
  const uint32_t begin = reach.begin > kAttributionMargin ? reach.begin - kAttributionMargin : 0;
  const auto end =
      static_cast<uint32_t>(std::min<size_t>(text.size(), size_t{reach.end} + kAttributionMargin));
  return {begin, std::max(begin, end)};
}

// Finds the blocks [first, last] of `text` that `blocks` lacks.
inline void FillBlocks(std::string_view text, size_t first, size_t last,
                       ProvenanceCache::DocumentAttributions& document) {
  document.blocks.resize(BlockCount(text));
  for (size_t block = first; block <= last && block < document.blocks.size(); ++block) {
    if (!document.blocks[block].has_value()) {
      document.blocks[block] = BlockAttributions(text, block);
    }
  }
}

// The blocks [first, last] holding `window` (first > last when it is empty).
inline std::pair<size_t, size_t> BlocksOf(ByteRange window) {
  if (window.size() == 0) return {1, 0};
  return {window.begin / kAttributionBlock, (window.end - 1) / kAttributionBlock};
}

// Finds the blocks of `text` that a witness reaching `reach` reads and
// `document` lacks.
inline void FillWindow(std::string_view text, ByteRange reach,
                       ProvenanceCache::DocumentAttributions& document) {
  const auto [first, last] = BlocksOf(AttributionWindow(text, reach));
  FillBlocks(text, first, last, document);
}

}  // namespace stemma::provenance

#endif  // STEMMA_PROVENANCE_READER_INTERNAL_H_
