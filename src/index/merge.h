// MergeSegments: compaction of several segments into one.
//
// Design. A k-way merge with a binary heap over one Segment::Cursor per
// input, in two streaming passes: the first counts the distinct entries
// (the count fixes the output's bucket bits and header), the second writes
// them through the same SegmentWriter WriteSegment uses. Memory is the heap,
// the writer's buffer and the output directory (4 bytes per 8 entries), never
// the entries themselves. Because all segments store the same 48 hash bits,
// the output is byte-identical to WriteSegment of the union of the inputs'
// entries, and a lookup finds in it exactly what it found in the inputs.
// Cost: O(n log k) per pass for n entries in k inputs. Thread-safe as far
// as the inputs are (they are only read).
#ifndef STEMMA_INDEX_MERGE_H_
#define STEMMA_INDEX_MERGE_H_

#include <functional>
#include <string>
#include <vector>

#include "index/segment.h"
#include "stemma/status.h"

namespace stemma::index {

// Calls visit(entry) for every distinct entry of `inputs`, in file order (by
// stored hash bits, document, position), streaming as MergeSegments does; the
// first error a visit returns stops it. `stemma shard` routes entries with it.
Status ForEachDistinctEntry(const std::vector<const Segment*>& inputs,
                            const std::function<Status(const IndexEntry&)>& visit);

// Writes the union of `inputs` (duplicates removed) to `output_path` with the segment
// protocol (.tmp, fsync, rename, fsync dir). The output may replace one of the inputs' files.
Result<SegmentSummary> MergeSegments(const std::vector<const Segment*>& inputs,
                                     const std::string& output_path);

}  // namespace stemma::index

#endif  // STEMMA_INDEX_MERGE_H_
