#include "index/collection_index.h"

#include <tbb/blocked_range.h>
#include <tbb/enumerable_thread_specific.h>
#include <tbb/parallel_for.h>

#include <algorithm>
#include <atomic>
#include <limits>
#include <new>

#include "common/page_arena.h"

namespace stemma::index {
namespace {

using Entry = FingerprintEntry;

// A group with more entries than this many per allowed document is
// repetition within documents, not reuse across them.
constexpr uint64_t kMaxEntriesPerDocument = 4;

// Entries are bucketed by the top kBucketBits of their hash, then each bucket
// is sorted on its own: a counting sort followed by many small, cache-sized
// sorts, instead of one large comparison sort. Bucket cursors are claimed
// atomically, so the order inside a bucket before its sort depends on the
// threads; the sort makes it deterministic.
constexpr int kBucketBits = 16;
constexpr size_t kBuckets = size_t{1} << kBucketBits;

size_t BucketOf(uint64_t hash) { return static_cast<size_t>(hash >> (64 - kBucketBits)); }

// Each document's fingerprints, when held between the passes (empty
// otherwise), in an arena of huge pages.
struct HeldFingerprints {
  PageArena arena{size_t{16} << 20};
  std::vector<std::span<const fingerprint::Fingerprint>> of_document;
};

// How many fingerprints fall in each bucket (pass 1 of 2). The fingerprints
// are recomputed in pass 2 rather than held, to keep memory at one array,
// unless `held` is given.
std::vector<uint64_t> BucketOffsets(const std::vector<std::span<const Token>>& tokens_by_document,
                                    const FingerprintOptions& options,
                                    fingerprint::NgramNoise noise, HeldFingerprints* held) {
  tbb::enumerable_thread_specific<std::vector<uint64_t>> local_counts(
      [] { return std::vector<uint64_t>(kBuckets, 0); });
  tbb::parallel_for(size_t{0}, tokens_by_document.size(), [&](size_t document) {
    std::vector<uint64_t>& counts = local_counts.local();
    std::vector<fingerprint::Fingerprint> fingerprints =
        fingerprint::Fingerprints(tokens_by_document[document], options, noise);
    for (const auto& fingerprint : fingerprints) ++counts[BucketOf(fingerprint.hash)];
    if (held != nullptr) {
      held->of_document[document] = held->arena.Copy(
          std::span<const fingerprint::Fingerprint>(fingerprints.data(), fingerprints.size()));
      // Out of memory, as a vector's allocation would report it.
      if (held->of_document[document].size() != fingerprints.size()) throw std::bad_alloc();
    }
  });
  std::vector<uint64_t> offsets(kBuckets + 1, 0);
  for (const auto& counts : local_counts) {
    for (size_t bucket = 0; bucket < kBuckets; ++bucket) offsets[bucket + 1] += counts[bucket];
  }
  for (size_t bucket = 0; bucket < kBuckets; ++bucket) offsets[bucket + 1] += offsets[bucket];
  return offsets;
}

HugePageVector<Entry> SortedEntries(const std::vector<std::span<const Token>>& tokens_by_document,
                                    const FingerprintOptions& options,
                                    fingerprint::NgramNoise noise, FingerprintPasses passes) {
  const bool hold = passes == FingerprintPasses::kHoldBetween;
  HeldFingerprints held;
  if (hold) held.of_document.resize(tokens_by_document.size());
  const std::vector<uint64_t> offsets =
      BucketOffsets(tokens_by_document, options, noise, hold ? &held : nullptr);
  HugePageVector<Entry> entries(offsets.back());
  std::vector<std::atomic<uint64_t>> cursors(kBuckets);
  for (size_t bucket = 0; bucket < kBuckets; ++bucket) cursors[bucket] = offsets[bucket];
  tbb::parallel_for(size_t{0}, tokens_by_document.size(), [&](size_t document) {
    std::vector<fingerprint::Fingerprint> computed;
    if (!hold) computed = fingerprint::Fingerprints(tokens_by_document[document], options, noise);
    const std::span<const fingerprint::Fingerprint> fingerprints =
        hold ? held.of_document[document] : computed;
    for (const auto& fingerprint : fingerprints) {
      const uint64_t slot = cursors[BucketOf(fingerprint.hash)]++;
      entries[slot] = {fingerprint.hash, static_cast<uint32_t>(document), fingerprint.position};
    }
  });
  tbb::parallel_for(size_t{0}, kBuckets, [&](size_t bucket) {
    std::sort(entries.begin() + offsets[bucket], entries.begin() + offsets[bucket + 1]);
  });
  return entries;
}

uint32_t DistinctDocuments(std::span<const Entry> entries, size_t begin, size_t end) {
  uint32_t count = 0;
  for (size_t index = begin; index < end; ++index) {
    count += index == begin || entries[index].document != entries[index - 1].document;
  }
  return count;
}

// Compressed rows: the offsets of each document's run in a by-document array.
std::vector<uint64_t> RowOffsets(const std::vector<uint64_t>& per_document) {
  std::vector<uint64_t> offsets(per_document.size() + 1, 0);
  for (size_t document = 0; document < per_document.size(); ++document) {
    offsets[document + 1] = offsets[document] + per_document[document];
  }
  return offsets;
}

// Counting sort by document of the boilerplate entries' positions, each
// document's sorted: what masking reads while the index is built (it is not
// kept after).
BoilerplatePositions SortBoilerplate(const std::vector<Entry>& boilerplate,
                                     const std::vector<uint64_t>& per_document) {
  BoilerplatePositions sorted;
  sorted.begin = RowOffsets(per_document);
  sorted.positions.resize(boilerplate.size());
  std::vector<uint64_t> next(sorted.begin.begin(), sorted.begin.end() - 1);
  for (const Entry& entry : boilerplate) sorted.positions[next[entry.document]++] = entry.position;
  for (size_t document = 0; document < per_document.size(); ++document) {
    std::sort(sorted.positions.begin() + static_cast<int64_t>(sorted.begin[document]),
              sorted.positions.begin() + static_cast<int64_t>(sorted.begin[document + 1]));
  }
  return sorted;
}

}  // namespace

HashGroup ClassifyHashGroup(uint32_t documents, uint64_t entries, int max_document_frequency) {
  if (documents > static_cast<uint32_t>(max_document_frequency) ||
      entries > kMaxEntriesPerDocument * static_cast<uint64_t>(max_document_frequency)) {
    return HashGroup::kBoilerplate;
  }
  return documents >= 2 ? HashGroup::kShared : HashGroup::kUnshared;
}

bool NearBoilerplate(std::span<const uint32_t> sorted_positions, uint32_t position,
                     uint32_t radius) {
  const uint32_t low = position > radius ? position - radius : 0;
  const auto nearest = std::lower_bound(sorted_positions.begin(), sorted_positions.end(), low);
  return nearest != sorted_positions.end() && *nearest <= position + radius;
}

CollectionIndex::CollectionIndex(const std::vector<std::span<const Token>>& tokens_by_document,
                                 const FingerprintOptions& options, int max_document_frequency,
                                 fingerprint::NgramNoise noise, FingerprintPasses passes) {
  const size_t document_count = tokens_by_document.size();
  HugePageVector<Entry> entries = SortedEntries(tokens_by_document, options, noise, passes);
  // Room for every entry, touched only as far as the kept postings reach.
  postings_.reserve(entries.size());
  fingerprints_ = entries.size();
  std::vector<uint64_t> memberships_per_document(document_count, 0);
  std::vector<uint64_t> boilerplate_per_document(document_count, 0);
  std::vector<Entry> boilerplate;
  group_begin_.push_back(0);
  size_t begin = 0;
  while (begin < entries.size()) {
    size_t end = begin + 1;
    while (end < entries.size() && entries[end].hash == entries[begin].hash) ++end;
    const HashGroup kind = ClassifyHashGroup(DistinctDocuments(entries, begin, end), end - begin,
                                             max_document_frequency);
    if (kind == HashGroup::kBoilerplate) {
      ++boilerplate_hashes_;
      for (size_t index = begin; index < end; ++index) {
        boilerplate.push_back(entries[index]);
        ++boilerplate_per_document[entries[index].document];
      }
    } else if (kind == HashGroup::kShared) {
      for (size_t index = begin; index < end; ++index) {
        postings_.push_back({entries[index].document, entries[index].position});
        ++memberships_per_document[entries[index].document];
      }
      group_begin_.push_back(postings_.size());
    }
    begin = end;
  }
  HugePageVector<Entry>().swap(entries);

  DropMaskedPostings(SortBoilerplate(boilerplate, boilerplate_per_document),
                     static_cast<uint32_t>(options.window - 1), &memberships_per_document);
  ListMemberships(memberships_per_document);
}

void CollectionIndex::ListMemberships(const std::vector<uint64_t>& memberships_per_document) {
  // Counting sort of the kept postings by document, each document's then by position.
  const size_t document_count = memberships_per_document.size();
  document_begin_ = RowOffsets(memberships_per_document);
  memberships_.resize(postings_.size());
  std::vector<uint64_t> next(document_begin_.begin(), document_begin_.end() - 1);
  for (uint32_t group = 0; group + 1 < group_begin_.size(); ++group) {
    for (uint64_t index = group_begin_[group]; index < group_begin_[group + 1]; ++index) {
      const Posting& posting = postings_[index];
      memberships_[next[posting.document]++] = {group, posting.position};
    }
  }
  tbb::parallel_for(size_t{0}, document_count, [&](size_t document) {
    std::sort(memberships_.begin() + static_cast<int64_t>(document_begin_[document]),
              memberships_.begin() + static_cast<int64_t>(document_begin_[document + 1]),
              [](const Membership& x, const Membership& y) {
                return x.position != y.position ? x.position < y.position : x.group < y.group;
              });
  });
}

void CollectionIndex::DropMaskedPostings(const BoilerplatePositions& boilerplate,
                                         uint32_t mask_radius,
                                         std::vector<uint64_t>* memberships_per_document) {
  // A masked posting seeds nothing, from either side of a pair: dropping it
  // once here spares a search of its document's boilerplate at every seed.
  // The searches run in parallel, the compaction after them.
  std::vector<uint8_t> masked(postings_.size());
  tbb::parallel_for(tbb::blocked_range<size_t>(0, postings_.size()), [&](const auto& range) {
    for (size_t index = range.begin(); index != range.end(); ++index) {
      const Posting& posting = postings_[index];
      masked[index] =
          NearBoilerplate(boilerplate.Of(posting.document), posting.position, mask_radius);
    }
  });
  size_t kept = 0;
  std::vector<uint64_t> group_begin{0};
  for (size_t group = 0; group + 1 < group_begin_.size(); ++group) {
    for (uint64_t index = group_begin_[group]; index < group_begin_[group + 1]; ++index) {
      const Posting posting = postings_[index];
      if (masked[index]) {
        --(*memberships_per_document)[posting.document];
      } else {
        postings_[kept++] = posting;
      }
    }
    group_begin.push_back(kept);
  }
  postings_.resize(kept);
  group_begin_ = std::move(group_begin);
}

void CollectionIndex::SeedsAfter(uint32_t document, std::vector<PairSeed>* seeds,
                                 uint32_t min_seeds) const {
  // Read off the document's memberships in position order, each group's
  // later postings in (document, position) order, the seeds come out
  // sorted by (position, other_document, other_position); a stable
  // counting sort by other_document then gives the order promised.
  thread_local std::vector<PairSeed> found;
  thread_local std::vector<uint32_t> per_document;  // seeds, then cursors; zero between calls
  thread_local std::vector<uint32_t> partners;      // the documents met
  found.clear();
  partners.clear();
  const size_t document_count = document_begin_.size() - 1;
  if (per_document.size() < document_count) per_document.resize(document_count, 0);
  for (uint64_t index = document_begin_[document]; index < document_begin_[document + 1]; ++index) {
    const Membership& membership = memberships_[index];
    const Posting* group_end = postings_.data() + group_begin_[membership.group + 1];
    const Posting* later = std::upper_bound(
        postings_.data() + group_begin_[membership.group], group_end, document,
        [](uint32_t value, const Posting& posting) { return value < posting.document; });
    for (; later != group_end; ++later) {
      found.push_back({later->document, membership.position, later->position});
      if (per_document[later->document]++ == 0) partners.push_back(later->document);
    }
  }
  std::sort(partners.begin(), partners.end());
  constexpr uint32_t kDropped = std::numeric_limits<uint32_t>::max();
  uint32_t total = 0;
  for (const uint32_t partner : partners) {
    const uint32_t count = per_document[partner];
    per_document[partner] = count >= min_seeds ? total : kDropped;
    if (count >= min_seeds) total += count;
  }
  seeds->resize(total);
  for (const PairSeed& seed : found) {
    uint32_t& cursor = per_document[seed.other_document];
    if (cursor != kDropped) (*seeds)[cursor++] = seed;
  }
  for (const uint32_t partner : partners) per_document[partner] = 0;
}

}  // namespace stemma::index
