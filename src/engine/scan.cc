// Scan: every pair of documents in a collection that share a passage.
//
// Data flow. (1) Reading, in parallel: each document is loaded and
// tokenised; its text and tokens are kept for alignment (the text for weak
// matches through OCR damage: pair_aligner.h), and with letters on, its
// letter tokens too (letter_aligner.h). (2) Indexing: the documents are
// fingerprinted into a CollectionIndex, which drops boilerplate hashes; with
// letters on, their letter n-grams into a second one. (3) Aligning, in a
// TBB pipeline: for each document a, in order, its seeds with every later
// document b are read from the index and each candidate pair (a, b) is
// aligned; a serial in-order stage hands the pairs to the caller, so the
// output order is fixed whatever the number of threads.
//
// Memory: the texts and 16 bytes per token (and per letter, with letters
// on) held for the whole run (in a PageArena: huge pages where the kernel
// gives them), plus 16 bytes per fingerprint while indexing and 8 per kept
// fingerprint after. Never all pairs of documents: only pairs that share a
// seed are aligned.
#include "stemma/scan.h"

#include <tbb/enumerable_thread_specific.h>
#include <tbb/global_control.h>
#include <tbb/parallel_for.h>
#include <tbb/parallel_pipeline.h>

#include <atomic>
#include <limits>
#include <memory>
#include <mutex>
#include <optional>

#include "engine/scan_internal.h"
#include "index/collection_index.h"
#include "stemma/text.h"

