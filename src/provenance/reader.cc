#include "provenance/reader.h"

#include <tbb/parallel_for.h>

#include <algorithm>
#include <cctype>
#include <map>
#include <numeric>
#include <set>
#include <tuple>

#include "common/sha256.h"
#include "provenance/attribution.h"
#include "provenance/changes.h"
#include "provenance/copied_text.h"
#include "provenance/copy_tree.h"
#include "provenance/reader_internal.h"
#include "provenance/reuse_families.h"
#include "provenance/stored_records.h"
#include "stemma/text.h"

namespace stemma::provenance {

Status ProvenanceReader::CheckDeadline() const {
  if (deadline_.has_value() && std::chrono::steady_clock::now() > *deadline_) {
    return Status::DeadlineExceeded("the request ran past its deadline");
  }
  return Status::Ok();
}

Status ProvenanceReader::LoadDocuments() {
  if (!documents_.empty()) return Status::Ok();
  documents_.emplace_back();  // ids start at 1
  return catalogue_.ForEachDocument([this](const DocumentRecord& record) {
    // Found by fuzz_corpus_files: a damaged id once asked for 600 GB here.
    if (record.id >= documents_.size() + kMostSkippedDocumentIds) {
      return Status::Corruption(
          "catalogue: document id " + std::to_string(record.id) + " lies far past the last (" +
          std::to_string(documents_.size() - 1) + "): the catalogue is damaged (stemma check)");
    }
    documents_.resize(std::max<size_t>(documents_.size(), record.id + 1));
    documents_[record.id] = record;
    if (record.family != record.id) copies_[record.family].push_back(record.id);
    return Status::Ok();
  });
}

const DocumentRecord* ProvenanceReader::DocumentOf(uint32_t id) const {
  if (id >= documents_.size() || !documents_[id].has_value()) return nullptr;
  return &*documents_[id];
}

Result<ByteRange> ProvenanceReader::CopySpan(uint32_t first, uint32_t copy, ByteRange span) {
  auto link = links_.find(copy);
  if (link == links_.end()) {
    STEMMA_ASSIGN_OR_RETURN(std::optional<PassageRecord> stored,
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
  STEMMA_RETURN_IF_ERROR(catalogue_.ForEachPassage([&](const PassageRecord& record) {
    all.from[record.a_document].push_back(record);
    return Status::Ok();
  }));
  for (auto& [document, passages] : all.from) {
    std::sort(passages.begin(), passages.end(), [](const PassageRecord& x, const PassageRecord& y) {
      return std::pair(x.b_document, x.id) < std::pair(y.b_document, y.id);
    });
  }
  return all;
}

void ProvenanceReader::PlaceStoredPassage(const PassageRecord& record, uint32_t family, uint32_t a,
                                          uint32_t b, FamilyData& data) {
  const ByteRange a_span = data.witnesses[a].span;
  const ByteRange b_span = data.witnesses[b].span;
  if (Overlaps(record.passage.a.bytes, a_span) && Overlaps(record.passage.b.bytes, b_span)) {
    data.alignments[{a, b}].push_back(record.passage);
    return;
  }
  const bool near = Near(record.passage.a.bytes, a_span) && Near(record.passage.b.bytes, b_span);
  if (record.family != family && !near) return;  // no continuation of the spans
  data.witnesses[a].reach = Hull(data.witnesses[a].reach, record.passage.a.bytes);
  data.witnesses[b].reach = Hull(data.witnesses[b].reach, record.passage.b.bytes);
  auto& passages = record.family == family ? data.family_elsewhere : data.elsewhere;
  passages[{a, b}].push_back(record.passage);
}

Status ProvenanceReader::AddCopies(FamilyData& data,
                                   std::unordered_map<uint32_t, uint32_t>& index_of) {
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
  return Status::Ok();
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
    if (DocumentOf(document) == nullptr) {  // only a damaged catalogue (found by fuzz_corpus_files)
      return Status::Corruption("reuse family " + std::to_string(family) + " names document " +
                                std::to_string(document) +
                                ", which is not stored: the catalogue is damaged (stemma check)");
    }
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
    std::vector<PassageRecord> read_from;
    const std::vector<PassageRecord>* from = &read_from;
    if (all != nullptr) {
      const auto found = all->from.find(witness.document);
      if (found != all->from.end()) from = &found->second;
    } else {
      STEMMA_ASSIGN_OR_RETURN(read_from, catalogue_.PassagesFrom(witness.document));
    }
    for (const PassageRecord& record : *from) {
      const auto later = index_of.find(record.b_document);
      if (later == index_of.end()) continue;
      const uint32_t a = index_of[record.a_document];
      PlaceStoredPassage(record, family, a, later->second, data);
    }
  }
  STEMMA_RETURN_IF_ERROR(AddCopies(data, index_of));
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
      STEMMA_ASSIGN_OR_RETURN(std::vector<Passage> found,
                              align_(span_tokens[i], span_tokens[j], span_texts[i], span_texts[j]));
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

Result<FamilyTree> ProvenanceReader::BuildTree(uint32_t family, FamilyData& data) {
  STEMMA_RETURN_IF_ERROR(AlignUnindexedPairs(data));
  AnalyseAttributions(data.witnesses);
  return TreeOf(family, data);
}

Result<FamilyTree> ProvenanceReader::TreeOf(uint32_t family, const FamilyData& data) const {
  const std::vector<Witness>& witnesses = data.witnesses;
  std::vector<provenance::Witness> tree_witnesses;
  for (const Witness& witness : witnesses) {
    const DocumentRecord* record = DocumentOf(witness.document);
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

}  // namespace stemma::provenance
