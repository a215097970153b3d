#include "ingest/input_documents.h"

#include <algorithm>
#include <filesystem>

namespace stemma::ingest {
namespace {

namespace fs = std::filesystem;

bool IsDocumentPath(const fs::path& path) {
  const std::string extension = path.extension().string();
  return extension == ".txt" || extension == ".jsonl";
}

}  // namespace

bool IsJsonLinesPath(const std::string& path) {
  const std::string extension = fs::path(path).extension().string();
  return extension == ".jsonl" || extension == ".json" || extension == ".ndjson";
}

InputDocuments::InputDocuments(const std::vector<std::string>& paths,
                               std::function<void(const std::string&)> on_problem)
    : on_problem_(std::move(on_problem)) {
  for (const std::string& path : paths) {
    std::error_code error;
    if (fs::is_directory(path, error)) {
      std::vector<std::string> found;
      // A sidecar `.json` is metadata, not a JSON Lines file: only `.jsonl` is
      // read as records when walking a directory.
      for (fs::recursive_directory_iterator walk(path, error), end; !error && walk != end;
           walk.increment(error)) {
        if (walk->is_regular_file(error) && IsDocumentPath(walk->path())) {
          found.push_back(walk->path().string());
        }
      }
      if (error) Problem(path + ": cannot list: " + error.message());
      std::sort(found.begin(), found.end());
      files_.insert(files_.end(), found.begin(), found.end());
    } else if (fs::exists(path, error)) {
      files_.push_back(path);
    } else {
      Problem(path + ": no such file or directory");
    }
  }
  for (const std::string& file : files_) {
    std::error_code error;
    const auto size = fs::file_size(file, error);
    sizes_.push_back(error ? 0 : size);
    total_bytes_ += sizes_.back();
  }
}

void InputDocuments::Problem(const std::string& problem) {
  ++problems_;
  if (on_problem_) on_problem_(problem);
}

Result<bool> InputDocuments::Next(DocumentInput* document) {
  while (true) {
    if (lines_.has_value()) {
      auto next = lines_->Next(document);
      if (!next.ok()) {
        // A bad record is skipped; an I/O error ends the file.
        Problem(next.status().message());
        if (next.status().code() == Status::Code::kIoError) {
          lines_.reset();
          bytes_done_ += sizes_[next_file_++];
        }
        continue;
      }
      if (*next) {
        if (!document->text.empty()) return true;
        Problem(document->origin + ": empty text");
        continue;
      }
      lines_.reset();
      bytes_done_ += sizes_[next_file_++];
      continue;
    }
    if (next_file_ == files_.size()) return false;
    const std::string& file = files_[next_file_];
    if (IsJsonLinesPath(file)) {
      auto opened = JsonLinesReader::Open(file);
      if (opened.ok()) {
        lines_.emplace(std::move(*opened));
        continue;
      }
      Problem(opened.status().message());
      bytes_done_ += sizes_[next_file_++];
      continue;
    }
    auto read = ReadTextDocument(file);
    bytes_done_ += sizes_[next_file_++];
    if (!read.ok()) {
      Problem(read.status().message());
      continue;
    }
    *document = std::move(*read);
    // A text file without an "id" in its sidecar is known by its path.
    if (document->external_id.empty()) document->external_id = file;
    return true;
  }
}

}  // namespace stemma::ingest
