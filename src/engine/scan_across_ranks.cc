// ScanAcrossRanks: Scan() split across the ranks of a distributed run.
//
// Data flow on each rank. (1) Reading: the rank loads and tokenises its own
// documents (a contiguous block: stemma/ranks.h); their problems go to rank 0,
// which reports them in document order. (2) Seeds: FindSeedsAcrossRanks gives
// each of its documents exactly the seeds that one machine's CollectionIndex
// gives (words, and letters when asked), for the pairs it aligns: those of
// its own documents, and half of those across it and another rank
// (DocumentShare::RankOfPair). (3) Aligning, in waves: the other ranks'
// documents in its pairs (its partners) are cut, in document order, into
// waves of at most as many documents as it owns; for each wave the rank
// fetches those texts and their tokens, aligns every pair whose partner lies
// in the wave's range, renders it, and lets the texts go. Each partner is fetched once, and a rank
// holds at most about twice its share of the collection. (4) Each wave's pairs are one sorted run;
// the rank merges its runs and streams them to rank 0, which merges the ranks' streams by (a, b):
// the order Scan() writes.
//
// Why the same passages: a pair is aligned by the same code, from the same
// tokens and texts, with the same seeds in the same order, as on one machine;
// nothing depends on which rank does it or on the order of messages.
#include <tbb/global_control.h>
#include <tbb/parallel_for.h>

#include <algorithm>
#include <memory>
#include <mutex>
#include <optional>

#include "common/wire.h"
#include "engine/rank_results.h"
#include "engine/rank_texts.h"
#include "engine/scan_internal.h"
#include "index/seeds_across_ranks.h"
#include "stemma/scan.h"

namespace stemma {
namespace {

using engine::AlignedPairs;
using engine::RankResults;
using engine::ScanAligners;
using engine::ScanCollection;
using index::PairSeed;
using index::RankSeeds;

// This rank's share of the documents: a contiguous block (stemma/ranks.h).
struct Share {
  int rank;
  int ranks;
  size_t total;

  DocumentShare documents() const { return {total, ranks}; }
  bool owns(size_t document) const { return documents().RankOf(document) == rank; }
  size_t first() const { return documents().first(rank); }
  size_t end() const { return documents().end(rank); }
};

// Collects this rank's document issues, for rank 0 to report.
class IssueList {
 public:
  void Add(DocumentIssue issue) {
    std::lock_guard<std::mutex> lock(mutex_);
    issues_.push_back(std::move(issue));
  }
  std::string Serialised() const {
    std::string out;
    for (const DocumentIssue& issue : issues_) {
      wire::Append(static_cast<uint64_t>(issue.index), &out);
      wire::Append(static_cast<uint8_t>(issue.skipped), &out);
      wire::AppendBytes(issue.reason, &out);
    }
    return out;
  }

