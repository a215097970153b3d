#include "ingest/input_documents.h"

#include <algorithm>
#include <filesystem>

#include "ingest/document_reader.h"
#include "ingest/reuters_sgml.h"
#include "ingest/sniff.h"
#include "ingest/web_documents.h"

namespace stemma::ingest {
namespace {

namespace fs = std::filesystem;

class TextFileDocuments : public FileDocuments {
 public:
  explicit TextFileDocuments(std::string path) : path_(std::move(path)) {}
  Result<bool> Next(DocumentInput* document) override {
    if (done_) return false;
    done_ = true;
    auto read = ReadTextDocument(path_);
    if (!read.ok()) return Status::IoError(read.status().message());  // ends the file
    *document = std::move(*read);
    // A text file without an "id" in its sidecar is known by its path.
    if (document->external_id.empty()) document->external_id = path_;
    return true;
  }

 private:
  std::string path_;
  bool done_ = false;
};

// Adapts a reader with Next(DocumentInput*) (JSON Lines, CSV, SGML).
template <typename Reader>
class RecordFileDocuments : public FileDocuments {
 public:
  explicit RecordFileDocuments(Reader reader) : reader_(std::move(reader)) {}
  Result<bool> Next(DocumentInput* document) override {
    STEMMA_ASSIGN_OR_RETURN(bool more, reader_.Next(document));
    if (more && document->text.empty()) {
      return Status::InvalidArgument(document->origin + ": empty text");
    }
    return more;
  }

 private:
  Reader reader_;
};

template <typename Reader>
std::unique_ptr<FileDocuments> Wrap(Reader reader) {
  return std::make_unique<RecordFileDocuments<Reader>>(std::move(reader));
}

}  // namespace

Result<std::unique_ptr<FileDocuments>> OpenFileDocuments(
    const std::string& path, const InputOptions& options,
    const std::function<void(const std::string&)>& note) {
  STEMMA_ASSIGN_OR_RETURN(std::string head, ReadHead(path, 4096));
  InputKind kind = SniffInput(head, path);
  if (kind == InputKind::kGzip) {
    // What is inside decides: an archive (read member by member), or a page.
    STEMMA_ASSIGN_OR_RETURN(const std::string inflated, ReadMaybeGzipped(path));
    kind = SniffInput(std::string_view(inflated).substr(0, 4096), path);
    if (kind != InputKind::kWarc && kind != InputKind::kHtml) {
      return Status::Unsupported(path +
                                 ": a gzipped file that is neither a web archive nor an "
                                 "HTML page");
    }
  }
  switch (kind) {
    case InputKind::kJsonLines: {
      STEMMA_ASSIGN_OR_RETURN(JsonLinesReader reader, JsonLinesReader::Open(path));
      return Wrap(std::move(reader));
    }
    case InputKind::kCsv: {
      STEMMA_ASSIGN_OR_RETURN(CsvDocuments reader, CsvDocuments::Open(path, options.csv));
      return Wrap(std::move(reader));
    }
    case InputKind::kReutersSgml: {
      STEMMA_ASSIGN_OR_RETURN(ReutersSgmlReader reader, ReutersSgmlReader::Open(path));
      return Wrap(std::move(reader));
    }
    case InputKind::kHtml:
      return OpenHtmlFile(path, note);
    case InputKind::kWarc:
      return OpenWarcFile(path, note);
    case InputKind::kGzip:
    case InputKind::kText:
      break;
  }
  return std::unique_ptr<FileDocuments>(std::make_unique<TextFileDocuments>(path));
}

InputDocuments::InputDocuments(const std::vector<std::string>& paths, InputOptions options,
                               std::function<void(const std::string&)> on_problem,
                               std::function<void(const std::string&)> on_note)
    : options_(std::move(options)),
      on_problem_(std::move(on_problem)),
      on_note_(std::move(on_note)) {
  for (const std::string& path : paths) {
    std::error_code error;
    if (fs::is_directory(path, error)) {
      std::vector<std::string> found;
      // A sidecar `.json` is metadata, not input: a walk takes only the
      // extensions of IsInputExtension().
      for (fs::recursive_directory_iterator walk(path, error), end; !error && walk != end;
           walk.increment(error)) {
        if (walk->is_regular_file(error) && IsInputExtension(walk->path().string())) {
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

InputDocuments::~InputDocuments() = default;

void InputDocuments::Problem(const std::string& problem) {
  ++problems_;
  if (on_problem_) on_problem_(problem);
}

void InputDocuments::FinishFile() {
  current_.reset();
  bytes_done_ += sizes_[next_file_++];
}

Result<bool> InputDocuments::Next(DocumentInput* document) {
  while (true) {
    if (current_ != nullptr) {
      auto next = current_->Next(document);
      if (!next.ok()) {
        Problem(next.status().message());
        if (next.status().code() != Status::Code::kInvalidArgument) FinishFile();
        continue;
      }
      if (*next) return true;
      FinishFile();
      continue;
    }
    if (next_file_ == files_.size()) return false;
    auto opened = OpenFileDocuments(files_[next_file_], options_, on_note_);
    if (!opened.ok()) {
      Problem(opened.status().message());
      FinishFile();
      continue;
    }
    current_ = std::move(*opened);
  }
}

}  // namespace stemma::ingest
