#include "engine/incremental_aligner.h"

#include <tbb/enumerable_thread_specific.h>
#include <tbb/parallel_for.h>
#include <tbb/parallel_sort.h>

#include <algorithm>
#include <unordered_map>

#include "align/pair_aligner.h"

namespace stemma::engine {
namespace {

// The fingerprints of the batch, as one array sorted by (stored hash bits,
// document, position): built with a parallel sort and searched by binary
// search. (A hash map of vectors cost a third of an add in allocations.)
struct BatchOccurrence {
  uint64_t hash = 0;
  uint32_t index = 0;  // into the batch
  uint32_t position = 0;
};

class BatchIndex {
 public:
  BatchIndex(const StoredDocuments& stored, std::span<const NewDocument> batch) {
    size_t total = 0;
    for (const NewDocument& document : batch) total += document.fingerprints.size();
    occurrences_.reserve(total);
    for (uint32_t index = 0; index < batch.size(); ++index) {
      for (const auto& fingerprint : batch[index].fingerprints) {
        occurrences_.push_back({stored.StoredBits(fingerprint.hash), index, fingerprint.position});
      }
    }
    tbb::parallel_sort(occurrences_.begin(), occurrences_.end(),
                       [](const BatchOccurrence& x, const BatchOccurrence& y) {
                         return std::tie(x.hash, x.index, x.position) <
                                std::tie(y.hash, y.index, y.position);
                       });
  }

  // The occurrences of `stored_bits`, by document then position.
  std::span<const BatchOccurrence> Find(uint64_t stored_bits) const {
    const auto begin = std::lower_bound(
        occurrences_.begin(), occurrences_.end(), stored_bits,
        [](const BatchOccurrence& occurrence, uint64_t hash) { return occurrence.hash < hash; });
    auto end = begin;
    while (end != occurrences_.end() && end->hash == stored_bits) ++end;
    return {begin, end};
  }

 private:
  std::vector<BatchOccurrence> occurrences_;
};

// A seed between the new document and an earlier one (a stored id, or a
// batch index marked by `in_batch`).
struct EarlierSeed {
  bool in_batch = false;
  uint32_t earlier = 0;
  uint32_t earlier_position = 0;
  uint32_t position = 0;

  auto Key() const { return std::make_tuple(in_batch, earlier, earlier_position, position); }
};

// The seeds of batch[index] with earlier documents, boilerplate left out.
class SeedCollector {
 public:
  SeedCollector(const StoredDocuments& stored, std::span<const NewDocument> batch,
                const BatchIndex& batch_index, const ScanOptions& options, const CorpusRules* rules)
      : stored_(stored),
        batch_(batch),
        batch_index_(batch_index),
        options_(options),
        rules_(rules),
        families_(rules != nullptr && rules->families) {}

  // `boilerplate`: the positions (n-gram starts) found to be boilerplate.
  std::vector<EarlierSeed> Collect(uint32_t index, std::vector<uint32_t>* boilerplate_out) {
    std::vector<EarlierSeed> seeds;
    std::vector<uint32_t>& boilerplate = *boilerplate_out;
    boilerplate.clear();
    const NewDocument& document = batch_[index];
    const auto& lookups = document.lookups.empty() ? document.fingerprints : document.lookups;
    for (const auto& fingerprint : lookups) {
      const size_t first_new = seeds.size();
      if (!AddEarlier(index, fingerprint, &seeds)) {
        seeds.resize(first_new);
        boilerplate.push_back(fingerprint.position);
      }
    }
    std::sort(boilerplate.begin(), boilerplate.end());
    std::erase_if(seeds,
                  [&](const EarlierSeed& seed) { return Masked(boilerplate, seed.position); });
    std::sort(seeds.begin(), seeds.end(),
              [](const EarlierSeed& x, const EarlierSeed& y) { return x.Key() < y.Key(); });
    return seeds;
  }

