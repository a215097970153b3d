#include "engine/provenance_reader.h"

#include <tbb/parallel_for.h>

#include <algorithm>
#include <cctype>
#include <map>
#include <numeric>
#include <set>
#include <tuple>

#include "engine/stored_records.h"
#include "provenance/attribution.h"
#include "provenance/changes.h"
#include "provenance/copied_text.h"
#include "provenance/copy_tree.h"
#include "provenance/reuse_families.h"
#include "stemma/text.h"
#include "store/sha256.h"

namespace stemma::engine {

// One document carrying a family's text.
struct ProvenanceReader::Witness {
  uint32_t document = 0;
  ByteRange span;
  std::shared_ptr<const store::StoredText> text;
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
  std::unordered_map<uint32_t, std::vector<store::PassageRecord>> from;
};

namespace {

constexpr size_t kSnippetBytes = 160;
// From this many families, CopyEdges reads every passage at once.
constexpr size_t kReadAllFamilies = 4096;

// Sort key: dated before undated, then by date, then by id.
std::tuple<bool, std::string, uint32_t> AgeKey(const CorpusDocument& document) {
  return {!document.published_at.has_value(), document.published_at.value_or(""), document.id};
}

std::string Snippet(std::string_view text) {
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
ByteRange WitnessSpan(std::vector<ByteRange> spans) {
  std::sort(spans.begin(), spans.end(), [](ByteRange x, ByteRange y) {
    return std::tie(x.begin, x.end) < std::tie(y.begin, y.end);
  });
  ByteRange best;
  size_t best_count = 0;
  size_t index = 0;
  while (index < spans.size()) {
    ByteRange group = spans[index];
    size_t count = 0;
    while (index < spans.size() && spans[index].begin < group.end) {
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
constexpr uint32_t kAttributionMargin = 600;

bool Overlaps(ByteRange x, ByteRange y) {
  return std::max(x.begin, y.begin) < std::min(x.end, y.end);
}

Passage Shifted(Passage passage, uint32_t a_shift, uint32_t b_shift) {
  passage.a.bytes = {passage.a.bytes.begin + a_shift, passage.a.bytes.end + a_shift};
  passage.b.bytes = {passage.b.bytes.begin + b_shift, passage.b.bytes.end + b_shift};
  for (Edit& edit : passage.edits) {
    edit.a = {edit.a.begin + a_shift, edit.a.end + a_shift};
    edit.b = {edit.b.begin + b_shift, edit.b.end + b_shift};
  }
  return passage;
}

std::string_view SpanText(const std::string& text, ByteRange span) {
  return std::string_view(text).substr(span.begin, span.size());
}

ByteRange Hull(ByteRange x, ByteRange y) {
  return {std::min(x.begin, y.begin), std::max(x.end, y.end)};
}

// Whether `passage` lies within provenance::kMaxNeighbourGap bytes of `span`:
// only then can it continue the family's text.
bool Near(ByteRange passage, ByteRange span) {
  return passage.begin <= span.end + provenance::kMaxNeighbourGap &&
         span.begin <= passage.end + provenance::kMaxNeighbourGap;
}

// How many of `clauses` (attributions of one side of a pair) lie mostly in
// that side's `span` yet are mostly not matched word for word by the other
// side: clauses one text has and the other lacks, which tell the copy tree
// which way the copying went.
uint32_t ClausesNotCarried(const std::vector<provenance::Attribution>& clauses, ByteRange span,
                           const std::vector<Passage>& passages, bool first_side) {
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
std::vector<Passage> DirectPassages(const TraceResult& trace, uint32_t source) {
  std::vector<Passage> passages;
  for (const TracedPassage& traced : trace.passages) {
    if (traced.via == 0 && traced.source.id == source) passages.push_back(traced.passage);
  }
  return passages;
}

}  // namespace

Status ProvenanceReader::CheckDeadline() const {
  if (deadline_.has_value() && std::chrono::steady_clock::now() > *deadline_) {
    return Status::DeadlineExceeded("the request ran past its deadline");
  }
  return Status::Ok();
}

Status ProvenanceReader::LoadDocuments() {
  if (!documents_.empty()) return Status::Ok();
  documents_.emplace_back();  // ids start at 1
  return catalogue_.ForEachDocument([this](const store::DocumentRecord& record) {
    documents_.resize(std::max<size_t>(documents_.size(), record.id + 1));
    documents_[record.id] = record;
    if (record.family != record.id) copies_[record.family].push_back(record.id);
    return Status::Ok();
  });
}

const store::DocumentRecord* ProvenanceReader::DocumentOf(uint32_t id) const {
  if (id >= documents_.size() || !documents_[id].has_value()) return nullptr;
  return &*documents_[id];
}

Result<ByteRange> ProvenanceReader::CopySpan(uint32_t first, uint32_t copy, ByteRange span) {
  auto link = links_.find(copy);
  if (link == links_.end()) {
    STEMMA_ASSIGN_OR_RETURN(std::optional<store::PassageRecord> stored,
                            catalogue_.PassageBetween(first, copy));
    std::optional<Passage> passage;
    if (stored.has_value()) passage = std::move(stored->passage);
    link = links_.emplace(copy, std::move(passage)).first;
  }
  if (!link->second.has_value()) return ByteRange{};
  return ByteRange{MapOffset(span.begin, *link->second), MapOffset(span.end, *link->second)};
}

Result<ProvenanceReader::AllPassages> ProvenanceReader::ReadAllPassages() {
  AllPassages all;
  STEMMA_ASSIGN_OR_RETURN(std::vector<provenance::FamilyEdge> edges, catalogue_.AllEdges());
  for (provenance::FamilyEdge& edge : edges) {
    all.edges_by_family[static_cast<uint32_t>(edge.family)].push_back(edge);
  }
  STEMMA_RETURN_IF_ERROR(catalogue_.ForEachPassage([&](const store::PassageRecord& record) {
    all.from[record.a_document].push_back(record);
    return Status::Ok();
  }));
  for (auto& [document, passages] : all.from) {
    std::sort(passages.begin(), passages.end(),
              [](const store::PassageRecord& x, const store::PassageRecord& y) {
                return std::pair(x.b_document, x.id) < std::pair(y.b_document, y.id);
              });
  }
  return all;
}

Result<ProvenanceReader::FamilyData> ProvenanceReader::Collect(uint32_t family,
                                                               const AllPassages* all) {
  STEMMA_RETURN_IF_ERROR(LoadDocuments());
  // The family's spans only: the passages themselves (edit scripts and all)
  // are read once, below, for every pair of witnesses.
  std::vector<provenance::FamilyEdge> read_edges;
  const std::vector<provenance::FamilyEdge>* edges = &read_edges;
  if (all != nullptr) {
    const auto found = all->edges_by_family.find(family);
    if (found != all->edges_by_family.end()) edges = &found->second;
  } else {
    STEMMA_ASSIGN_OR_RETURN(read_edges, catalogue_.EdgesOfFamily(family));
  }
  if (edges->empty()) return Status::NotFound("no reuse family " + std::to_string(family));
  std::map<uint32_t, std::vector<ByteRange>> spans;
  for (const provenance::FamilyEdge& edge : *edges) {
    spans[edge.a_document].push_back(edge.a);
    spans[edge.b_document].push_back(edge.b);
  }
  FamilyData data;
  std::unordered_map<uint32_t, uint32_t> index_of;
  for (const auto& [document, ranges] : spans) {
    index_of[document] = static_cast<uint32_t>(data.witnesses.size());
    const ByteRange span = WitnessSpan(ranges);
    data.witnesses.push_back({document, span, nullptr, 0, span});
  }
  // How the witnesses align: every stored passage between two of them over
  // their spans, including those grouped in another family (a pair whose
  // alignment an inserted sentence cut in two may have a piece in a nested
  // family).
  for (const Witness& witness : data.witnesses) {
    STEMMA_RETURN_IF_ERROR(CheckDeadline());
    std::vector<store::PassageRecord> read_from;
    const std::vector<store::PassageRecord>* from = &read_from;
    if (all != nullptr) {
      const auto found = all->from.find(witness.document);
      if (found != all->from.end()) from = &found->second;
    } else {
      STEMMA_ASSIGN_OR_RETURN(read_from, catalogue_.PassagesFrom(witness.document));
    }
    for (const store::PassageRecord& record : *from) {
      const auto later = index_of.find(record.b_document);
      if (later == index_of.end()) continue;
      const uint32_t a = index_of[record.a_document];
      const uint32_t b = later->second;
      const ByteRange a_span = data.witnesses[a].span;
      const ByteRange b_span = data.witnesses[b].span;
      if (Overlaps(record.passage.a.bytes, a_span) && Overlaps(record.passage.b.bytes, b_span)) {
        data.alignments[{a, b}].push_back(record.passage);
        continue;
      }
      const bool near =
          Near(record.passage.a.bytes, a_span) && Near(record.passage.b.bytes, b_span);
      if (record.family != family && !near) continue;  // no continuation of the spans
      data.witnesses[a].reach = Hull(data.witnesses[a].reach, record.passage.a.bytes);
      data.witnesses[b].reach = Hull(data.witnesses[b].reach, record.passage.b.bytes);
      auto& passages = record.family == family ? data.family_elsewhere : data.elsewhere;
      passages[{a, b}].push_back(record.passage);
    }
  }
  // Copies in a duplicate family are aligned with its first document only:
  // where that is a witness too, their spans reach the edges its span does.
  for (Witness& witness : data.witnesses) {
    const uint32_t first = DocumentOf(witness.document)->family;
    const auto found = index_of.find(first);
    if (first != witness.document && found != index_of.end()) witness.copy_of = found->second;
  }
  // Copies of a witness that are not witnesses themselves carry its span too.
  const size_t stored_witnesses = data.witnesses.size();
  for (size_t index = 0; index < stored_witnesses; ++index) {
    const Witness first = data.witnesses[index];
    const auto copies = copies_.find(first.document);
    if (copies == copies_.end()) continue;
    for (uint32_t copy : copies->second) {
      if (index_of.contains(copy)) continue;
      STEMMA_ASSIGN_OR_RETURN(const ByteRange span, CopySpan(first.document, copy, first.span));
      if (span.size() == 0) continue;
      index_of[copy] = static_cast<uint32_t>(data.witnesses.size());
      data.witnesses.push_back({copy, span, nullptr, 0, span, static_cast<uint32_t>(index)});
    }
  }
  return data;
}

namespace {

// Whether `text` has no word character (ASCII letter or digit, or any
// non-ASCII byte) in [begin, end).
bool NoWords(std::string_view text, size_t begin, size_t end) {
  for (size_t at = begin; at < end && at < text.size(); ++at) {
    const auto byte = static_cast<unsigned char>(text[at]);
    if (byte >= 0x80 || std::isalnum(byte)) return false;
  }
  return true;
}

}  // namespace

// A copy's span comes from its alignment with its first document (the only
// one it was aligned with when stored), so it stops where the first's does. Where the first's
// family text runs to an edge of the first (nothing before or after it but punctuation), the copy's
// runs to the same edge of the copy: whatever the copy has there beyond the first (a headline the
// first cut) is the copy's text of the family, as it would be for a witness whose span its own
// passages gave.
void ProvenanceReader::ReachEdgesLikeFirst(const Witness& first, Witness& copy) {
  const std::string& first_text = first.text->text;
  const std::string& copy_text = copy.text->text;
  if (NoWords(first_text, 0, first.span.begin)) copy.span.begin = 0;
  if (NoWords(first_text, first.span.end, first_text.size())) {
    copy.span.end = static_cast<uint32_t>(copy_text.size());
  }
  copy.reach = Hull(copy.reach, copy.span);
}

Status ProvenanceReader::AlignUnindexedPairs(FamilyData& data) {
  std::vector<Witness>& witnesses = data.witnesses;
  std::vector<std::vector<Token>> span_tokens(witnesses.size());
  std::vector<std::string_view> span_texts(witnesses.size());
  for (Witness& witness : witnesses) {
    STEMMA_ASSIGN_OR_RETURN(witness.text, texts_(witness.document));
  }
  for (Witness& witness : witnesses) {
    if (witness.copy_of.has_value()) ReachEdgesLikeFirst(witnesses[*witness.copy_of], witness);
  }
  for (size_t index = 0; index < witnesses.size(); ++index) {
    const std::string& text = witnesses[index].text->text;
    witnesses[index].span.end = std::min<uint32_t>(witnesses[index].span.end, text.size());
    witnesses[index].span.begin = std::min(witnesses[index].span.begin, witnesses[index].span.end);
    span_texts[index] = SpanText(text, witnesses[index].span);
    span_tokens[index] = Tokenize(span_texts[index]).tokens;
    witnesses[index].tokens = static_cast<uint32_t>(span_tokens[index].size());
  }
  // Copies in a duplicate family are aligned with its first document only,
  // when stored: pairs with one of them and no stored passage are aligned now.
  const auto unindexed = [&](const Witness& witness) {
    return DocumentOf(witness.document)->family != witness.document;
  };
  for (uint32_t i = 0; i < witnesses.size(); ++i) {
    STEMMA_RETURN_IF_ERROR(CheckDeadline());
    for (uint32_t j = i + 1; j < witnesses.size(); ++j) {
      if (!unindexed(witnesses[i]) && !unindexed(witnesses[j])) continue;
      std::vector<Passage>& aligned = data.alignments[{i, j}];
      if (!aligned.empty()) continue;
      STEMMA_ASSIGN_OR_RETURN(
          std::vector<Passage> found,
          CompareTokens(span_tokens[i], span_tokens[j], compare_, span_texts[i], span_texts[j]));
      for (Passage& passage : found) {
        aligned.push_back(
            Shifted(std::move(passage), witnesses[i].span.begin, witnesses[j].span.begin));
      }
    }
  }
  return Status::Ok();
}

std::vector<Change> ProvenanceReader::DescribeEdge(
    const FamilyData& data, size_t parent, size_t child,
    const std::vector<std::vector<provenance::Attribution>>& attributions) const {
  const auto low = static_cast<uint32_t>(std::min(parent, child));
  const auto high = static_cast<uint32_t>(std::max(parent, child));
  // The family's passages of the pair, read with those of the pair that
  // continue them (an inserted sentence between two is this edge's change).
  const auto oriented = [&](const auto& by_pair) {
    std::vector<Passage> passages;
    const auto found = by_pair.find({low, high});
    if (found == by_pair.end()) return passages;
    for (const Passage& passage : found->second) {
      passages.push_back(parent == low ? passage : ReversePassage(passage));
    }
    return passages;
  };
  std::vector<Passage> family = oriented(data.alignments);
  const std::vector<Passage> family_elsewhere = oriented(data.family_elsewhere);
  family.insert(family.end(), family_elsewhere.begin(), family_elsewhere.end());
  std::vector<Passage> pair = oriented(data.elsewhere);
  pair.insert(pair.end(), family.begin(), family.end());
  const std::vector<Passage> around = provenance::CopiedTextAround(pair, family);
  const Witness& from = data.witnesses[parent];
  const Witness& to = data.witnesses[child];
  return provenance::ChangesAt(
      provenance::DescribeChanges(
          {from.document, from.text->text, DocumentOf(from.document)->title}, attributions[parent],
          {to.document, to.text->text, DocumentOf(to.document)->title}, attributions[child],
          around),
      around, family);
}

namespace {

// Parents before children; roots, and the children of each, oldest first.
std::vector<FamilyNode> ParentsFirst(std::vector<FamilyNode> nodes) {
  std::vector<size_t> order(nodes.size());
  std::iota(order.begin(), order.end(), size_t{0});
  std::sort(order.begin(), order.end(), [&](size_t x, size_t y) {
    return AgeKey(nodes[x].document) < AgeKey(nodes[y].document);
  });
  std::unordered_map<uint32_t, std::vector<size_t>> children;
  std::vector<size_t> stack;  // depth first, so pushed youngest first
  for (auto it = order.rbegin(); it != order.rend(); ++it) {
    if (nodes[*it].parent.has_value()) {
      children[*nodes[*it].parent].push_back(*it);
    } else {
      stack.push_back(*it);
    }
  }
  std::vector<FamilyNode> ordered;
  std::vector<bool> placed(nodes.size(), false);
  while (!stack.empty()) {
    const size_t next = stack.back();
    stack.pop_back();
    if (placed[next]) continue;
    placed[next] = true;
    ordered.push_back(nodes[next]);
    const auto kids = children.find(nodes[next].document.id);
    if (kids != children.end()) stack.insert(stack.end(), kids->second.begin(), kids->second.end());
  }
  for (size_t index = 0; index < nodes.size(); ++index) {
    if (!placed[index]) ordered.push_back(nodes[index]);  // never: ChooseParents makes a forest
  }
  return ordered;
}

}  // namespace

namespace {

std::string Shortened(const std::string& text) {
  constexpr size_t kLongest = 60;
  if (text.size() <= kLongest) return text;
  size_t end = kLongest;
  while (end > 0 && IsUtf8Continuation(text[end])) --end;
  return text.substr(0, end) + "...";
}

// Whether the parent's bytes `range` (a point when empty) are copied as they
// are by the child: inside equal text of their alignment (parent side).
bool CopiedByChild(const std::vector<Passage>& alignment, ByteRange range) {
  uint32_t equal = 0;
  for (const Passage& passage : alignment) {
    for (const Edit& edit : passage.edits) {
      if (edit.op != EditOp::kEqual) continue;
      if (range.size() == 0 && edit.a.begin < range.begin && range.begin < edit.a.end) return true;
      const uint32_t begin = std::max(edit.a.begin, range.begin);
      const uint32_t end = std::min(edit.a.end, range.end);
      equal += end > begin ? end - begin : 0;
    }
  }
  return range.size() > 0 && 2 * equal >= range.size();
}

}  // namespace

// The edits of `parent` (its changes from its own parent) that `child`
// carries too, named: inherited edits are the evidence of descent.
std::string ProvenanceReader::InheritedEdits(const FamilyData& data,
                                             const std::vector<Change>& parent_changes,
                                             size_t parent, size_t child) const {
  const auto low = static_cast<uint32_t>(std::min(parent, child));
  const auto high = static_cast<uint32_t>(std::max(parent, child));
  const auto found = data.alignments.find({low, high});
  if (found == data.alignments.end()) return "";
  std::vector<Passage> alignment;
  for (const Passage& passage : found->second) {
    alignment.push_back(parent == low ? passage : ReversePassage(passage));
  }
  constexpr size_t kNamed = 3;
  std::vector<std::string> named;
  size_t carried = 0;
  for (const Change& change : parent_changes) {
    if (!CopiedByChild(alignment, change.child.bytes)) continue;
    if (++carried > kNamed) continue;
    if (change.kind == ChangeKind::kAttributionDropped) {
      named.push_back("dropped \"" + Shortened(change.parent.text) + "\"");
    } else {
      named.push_back(std::string(ChangeKindName(change.kind)) + " \"" +
                      Shortened(change.parent.text) + "\" -> \"" + Shortened(change.child.text) +
                      "\"");
    }
  }
  std::string text;
  for (const std::string& phrase : named) text += (text.empty() ? "" : "; ") + phrase;
  if (carried > kNamed) text += " and " + std::to_string(carried - kNamed) + " more";
  return text;
}

namespace {

// Attribution clauses are found a block of a document at a time: the
// clauses that begin in the block, read with kAttributionMargin bytes of
// text either side of it (enough for the sentence a clause at its edge
// belongs to).
constexpr uint32_t kAttributionBlock = 4096;

size_t BlockCount(std::string_view text) {
  return (text.size() + kAttributionBlock - 1) / kAttributionBlock;
}

bool ContinuesCharacter(std::string_view text, size_t at) {
  return at < text.size() && IsUtf8Continuation(text[at]);
}

std::vector<provenance::Attribution> BlockAttributions(std::string_view text, size_t block) {
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
ByteRange AttributionWindow(std::string_view text, ByteRange reach) {
  const uint32_t begin = reach.begin > kAttributionMargin ? reach.begin - kAttributionMargin : 0;
  const auto end =
      static_cast<uint32_t>(std::min<size_t>(text.size(), size_t{reach.end} + kAttributionMargin));
  return {begin, std::max(begin, end)};
}

// Finds the blocks [first, last] of `text` that `blocks` lacks.
void FillBlocks(std::string_view text, size_t first, size_t last,
                ProvenanceCache::DocumentAttributions& document) {
  document.blocks.resize(BlockCount(text));
  for (size_t block = first; block <= last && block < document.blocks.size(); ++block) {
    if (!document.blocks[block].has_value()) {
      document.blocks[block] = BlockAttributions(text, block);
    }
  }
}

// The blocks [first, last] holding `window` (first > last when it is empty).
std::pair<size_t, size_t> BlocksOf(ByteRange window) {
  if (window.size() == 0) return {1, 0};
  return {window.begin / kAttributionBlock, (window.end - 1) / kAttributionBlock};
}

}  // namespace

void ProvenanceReader::AnalyseAttributions(const std::vector<Witness>& witnesses) {
  for (const Witness& witness : witnesses) {
    const std::string_view text = witness.text->text;
    const auto [first, last] = BlocksOf(AttributionWindow(text, witness.reach));
    FillBlocks(text, first, last, cache_->attributions[witness.document]);
  }
}

Status ProvenanceReader::AnalyseAllAttributions() {
  // Every entry made first, so that the parallel loop changes values only.
  std::vector<ProvenanceCache::DocumentAttributions*> entries;
  std::vector<uint32_t> documents;
  for (const auto& record : documents_) {
    if (!record.has_value()) continue;
    documents.push_back(record->id);
    entries.push_back(&cache_->attributions[record->id]);
  }
  std::vector<Status> read(documents.size(), Status::Ok());
  tbb::parallel_for(size_t{0}, documents.size(), [&](size_t index) {
    Result<std::shared_ptr<const store::StoredText>> text = texts_(documents[index]);
    if (!text.ok()) {
      read[index] = text.status();
      return;
    }
    FillBlocks((*text)->text, 0, BlockCount((*text)->text), *entries[index]);
  });
  for (const Status& status : read) STEMMA_RETURN_IF_ERROR(status);
  return Status::Ok();
}

std::vector<provenance::Attribution> ProvenanceReader::AttributionsNear(
    const Witness& witness) const {
  const ByteRange window = AttributionWindow(witness.text->text, witness.reach);
  const auto& blocks = cache_->attributions.at(witness.document).blocks;
  const auto [first, last] = BlocksOf(window);
  std::vector<provenance::Attribution> near;
  for (size_t block = first; block <= last && block < blocks.size(); ++block) {
    for (const provenance::Attribution& attribution : *blocks[block]) {
      if (attribution.clause.begin >= window.begin && attribution.clause.end <= window.end) {
        near.push_back(attribution);
      }
    }
  }
  return near;
}

Result<FamilyTree> ProvenanceReader::BuildTree(uint32_t family, FamilyData& data) {
  STEMMA_RETURN_IF_ERROR(AlignUnindexedPairs(data));
  AnalyseAttributions(data.witnesses);
  return TreeOf(family, data);
}

Result<FamilyTree> ProvenanceReader::TreeOf(uint32_t family, const FamilyData& data) const {
  const std::vector<Witness>& witnesses = data.witnesses;
  std::vector<provenance::Witness> tree_witnesses;
  for (const Witness& witness : witnesses) {
    const store::DocumentRecord* record = DocumentOf(witness.document);
    tree_witnesses.push_back(
        {witness.document, record->published_at, witness.tokens, record->sha256});
  }
  std::vector<std::vector<provenance::Attribution>> attributions;
  for (const Witness& witness : witnesses) {
    attributions.push_back(AttributionsNear(witness));
  }
  std::vector<provenance::WitnessPair> pairs;
  for (const auto& [key, aligned] : data.alignments) {
    if (aligned.empty()) continue;
    provenance::WitnessPair pair = provenance::SummarisePair(key.first, key.second, aligned);
    pair.first_only_attributions =
        ClausesNotCarried(attributions[key.first], witnesses[key.first].span, aligned, true);
    pair.second_only_attributions =
        ClausesNotCarried(attributions[key.second], witnesses[key.second].span, aligned, false);
    pairs.push_back(pair);
  }
  const std::vector<provenance::ParentChoice> parents =
      provenance::ChooseParents(tree_witnesses, pairs);
  std::vector<FamilyNode> nodes(witnesses.size());
  for (size_t index = 0; index < witnesses.size(); ++index) {
    FamilyNode& node = nodes[index];
    node.document = ToCorpusDocument(*DocumentOf(witnesses[index].document));
    node.span = witnesses[index].span;
    node.confidence = parents[index].confidence;
    node.unseen_source = parents[index].unseen_source;
    node.evidence = parents[index].evidence;
    const int32_t parent = parents[index].parent;
    if (parent < 0) continue;
    node.parent = witnesses[parent].document;
    STEMMA_RETURN_IF_ERROR(CheckDeadline());
    node.changes = DescribeEdge(data, static_cast<size_t>(parent), index, attributions);
  }
  for (size_t index = 0; index < witnesses.size(); ++index) {
    const int32_t parent = parents[index].parent;
    if (parent < 0 || parents[parent].parent < 0) continue;
    const std::string inherited = InheritedEdits(data, nodes[parent].changes, parent, index);
    if (!inherited.empty()) {
      nodes[index].evidence.push_back("inherits doc " + std::to_string(nodes[parent].document.id) +
                                      "'s edits: " + inherited);
    }
  }
  return FamilyTree{family, ParentsFirst(std::move(nodes))};
}

Result<FamilyTree> ProvenanceReader::Tree(uint32_t family) {
  STEMMA_ASSIGN_OR_RETURN(FamilyData data, Collect(family));
  return BuildTree(family, data);
}

Result<std::vector<FamilySummary>> ProvenanceReader::Families(size_t limit) {
  STEMMA_ASSIGN_OR_RETURN(FamilyPage page, FamilyList(0, limit));
  return std::move(page.families);
}

Result<FamilyPage> ProvenanceReader::FamilyList(size_t offset, size_t limit) {
  STEMMA_RETURN_IF_ERROR(RankOnce());
  const std::vector<FamilySummary>& all = *cache_->families;
  FamilyPage page;
  page.total = all.size();
  const size_t begin = std::min(offset, all.size());
  const size_t end = limit == 0 ? all.size() : std::min(all.size(), begin + limit);
  STEMMA_RETURN_IF_ERROR(FillSnippets(begin, end));
  page.families.assign(all.begin() + begin, all.begin() + end);
  return page;
}

Result<std::vector<FamilySummary>> ProvenanceReader::RankFamilies() {
  STEMMA_RETURN_IF_ERROR(LoadDocuments());
  STEMMA_RETURN_IF_ERROR(CheckDeadline());
  // Grouped edges come ordered by family: each family is one stretch.
  STEMMA_ASSIGN_OR_RETURN(const std::vector<provenance::FamilyEdge> edges, catalogue_.AllEdges());
  struct Listed {
    FamilySummary summary;
    size_t first_edge = 0, end_edge = 0;
    uint32_t oldest = 0;
  };
  std::vector<Listed> families;
  for (size_t begin = 0; begin < edges.size();) {
    size_t end = begin;
    std::set<uint32_t> all;
    std::vector<uint32_t> span_bytes;
    while (end < edges.size() && edges[end].family == edges[begin].family) {
      all.insert(edges[end].a_document);
      all.insert(edges[end].b_document);
      span_bytes.push_back(edges[end].a.size());
      span_bytes.push_back(edges[end].b.size());
      ++end;
    }
    std::nth_element(span_bytes.begin(), span_bytes.begin() + span_bytes.size() / 2,
                     span_bytes.end());
    // Copies of a member carry the family's text where their alignment with
    // it maps the member's span (Tree() counts them the same way).
    for (uint32_t document : std::set<uint32_t>(all)) {
      const auto copies = copies_.find(document);
      if (copies == copies_.end()) continue;
      std::vector<ByteRange> spans;
      for (size_t edge = begin; edge < end; ++edge) {
        if (edges[edge].a_document == document) spans.push_back(edges[edge].a);
        if (edges[edge].b_document == document) spans.push_back(edges[edge].b);
      }
      const ByteRange span = WitnessSpan(spans);
      for (uint32_t copy : copies->second) {
        STEMMA_ASSIGN_OR_RETURN(const ByteRange mapped, CopySpan(document, copy, span));
        if (mapped.size() > 0) all.insert(copy);
      }
    }
    std::vector<const store::DocumentRecord*> records;
    for (uint32_t document : all) {
      if (const store::DocumentRecord* record = DocumentOf(document)) records.push_back(record);
    }
    std::sort(records.begin(), records.end(), [](const auto* x, const auto* y) {
      return std::make_tuple(!x->published_at.has_value(), x->published_at.value_or(""), x->id) <
             std::make_tuple(!y->published_at.has_value(), y->published_at.value_or(""), y->id);
    });
    Listed listed;
    listed.summary.id = static_cast<uint32_t>(edges[begin].family);
    listed.summary.size = static_cast<uint32_t>(records.size());
    listed.summary.median_span_bytes = span_bytes[span_bytes.size() / 2];
    for (const store::DocumentRecord* record : records) {
      if (!record->outlet.empty() &&
          std::find(listed.summary.outlets.begin(), listed.summary.outlets.end(), record->outlet) ==
              listed.summary.outlets.end()) {
        listed.summary.outlets.push_back(record->outlet);
      }
      if (record->published_at.has_value()) {
        if (!listed.summary.first_published.has_value()) {
          listed.summary.first_published = record->published_at;
        }
        listed.summary.last_published = record->published_at;
      }
    }
    listed.first_edge = begin;
    listed.end_edge = end;
    listed.oldest = records.empty() ? 0 : records.front()->id;
    families.push_back(std::move(listed));
    begin = end;
  }
  std::sort(families.begin(), families.end(), [](const Listed& x, const Listed& y) {
    if (x.summary.size != y.summary.size) return x.summary.size > y.summary.size;
    const auto key = [](const FamilySummary& f) {
      return std::make_tuple(!f.first_published.has_value(), f.first_published.value_or(""), f.id);
    };
    return key(x.summary) < key(y.summary);
  });
  std::vector<FamilySummary> summaries;
  cache_->snippet_sources.clear();
  for (Listed& listed : families) {
    // The snippet: the family's text in its oldest document (in the first
    // document of its duplicate family when the oldest is a copy).
    const store::DocumentRecord* oldest = DocumentOf(listed.oldest);
    uint32_t source = listed.oldest;
    std::vector<ByteRange> spans;
    for (int attempt = 0; attempt < 2 && spans.empty(); ++attempt) {
      if (attempt == 1 && oldest != nullptr) source = oldest->family;
      for (size_t edge = listed.first_edge; edge < listed.end_edge; ++edge) {
        if (edges[edge].a_document == source) spans.push_back(edges[edge].a);
        if (edges[edge].b_document == source) spans.push_back(edges[edge].b);
      }
    }
    // The text is read only when the family is listed (FillSnippets).
    cache_->snippet_sources.push_back(
        {source, spans.empty() ? ByteRange{} : WitnessSpan(spans), spans.empty()});
    summaries.push_back(std::move(listed.summary));
  }
  return summaries;
}

Status ProvenanceReader::RankOnce() {
  if (cache_->families.has_value()) return Status::Ok();
  STEMMA_ASSIGN_OR_RETURN(std::vector<FamilySummary> all, RankFamilies());
  cache_->families = std::move(all);
  return Status::Ok();
}

Status ProvenanceReader::FillSnippets(size_t begin, size_t end) {
  std::vector<FamilySummary>& all = *cache_->families;
  for (size_t index = begin; index < end; ++index) {
    if (index % 64 == 0) STEMMA_RETURN_IF_ERROR(CheckDeadline());
    ProvenanceCache::SnippetSource& source = cache_->snippet_sources[index];
    if (source.filled) continue;
    STEMMA_ASSIGN_OR_RETURN(auto text, texts_(source.document));
    ByteRange span = source.span;
    span.end = std::min<uint32_t>(span.end, text->text.size());
    span.begin = std::min(span.begin, span.end);
    all[index].snippet = Snippet(SpanText(text->text, span));
    source.filled = true;
  }
  return Status::Ok();
}

Result<Report> ProvenanceReader::ReportOn(std::string_view text, std::string_view title,
                                          const TraceResult& trace) {
  STEMMA_RETURN_IF_ERROR(LoadDocuments());
  Report report;
  report.characters = trace.characters;

  // The article itself, when it is stored: it is then a witness of its own
  // families, and its own passages are not sources.
  std::set<uint32_t> itself;
  const std::string sha256 = store::Sha256Hex(text);
  STEMMA_ASSIGN_OR_RETURN(const std::vector<store::ShaMatch> same, catalogue_.FindBySha256(sha256));
  for (const store::ShaMatch& match : same) itself.insert(match.id);
  if (!itself.empty()) report.article = *itself.begin();
  const std::vector<provenance::Attribution> article_attributions =
      provenance::FindAttributions(text);

  // Traced passages found directly (copies come in through the trees), by
  // the family of their source span.
  struct Found {
    const TracedPassage* traced;
    uint32_t family;
  };
  std::vector<Found> found;
  for (const TracedPassage& traced : trace.passages) {
    if (traced.via != 0 || itself.contains(traced.source.id)) continue;
    STEMMA_RETURN_IF_ERROR(CheckDeadline());
    STEMMA_ASSIGN_OR_RETURN(const std::vector<provenance::FamilyEdge> edges,
                            catalogue_.EdgesOfDocument(traced.source.id));
    uint32_t family = 0;
    uint32_t best_overlap = 0;
    for (const provenance::FamilyEdge& edge : edges) {
      const ByteRange span = edge.a_document == traced.source.id ? edge.a : edge.b;
      const uint32_t begin = std::max(span.begin, traced.passage.a.bytes.begin);
      const uint32_t end = std::min(span.end, traced.passage.a.bytes.end);
      if (end > begin && end - begin > best_overlap && edge.family != 0) {
        best_overlap = end - begin;
        family = static_cast<uint32_t>(edge.family);
      }
    }
    found.push_back({&traced, family});
  }
  // One report passage per stretch of the article: overlapping query ranges
  // of one family are one passage, told through its closest source.
  std::sort(found.begin(), found.end(), [](const Found& x, const Found& y) {
    return std::make_tuple(x.traced->passage.b.bytes.begin, x.family, x.traced->source.id) <
           std::make_tuple(y.traced->passage.b.bytes.begin, y.family, y.traced->source.id);
  });
  std::map<uint32_t, FamilyTree> trees;
  std::vector<bool> used(found.size(), false);
  for (size_t first = 0; first < found.size(); ++first) {
    if (used[first]) continue;
    ByteRange query = found[first].traced->passage.b.bytes;
    const Found* closest = &found[first];
    for (size_t other = first; other < found.size(); ++other) {
      const Found& candidate = found[other];
      if (used[other] || candidate.family != found[first].family) continue;
      if (!Overlaps(candidate.traced->passage.b.bytes, query)) continue;
      used[other] = true;
      query.begin = std::min(query.begin, candidate.traced->passage.b.bytes.begin);
      query.end = std::max(query.end, candidate.traced->passage.b.bytes.end);
      const Passage& best = closest->traced->passage;
      const Passage& next = candidate.traced->passage;
      if (std::make_tuple(next.matched_tokens, next.identity) >
          std::make_tuple(best.matched_tokens, best.identity)) {
        closest = &candidate;
      }
    }
    ReportPassage passage;
    passage.query = query;
    passage.family = closest->family;
    const CorpusDocument& nearest = closest->traced->source;
    // The chain: from the family tree's root down to the article when it is
    // a witness, or to the closest source otherwise.
    std::vector<const FamilyNode*> path;
    if (closest->family != 0) {
      auto tree = trees.find(closest->family);
      if (tree == trees.end()) {
        STEMMA_ASSIGN_OR_RETURN(FamilyTree built, Tree(closest->family));
        tree = trees.emplace(closest->family, std::move(built)).first;
      }
      std::unordered_map<uint32_t, const FamilyNode*> by_id;
      for (const FamilyNode& node : tree->second.nodes) by_id[node.document.id] = &node;
      uint32_t end = nearest.id;
      for (uint32_t document : itself) {
        if (by_id.contains(document)) end = document;
      }
      for (const FamilyNode* node = by_id.contains(end) ? by_id[end] : nullptr; node != nullptr;
           node = node->parent.has_value() && by_id.contains(*node->parent) ? by_id[*node->parent]
                                                                            : nullptr) {
        path.push_back(node);
        if (path.size() > by_id.size()) break;  // never: the tree has no cycles
      }
      std::reverse(path.begin(), path.end());
    }
    if (path.empty()) {
      passage.earliest_source = nearest;
      passage.source = closest->traced->passage.a.bytes;
      passage.chain.push_back(nearest);
    } else {
      passage.earliest_source = path.front()->document;
      passage.source = path.front()->span;
      for (const FamilyNode* node : path) {
        passage.chain.push_back(node->document);
        if (node != path.front()) {
          passage.changes.insert(passage.changes.end(), node->changes.begin(), node->changes.end());
        }
      }
    }
    if (passage.chain.back().id == nearest.id && !itself.contains(passage.chain.back().id)) {
      // The last step: from the closest source to the article, read with the
      // passages of the two that continue this one.
      STEMMA_ASSIGN_OR_RETURN(auto source_text, texts_(nearest.id));
      const std::vector<Passage> focus{closest->traced->passage};
      const std::vector<Passage> around =
          provenance::CopiedTextAround(DirectPassages(trace, nearest.id), focus);
      const std::vector<Change> last = provenance::ChangesAt(
          provenance::DescribeChanges({nearest.id, source_text->text, nearest.title},
                                      provenance::FindAttributions(source_text->text),
                                      {0, text, title}, article_attributions, around),
          around, focus);
      passage.changes.insert(passage.changes.end(), last.begin(), last.end());
    }
    report.passages.push_back(std::move(passage));
  }
  std::sort(report.passages.begin(), report.passages.end(),
            [](const ReportPassage& x, const ReportPassage& y) {
              return std::tie(x.query.begin, x.query.end) < std::tie(y.query.begin, y.query.end);
            });
  // Coverage by the reported passages (the article's own stored copy, which
  // the trace also finds, is not a source).
  uint32_t reached = 0;
  for (const ReportPassage& passage : report.passages) {
    const uint32_t begin = std::max(passage.query.begin, reached);
    if (passage.query.end > begin) {
      report.covered_characters += CountCodePoints(text.substr(begin, passage.query.end - begin));
    }
    reached = std::max(reached, passage.query.end);
  }
  return report;
}

Result<std::vector<store::CopyEdgeRecord>> ProvenanceReader::CopyEdges(
    const std::vector<uint32_t>& families,
    const std::function<void(uint64_t done, uint64_t total)>& on_progress) {
  STEMMA_RETURN_IF_ERROR(LoadDocuments());
  // Most of a corpus's families: every passage read once and every
  // document's clauses found at once (per family, a passage is read again for
  // each family either of its documents is in).
  std::optional<AllPassages> all;
  if (families.size() >= kReadAllFamilies) {
    STEMMA_ASSIGN_OR_RETURN(all, ReadAllPassages());
    STEMMA_RETURN_IF_ERROR(AnalyseAllAttributions());
  }
  // The catalogue is one connection: families are read one after another,
  // their trees built in parallel (texts come through the thread-safe
  // loader), a chunk at a time so that memory stays bounded.
  constexpr size_t kChunk = 256;
  std::vector<store::CopyEdgeRecord> edges;
  for (size_t begin = 0; begin < families.size(); begin += kChunk) {
    STEMMA_RETURN_IF_ERROR(CheckDeadline());
    const size_t end = std::min(families.size(), begin + kChunk);
    std::vector<FamilyData> data;
    for (size_t index = begin; index < end; ++index) {
      STEMMA_ASSIGN_OR_RETURN(FamilyData collected,
                              Collect(families[index], all.has_value() ? &*all : nullptr));
      data.push_back(std::move(collected));
    }
    std::vector<Status> aligned(data.size(), Status::Ok());
    tbb::parallel_for(size_t{0}, data.size(),
                      [&](size_t index) { aligned[index] = AlignUnindexedPairs(data[index]); });
    for (const Status& status : aligned) STEMMA_RETURN_IF_ERROR(status);
    if (!all.has_value()) PrepareAttributions(data);
    std::vector<Result<FamilyTree>> built(data.size(), Status::Ok());
    tbb::parallel_for(size_t{0}, data.size(), [&](size_t index) {
      built[index] = TreeOf(families[begin + index], data[index]);
    });
    for (Result<FamilyTree>& tree : built) {
      if (!tree.ok()) return tree.status();
      for (const FamilyNode& node : tree->nodes) {
        if (!node.parent.has_value()) continue;
        const bool dropped = std::any_of(
            node.changes.begin(), node.changes.end(),
            [](const Change& change) { return change.kind == ChangeKind::kAttributionDropped; });
        edges.push_back({tree->id, node.document.id, *node.parent, node.span, dropped});
      }
    }
    if (on_progress) on_progress(end, families.size());
  }
  return edges;
}

void ProvenanceReader::PrepareAttributions(const std::vector<FamilyData>& data) {
  // Each document's entry made first, so that the parallel loop changes
  // values only; then every window the chunk's witnesses read.
  std::map<uint32_t, std::vector<std::pair<const Witness*, ProvenanceCache::DocumentAttributions*>>>
      by_document;
  for (const FamilyData& family : data) {
    for (const Witness& witness : family.witnesses) {
      by_document[witness.document].push_back({&witness, &cache_->attributions[witness.document]});
    }
  }
  std::vector<const std::vector<std::pair<const Witness*, ProvenanceCache::DocumentAttributions*>>*>
      documents;
  for (const auto& [document, witnesses] : by_document) documents.push_back(&witnesses);
  tbb::parallel_for(size_t{0}, documents.size(), [&](size_t index) {
    for (const auto& [witness, entry] : *documents[index]) {
      const std::string_view text = witness->text->text;
      const auto [first, last] = BlocksOf(AttributionWindow(text, witness->reach));
      FillBlocks(text, first, last, *entry);
    }
  });
}

Result<std::vector<OutletSummary>> ProvenanceReader::Outlets(
    const std::function<void(uint64_t done, uint64_t total)>& on_progress) {
  STEMMA_ASSIGN_OR_RETURN(const std::optional<uint64_t> edges_run, catalogue_.CopyEdgesRun());
  STEMMA_ASSIGN_OR_RETURN(const uint64_t last_run, catalogue_.LastRun());
  if (edges_run != last_run) return OutletsFromTrees(on_progress);
  STEMMA_RETURN_IF_ERROR(LoadDocuments());
  STEMMA_ASSIGN_OR_RETURN(const std::vector<store::CopyEdgeRecord> edges,
                          catalogue_.AllCopyEdges());
  return TallyOutlets(edges);
}

Result<std::vector<OutletSummary>> ProvenanceReader::OutletsFromTrees(
    const std::function<void(uint64_t done, uint64_t total)>& on_progress) {
  STEMMA_ASSIGN_OR_RETURN(const std::vector<uint32_t> families, catalogue_.AllFamilies());
  STEMMA_ASSIGN_OR_RETURN(const std::vector<store::CopyEdgeRecord> edges,
                          CopyEdges(families, on_progress));
  return TallyOutlets(edges);
}

std::vector<OutletSummary> ProvenanceReader::TallyOutlets(
    const std::vector<store::CopyEdgeRecord>& edges) const {
  struct Tally {
    uint64_t documents = 0;
    uint64_t text_bytes = 0;
    std::map<uint32_t, std::vector<ByteRange>> copied;  // by document: spans copied into it
    std::map<std::string, uint64_t> sources;
    uint64_t copies = 0;
    uint64_t dropped = 0;
  };
  std::map<std::string, Tally> outlets;
  for (const auto& record : documents_) {
    if (!record.has_value()) continue;
    Tally& tally = outlets[record->outlet];
    ++tally.documents;
    tally.text_bytes += record->byte_length;
  }
  for (const store::CopyEdgeRecord& edge : edges) {
    const store::DocumentRecord* child = DocumentOf(edge.child);
    const store::DocumentRecord* parent = DocumentOf(edge.parent);
    if (child == nullptr || parent == nullptr) continue;  // never: edges are of stored documents
    Tally& tally = outlets[child->outlet];
    tally.copied[edge.child].push_back(edge.child_span);
    ++tally.sources[parent->outlet];
    ++tally.copies;
    if (edge.attribution_dropped) ++tally.dropped;
  }
  std::vector<OutletSummary> summaries;
  for (auto& [outlet, tally] : outlets) {
    OutletSummary summary;
    summary.outlet = outlet;
    summary.documents = tally.documents;
    uint64_t reused = 0;
    for (auto& [document, spans] : tally.copied) {
      std::sort(spans.begin(), spans.end(),
                [](ByteRange x, ByteRange y) { return x.begin < y.begin; });
      uint32_t reached = 0;
      for (const ByteRange& span : spans) {
        const uint32_t begin = std::max(span.begin, reached);
        if (span.end > begin) reused += span.end - begin;
        reached = std::max(reached, span.end);
      }
    }
    summary.reused_share =
        tally.text_bytes == 0 ? 0.0 : static_cast<double>(reused) / tally.text_bytes;
    for (const auto& [source, passages] : tally.sources)
      summary.sources.push_back({source, passages});
    std::stable_sort(
        summary.sources.begin(), summary.sources.end(),
        [](const OutletSource& x, const OutletSource& y) { return x.passages > y.passages; });
    summary.attribution_dropped_share =
        tally.copies == 0 ? 0.0 : static_cast<double>(tally.dropped) / tally.copies;
    summaries.push_back(std::move(summary));
  }
  std::stable_sort(
      summaries.begin(), summaries.end(),
      [](const OutletSummary& x, const OutletSummary& y) { return x.documents > y.documents; });
  return summaries;
}

}  // namespace stemma::engine
