// What Scan() on one machine and ScanAcrossRanks() share: the documents held
// for a scan, reading them, and aligning one document with its later
// partners from a list of seeds. Internal to the engine.
#ifndef STEMMA_ENGINE_SCAN_INTERNAL_H_
#define STEMMA_ENGINE_SCAN_INTERNAL_H_

#include <atomic>
#include <chrono>
#include <functional>
#include <mutex>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "align/letter_aligner.h"
#include "align/pair_aligner.h"
#include "common/page_arena.h"
#include "index/collection_index.h"
#include "stemma/scan.h"
#include "stemma/text.h"

namespace stemma::engine {

// Wall seconds since the last call (or since construction): stage times.
class StageClock {
 public:
  double Lap() {
    const auto now = std::chrono::steady_clock::now();
    const double seconds = std::chrono::duration<double>(now - last_).count();
    last_ = now;
    return seconds;
  }

 private:
  std::chrono::steady_clock::time_point last_ = std::chrono::steady_clock::now();
};

// Serialises the callbacks that worker threads trigger.
class ScanReporter {
 public:
  explicit ScanReporter(const ScanCallbacks& callbacks) : callbacks_(callbacks) {}

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

// The documents of a scan, by document number; on one rank of a distributed
// scan only its own documents and those it was sent are filled.
struct ScanCollection {
  explicit ScanCollection(bool huge_pages = true) : arena(size_t{64} << 20, huge_pages) {}

  PageArena arena;                              // holds the texts and tokens below
  std::vector<std::string_view> texts;          // empty when skipped or not held
  std::vector<std::span<const Token>> tokens;   // empty when skipped or not held
  std::vector<std::span<const Token>> letters;  // when letters are on
  std::vector<uint8_t> skipped;

  void Resize(size_t count, bool with_letters);
};

// Holds document `index`'s text in `arena` (and its letters, when asked,
// from the tokens already held for it); false when the arena is out of memory.
bool HoldTextAndLetters(size_t index, std::string_view text, bool with_letters, PageArena* arena,
                        ScanCollection* collection);

// Loads, tokenises and holds document `index`; problems go to the reporter.
void ReadDocument(const DocumentSource& source, size_t index, bool with_letters,
                  ScanCollection* collection, ScanReporter* reporter, std::atomic<uint64_t>* bytes);

// One thread's aligners.
struct ScanAligners {
  explicit ScanAligners(const AlignOptions& options) : words(options), letters(options) {}
  align::PairAligner words;
  align::LetterAligner letters;
};

struct AlignedPairs {
  std::vector<ScanPair> pairs;
  uint64_t candidate_pairs = 0;
};

// Aligns document `a` with every later document it has seeds with (both
// lists sorted by other_document, as SeedsAfter gives them): word seeds, and
// letter seeds (at least min_letter_seeds) when letters are on.
void AlignWithLater(uint32_t a, std::span<const index::PairSeed> word_seeds,
                    std::span<const index::PairSeed> letter_seeds, const ScanCollection& collection,
                    int min_letter_seeds, ScanAligners* aligners, AlignedPairs* out);

// Aligns items [0, count) in batches on a oneTBB pipeline, as both scans do:
// align(item, aligners, out) on worker threads, each pair then rendered there
// when callbacks.render_pair is set; deliver(pair, rendered) in item order on
// one thread at a time (rendered is empty when not rendered), then
// progress(items done). Adds the pairs and passages to *stats. Only a few
// batches are alive at once, whatever the count.
void AlignInOrder(size_t count, const AlignOptions& options, const ScanCallbacks& callbacks,
                  const std::function<void(size_t, ScanAligners*, AlignedPairs*)>& align,
                  const std::function<void(const ScanPair&, std::string_view)>& deliver,
                  const std::function<void(size_t)>& progress, ScanStats* stats);

}  // namespace stemma::engine

#endif  // STEMMA_ENGINE_SCAN_INTERNAL_H_
