#include "engine/corpus_settings.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cstring>
#include <fstream>
#include <sstream>

#include "common/file_util.h"

namespace stemma::engine {
namespace {

std::string SettingsPath(const std::string& dir) { return dir + "/CORPUS"; }

std::string Render(const CorpusSettings& settings) {
  std::ostringstream out;
  out << "stemma-corpus " << settings.format << "\n"
      << "ngram " << settings.fingerprint.ngram << "\n"
      << "window " << settings.fingerprint.window << "\n"
      << "max_document_frequency " << settings.max_document_frequency << "\n";
  if (settings.shards != 0) {
    out << "shard " << settings.shard << "\n"
        << "shards " << settings.shards << "\n";
  }
  return out.str();
}

Result<int> ParseInt(const std::string& path, const std::string& key, const std::string& value) {
  int number = 0;
  const auto [end, error] = std::from_chars(value.data(), value.data() + value.size(), number);
  if (error != std::errc() || end != value.data() + value.size()) {
    return Status::Corruption(path + ": " + key + " is not a number: '" + value + "'");
  }
  return number;
}

Status ApplySetting(const std::string& path, const std::string& key, const std::string& value,
                    CorpusSettings* settings) {
  STEMMA_ASSIGN_OR_RETURN(const int number, ParseInt(path, key, value));
  if (key == "ngram") {
    settings->fingerprint.ngram = number;
  } else if (key == "window") {
    settings->fingerprint.window = number;
  } else if (key == "max_document_frequency") {
    settings->max_document_frequency = number;
  } else if (key == "shard" && number >= 0) {
    settings->shard = static_cast<uint32_t>(number);
  } else if (key == "shards" && number >= 1) {
    settings->shards = static_cast<uint32_t>(number);
  } else {
    return Status::Corruption(path + ": unknown setting '" + key + "'");
  }
  return Status::Ok();
}

}  // namespace

Status WriteCorpusSettings(const std::string& dir, const CorpusSettings& settings) {
  return WriteFileDurably(SettingsPath(dir), Render(settings));
}

Result<CorpusSettings> ReadCorpusSettings(const std::string& dir) {
  const std::string path = SettingsPath(dir);
  std::ifstream file(path);
  if (!file) return Status::NotFound(dir + " is not a stemma corpus (no CORPUS file)");
  std::string key;
  std::string value;
  if (!(file >> key >> value) || key != "stemma-corpus") {
    return Status::Corruption(path + ": does not start with 'stemma-corpus <format>'");
  }
  CorpusSettings settings;
  STEMMA_ASSIGN_OR_RETURN(settings.format, ParseInt(path, key, value));
  if (settings.format > kCorpusFormat) {
    return Status::Unsupported(dir + " was written by a newer stemma (corpus format " + value +
                               "; this one reads up to " + std::to_string(kCorpusFormat) + ")");
  }
  while (file >> key >> value) STEMMA_RETURN_IF_ERROR(ApplySetting(path, key, value, &settings));
  if (!file.eof()) return Status::Corruption(path + ": unreadable line after '" + key + "'");
  if (settings.shard >= std::max<uint32_t>(settings.shards, 1)) {
    return Status::Corruption(path + ": shard " + std::to_string(settings.shard) +
                              " is not below shards " + std::to_string(settings.shards));
  }
  ScanOptions options;
  options.fingerprint = settings.fingerprint;
  options.max_document_frequency = settings.max_document_frequency;
  if (Status status = Validate(options); !status.ok()) {
    return Status::Corruption(path + ": " + status.message());
  }
  return settings;
}

}  // namespace stemma::engine
