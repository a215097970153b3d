#include "index/seeds_across_ranks.h"

#include <tbb/enumerable_thread_specific.h>
#include <tbb/parallel_for.h>
#include <tbb/parallel_sort.h>

#include <algorithm>
#include <cstring>
#include <string>
#include <utility>

#include "common/wire.h"

namespace stemma::index {
namespace {

using WireEntry = FingerprintEntry;  // 16 bytes on the wire

struct WirePosition {
  uint32_t document;
  uint32_t position;
};

struct WireSeed {
  uint32_t a;
  uint32_t b;
  uint32_t position_a;
  uint32_t position_b;

  bool operator<(const WireSeed& other) const {
    if (a != other.a) return a < other.a;
    if (b != other.b) return b < other.b;
    if (position_a != other.position_a) return position_a < other.position_a;
    return position_b < other.position_b;
  }
};

// Rank r owns the r-th of `ranks` equal slices of the hash space.
int RankOfHash(uint64_t hash, int ranks) {
  return static_cast<int>(((hash >> 32) * static_cast<uint64_t>(ranks)) >> 32);
}

// The documents of this rank: a contiguous block (stemma/ranks.h).
struct OwnDocuments {
  int rank;
  int ranks;
  size_t total;
  DocumentShare share;

  OwnDocuments(int rank_in, int ranks_in, size_t total_in)
      : rank(rank_in), ranks(ranks_in), total(total_in), share{total_in, ranks_in} {}
  size_t count() const { return share.end(rank) - share.first(rank); }
  uint32_t document(size_t local) const { return static_cast<uint32_t>(share.first(rank) + local); }
  size_t local(uint32_t document) const { return document - share.first(rank); }
  bool owns(uint32_t document) const { return document < total && share.RankOf(document) == rank; }
};

// Exchange 1, sending side: this rank's fingerprints, by the rank owning their hash.
std::vector<std::string> FingerprintsByOwner(
    const std::vector<std::span<const Token>>& tokens_by_document, const OwnDocuments& own,
    const FingerprintOptions& options, fingerprint::NgramNoise noise) {
  tbb::enumerable_thread_specific<std::vector<std::string>> local(
      [&] { return std::vector<std::string>(own.ranks); });
  tbb::parallel_for(size_t{0}, own.count(), [&](size_t at) {
    std::vector<std::string>& outgoing = local.local();
    const uint32_t document = own.document(at);
    for (const auto& fingerprint :
         fingerprint::Fingerprints(tokens_by_document[document], options, noise)) {
      wire::Append(WireEntry{fingerprint.hash, document, fingerprint.position},
                   &outgoing[RankOfHash(fingerprint.hash, own.ranks)]);
    }
  });
  std::vector<std::string> outgoing(own.ranks);
  for (int rank = 0; rank < own.ranks; ++rank) {
    size_t bytes = 0;
    for (const std::vector<std::string>& part : local) bytes += part[rank].size();
    outgoing[rank].reserve(bytes);
    for (std::vector<std::string>& part : local) {
      outgoing[rank] += part[rank];
      std::string().swap(part[rank]);  // about one copy of the fingerprints at a time
    }
  }
  return outgoing;
}

// The values of every part, in order; each part is let go once read.
template <typename T>
Result<std::vector<T>> Concatenate(std::vector<std::string> incoming, std::string_view what) {
  std::vector<T> values;
  size_t bytes = 0;
  for (const std::string& part : incoming) bytes += part.size();
  values.reserve(bytes / sizeof(T));
  for (std::string& part : incoming) {
    if (!wire::ReadAll(part, &values)) return wire::CutShort(what);
    std::string().swap(part);
  }
  return values;
}

// Entries are put in order by a counting sort on 16 bits of the hash that
// vary within this rank's slice, then many small sorts: several times faster
// than one comparison sort of them all.
constexpr size_t kBuckets = size_t{1} << 16;

size_t BucketOf(uint64_t hash, int ranks) {
  const uint64_t within_slice = ((hash >> 32) * static_cast<uint64_t>(ranks)) & 0xFFFFFFFFu;
  return static_cast<size_t>(within_slice >> 16);
}

// The fingerprints sent to this rank, sorted by (hash, document, position);
// each part is let go once scattered.
Result<std::vector<WireEntry>> SortedEntries(std::vector<std::string> incoming, int ranks) {
  std::vector<uint64_t> offsets(kBuckets + 1, 0);
  for (const std::string& part : incoming) {
    if (part.size() % sizeof(WireEntry) != 0) return wire::CutShort("fingerprints");
    for (size_t at = 0; at < part.size(); at += sizeof(WireEntry)) {
      uint64_t hash = 0;
      std::memcpy(&hash, part.data() + at, sizeof(hash));
      ++offsets[BucketOf(hash, ranks) + 1];
    }
  }
  for (size_t bucket = 0; bucket < kBuckets; ++bucket) offsets[bucket + 1] += offsets[bucket];
  std::vector<WireEntry> entries(offsets.back());
  std::vector<uint64_t> next(offsets.begin(), offsets.end() - 1);
  for (std::string& part : incoming) {
    for (size_t at = 0; at < part.size(); at += sizeof(WireEntry)) {
      WireEntry entry;
      std::memcpy(&entry, part.data() + at, sizeof(entry));
      entries[next[BucketOf(entry.hash, ranks)]++] = entry;
    }
    std::string().swap(part);
  }
  tbb::parallel_for(size_t{0}, kBuckets, [&](size_t bucket) {
    std::sort(entries.begin() + offsets[bucket], entries.begin() + offsets[bucket + 1]);
  });
  return entries;
}

// The hash groups this rank owns, sorted, split by ClassifyHashGroup.
struct OwnedGroups {
  std::vector<WireEntry> shared;      // entries of shared groups, sorted
  std::vector<uint64_t> group_begin;  // group g: shared[group_begin[g], group_begin[g+1])
  std::vector<std::string> boilerplate_by_owner;  // (document, position), by document's rank
  uint64_t boilerplate_hashes = 0;
};

// Keeps the shared groups of `entries` (sorted), in place.
OwnedGroups ClassifyGroups(std::vector<WireEntry> entries, int max_document_frequency,
                           const DocumentShare& share) {
  OwnedGroups groups;
  groups.boilerplate_by_owner.resize(share.ranks);
  groups.group_begin.push_back(0);
  size_t begin = 0;
  while (begin < entries.size()) {
    size_t end = begin + 1;
    uint32_t documents = 1;
    for (; end < entries.size() && entries[end].hash == entries[begin].hash; ++end) {
      documents += entries[end].document != entries[end - 1].document;
    }
    const HashGroup kind = ClassifyHashGroup(documents, end - begin, max_document_frequency);
    if (kind == HashGroup::kBoilerplate) {
      ++groups.boilerplate_hashes;
      for (size_t at = begin; at < end; ++at) {
        wire::Append(WirePosition{entries[at].document, entries[at].position},
                     &groups.boilerplate_by_owner[share.RankOf(entries[at].document)]);
      }
    } else if (kind == HashGroup::kShared) {
      const uint64_t kept = groups.group_begin.back();
      if (kept != begin) {
        std::copy(entries.begin() + begin, entries.begin() + end, entries.begin() + kept);
      }
      groups.group_begin.push_back(kept + (end - begin));
    }
    begin = end;
  }
  entries.resize(groups.group_begin.back());
  groups.shared = std::move(entries);
  return groups;
}

// Exchange 2, receiving side: the boilerplate positions of this rank's
// documents, sorted, in rows by local document number.
Result<BoilerplatePositions> CollectBoilerplate(std::vector<std::string> incoming,
                                                const OwnDocuments& own) {
  STEMMA_ASSIGN_OR_RETURN(std::vector<WirePosition> entries,
                          Concatenate<WirePosition>(std::move(incoming), "boilerplate positions"));
  std::sort(entries.begin(), entries.end(), [](const WirePosition& x, const WirePosition& y) {
    return x.document != y.document ? x.document < y.document : x.position < y.position;
  });
  BoilerplatePositions boilerplate;
  boilerplate.begin.assign(own.count() + 1, 0);
  for (const WirePosition& entry : entries) {
    if (!own.owns(entry.document)) {
      return wire::CutShort("boilerplate of another rank's document");
    }
    ++boilerplate.begin[own.local(entry.document) + 1];
    boilerplate.positions.push_back(entry.position);
  }
  for (size_t local = 0; local < own.count(); ++local) {
    boilerplate.begin[local + 1] += boilerplate.begin[local];
  }
  return boilerplate;
}

// Exchange 3, sending side: each shared entry, to its document's rank.
std::vector<std::string> MaskQueries(const std::vector<WireEntry>& shared,
                                     const DocumentShare& share) {
  std::vector<std::string> outgoing(share.ranks);
  for (const WireEntry& entry : shared) {
    wire::Append(WirePosition{entry.document, entry.position},
                 &outgoing[share.RankOf(entry.document)]);
  }
  return outgoing;
}

// Exchange 4, sending side: one byte per query, 1 where it lies near boilerplate.
Result<std::vector<std::string>> MaskAnswers(const std::vector<std::string>& queries,
                                             const BoilerplatePositions& boilerplate,
                                             const OwnDocuments& own, uint32_t radius) {
  std::vector<std::string> answers(queries.size());
  for (size_t from = 0; from < queries.size(); ++from) {
    std::vector<WirePosition> asked;
    if (!wire::ReadAll(queries[from], &asked)) return wire::CutShort("mask queries");
    answers[from].reserve(asked.size());
    for (const WirePosition& entry : asked) {
      if (!own.owns(entry.document)) {
        return wire::CutShort("a mask query for another rank's document");
      }
      const bool near =
          NearBoilerplate(boilerplate.Of(own.local(entry.document)), entry.position, radius);
      answers[from].push_back(near ? 1 : 0);
    }
  }
  return answers;
}

// Exchange 4, receiving side: the answers, put back in the order of `shared`.
Result<std::vector<uint8_t>> MaskedFlags(const std::vector<WireEntry>& shared,
                                         const std::vector<std::string>& answers,
                                         const DocumentShare& share) {
  std::vector<size_t> cursor(share.ranks, 0);
  std::vector<uint8_t> masked(shared.size());
  for (size_t at = 0; at < shared.size(); ++at) {
    const int owner = share.RankOf(shared[at].document);
    if (cursor[owner] >= answers[owner].size()) return wire::CutShort("mask answers");
    masked[at] = static_cast<uint8_t>(answers[owner][cursor[owner]++]);
  }
  return masked;
}

// Exchange 5, sending side: every unmasked pair of entries of a group, in
// documents a < b, to the rank that aligns the pair (DocumentShare::RankOfPair):
// what SeedsAfter reads off one machine's index.
std::vector<std::string> SeedsByOwner(const OwnedGroups& groups, const std::vector<uint8_t>& masked,
                                      const DocumentShare& share) {
  std::vector<std::string> outgoing(share.ranks);
  for (size_t group = 0; group + 1 < groups.group_begin.size(); ++group) {
    const uint64_t end = groups.group_begin[group + 1];
    for (uint64_t x = groups.group_begin[group]; x < end; ++x) {
      if (masked[x]) continue;
      const WireEntry& a = groups.shared[x];
      for (uint64_t y = x + 1; y < end; ++y) {
        const WireEntry& b = groups.shared[y];
        if (masked[y] || b.document == a.document) continue;
        wire::Append(WireSeed{a.document, b.document, a.position, b.position},
                     &outgoing[share.RankOfPair(a.document, b.document)]);
      }
    }
  }
  return outgoing;
}

Result<RankSeeds> CollectSeeds(std::vector<std::string> incoming) {
  STEMMA_ASSIGN_OR_RETURN(std::vector<WireSeed> seeds,
                          Concatenate<WireSeed>(std::move(incoming), "seeds"));
  tbb::parallel_sort(seeds.begin(), seeds.end());
  RankSeeds out;
  out.seeds.reserve(seeds.size());
  for (size_t at = 0; at < seeds.size(); ++at) {
    if (at == 0 || seeds[at].a != seeds[at - 1].a) {
      out.documents.push_back(seeds[at].a);
      out.seed_begin.push_back(at);
    }
    out.seeds.push_back({seeds[at].b, seeds[at].position_a, seeds[at].position_b});
  }
  out.seed_begin.push_back(seeds.size());
  return out;
}

// All-to-all, counting the bytes this rank sends to the others.
Result<std::vector<std::string>> Exchange(std::vector<std::string> outgoing, RankExchange& exchange,
                                          uint64_t* bytes_sent) {
  for (int rank = 0; rank < static_cast<int>(outgoing.size()); ++rank) {
    if (rank != exchange.rank()) *bytes_sent += outgoing[rank].size();
  }
  return exchange.AllToAll(std::move(outgoing));
}

}  // namespace

Result<RankSeeds> FindSeedsAcrossRanks(
    const std::vector<std::span<const Token>>& tokens_by_document,
    const FingerprintOptions& options, int max_document_frequency, fingerprint::NgramNoise noise,
    RankExchange& exchange) {
  const OwnDocuments own{exchange.rank(), exchange.ranks(), tokens_by_document.size()};
  uint64_t sent = 0;
  STEMMA_ASSIGN_OR_RETURN(
      std::vector<std::string> fingerprints,
      Exchange(FingerprintsByOwner(tokens_by_document, own, options, noise), exchange, &sent));
  STEMMA_ASSIGN_OR_RETURN(std::vector<WireEntry> entries,
                          SortedEntries(std::move(fingerprints), own.ranks));
  const uint64_t fingerprint_count = entries.size();
  OwnedGroups groups = ClassifyGroups(std::move(entries), max_document_frequency, own.share);
  STEMMA_ASSIGN_OR_RETURN(std::vector<std::string> boilerplate_in,
                          Exchange(std::move(groups.boilerplate_by_owner), exchange, &sent));
  STEMMA_ASSIGN_OR_RETURN(const BoilerplatePositions boilerplate,
                          CollectBoilerplate(std::move(boilerplate_in), own));
  STEMMA_ASSIGN_OR_RETURN(std::vector<std::string> queries,
                          Exchange(MaskQueries(groups.shared, own.share), exchange, &sent));
  STEMMA_ASSIGN_OR_RETURN(
      std::vector<std::string> answers_out,
      MaskAnswers(queries, boilerplate, own, static_cast<uint32_t>(options.window - 1)));
  STEMMA_ASSIGN_OR_RETURN(std::vector<std::string> answers,
                          Exchange(std::move(answers_out), exchange, &sent));
  STEMMA_ASSIGN_OR_RETURN(const std::vector<uint8_t> masked,
                          MaskedFlags(groups.shared, answers, own.share));
  STEMMA_ASSIGN_OR_RETURN(std::vector<std::string> seeds,
                          Exchange(SeedsByOwner(groups, masked, own.share), exchange, &sent));
  STEMMA_ASSIGN_OR_RETURN(RankSeeds out, CollectSeeds(std::move(seeds)));
  out.fingerprints = fingerprint_count;
  out.boilerplate_hashes = groups.boilerplate_hashes;
  out.bytes_sent = sent;
  return out;
}

}  // namespace stemma::index
