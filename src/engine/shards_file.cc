#include "engine/shards_file.h"

#include <charconv>
#include <cstdio>
#include <fstream>
#include <sstream>

#include "common/file_util.h"

namespace stemma::engine {
namespace {

// The whole corpus's counts, by their key.
struct Figure {
  const char* key;
  uint64_t CorpusStats::*field;
};
constexpr Figure kFigures[] = {
    {"documents", &CorpusStats::documents},     {"outlets", &CorpusStats::outlets},
    {"passages", &CorpusStats::passages},       {"runs", &CorpusStats::runs},
    {"text_bytes", &CorpusStats::text_bytes},   {"families", &CorpusStats::families},
    {"segments", &CorpusStats::segments},       {"index_entries", &CorpusStats::index_entries},
    {"index_bytes", &CorpusStats::index_bytes},
};

Result<uint64_t> ParseNumber(const std::string& where, const std::string& value) {
  uint64_t number = 0;
  const auto [end, error] = std::from_chars(value.data(), value.data() + value.size(), number);
  if (error != std::errc() || end != value.data() + value.size()) {
    return Status::Corruption(where + ": not a number: '" + value + "'");
  }
  return number;
}

Status ApplyShard(const std::string& where, const std::string& value, ShardsFile* shards) {
  const size_t space = value.find(' ');
  if (space == std::string::npos || space + 1 == value.size()) {
    return Status::Corruption(where + ": expected 'shard <number> <folder or URL>'");
  }
  STEMMA_ASSIGN_OR_RETURN(const uint64_t shard, ParseNumber(where, value.substr(0, space)));
  if (shard >= shards->locations.size() || !shards->locations[shard].empty()) {
    return Status::Corruption(where + ": shard " + std::to_string(shard) +
                              " is repeated or not below 'shards'");
  }
  shards->locations[shard] = value.substr(space + 1);
  return Status::Ok();
}

Status Apply(const std::string& where, const std::string& key, const std::string& value,
             ShardsFile* shards) {
  if (key == "shard") return ApplyShard(where, value, shards);
  if (key == "first_published") {
    shards->whole.first_published = value;
    return Status::Ok();
  }
  if (key == "last_published") {
    shards->whole.last_published = value;
    return Status::Ok();
  }
  STEMMA_ASSIGN_OR_RETURN(const uint64_t number, ParseNumber(where, value));
  if (key == "shards") {
    if (number < 1 || number > 100000 || !shards->locations.empty()) {
      return Status::Corruption(where + ": 'shards' must come once, from 1 to 100000");
    }
    shards->locations.resize(number);
    return Status::Ok();
  }
  if (key == "next_document") {
    shards->next_document = static_cast<uint32_t>(number);
    return Status::Ok();
  }
  for (const Figure& figure : kFigures) {
    if (key == figure.key) {
      shards->whole.*figure.field = number;
      return Status::Ok();
    }
  }
  return Status::Corruption(where + ": unknown key '" + key + "'");
}

}  // namespace

std::string ShardFolderName(uint32_t shard, uint32_t shards) {
  char name[64];
  std::snprintf(name, sizeof(name), "shard-%05u-of-%05u", shard, shards);
  return name;
}

bool IsUrl(const std::string& location) {
  return location.starts_with("http://") || location.starts_with("https://");
}

Status WriteShardsFile(const std::string& dir, const ShardsFile& shards) {
  std::ostringstream out;
  out << "stemma-shards " << kShardsFormat << "\n"
      << "shards " << shards.locations.size() << "\n"
      << "next_document " << shards.next_document << "\n";
  for (const Figure& figure : kFigures)
    out << figure.key << " " << shards.whole.*figure.field << "\n";
  if (shards.whole.first_published)
    out << "first_published " << *shards.whole.first_published << "\n";
  if (shards.whole.last_published) out << "last_published " << *shards.whole.last_published << "\n";
  for (size_t shard = 0; shard < shards.locations.size(); ++shard) {
    out << "shard " << shard << " " << shards.locations[shard] << "\n";
  }
  return WriteFileDurably(ShardsPath(dir), out.str());
}

Result<ShardsFile> ReadShardsFile(const std::string& dir) {
  const std::string path = ShardsPath(dir);
  std::ifstream file(path);
  if (!file) return Status::NotFound(dir + " is not a sharded corpus (no SHARDS file)");
  std::string line;
  if (!std::getline(file, line) || !line.starts_with("stemma-shards ")) {
    return Status::Corruption(path + ": does not start with 'stemma-shards <format>'");
  }
  STEMMA_ASSIGN_OR_RETURN(const uint64_t format, ParseNumber(path + ":1", line.substr(14)));
  if (format > kShardsFormat) {
    return Status::Unsupported(dir + " was written by a newer stemma (shards format " +
                               std::to_string(format) + ")");
  }
  ShardsFile shards;
  for (int number = 2; std::getline(file, line); ++number) {
    if (line.empty()) continue;
    const std::string where = path + ":" + std::to_string(number);
    const size_t space = line.find(' ');
    if (space == std::string::npos) return Status::Corruption(where + ": expected 'key value'");
    STEMMA_RETURN_IF_ERROR(Apply(where, line.substr(0, space), line.substr(space + 1), &shards));
  }
  if (shards.locations.empty()) return Status::Corruption(path + ": no 'shards' line");
  for (size_t shard = 0; shard < shards.locations.size(); ++shard) {
    if (shards.locations[shard].empty()) {
      return Status::Corruption(path + ": no line says where shard " + std::to_string(shard) +
                                " is");
    }
  }
  return shards;
}

}  // namespace stemma::engine
