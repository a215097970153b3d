// CorpusSettings: what a corpus fixes once, at `stemma init`, and every
// later command must use: the format version of the directory and the
// options that shape its stored fingerprints and passages. Kept in
// DIR/CORPUS as "key value" lines, readable by a person:
//
//   stemma-corpus 1
//   ngram 5
//   window 4
//   max_document_frequency 100
//   shard 1          (a shard of a sharded corpus only: which one,
//   shards 4          of how many; stemma/shards.h)
//
// A newer format is refused, never rewritten; unknown keys are an error
// (a newer writer's setting this reader would silently ignore).
#ifndef STEMMA_ENGINE_CORPUS_SETTINGS_H_
#define STEMMA_ENGINE_CORPUS_SETTINGS_H_

#include <cstdint>
#include <string>

#include "stemma/options.h"
#include "stemma/status.h"

namespace stemma::engine {

inline constexpr int kCorpusFormat = 1;

struct CorpusSettings {
  int format = kCorpusFormat;
  FingerprintOptions fingerprint;
  int max_document_frequency = ScanOptions{}.max_document_frequency;
  uint32_t shard = 0;
  uint32_t shards = 0;  // 0: a whole corpus, not a shard
  bool is_shard() const { return shards != 0; }
};

// Writes DIR/CORPUS atomically (temporary file, fsync, rename).
Status WriteCorpusSettings(const std::string& dir, const CorpusSettings& settings);

// Reads DIR/CORPUS: NotFound if DIR is not a corpus, Unsupported for a newer
// format, Corruption for anything malformed, each naming the file.
Result<CorpusSettings> ReadCorpusSettings(const std::string& dir);

}  // namespace stemma::engine

#endif  // STEMMA_ENGINE_CORPUS_SETTINGS_H_
