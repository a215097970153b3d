#include "engine/incremental_aligner.h"

#include <tbb/enumerable_thread_specific.h>
#include <tbb/parallel_for.h>

#include <algorithm>
#include <unordered_map>

#include "align/pair_aligner.h"

namespace stemma::engine {
namespace {

// An occurrence of a fingerprint among the batch: which new document, where.
struct BatchOccurrence {
  uint32_t index = 0;  // into the batch
  uint32_t position = 0;
};
using BatchFingerprints = std::unordered_map<uint64_t, std::vector<BatchOccurrence>>;

BatchFingerprints IndexBatch(std::span<const NewDocument> batch) {
  BatchFingerprints index;
  for (uint32_t document = 0; document < batch.size(); ++document) {
    for (const auto& fingerprint : batch[document].fingerprints) {
      index[fingerprint.hash].push_back({document, fingerprint.position});
    }
  }
  return index;
}

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
                const BatchFingerprints& batch_index, const ScanOptions& options)
      : stored_(stored), batch_(batch), batch_index_(batch_index), options_(options) {}

  std::vector<EarlierSeed> Collect(uint32_t index) {
    std::vector<EarlierSeed> seeds;
    std::vector<uint32_t> boilerplate;
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
    for (const Occurrence& occurrence : occurrences_) {
      seeds->push_back({false, occurrence.document, occurrence.position, fingerprint.position});
      documents.push_back(occurrence.document);
    }
    const auto in_batch = batch_index_.find(fingerprint.hash);
    if (in_batch != batch_index_.end()) {
      for (const BatchOccurrence& occurrence : in_batch->second) {
        if (occurrence.index >= index) continue;
        seeds->push_back({true, occurrence.index, occurrence.position, fingerprint.position});
        documents.push_back(batch_[occurrence.index].id);
      }
    }
    std::sort(documents.begin(), documents.end());
    const size_t distinct =
        static_cast<size_t>(std::unique(documents.begin(), documents.end()) - documents.begin());
    const size_t max_documents = static_cast<size_t>(options_.max_document_frequency);
    return distinct <= max_documents && documents.size() <= 4 * max_documents;
  }

  // Within w - 1 n-grams of a boilerplate fingerprint (see collection_index.h).
  bool Masked(const std::vector<uint32_t>& boilerplate, uint32_t position) const {
    const uint32_t radius = static_cast<uint32_t>(options_.fingerprint.window - 1);
    const uint32_t low = position > radius ? position - radius : 0;
    const auto nearest = std::lower_bound(boilerplate.begin(), boilerplate.end(), low);
    return nearest != boilerplate.end() && *nearest <= position + radius;
  }

  const StoredDocuments& stored_;
  std::span<const NewDocument> batch_;
  const BatchFingerprints& batch_index_;
  const ScanOptions& options_;
  std::vector<Occurrence> occurrences_;
};

// Aligns batch[index] with each earlier document it shares seeds with.
Status AlignOne(uint32_t index, const StoredDocuments& stored, std::span<const NewDocument> batch,
                const std::vector<EarlierSeed>& seeds, align::PairAligner* aligner,
                std::vector<FoundPassage>* out) {
  const NewDocument& document = batch[index];
  std::vector<align::Seed> pair_seeds;
  size_t begin = 0;
  while (begin < seeds.size()) {
    size_t end = begin;
    pair_seeds.clear();
    for (; end < seeds.size() && seeds[end].in_batch == seeds[begin].in_batch &&
           seeds[end].earlier == seeds[begin].earlier;
         ++end) {
      pair_seeds.push_back({seeds[end].earlier_position, seeds[end].position});
    }
    const EarlierSeed& first = seeds[begin];
    std::vector<Token> stored_tokens;
    if (!first.in_batch) {
      STEMMA_ASSIGN_OR_RETURN(stored_tokens, stored.Tokens(first.earlier));
    }
    const std::vector<Token>& earlier_tokens =
        first.in_batch ? batch[first.earlier].tokens : stored_tokens;
    const uint32_t earlier_id = first.in_batch ? batch[first.earlier].id : first.earlier;
    for (Passage& passage : aligner->Align(earlier_tokens, document.tokens, &pair_seeds)) {
      out->push_back({earlier_id, document.id, std::move(passage)});
    }
    begin = end;
  }
  // Stored ids are below batch ids, so (in_batch, earlier) order is id order.
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

Result<std::vector<FoundPassage>> AlignNewDocuments(const StoredDocuments& stored,
                                                    std::span<const NewDocument> batch,
                                                    const ScanOptions& options) {
  STEMMA_RETURN_IF_ERROR(Validate(options));
  const BatchFingerprints batch_index = IndexBatch(batch);
  std::vector<std::vector<FoundPassage>> found(batch.size());
  std::vector<Status> statuses(batch.size());
  tbb::enumerable_thread_specific<align::PairAligner> aligners(options.align);
  tbb::parallel_for(size_t{0}, batch.size(), [&](size_t index) {
    SeedCollector collector(stored, batch, batch_index, options);
    const auto seeds = collector.Collect(static_cast<uint32_t>(index));
    statuses[index] = AlignOne(static_cast<uint32_t>(index), stored, batch, seeds,
                               &aligners.local(), &found[index]);
  });
  std::vector<FoundPassage> passages;
  for (size_t index = 0; index < batch.size(); ++index) {
    STEMMA_RETURN_IF_ERROR(statuses[index]);
    for (FoundPassage& passage : found[index]) passages.push_back(std::move(passage));
  }
  return passages;
}

}  // namespace stemma::engine