namespace stemma {
namespace engine {

void ScanCollection::Resize(size_t count, bool with_letters) {
  texts.resize(count);
  tokens.resize(count);
  if (with_letters) letters.resize(count);
  skipped.assign(count, 0);
}

bool HoldTextAndLetters(size_t index, std::string_view text, bool with_letters, PageArena* arena,
                        ScanCollection* collection) {
  collection->texts[index] = arena->Copy(text);
  size_t letter_count = 0;
  if (with_letters) {
    thread_local std::vector<Token> letter_tokens;  // reused: a document's letters are copied out
    align::LetterTokens(collection->tokens[index], text, &letter_tokens);
    letter_count = letter_tokens.size();
    collection->letters[index] = arena->Copy(std::span<const Token>(letter_tokens));
  }
  if (collection->texts[index].size() == text.size() &&
      (!with_letters || collection->letters[index].size() == letter_count)) {
    return true;
  }
  collection->tokens[index] = {};
  collection->texts[index] = {};
  if (with_letters) collection->letters[index] = {};
  return false;
}

namespace {

// Holds document `index`, its text and tokens, in `arena` (and its letters
// when asked); false when the arena has no memory left.
bool HoldDocument(size_t index, std::string_view text, std::span<const Token> tokens,
                  bool with_letters, PageArena* arena, ScanCollection* collection) {
  // Held all run long: copied into the arena (no growth slack, huge pages);
  // the buffers they were read into go back to malloc for the next document.
  collection->tokens[index] = arena->Copy(tokens);
  if (collection->tokens[index].size() != tokens.size()) return false;
  return HoldTextAndLetters(index, text, with_letters, arena, collection);
}

}  // namespace

void ReadDocument(const DocumentSource& source, size_t index, bool with_letters,
                  ScanCollection* collection, ScanReporter* reporter,
                  std::atomic<uint64_t>* bytes) {
  Result<std::string> text = source.Load(index);
  if (!text.ok()) {
    collection->skipped[index] = 1;
    reporter->Issue(index, true, text.status().message());
    return;
  }
  if (text->size() > std::numeric_limits<uint32_t>::max()) {
    collection->skipped[index] = 1;
    reporter->Issue(index, true,
                    source.name(index) + ": documents of 4 GiB or more are not supported");
    return;
  }
  TokenizedText tokenized = Tokenize(*text);
  if (tokenized.invalid_bytes > 0) {
    reporter->Issue(index, false,
                    source.name(index) + ": " + std::to_string(tokenized.invalid_bytes) +
                        " invalid UTF-8 bytes ignored");
  }
  *bytes += text->size();
  if (!HoldDocument(index, *text, tokenized.tokens, with_letters, &collection->arena, collection)) {
    collection->skipped[index] = 1;
    reporter->Issue(index, true, source.name(index) + ": out of memory");
  }
}

namespace {

// Copies the seeds from seeds[*at] on that are with document `other` into
// `out`, and moves *at past them.
void TakeSeedsWith(uint32_t other, std::span<const index::PairSeed> seeds, size_t* at,
                   std::vector<align::Seed>* out) {
  out->clear();
  for (; *at < seeds.size() && seeds[*at].other_document == other; ++*at) {
    out->push_back({seeds[*at].position, seeds[*at].other_position});
  }
}

}  // namespace

void AlignWithLater(uint32_t a, std::span<const index::PairSeed> word_seeds,
                    std::span<const index::PairSeed> letter_seeds, const ScanCollection& collection,
                    int min_letter_seeds, ScanAligners* aligners, AlignedPairs* out) {
  thread_local std::vector<align::Seed> seeds;
  thread_local std::vector<align::Seed> letters;
  size_t word_at = 0;
  size_t letter_at = 0;
  constexpr uint32_t kNone = std::numeric_limits<uint32_t>::max();
  while (word_at < word_seeds.size() || letter_at < letter_seeds.size()) {
    const uint32_t b =
        std::min(word_at < word_seeds.size() ? word_seeds[word_at].other_document : kNone,
                 letter_at < letter_seeds.size() ? letter_seeds[letter_at].other_document : kNone);
    TakeSeedsWith(b, word_seeds, &word_at, &seeds);
    TakeSeedsWith(b, letter_seeds, &letter_at, &letters);
    // Fewer letter seeds than a cluster needs make no letter alignment (and
    // no candidate pair). CollectionIndex::SeedsAfter drops them unread; the
    // seeds of a distributed scan's ranks come unfiltered, and are counted alike.
    if (letters.size() < static_cast<size_t>(min_letter_seeds)) letters.clear();
    if (seeds.empty() && letters.empty()) continue;
    ++out->candidate_pairs;
    const align::TokenText text_a{collection.tokens[a], collection.texts[a]};
    const align::TokenText text_b{collection.tokens[b], collection.texts[b]};
    std::vector<Passage> passages;
    if (!seeds.empty()) passages = aligners->words.Align(text_a, text_b, &seeds);
    if (!letters.empty()) {
      passages = aligners->letters.AddLetterPassages(text_a, collection.letters[a], text_b,
                                                     collection.letters[b], min_letter_seeds,
                                                     &letters, std::move(passages));
    }
    if (!passages.empty()) out->pairs.push_back({a, b, std::move(passages)});
  }
}

namespace {

// Documents aligned per pipeline item: enough to amortise the pipeline's
// overhead, few enough to keep both cores busy to the end.
constexpr size_t kItemsPerBatch = 8;

struct Batch {
  size_t first = 0;
  size_t end = 0;
  AlignedPairs aligned;
  std::vector<std::string> rendered;  // by pair, when callbacks render them
};

}  // namespace

void AlignInOrder(size_t count, const AlignOptions& options, const ScanCallbacks& callbacks,
                  const std::function<void(size_t, ScanAligners*, AlignedPairs*)>& align,
                  const std::function<void(const ScanPair&, std::string_view)>& deliver,
                  const std::function<void(size_t)>& progress, ScanStats* stats) {
  tbb::enumerable_thread_specific<ScanAligners> aligners(options);
  size_t next = 0;
  auto source = [&](tbb::flow_control& control) -> std::shared_ptr<Batch> {
    if (next >= count) {
      control.stop();
      return nullptr;
    }
    auto batch = std::make_shared<Batch>();
    batch->first = next;
    batch->end = next = std::min(count, next + kItemsPerBatch);
    return batch;
  };
  auto work = [&](std::shared_ptr<Batch> batch) {
    for (size_t item = batch->first; item < batch->end; ++item) {
      align(item, &aligners.local(), &batch->aligned);
    }
    if (callbacks.render_pair) {
      for (const ScanPair& pair : batch->aligned.pairs) {
        batch->rendered.push_back(callbacks.render_pair(pair));
      }
    }
    return batch;
  };
  auto sink = [&](std::shared_ptr<Batch> batch) {
    stats->candidate_pairs += batch->aligned.candidate_pairs;
    for (size_t at = 0; at < batch->aligned.pairs.size(); ++at) {
      ++stats->pairs;
      stats->passages += batch->aligned.pairs[at].passages.size();
      deliver(batch->aligned.pairs[at], batch->rendered.empty() ? "" : batch->rendered[at]);
    }
    progress(batch->end);
  };
  tbb::parallel_pipeline(
      4 * tbb::this_task_arena::max_concurrency(),
      tbb::make_filter<void, std::shared_ptr<Batch>>(tbb::filter_mode::serial_in_order, source) &
          tbb::make_filter<std::shared_ptr<Batch>, std::shared_ptr<Batch>>(
              tbb::filter_mode::parallel, work) &
          tbb::make_filter<std::shared_ptr<Batch>, void>(tbb::filter_mode::serial_in_order, sink));
}

}  // namespace engine

namespace {

using engine::AlignedPairs;
using engine::ScanAligners;
using engine::ScanCollection;
using engine::ScanReporter;
using index::CollectionIndex;
using index::PairSeed;

void ReadAll(const DocumentSource& source, bool letters, ScanReporter* reporter, ScanStats* stats,
             ScanCollection* collection) {
  const size_t count = source.size();
  collection->Resize(count, letters);
  std::atomic<size_t> done{0};
  std::atomic<uint64_t> bytes{0};
  tbb::parallel_for(tbb::blocked_range<size_t>(0, count, 1), [&](const auto& range) {
    for (size_t index = range.begin(); index != range.end(); ++index) {
      engine::ReadDocument(source, index, letters, collection, reporter, &bytes);
      reporter->Progress("reading", ++done, count);
    }
  });
  stats->bytes = bytes;
  for (size_t index = 0; index < count; ++index) {
    stats->documents_skipped += collection->skipped[index];
    stats->tokens += collection->tokens[index].size();
  }
}

// The indexes pairs are found in: of words, and of letters when asked.
struct Indexes {
  const CollectionIndex& words;
  const CollectionIndex* letters = nullptr;
  int min_letter_seeds = 0;
};

// Aligns document `a` with every later document it shares a seed with.
void AlignDocument(uint32_t a, const ScanCollection& collection, const Indexes& indexes,
                   ScanAligners* aligners, AlignedPairs* out) {
  thread_local std::vector<PairSeed> word_seeds;
  thread_local std::vector<PairSeed> letter_seeds;
  indexes.words.SeedsAfter(a, &word_seeds);
  letter_seeds.clear();
  if (indexes.letters != nullptr) {
    indexes.letters->SeedsAfter(a, &letter_seeds, static_cast<uint32_t>(indexes.min_letter_seeds));
  }
  engine::AlignWithLater(a, word_seeds, letter_seeds, collection, indexes.min_letter_seeds,
                         aligners, out);
}

void AlignAll(const ScanCollection& collection, const Indexes& indexes, const ScanOptions& options,
              const ScanCallbacks& callbacks, ScanReporter* reporter, ScanStats* stats) {
  const size_t count = collection.tokens.size();
  engine::AlignInOrder(
      count, options.align, callbacks,
      [&](size_t a, ScanAligners* aligners, AlignedPairs* out) {
        AlignDocument(static_cast<uint32_t>(a), collection, indexes, aligners, out);
      },
      [&](const ScanPair& pair, std::string_view rendered) {
        if (callbacks.on_pair) callbacks.on_pair(pair);
        if (callbacks.on_rendered && callbacks.render_pair) callbacks.on_rendered(pair, rendered);
      },
      [&](size_t done) { reporter->Progress("aligning", done, count); }, stats);
}

}  // namespace

Result<ScanStats> Scan(const DocumentSource& source, const ScanOptions& options,
                       const ScanCallbacks& callbacks) {
  STEMMA_RETURN_IF_ERROR(Validate(options));
  if (source.size() >= std::numeric_limits<uint32_t>::max()) {
    return Status::Unsupported("too many documents for one scan");
  }
  std::optional<tbb::global_control> thread_limit;
  if (options.threads > 0) {
    thread_limit.emplace(tbb::global_control::max_allowed_parallelism, options.threads);
  }
  ScanStats stats;
  stats.documents = source.size();
  ScanReporter reporter(callbacks);
  ScanCollection collection;
  const bool letters = options.letters.enabled;
  engine::StageClock clock;
  ReadAll(source, letters, &reporter, &stats, &collection);
  stats.reading_seconds = clock.Lap();
  const CollectionIndex index(collection.tokens, options.fingerprint,
                              options.max_document_frequency);
  stats.fingerprints = index.fingerprints();
  stats.boilerplate_fingerprints = index.boilerplate_hashes();
  std::optional<CollectionIndex> letter_index;
  if (letters) {
    // Letter fingerprints are held between the index's passes: they are a
    // fifth as many as the letters, whose tokens the scan holds anyway.
    letter_index.emplace(collection.letters, options.letters.fingerprint,
                         options.max_document_frequency, fingerprint::NgramNoise::kNone,
                         index::FingerprintPasses::kHoldBetween);
  }
  const Indexes indexes{index, letter_index ? &*letter_index : nullptr, options.letters.min_seeds};
  stats.indexing_seconds = clock.Lap();
  AlignAll(collection, indexes, options, callbacks, &reporter, &stats);
  stats.aligning_seconds = clock.Lap();
  return stats;
}

}  // namespace stemma