 private:
  std::mutex mutex_;
  std::vector<DocumentIssue> issues_;
};

// Rank 0 reports every rank's issues, in document order.
Status ReportIssues(const IssueList& issues, RankExchange& exchange,
                    const ScanCallbacks& callbacks) {
  std::vector<std::string> outgoing(exchange.ranks());
  outgoing[0] = issues.Serialised();
  STEMMA_ASSIGN_OR_RETURN(const std::vector<std::string> incoming,
                          exchange.AllToAll(std::move(outgoing)));
  if (exchange.rank() != 0) return Status::Ok();
  std::vector<DocumentIssue> all;
  for (const std::string& part : incoming) {
    wire::Reader reader(part);
    while (!reader.done()) {
      uint64_t index = 0;
      uint8_t skipped = 0;
      std::string_view reason;
      if (!reader.Read(&index) || !reader.Read(&skipped) || !reader.ReadBytes(&reason)) {
        return wire::CutShort("document issues");
      }
      all.push_back({index, skipped != 0, std::string(reason)});
    }
  }
  std::stable_sort(all.begin(), all.end(), [](const DocumentIssue& x, const DocumentIssue& y) {
    return x.index < y.index;
  });
  if (callbacks.on_issue) {
    for (const DocumentIssue& issue : all) callbacks.on_issue(issue);
  }
  return Status::Ok();
}

void ReadOwn(const DocumentSource& source, bool letters, const Share& share,
             const ScanCallbacks& callbacks, IssueList* issues, ScanCollection* collection,
             ScanStats* stats) {
  ScanCallbacks collecting;
  collecting.on_issue = [issues](const DocumentIssue& issue) { issues->Add(issue); };
  collecting.on_progress = callbacks.on_progress;
  engine::ScanReporter reporter(collecting);
  collection->Resize(share.total, letters);
  const size_t own_count = share.end() - share.first();
  std::atomic<size_t> done{0};
  std::atomic<uint64_t> bytes{0};
  tbb::parallel_for(tbb::blocked_range<size_t>(0, own_count, 1), [&](const auto& range) {
    for (size_t at = range.begin(); at != range.end(); ++at) {
      const size_t index = share.first() + at;
      engine::ReadDocument(source, index, letters, collection, &reporter, &bytes);
      reporter.Progress("reading", ++done, own_count);
    }
  });
  stats->bytes = bytes;
  for (size_t index = share.first(); index < share.end(); ++index) {
    stats->documents_skipped += collection->skipped[index];
    stats->tokens += collection->tokens[index].size();
  }
}

// One of this rank's documents with its seeds with later documents.
struct Work {
  uint32_t a = 0;
  std::span<const PairSeed> words;
  std::span<const PairSeed> letters;
};

std::span<const PairSeed> SeedsAt(const RankSeeds& seeds, size_t at) {
  return {seeds.seeds.data() + seeds.seed_begin[at], seeds.seeds.data() + seeds.seed_begin[at + 1]};
}

// This rank's documents with seeds (of words or letters), ascending.
std::vector<Work> WorkOf(const RankSeeds& words, const RankSeeds* letters) {
  std::vector<Work> work;
  size_t word_at = 0;
  size_t letter_at = 0;
  const size_t letter_count = letters != nullptr ? letters->documents.size() : 0;
  while (word_at < words.documents.size() || letter_at < letter_count) {
    const bool take_word =
        word_at < words.documents.size() &&
        (letter_at == letter_count || words.documents[word_at] <= letters->documents[letter_at]);
    const bool take_letter =
        letter_at < letter_count && (word_at == words.documents.size() ||
                                     letters->documents[letter_at] <= words.documents[word_at]);
    Work item;
    item.a = take_word ? words.documents[word_at] : letters->documents[letter_at];
    if (take_word) item.words = SeedsAt(words, word_at++);
    if (take_letter) item.letters = SeedsAt(*letters, letter_at++);
    work.push_back(item);
  }
  return work;
}

// The other ranks' documents that this rank's work pairs with, ascending:
// the b of pairs whose a it owns, and the a of pairs whose b it owns.
std::vector<uint32_t> PartnersOf(const std::vector<Work>& work, const Share& share) {
  std::vector<uint32_t> partners;
  for (const Work& item : work) {
    if (!share.owns(item.a)) {
      partners.push_back(item.a);
      continue;
    }
    for (auto seeds : {item.words, item.letters}) {
      for (const PairSeed& seed : seeds) {
        if (!share.owns(seed.other_document)) partners.push_back(seed.other_document);
      }
    }
  }
  std::sort(partners.begin(), partners.end());
  partners.erase(std::unique(partners.begin(), partners.end()), partners.end());
  return partners;
}

// A wave aligns every pair (a, b) of this rank's work whose document of
// another rank lies in [first, end) (and, in the first wave, the pairs of
// its own documents), after fetching the texts of the other ranks' documents
// in that range.
struct Wave {
  uint32_t first = 0;
  uint32_t end = 0;
  std::vector<uint32_t> fetched;
};

// Cuts the partners into waves of at most `per_wave` fetched documents. Each
// partner is fetched once, and a rank never holds more of the others' texts
// at a time than per_wave documents.
std::vector<Wave> WavesOf(const std::vector<uint32_t>& partners, size_t per_wave, size_t total) {
  std::vector<Wave> waves;
  for (size_t at = 0; at < partners.size(); at += per_wave) {
    Wave wave;
    wave.first = waves.empty() ? 0 : partners[at];
    wave.fetched.assign(partners.begin() + at,
                        partners.begin() + std::min(partners.size(), at + per_wave));
    if (!waves.empty()) waves.back().end = wave.first;
    waves.push_back(std::move(wave));
  }
  if (waves.empty()) waves.emplace_back();
  waves.back().end = static_cast<uint32_t>(total);
  return waves;
}

// The waves a run needs: the most any rank needs (every rank takes part in
// every wave's exchanges, with nothing to ask once its own work is done).
Result<size_t> MostWaves(size_t waves, RankExchange& exchange) {
  std::vector<uint64_t> by_rank(exchange.ranks(), 0);
  by_rank[exchange.rank()] = waves;
  STEMMA_ASSIGN_OR_RETURN(const std::vector<uint64_t> all, exchange.SumAll(std::move(by_rank)));
  return static_cast<size_t>(*std::max_element(all.begin(), all.end()));
}

// The documents of a wave to fetch, by the rank that owns them.
std::vector<std::vector<uint32_t>> ByOwner(const std::vector<uint32_t>& documents,
                                           const Share& share) {
  std::vector<std::vector<uint32_t>> by_rank(share.ranks);
  for (uint32_t document : documents) {
    by_rank[share.documents().RankOf(document)].push_back(document);
  }
  return by_rank;
}

// The seeds (sorted by other_document) with documents in [first, end).
std::span<const PairSeed> SeedsWithin(std::span<const PairSeed> seeds, uint32_t first,
                                      uint32_t end) {
  auto before = [](const PairSeed& seed, uint32_t document) {
    return seed.other_document < document;
  };
  const auto begin = std::lower_bound(seeds.begin(), seeds.end(), first, before);
  const auto stop = std::lower_bound(begin, seeds.end(), end, before);
  return {begin, stop};
}

// The seeds of `item` to align in `wave`: those with b in the wave's range
// when a is this rank's, all of them (its b are all this rank's) when a lies
// in the wave's range, none otherwise.
std::pair<std::span<const PairSeed>, std::span<const PairSeed>> SeedsOfWave(const Work& item,
                                                                            const Wave& wave,
                                                                            const Share& share) {
  if (share.owns(item.a)) {
    return {SeedsWithin(item.words, wave.first, wave.end),
            SeedsWithin(item.letters, wave.first, wave.end)};
  }
  if (item.a >= wave.first && item.a < wave.end) return {item.words, item.letters};
  return {};
}

// Aligns and renders every pair of the work that the wave covers; the
// results are one run, in (a, b) order.
void AlignWave(const std::vector<Work>& work, const Wave& wave, const Share& share,
               const ScanCollection& collection, const ScanOptions& options,
               const ScanCallbacks& callbacks, RankResults* results, ScanStats* stats) {
  engine::AlignInOrder(
      work.size(), options.align, callbacks,
      [&](size_t at, ScanAligners* aligners, AlignedPairs* out) {
        const auto [words, letters] = SeedsOfWave(work[at], wave, share);
        if (words.empty() && letters.empty()) return;
        engine::AlignWithLater(work[at].a, words, letters, collection, options.letters.min_seeds,
                               aligners, out);
      },
      [&](const ScanPair& pair, std::string_view rendered) { results->Add(pair, rendered); },
      [](size_t) {}, stats);
  results->EndRun();
}

// Every rank's counts, summed.
Status SumStats(RankExchange& exchange, ScanStats* stats) {
  uint64_t* const counts[] = {&stats->documents_skipped,
                              &stats->bytes,
                              &stats->tokens,
                              &stats->fingerprints,
                              &stats->boilerplate_fingerprints,
                              &stats->candidate_pairs,
                              &stats->pairs,
                              &stats->passages,
                              &stats->index_bytes_between_ranks,
                              &stats->text_bytes_between_ranks};
  std::vector<uint64_t> values;
  for (const uint64_t* count : counts) values.push_back(*count);
  STEMMA_ASSIGN_OR_RETURN(const std::vector<uint64_t> sums, exchange.SumAll(std::move(values)));
  if (sums.size() != std::size(counts)) return wire::CutShort("sums");
  for (size_t at = 0; at < sums.size(); ++at) *counts[at] = sums[at];
  return Status::Ok();
}

// The seeds of this rank's documents: of words, and of letters when asked.
struct RankIndex {
  RankSeeds words;
  std::optional<RankSeeds> letters;
};

Result<RankIndex> IndexAcrossRanks(const ScanCollection& collection, const ScanOptions& options,
                                   RankExchange& exchange, ScanStats* stats) {
  RankIndex index;
  STEMMA_ASSIGN_OR_RETURN(
      index.words, index::FindSeedsAcrossRanks(collection.tokens, options.fingerprint,
                                               options.max_document_frequency,
                                               fingerprint::NgramNoise::kShortTokenRuns, exchange));
  if (options.letters.enabled) {
    STEMMA_ASSIGN_OR_RETURN(
        index.letters, index::FindSeedsAcrossRanks(collection.letters, options.letters.fingerprint,
                                                   options.max_document_frequency,
                                                   fingerprint::NgramNoise::kNone, exchange));
  }
  stats->fingerprints = index.words.fingerprints;
  stats->boilerplate_fingerprints = index.words.boilerplate_hashes;
  stats->index_bytes_between_ranks =
      index.words.bytes_sent + (index.letters ? index.letters->bytes_sent : 0);
  return index;
}

// Aligns this rank's work in waves (every rank runs as many as the busiest).
Status AlignInWaves(const std::vector<Work>& work, const Share& share, const ScanOptions& options,
                    const ScanCallbacks& callbacks, RankExchange& exchange,
                    ScanCollection* collection, RankResults* results, ScanStats* stats) {
  const size_t own_documents = share.end() - share.first();
  const size_t per_wave = options.documents_per_wave > 0
                              ? static_cast<size_t>(options.documents_per_wave)
                              : std::max<size_t>(1, own_documents);
  const std::vector<Wave> waves = WavesOf(PartnersOf(work, share), per_wave, share.total);
  STEMMA_ASSIGN_OR_RETURN(const size_t wave_count, MostWaves(waves.size(), exchange));
  for (size_t at = 0; at < wave_count; ++at) {
    const Wave nothing;
    const Wave& wave = at < waves.size() ? waves[at] : nothing;
    const std::vector<std::vector<uint32_t>> fetched = ByOwner(wave.fetched, share);
    PageArena fetched_texts(size_t{16} << 20, /*huge_pages=*/false);
    STEMMA_RETURN_IF_ERROR(engine::FetchTexts(fetched, options.letters.enabled, exchange,
                                              &fetched_texts, collection,
                                              &stats->text_bytes_between_ranks));
    if (at < waves.size()) {
      AlignWave(work, wave, share, *collection, options, callbacks, results, stats);
    }
    engine::ReleaseTexts(fetched, collection);
    if (callbacks.on_progress) callbacks.on_progress("aligning", at + 1, wave_count);
  }
  return Status::Ok();
}

}  // namespace

Result<ScanStats> ScanAcrossRanks(const DocumentSource& source, const ScanOptions& options,
                                  RankExchange& exchange, const ScanCallbacks& callbacks) {
  STEMMA_RETURN_IF_ERROR(Validate(options));
  if (source.size() >= std::numeric_limits<uint32_t>::max()) {
    return Status::Unsupported("too many documents for one scan");
  }
  if (!callbacks.render_pair) {
    return Status::InvalidArgument("a scan across ranks needs render_pair");
  }
  std::optional<tbb::global_control> thread_limit;
  if (options.threads > 0) {
    thread_limit.emplace(tbb::global_control::max_allowed_parallelism, options.threads);
  }
  const Share share{exchange.rank(), exchange.ranks(), source.size()};
  ScanStats stats;
  stats.documents = source.size();
  ScanCollection collection(/*huge_pages=*/false);  // page_arena.h says why
  IssueList issues;
  engine::StageClock clock;
  ReadOwn(source, options.letters.enabled, share, callbacks, &issues, &collection, &stats);
  STEMMA_RETURN_IF_ERROR(ReportIssues(issues, exchange, callbacks));
  stats.reading_seconds = clock.Lap();
  STEMMA_ASSIGN_OR_RETURN(const RankIndex index,
                          IndexAcrossRanks(collection, options, exchange, &stats));
  const std::vector<Work> work = WorkOf(index.words, index.letters ? &*index.letters : nullptr);
  stats.indexing_seconds = clock.Lap();
  RankResults results;
  STEMMA_RETURN_IF_ERROR(
      AlignInWaves(work, share, options, callbacks, exchange, &collection, &results, &stats));
  stats.aligning_seconds = clock.Lap();
  STEMMA_RETURN_IF_ERROR(SumStats(exchange, &stats));
  STEMMA_RETURN_IF_ERROR(
      options.output_by_rank
          ? engine::ScatterResults(&results, share.documents(), exchange, callbacks)
          : engine::GatherResults(&results, exchange, callbacks));
  stats.gathering_seconds = clock.Lap();
  return stats;
}

}  // namespace stemma
