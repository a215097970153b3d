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

#include "align/letter_aligner.h"
#include "align/pair_aligner.h"
#include "engine/page_arena.h"
#include "index/collection_index.h"
#include "stemma/text.h"

namespace stemma {
namespace {

using index::CollectionIndex;
using index::PairSeed;

// Documents aligned per pipeline item: enough to amortise the pipeline's
// overhead, few enough to keep both cores busy to the end.
constexpr uint32_t kDocumentsPerBatch = 8;

// Serialises the callbacks that worker threads trigger.
class Reporter {
 public:
  explicit Reporter(const ScanCallbacks& callbacks) : callbacks_(callbacks) {}

  void Issue(size_t index, bool skipped, std::string reason) {
    std::lock_guard<std::mutex> lock(mutex_);
    if (callbacks_.on_issue) callbacks_.on_issue({index, skipped, std::move(reason)});
  }
  void Progress(std::string_view stage, size_t done, size_t total) {
    std::lock_guard<std::mutex> lock(mutex_);
    if (callbacks_.on_progress) callbacks_.on_progress(stage, done, total);
  }

 private:
  const ScanCallbacks& callbacks_;
  std::mutex mutex_;
};

struct Collection {
  engine::PageArena arena;                      // holds the texts and tokens below
  std::vector<std::string_view> texts;          // by document; empty when skipped
  std::vector<std::span<const Token>> tokens;   // by document; empty when skipped
  std::vector<std::span<const Token>> letters;  // by document, when letters are on
  std::vector<uint8_t> skipped;
};

void ReadOne(const DocumentSource& source, size_t index, bool letters, Collection* collection,
             Reporter* reporter, std::atomic<uint64_t>* bytes) {
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
  // Held all run long: copied into the arena (no growth slack, huge pages);
  // the buffers they were read into go back to malloc for the next document.
  collection->tokens[index] = collection->arena.Copy(std::span<const Token>(tokenized.tokens));
  collection->texts[index] = collection->arena.Copy(std::string_view(*text));
  size_t letter_count = 0;
  if (letters) {
    const std::vector<Token> letter_tokens = align::LetterTokens(tokenized.tokens, *text);
    letter_count = letter_tokens.size();
    collection->letters[index] = collection->arena.Copy(std::span<const Token>(letter_tokens));
  }
  if (collection->texts[index].size() != text->size() ||
      collection->tokens[index].size() != tokenized.tokens.size() ||
      (letters && collection->letters[index].size() != letter_count)) {
    collection->skipped[index] = 1;
    collection->tokens[index] = {};
    collection->texts[index] = {};
    if (letters) collection->letters[index] = {};
    reporter->Issue(index, true, source.name(index) + ": out of memory");
    return;
  }
}

void ReadAll(const DocumentSource& source, bool letters, Reporter* reporter, ScanStats* stats,
             Collection* out) {
  const size_t count = source.size();
  Collection& collection = *out;
  collection.texts.resize(count);
  collection.tokens.resize(count);
  if (letters) collection.letters.resize(count);
  collection.skipped.assign(count, 0);
  std::atomic<size_t> done{0};
  std::atomic<uint64_t> bytes{0};
  tbb::parallel_for(tbb::blocked_range<size_t>(0, count, 1), [&](const auto& range) {
    for (size_t index = range.begin(); index != range.end(); ++index) {
      ReadOne(source, index, letters, &collection, reporter, &bytes);
      reporter->Progress("reading", ++done, count);
    }
  });
  stats->bytes = bytes;
  for (size_t index = 0; index < count; ++index) {
    stats->documents_skipped += collection.skipped[index];
    stats->tokens += collection.tokens[index].size();
  }
}

struct Batch {
  uint32_t first = 0;
  uint32_t end = 0;
  std::vector<ScanPair> pairs;
  std::vector<std::string> rendered;  // by pair, when callbacks render them
  uint64_t candidate_pairs = 0;
};

// The indexes pairs are found in: of words, and of letters when asked.
struct Indexes {
  const CollectionIndex& words;
  const CollectionIndex* letters = nullptr;
  int min_letter_seeds = 0;
};

// One thread's aligners.
struct Aligners {
  explicit Aligners(const AlignOptions& options) : words(options), letters(options) {}
  align::PairAligner words;
  align::LetterAligner letters;
};

// Copies the seeds from seeds[*at] on that are with document `other` into
// `out`, and moves *at past them.
void TakeSeedsWith(uint32_t other, const std::vector<PairSeed>& seeds, size_t* at,
                   std::vector<align::Seed>* out) {
  out->clear();
  for (; *at < seeds.size() && seeds[*at].other_document == other; ++*at) {
    out->push_back({seeds[*at].position, seeds[*at].other_position});
  }
}

// Aligns document `a` with every later document it shares a seed with: word
// seeds, and letter seeds (at least min_letter_seeds) when letters are on.
void AlignDocument(uint32_t a, const Collection& collection, const Indexes& indexes,
                   Aligners* aligners, Batch* batch) {
  thread_local std::vector<PairSeed> word_seeds;
  thread_local std::vector<PairSeed> letter_seeds;
  thread_local std::vector<align::Seed> seeds;
  thread_local std::vector<align::Seed> letters;
  indexes.words.SeedsAfter(a, &word_seeds);
  letter_seeds.clear();
  if (indexes.letters != nullptr) indexes.letters->SeedsAfter(a, &letter_seeds);
  size_t word_at = 0;
  size_t letter_at = 0;
  constexpr uint32_t kNone = std::numeric_limits<uint32_t>::max();
  while (word_at < word_seeds.size() || letter_at < letter_seeds.size()) {
    const uint32_t b =
        std::min(word_at < word_seeds.size() ? word_seeds[word_at].other_document : kNone,
                 letter_at < letter_seeds.size() ? letter_seeds[letter_at].other_document : kNone);
    TakeSeedsWith(b, word_seeds, &word_at, &seeds);
    TakeSeedsWith(b, letter_seeds, &letter_at, &letters);
    if (seeds.empty() && letters.empty()) continue;
    ++batch->candidate_pairs;
    const align::TokenText text_a{collection.tokens[a], collection.texts[a]};
    const align::TokenText text_b{collection.tokens[b], collection.texts[b]};
    std::vector<Passage> passages;
    if (!seeds.empty()) passages = aligners->words.Align(text_a, text_b, &seeds);
    if (!letters.empty()) {
      passages = aligners->letters.AddLetterPassages(
          text_a, collection.letters[a], text_b, collection.letters[b], indexes.min_letter_seeds,
          &letters, std::move(passages));
    }
    if (!passages.empty()) batch->pairs.push_back({a, b, std::move(passages)});
  }
}

void AlignAll(const Collection& collection, const Indexes& indexes, const ScanOptions& options,
              const ScanCallbacks& callbacks, Reporter* reporter, ScanStats* stats) {
  const uint32_t count = static_cast<uint32_t>(collection.tokens.size());
  tbb::enumerable_thread_specific<Aligners> aligners(options.align);
  uint32_t next = 0;
  const size_t live_batches = 4 * tbb::this_task_arena::max_concurrency();
  tbb::parallel_pipeline(
      live_batches, tbb::make_filter<void, std::shared_ptr<Batch>>(
                        tbb::filter_mode::serial_in_order,
                        [&](tbb::flow_control& control) -> std::shared_ptr<Batch> {
                          if (next >= count) {
                            control.stop();
                            return nullptr;
                          }
                          auto batch = std::make_shared<Batch>();
                          batch->first = next;
                          batch->end = std::min(count, next + kDocumentsPerBatch);
                          next = batch->end;
                          return batch;
                        }) &
                        tbb::make_filter<std::shared_ptr<Batch>, std::shared_ptr<Batch>>(
                            tbb::filter_mode::parallel,
                            [&](std::shared_ptr<Batch> batch) {
                              Aligners& local = aligners.local();
                              for (uint32_t a = batch->first; a < batch->end; ++a) {
                                AlignDocument(a, collection, indexes, &local, batch.get());
                              }
                              if (callbacks.render_pair) {
                                for (const ScanPair& pair : batch->pairs) {
                                  batch->rendered.push_back(callbacks.render_pair(pair));
                                }
                              }
                              return batch;
                            }) &
                        tbb::make_filter<std::shared_ptr<Batch>, void>(
                            tbb::filter_mode::serial_in_order, [&](std::shared_ptr<Batch> batch) {
                              stats->candidate_pairs += batch->candidate_pairs;
                              for (size_t at = 0; at < batch->pairs.size(); ++at) {
                                const ScanPair& pair = batch->pairs[at];
                                ++stats->pairs;
                                stats->passages += pair.passages.size();
                                if (callbacks.on_pair) callbacks.on_pair(pair);
                                if (callbacks.on_rendered && !batch->rendered.empty()) {
                                  callbacks.on_rendered(pair, batch->rendered[at]);
                                }
                              }
                              reporter->Progress("aligning", batch->end, count);
                            }));
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
  Reporter reporter(callbacks);
  Collection collection;
  const bool letters = options.letters.enabled;
  ReadAll(source, letters, &reporter, &stats, &collection);
  const CollectionIndex index(collection.tokens, options.fingerprint,
                              options.max_document_frequency);
  stats.fingerprints = index.fingerprints();
  stats.boilerplate_fingerprints = index.boilerplate_hashes();
  std::optional<CollectionIndex> letter_index;
  if (letters) {
    letter_index.emplace(collection.letters, options.letters.fingerprint,
                         options.max_document_frequency, fingerprint::NgramNoise::kNone);
  }
  const Indexes indexes{index, letter_index ? &*letter_index : nullptr, options.letters.min_seeds};
  AlignAll(collection, indexes, options, callbacks, &reporter, &stats);
  return stats;
}

}  // namespace stemma
