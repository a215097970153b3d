// SHARDS: the file that makes a folder a sharded corpus (stemma/shards.h).
// "key value" lines a person can read and edit; a shard moved to another
// machine is named there by the URL of the server that serves it:
//
//   stemma-shards 1
//   shards 2
//   next_document 6971       the id the whole corpus would give next
//   documents 6970           the whole corpus's figures (stemma stats)
//   outlets 41
//   first_published 1916-01-01
//   last_published 1916-03-31
//   passages 51342
//   runs 1
//   text_bytes 91827364
//   families 812
//   index_entries 8374651
//   index_bytes 71234567
//   shard 0 shard-00000-of-00002
//   shard 1 http://10.0.0.7:8080
//
// Written last by SplitIntoShards (a folder without it is no sharded
// corpus), atomically. A newer format is refused; unknown keys are an error.
#ifndef STEMMA_ENGINE_SHARDS_FILE_H_
#define STEMMA_ENGINE_SHARDS_FILE_H_

#include <cstdint>
#include <string>
#include <vector>

#include "stemma/corpus.h"
#include "stemma/status.h"

namespace stemma::engine {

inline constexpr int kShardsFormat = 1;

struct ShardsFile {
  uint32_t next_document = 0;
  CorpusStats whole;  // figures only; its options come from DIR/CORPUS
  // Where each shard lives: a folder inside the sharded corpus's, or a URL.
  std::vector<std::string> locations;
};

inline std::string ShardsPath(const std::string& dir) { return dir + "/SHARDS"; }
// "shard-00001-of-00004".
std::string ShardFolderName(uint32_t shard, uint32_t shards);
bool IsUrl(const std::string& location);

Status WriteShardsFile(const std::string& dir, const ShardsFile& shards);
// NotFound when DIR has no SHARDS file; Corruption naming the file and line.
Result<ShardsFile> ReadShardsFile(const std::string& dir);

}  // namespace stemma::engine

#endif  // STEMMA_ENGINE_SHARDS_FILE_H_
