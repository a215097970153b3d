#include "index/merge.h"

#include <algorithm>
#include <queue>
#include <tuple>

#include "index/segment_writer.h"

namespace stemma::index {
namespace {

bool EntryLess(const IndexEntry& a, const IndexEntry& b) {
  return std::tie(a.hash, a.document, a.position) < std::tie(b.hash, b.document, b.position);
}

bool EntryEqual(const IndexEntry& a, const IndexEntry& b) {
  return a.hash == b.hash && a.document == b.document && a.position == b.position;
}

// Calls visit(entry) (a Status) for each distinct entry of the inputs in file order.
template <typename Visit>
Status MergeDistinct(const std::vector<const Segment*>& inputs, Visit visit) {
  std::vector<Segment::Cursor> cursors;
  cursors.reserve(inputs.size());
  for (const Segment* input : inputs) cursors.emplace_back(*input);
  // A min-heap of input indices by their cursor's entry.
  auto greater = [&](size_t a, size_t b) {
    return EntryLess(cursors[b].entry(), cursors[a].entry());
  };
  std::priority_queue<size_t, std::vector<size_t>, decltype(greater)> heap(greater);
  for (size_t input = 0; input < cursors.size(); ++input) {
    if (cursors[input].Valid()) heap.push(input);
  }
  IndexEntry last;
  bool any = false;
  while (!heap.empty()) {
    const size_t input = heap.top();
    heap.pop();
    const IndexEntry entry = cursors[input].entry();
    if (!any || !EntryEqual(entry, last)) {
      STEMMA_RETURN_IF_ERROR(visit(entry));
      last = entry;
      any = true;
    }
    cursors[input].Next();
    if (cursors[input].Valid()) heap.push(input);
  }
  return Status::Ok();
}

}  // namespace

Status ForEachDistinctEntry(const std::vector<const Segment*>& inputs,
                            const std::function<Status(const IndexEntry&)>& visit) {
  if (std::find(inputs.begin(), inputs.end(), nullptr) != inputs.end()) {
    return Status::InvalidArgument("a null input segment");
  }
  return MergeDistinct(inputs, visit);
}

Result<SegmentSummary> MergeSegments(const std::vector<const Segment*>& inputs,
                                     const std::string& output_path) {
  if (std::find(inputs.begin(), inputs.end(), nullptr) != inputs.end()) {
    return Status::InvalidArgument(output_path + ": null input segment to merge");
  }
  // Dropping duplicates removes no document entirely, so the range is the inputs' hull.
  uint64_t entries = 0;
  uint32_t first_document = 0;
  uint32_t end_document = 0;
  for (const Segment* input : inputs) {
    const SegmentSummary& summary = input->summary();
    if (summary.entries == 0) continue;
    first_document = end_document == 0 ? summary.first_document
                                       : std::min(first_document, summary.first_document);
    end_document = std::max(end_document, summary.end_document);
  }
  STEMMA_RETURN_IF_ERROR(MergeDistinct(inputs, [&](const IndexEntry&) {
    ++entries;
    return Status::Ok();
  }));
  STEMMA_ASSIGN_OR_RETURN(
      SegmentWriter writer,
      SegmentWriter::Create(output_path, entries, first_document, end_document));
  STEMMA_RETURN_IF_ERROR(
      MergeDistinct(inputs, [&](const IndexEntry& entry) { return writer.Add(entry); }));
  return writer.Finish();
}

}  // namespace stemma::index