 private:
  // Appends the seeds of one fingerprint; false when it is boilerplate for the
  // new document (found in too many earlier documents, or too often).
  bool AddEarlier(uint32_t index, const fingerprint::Fingerprint& fingerprint,
                  std::vector<EarlierSeed>* seeds) {
    occurrences_.clear();
    stored_.Find(fingerprint.hash, &occurrences_);
    std::vector<uint32_t> documents;
    const uint32_t outlet = rules_ != nullptr ? batch_[index].outlet : 0;
    same_outlet_.clear();
    for (const Occurrence& occurrence : occurrences_) {
      seeds->push_back({false, occurrence.document, occurrence.position, fingerprint.position});
      documents.push_back(occurrence.document);
      if (outlet != 0 && stored_.Outlet(occurrence.document) == outlet) {
        same_outlet_.push_back(occurrence.document);
      }
    }
    {
      for (const BatchOccurrence& occurrence :
           batch_index_.Find(stored_.StoredBits(fingerprint.hash))) {
        if (occurrence.index >= index) break;
        // With families, copies are not found by later documents (they are not indexed).
        const NewDocument& earlier = batch_[occurrence.index];
        if (families_ && earlier.family != earlier.id) continue;
        seeds->push_back({true, occurrence.index, occurrence.position, fingerprint.position});
        documents.push_back(earlier.id);
        if (outlet != 0 && earlier.outlet == outlet) same_outlet_.push_back(earlier.id);
      }
    }
    std::sort(documents.begin(), documents.end());
    const size_t distinct =
        static_cast<size_t>(std::unique(documents.begin(), documents.end()) - documents.begin());
    const size_t max_documents = static_cast<size_t>(options_.max_document_frequency);
    if (distinct > max_documents || documents.size() > 4 * max_documents) return false;
    if (outlet == 0) return true;
    std::sort(same_outlet_.begin(), same_outlet_.end());
    const size_t same_outlet = static_cast<size_t>(
        std::unique(same_outlet_.begin(), same_outlet_.end()) - same_outlet_.begin());
    if (same_outlet < static_cast<size_t>(rules_->outlet_boilerplate_documents)) return true;
    outlet_boilerplate_.push_back(stored_.StoredBits(fingerprint.hash));
    return false;
  }

 public:
  // The hashes this document found to be its outlet's boilerplate, sorted.
  std::vector<uint64_t> TakeOutletBoilerplate() {
    std::sort(outlet_boilerplate_.begin(), outlet_boilerplate_.end());
    outlet_boilerplate_.erase(std::unique(outlet_boilerplate_.begin(), outlet_boilerplate_.end()),
                              outlet_boilerplate_.end());
    return std::move(outlet_boilerplate_);
  }

 private:
  // Within w - 1 n-grams of a boilerplate fingerprint (see collection_index.h).
  bool Masked(const std::vector<uint32_t>& boilerplate, uint32_t position) const {
    const uint32_t radius = static_cast<uint32_t>(options_.fingerprint.window - 1);
    const uint32_t low = position > radius ? position - radius : 0;
    const auto nearest = std::lower_bound(boilerplate.begin(), boilerplate.end(), low);
    return nearest != boilerplate.end() && *nearest <= position + radius;
  }

