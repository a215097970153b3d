#include "engine/trace_assembly.h"

#include <algorithm>
#include <tuple>
#include <unordered_map>
#include <utility>

#include "provenance/stored_records.h"
#include "stemma/text.h"

namespace stemma::engine {
namespace {

// Characters of `text` inside the union of the ranges.
uint64_t CoveredCharacters(std::string_view text, std::vector<ByteRange> ranges) {
  std::sort(ranges.begin(), ranges.end(),
            [](const ByteRange& x, const ByteRange& y) { return x.begin < y.begin; });
  uint64_t covered = 0;
  uint32_t reached = 0;
  for (const ByteRange& range : ranges) {
    const uint32_t begin = std::max(range.begin, reached);
    if (range.end <= begin) continue;
    covered += CountCodePoints(text.substr(begin, range.end - begin));
    reached = range.end;
  }
  return covered;
}

// Moves the source (a) side of a traced passage from a family's first
// document to a copy of it.
void MapSourceSide(const Passage& link, Passage* passage) {
  passage->a.bytes = {provenance::MapOffset(passage->a.bytes.begin, link),
                      provenance::MapOffset(passage->a.bytes.end, link)};
  for (Edit& edit : passage->edits) {
    edit.a = {provenance::MapOffset(edit.a.begin, link), provenance::MapOffset(edit.a.end, link)};
  }
}

// Copies in a family are not indexed: a passage found in a family's first
// document is in each copy too, at the place the stored alignment of the
// copy with the first document maps it to.
Status AddFamilyCopies(const TraceSources& sources, std::vector<TracedPassage>* passages) {
  std::vector<uint32_t> firsts;
  for (const TracedPassage& traced : *passages) firsts.push_back(traced.source.id);
  std::sort(firsts.begin(), firsts.end());
  firsts.erase(std::unique(firsts.begin(), firsts.end()), firsts.end());
  const size_t found = passages->size();
  STEMMA_ASSIGN_OR_RETURN(const std::vector<std::vector<FamilyCopy>> families,
                          sources.copies(firsts));
  for (size_t family = 0; family < firsts.size(); ++family) {
    const uint32_t first = firsts[family];
    for (const FamilyCopy& copy : families.at(family)) {
      const CorpusDocument member = provenance::ToCorpusDocument(copy.member);
      for (size_t index = 0; index < found; ++index) {
        const TracedPassage& traced = (*passages)[index];
        if (traced.source.id != first) continue;
        TracedPassage mapped{member, traced.passage, first};
        MapSourceSide(copy.link, &mapped.passage);
        passages->push_back(std::move(mapped));
      }
    }
  }
  return Status::Ok();
}

}  // namespace

Result<std::vector<std::vector<FamilyCopy>>> FamilyCopies(store::Catalogue& catalogue,
                                                          const std::vector<uint32_t>& firsts) {
  std::vector<std::vector<FamilyCopy>> families;
  for (uint32_t first : firsts) {
    std::vector<FamilyCopy>& copies = families.emplace_back();
    STEMMA_ASSIGN_OR_RETURN(std::vector<uint32_t> members, catalogue.FamilyMembers(first));
    for (uint32_t member : members) {
      STEMMA_ASSIGN_OR_RETURN(std::optional<store::PassageRecord> link,
                              catalogue.PassageBetween(first, member));
      if (!link.has_value()) continue;
      STEMMA_ASSIGN_OR_RETURN(store::DocumentRecord record, catalogue.Document(member));
      copies.push_back({std::move(record), std::move(link->passage)});
    }
  }
  return families;
}

Result<TraceResult> AssembleTrace(std::string_view text, std::vector<FoundPassage> found,
                                  const TraceSources& sources) {
  TraceResult trace;
  std::vector<ByteRange> covered;
  std::unordered_map<uint32_t, CorpusDocument> documents;
  for (FoundPassage& passage : found) {
    auto source = documents.find(passage.a_document);
    if (source == documents.end()) {
      STEMMA_ASSIGN_OR_RETURN(store::DocumentRecord record, sources.record(passage.a_document));
      source = documents.emplace(passage.a_document, provenance::ToCorpusDocument(record)).first;
    }
    covered.push_back(passage.passage.b.bytes);
    trace.passages.push_back({source->second, std::move(passage.passage)});
  }
  STEMMA_RETURN_IF_ERROR(AddFamilyCopies(sources, &trace.passages));
  // Oldest source first; undated sources after dated ones; then by id and place.
  std::stable_sort(trace.passages.begin(), trace.passages.end(),
                   [](const TracedPassage& x, const TracedPassage& y) {
                     const auto key = [](const TracedPassage& p) {
                       return std::make_tuple(!p.source.published_at.has_value(),
                                              p.source.published_at.value_or(""), p.source.id,
                                              p.passage.b.bytes.begin);
                     };
                     return key(x) < key(y);
                   });
  trace.characters = CountCodePoints(text);
  trace.covered_characters = CoveredCharacters(text, std::move(covered));
  return trace;
}

TokenWindow WholeWindow(std::shared_ptr<const store::StoredText> stored) {
  TokenWindow window{Tokenize(stored->text).tokens, 0, true, true, {}, {}};
  window.text = stored->text;
  window.text_owner = std::move(stored);
  return window;
}

TokenWindow WindowAround(std::shared_ptr<const store::StoredText> stored, uint32_t first,
                         uint32_t last) {
  const store::TokenCheckpoints& checkpoints = stored->checkpoints;
  constexpr uint32_t kStride = store::kTokenCheckpointStride;
  const uint32_t count = checkpoints.token_count;
  const size_t first_checkpoint = first / kStride;
  const size_t end_checkpoint = static_cast<size_t>(last) / kStride + 1;
  if (first_checkpoint >= checkpoints.offsets.size()) return WholeWindow(std::move(stored));
  const uint32_t begin_byte = checkpoints.offsets[first_checkpoint];
  const bool to_end = end_checkpoint >= checkpoints.offsets.size();
  const uint32_t end_byte =
      to_end ? static_cast<uint32_t>(stored->text.size()) : checkpoints.offsets[end_checkpoint];
  TokenWindow window;
  window.first = static_cast<uint32_t>(first_checkpoint * kStride);
  window.tokens =
      Tokenize(std::string_view(stored->text).substr(begin_byte, end_byte - begin_byte)).tokens;
  for (Token& token : window.tokens) {
    token.begin += begin_byte;
    token.end += begin_byte;
  }
  const uint32_t window_end = to_end ? count : static_cast<uint32_t>(end_checkpoint * kStride);
  if (window.tokens.size() != window_end - window.first) {
    // Checkpoints that disagree with the tokenizer (a corpus written by a
    // build that tokenised differently): the whole text is always right.
    return WholeWindow(std::move(stored));
  }
  window.at_start = window.first == 0;
  window.at_end = to_end;
  window.text = stored->text;
  window.text_owner = std::move(stored);
  return window;
}

}  // namespace stemma::engine