  const StoredDocuments& stored_;
  std::span<const NewDocument> batch_;
  const BatchIndex& batch_index_;
  const ScanOptions& options_;
  const CorpusRules* rules_;  // null: Scan()'s rules only
  const bool families_;
  std::vector<Occurrence> occurrences_;
  std::vector<uint32_t> same_outlet_;
  std::vector<uint64_t> outlet_boilerplate_;
};

// The seeds of one new document with one earlier document:
// seeds[begin, end) of the new document batch[index].
struct PairTask {
  uint32_t index = 0;
  size_t begin = 0;
  size_t end = 0;
};

// Aligns a stored document, read as a window around the seeds when that
// gives the same passages as the whole text (PairAligner::touched_a_*).
Result<std::vector<Passage>> AlignStored(const StoredDocuments& stored, uint32_t earlier,
                                         const align::TokenText& document,
                                         std::vector<align::Seed> seeds, const ScanOptions& options,
                                         align::PairAligner* aligner) {
  uint32_t low = UINT32_MAX;
  uint32_t high = 0;
  for (const align::Seed& seed : seeds) {
    low = std::min(low, seed.a);
    high = std::max(high, seed.a);
  }
  // Wide enough that a pair whose seeds lead nowhere never needs more: short
  // anchors plus the longest extension fit inside.
  const uint32_t margin = static_cast<uint32_t>(
      options.align.max_extension + 2 * options.align.min_tokens + 2 * options.fingerprint.ngram);
  STEMMA_ASSIGN_OR_RETURN(TokenWindow window,
                          stored.TokensAround(earlier, low > margin ? low - margin : 0,
                                              high + options.fingerprint.ngram + margin));
  std::vector<align::Seed> shifted = seeds;
  for (align::Seed& seed : shifted) seed.a -= window.first;
  std::vector<Passage> passages =
      aligner->Align(align::TokenText{window.tokens, window.text}, document, &shifted);
  const bool clipped = (aligner->touched_a_start() && !window.at_start) ||
                       (aligner->touched_a_end() && !window.at_end);
  if (!clipped) {
    for (Passage& passage : passages) passage.a.first_token += window.first;
    return passages;
  }
  STEMMA_ASSIGN_OR_RETURN(TokenWindow whole, stored.Tokens(earlier));
  return aligner->Align(align::TokenText{whole.tokens, whole.text}, document, &seeds);
}

// Aligns batch[task.index] with the one earlier document of its seeds.
Status AlignPair(const PairTask& task, const StoredDocuments& stored,
                 std::span<const NewDocument> batch, const std::vector<EarlierSeed>& seeds,
                 const ScanOptions& options, align::PairAligner* aligner,
                 std::vector<FoundPassage>* out) {
  const NewDocument& document = batch[task.index];
  std::vector<align::Seed> pair_seeds;
  for (size_t seed = task.begin; seed < task.end; ++seed) {
    pair_seeds.push_back({seeds[seed].earlier_position, seeds[seed].position});
  }
  const EarlierSeed& first = seeds[task.begin];
  std::vector<Passage> passages;
  uint32_t earlier_id = first.earlier;
  if (first.in_batch) {
    earlier_id = batch[first.earlier].id;
    const NewDocument& earlier = batch[first.earlier];
    passages = aligner->Align(align::TokenText{earlier.tokens, earlier.text},
                              align::TokenText{document.tokens, document.text}, &pair_seeds);
  } else {
    STEMMA_ASSIGN_OR_RETURN(passages, AlignStored(stored, first.earlier,
                                                  align::TokenText{document.tokens, document.text},
                                                  std::move(pair_seeds), options, aligner));
  }
  for (Passage& passage : passages) out->push_back({earlier_id, document.id, std::move(passage)});
  return Status::Ok();
}

}  // namespace

std::vector<fingerprint::Fingerprint> AllNgrams(std::span<const Token> tokens, int ngram) {
  std::vector<uint64_t> hashes;
  fingerprint::HashNgrams(tokens, ngram, &hashes);
  std::vector<fingerprint::Fingerprint> lookups;
  lookups.reserve(hashes.size());
  for (uint32_t position = 0; position < hashes.size(); ++position) {
    if (hashes[position] != fingerprint::kNoiseHash)
      lookups.push_back({hashes[position], position});
  }
  return lookups;
}

namespace {

// The bytes of `tokens` covered by n-grams starting at `positions` (sorted),
// as merged ranges.
std::vector<ByteRange> CoveredBytes(std::span<const Token> tokens,
                                    const std::vector<uint32_t>& positions, int ngram) {
  std::vector<ByteRange> ranges;
  for (uint32_t position : positions) {
    const size_t last = std::min<size_t>(position + ngram, tokens.size());
    if (position >= last) continue;
    const ByteRange range{tokens[position].begin, tokens[last - 1].end};
    if (!ranges.empty() && range.begin <= ranges.back().end) {
      ranges.back().end = std::max(ranges.back().end, range.end);
    } else {
      ranges.push_back(range);
    }
  }
  return ranges;
}

// Bytes of [begin, end) inside the ranges (sorted, disjoint).
uint64_t BytesInside(const std::vector<ByteRange>& ranges, ByteRange span) {
  uint64_t inside = 0;
  for (const ByteRange& range : ranges) {
    const uint32_t begin = std::max(range.begin, span.begin);
    const uint32_t end = std::min(range.end, span.end);
    if (begin < end) inside += end - begin;
  }
  return inside;
}

// One task per (new document, earlier document), in output order, so that
// the pairs of a single traced article spread over the cores too.
std::vector<PairTask> PairTasks(const std::vector<std::vector<EarlierSeed>>& seeds) {
  std::vector<PairTask> tasks;
  for (uint32_t index = 0; index < seeds.size(); ++index) {
    const auto& own = seeds[index];
    for (size_t begin = 0; begin < own.size();) {
      size_t end = begin;
      while (end < own.size() && own[end].in_batch == own[begin].in_batch &&
             own[end].earlier == own[begin].earlier) {
        ++end;
      }
      tasks.push_back({index, begin, end});
      begin = end;
    }
  }
  return tasks;
}

// The stored documents the tasks read, announced at once (StoredDocuments::Prefetch).
Status PrefetchStored(const StoredDocuments& stored, const std::vector<PairTask>& tasks,
                      const std::vector<std::vector<EarlierSeed>>& seeds) {
  std::vector<uint32_t> documents;
  for (const PairTask& task : tasks) {
    const EarlierSeed& first = seeds[task.index][task.begin];
    if (!first.in_batch) documents.push_back(first.earlier);
  }
  std::sort(documents.begin(), documents.end());
  documents.erase(std::unique(documents.begin(), documents.end()), documents.end());
  return stored.Prefetch(documents);
}

// `rules` null: Scan()'s rules. Otherwise `boilerplate` receives each
// document's boilerplate bytes, and `outlet_hashes` the hashes it found to be
// its outlet's boilerplate.
Result<std::vector<FoundPassage>> AlignBatch(const StoredDocuments& stored,
                                             std::span<const NewDocument> batch,
                                             const BatchIndex& batch_index,
                                             const ScanOptions& options, const CorpusRules* rules,
                                             std::vector<std::vector<ByteRange>>* boilerplate,
                                             std::vector<std::vector<uint64_t>>* outlet_hashes,
                                             BatchShare share = {}) {
  STEMMA_RETURN_IF_ERROR(Validate(options));
  const bool families = rules != nullptr && rules->families;
  std::vector<std::vector<EarlierSeed>> seeds(batch.size());
  std::vector<std::vector<ByteRange>> marked(batch.size());
  std::vector<std::vector<uint64_t>> recognized(batch.size());
  tbb::parallel_for(size_t{0}, batch.size(), [&](size_t index) {
    if (!share.Aligns(index)) return;  // another rank's
    SeedCollector collector(stored, batch, batch_index, options, rules);
    std::vector<uint32_t> positions;
    seeds[index] = collector.Collect(static_cast<uint32_t>(index), &positions);
    const NewDocument& document = batch[index];
    if (rules != nullptr) {
      marked[index] = CoveredBytes(document.tokens, positions, options.fingerprint.ngram);
      recognized[index] = collector.TakeOutletBoilerplate();
    }
    if (families && document.family != document.id) {
      // A copy is aligned with its family's first document alone.
      std::erase_if(seeds[index], [&](const EarlierSeed& seed) {
        const uint32_t earlier = seed.in_batch ? batch[seed.earlier].id : seed.earlier;
        return earlier != document.family;
      });
    }
  });
  const std::vector<PairTask> tasks = PairTasks(seeds);
  STEMMA_RETURN_IF_ERROR(PrefetchStored(stored, tasks, seeds));
  std::vector<std::vector<FoundPassage>> found(tasks.size());
  std::vector<Status> statuses(tasks.size());
  tbb::enumerable_thread_specific<align::PairAligner> aligners(options.align);
  tbb::parallel_for(size_t{0}, tasks.size(), [&](size_t task) {
    statuses[task] = AlignPair(tasks[task], stored, batch, seeds[tasks[task].index], options,
                               &aligners.local(), &found[task]);
  });
  // Stored ids are below batch ids, so (in_batch, earlier) order is id order.
  std::vector<FoundPassage> passages;
  for (size_t task = 0; task < tasks.size(); ++task) {
    STEMMA_RETURN_IF_ERROR(statuses[task]);
    const std::vector<ByteRange>& own = marked[tasks[task].index];
    for (FoundPassage& passage : found[task]) {
      const ByteRange span = passage.passage.b.bytes;
      if (rules != nullptr && span.size() > 0 &&
          BytesInside(own, span) > rules->max_boilerplate_share * span.size()) {
        continue;  // boilerplate, not reuse
      }
      passages.push_back(std::move(passage));
    }
  }
  if (boilerplate != nullptr) *boilerplate = std::move(marked);
  if (outlet_hashes != nullptr) *outlet_hashes = std::move(recognized);
  return passages;
}

// The earlier documents (stored, or before `index` in the batch) that share
// winnowed fingerprints with batch[index], each with how many: (id, count), by id.
std::vector<std::pair<uint32_t, uint32_t>> SharedFingerprints(const StoredDocuments& stored,
                                                              std::span<NewDocument> batch,
                                                              const BatchIndex& batch_index,
                                                              size_t index) {
  std::vector<uint32_t> earlier_documents;  // one entry per shared distinct fingerprint
  std::vector<Occurrence> occurrences;
  std::vector<uint64_t> seen;
  for (const auto& fingerprint : batch[index].fingerprints) {
    seen.push_back(stored.StoredBits(fingerprint.hash));
  }
  std::sort(seen.begin(), seen.end());
  seen.erase(std::unique(seen.begin(), seen.end()), seen.end());
  for (uint64_t hash : seen) {
    occurrences.clear();
    stored.Find(hash, &occurrences);
    uint32_t last = UINT32_MAX;
    for (const Occurrence& occurrence : occurrences) {
      if (occurrence.document != last) earlier_documents.push_back(occurrence.document);
      last = occurrence.document;
    }
    last = UINT32_MAX;
    for (const BatchOccurrence& occurrence : batch_index.Find(hash)) {
      if (occurrence.index >= index) break;
      if (occurrence.index != last) earlier_documents.push_back(batch[occurrence.index].id);
      last = occurrence.index;
    }
  }
  std::sort(earlier_documents.begin(), earlier_documents.end());
  std::vector<std::pair<uint32_t, uint32_t>> shared;
  for (size_t begin = 0; begin < earlier_documents.size();) {
    size_t end = begin;
    while (end < earlier_documents.size() && earlier_documents[end] == earlier_documents[begin]) {
      ++end;
    }
    shared.push_back({earlier_documents[begin], static_cast<uint32_t>(end - begin)});
    begin = end;
  }
  return shared;
}

// Decides the family of each document of the batch, in order (see
// CorpusRules). Containment is counted on winnowed fingerprints, which
// copies share exactly: one index lookup per fingerprint.
void DecideFamilies(const StoredDocuments& stored, std::span<NewDocument> batch,
                    const BatchIndex& batch_index, const CorpusRules& options) {
  // Per document, the earlier documents sharing fingerprints with it, counted
  // in parallel; then decided in order, because a document's candidates are
  // only the earlier documents that start a family.
  std::vector<std::vector<std::pair<uint32_t, uint32_t>>> shared(batch.size());  // (earlier, count)
  tbb::parallel_for(size_t{0}, batch.size(), [&](size_t index) {
    if (batch[index].copy_of == 0)
      shared[index] = SharedFingerprints(stored, batch, batch_index, index);
  });
  const uint32_t first_batch_id = batch.empty() ? 0 : batch.front().id;
  for (uint32_t index = 0; index < batch.size(); ++index) {
    NewDocument& document = batch[index];
    document.family = document.id;
    if (document.copy_of != 0) {
      document.family = document.copy_of >= first_batch_id
                            ? batch[document.copy_of - first_batch_id].family
                            : stored.Family(document.copy_of);
      continue;
    }
    for (const auto& [earlier, count] : shared[index]) {
      const bool in_batch = earlier >= first_batch_id;
      const NewDocument* batch_earlier = in_batch ? &batch[earlier - first_batch_id] : nullptr;
      if (in_batch && batch_earlier->family != earlier) continue;  // only first documents
      const uint32_t fingerprints = in_batch
                                        ? static_cast<uint32_t>(batch_earlier->fingerprints.size())
                                        : stored.FingerprintCount(earlier);
      const uint32_t tokens = in_batch ? static_cast<uint32_t>(batch_earlier->tokens.size())
                                       : stored.TokenCount(earlier);
      if (fingerprints == 0 || tokens == 0) continue;
      const double containment = static_cast<double>(count) / fingerprints;
      const double length_difference =
          std::abs(static_cast<double>(document.tokens.size()) - tokens) / tokens;
      if (containment >= options.min_containment &&
          length_difference < options.max_length_difference) {
        document.family = earlier;
        break;
      }
    }
  }
}

}  // namespace

Result<std::vector<FoundPassage>> AlignNewDocuments(const StoredDocuments& stored,
                                                    std::span<const NewDocument> batch,
                                                    const ScanOptions& options) {
  return AlignBatch(stored, batch, BatchIndex(stored, batch), options, nullptr, nullptr, nullptr);
}

Result<std::vector<FoundPassage>> AlignNewDocuments(const StoredDocuments& stored,
                                                    std::span<NewDocument> batch,
                                                    const ScanOptions& options,
                                                    const CorpusRules& rules, BatchShare share) {
  // One index of the batch serves the family decisions and the seeds: it
  // holds every document, and lookups skip the copies where they must.
  const BatchIndex batch_index(stored, batch);
  if (rules.families) {
    DecideFamilies(stored, batch, batch_index, rules);
  } else {
    for (NewDocument& document : batch) document.family = document.id;
  }
  std::vector<std::vector<ByteRange>> boilerplate;
  std::vector<std::vector<uint64_t>> outlet_hashes;
  STEMMA_ASSIGN_OR_RETURN(auto passages, AlignBatch(stored, batch, batch_index, options, &rules,
                                                    &boilerplate, &outlet_hashes, share));
  for (size_t index = 0; index < batch.size(); ++index) {
    batch[index].boilerplate = std::move(boilerplate[index]);
    batch[index].outlet_boilerplate = std::move(outlet_hashes[index]);
  }
  return passages;
}

}  // namespace stemma::engine
