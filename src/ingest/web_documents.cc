#include "ingest/web_documents.h"

#include <tbb/parallel_for.h>
#include <zlib.h>

#include <cerrno>
#include <cstring>
#include <deque>
#include <nlohmann/json.hpp>
#include <optional>
#include <variant>

#include "ingest/warc/warc_reader.h"
#include "stemma/input.h"

namespace stemma::ingest {
namespace {

class HtmlFileDocuments : public FileDocuments {
 public:
  HtmlFileDocuments(std::string path, std::function<void(const std::string&)> note)
      : path_(std::move(path)), note_(std::move(note)) {}
  Result<bool> Next(DocumentInput* document) override {
    if (done_) return false;
    done_ = true;
    auto bytes = ReadMaybeGzipped(path_);
    if (!bytes.ok()) return Status::IoError(bytes.status().message());
    const ExtractedHtml extracted = ExtractHtml(*bytes, "", "");
    if (extracted.charset.undecodable > 0 && note_) {
      note_(path_ + ": " + std::to_string(extracted.charset.undecodable) +
            " byte sequences could not be decoded as " + extracted.charset.charset +
            " and were replaced by U+FFFD");
    }
    auto page = PageToDocument(extracted, "", path_, false);
    if (!page.ok()) return Status::IoError(page.status().message());  // ends the file
    *document = std::move(*page);
    if (document->external_id.empty()) document->external_id = path_;
    return true;
  }

 private:
  std::string path_;
  std::function<void(const std::string&)> note_;
  bool done_ = false;
};

class WarcFileDocuments : public FileDocuments {
 public:
  WarcFileDocuments(WarcReader reader, std::function<void(const std::string&)> note)
      : reader_(std::move(reader)), note_(std::move(note)) {}

  // Pages are read ahead in groups and extracted in parallel (extraction is
  // most of the work of reading an archive); documents and problems still
  // come out in the archive's order.
  Result<bool> Next(DocumentInput* document) override {
    while (true) {
      if (!ready_.empty()) {
        Result<DocumentInput> next = std::move(ready_.front());
        ready_.pop_front();
        if (!next.ok()) return next.status();
        *document = std::move(*next);
        return true;
      }
      if (finished_) {
        Summarise();
        return false;
      }
      ReadAhead();
    }
  }

 private:
  static constexpr size_t kReadAhead = 64;

  // Reads records until kReadAhead pages, a damaged record or the end, and
  // queues the pages extracted (and the damaged record's error after them).
  void ReadAhead() {
    std::vector<WebPage> pages;
    std::vector<std::string> origins;
    std::optional<Status> damaged;
    while (pages.size() < kReadAhead) {
      WebRecord record;
      auto next = reader_.Next(&record);
      if (!next.ok()) {
        ++skipped_["damaged"];
        // A damaged record is reported and skipped; the reader goes on.
        damaged = Status::InvalidArgument(next.status().message());
        break;
      }
      if (!*next) {
        finished_ = true;
        break;
      }
      auto fate = ToWebPage(record);
      if (auto* reason = std::get_if<std::string>(&fate)) {
        ++skipped_[SkipKind(*reason)];
        continue;
      }
      origins.push_back(reader_.path() + " @" + std::to_string(record.offset) + " " +
                        std::get<WebPage>(fate).url);
      pages.push_back(std::move(std::get<WebPage>(fate)));
    }
    std::vector<Result<DocumentInput>> made(pages.size(), Status::Corruption("not extracted"));
    tbb::parallel_for(size_t{0}, pages.size(), [&](size_t index) {
      const WebPage& page = pages[index];
      ExtractedHtml extracted{ExtractArticle(page.html_utf8, page.url), page.charset_info};
      made[index] = PageToDocument(extracted, page.date, origins[index], page.truncated);
    });
    for (size_t index = 0; index < pages.size(); ++index) {
      if (!made[index].ok()) {
        ++skipped_["no article text"];
        continue;
      }
      ++pages_;
      if (pages[index].charset_info.undecodable > 0) {
        ++pages_with_undecodable_;
        undecodable_ += pages[index].charset_info.undecodable;
      }
      if (made[index]->url.empty()) made[index]->url = pages[index].url;
      ready_.push_back(std::move(made[index]));
    }
    if (damaged.has_value()) ready_.push_back(std::move(*damaged));
  }

  // Reasons grouped for the summary: "not HTML: image/png" counts as "not HTML".
  static std::string SkipKind(const std::string& reason) {
    const size_t colon = reason.find(':');
    return colon == std::string::npos ? reason : reason.substr(0, colon);
  }
  void Summarise() {
    if (!note_) return;
    std::string line = reader_.path() + ": " + std::to_string(reader_.stats().records) +
                       " records, " + std::to_string(pages_) + " HTML pages read";
    if (pages_with_undecodable_ > 0) {
      line += " (" + std::to_string(pages_with_undecodable_) + " with " +
              std::to_string(undecodable_) + " undecodable byte sequences, replaced by U+FFFD)";
    }
    if (!skipped_.empty()) {
      line += "; skipped:";
      bool first = true;
      for (const auto& [reason, count] : skipped_) {
        line += (first ? " " : ", ") + std::to_string(count) + " " + reason;
        first = false;
      }
    }
    note_(line);
  }

  WarcReader reader_;
  std::function<void(const std::string&)> note_;
  std::map<std::string, uint64_t> skipped_;
  uint64_t pages_ = 0;
  uint64_t pages_with_undecodable_ = 0;
  uint64_t undecodable_ = 0;
  std::deque<Result<DocumentInput>> ready_;
  bool finished_ = false;
};

}  // namespace

Result<std::string> ReadMaybeGzipped(const std::string& path) {
  gzFile file = gzopen(path.c_str(), "rb");
  if (file == nullptr) return Status::IoError(path + ": cannot open: " + std::strerror(errno));
  std::string bytes;
  char buffer[1 << 16];
  int read = 0;
  while ((read = gzread(file, buffer, sizeof buffer)) > 0) bytes.append(buffer, read);
  int error = Z_OK;
  const std::string message = read < 0 ? gzerror(file, &error) : "";
  gzclose(file);
  if (read < 0) {
    return Status::IoError(path + ": cannot read: " +
                           (error == Z_ERRNO ? std::string(std::strerror(errno)) : message));
  }
  return bytes;
}

ExtractedHtml ExtractHtml(std::string_view bytes, std::string_view declared_charset,
                          std::string_view page_url) {
  ExtractedHtml extracted;
  extracted.charset = ToUtf8(bytes, declared_charset, true);
  extracted.page = ExtractArticle(extracted.charset.text, page_url);
  return extracted;
}

Result<DocumentInput> PageToDocument(const ExtractedHtml& extracted, std::string_view crawl_date,
                                     const std::string& origin, bool truncated) {
  const ExtractedPage& page = extracted.page;
  if (page.text.find_first_not_of(" \t\r\n") == std::string::npos) {
    return Status::InvalidArgument(origin + ": no article text found in the page");
  }
  DocumentInput document;
  document.origin = origin;
  document.text = page.text;
  document.url = page.url;
  document.title = page.title;
  document.outlet = page.outlet;
  document.language = page.language;
  document.published_at = page.published_at;
  // An archive's date stands in for a missing publication date only when it is a
  // date: a damaged WARC-Date would otherwise be stored as one (found by fuzz_input_files).
  if (!document.published_at.has_value() && IsIsoDate(crawl_date)) {
    document.published_at = std::string(crawl_date);
  }
  nlohmann::ordered_json metadata = nlohmann::ordered_json::object();
  if (!page.author.empty()) metadata["author"] = page.author;
  metadata["charset"] = extracted.charset.charset;
  if (extracted.charset.detected) metadata["charset_detected"] = true;
  if (extracted.charset.undecodable > 0) {
    metadata["undecodable_bytes"] = extracted.charset.undecodable;
  }
  if (truncated) metadata["truncated"] = true;
  if (!crawl_date.empty()) metadata["crawled_at"] = std::string(crawl_date);
  document.metadata_json =
      metadata.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
  return document;
}

std::unique_ptr<FileDocuments> OpenHtmlFile(const std::string& path,
                                            std::function<void(const std::string&)> note) {
  return std::make_unique<HtmlFileDocuments>(path, std::move(note));
}

Result<std::unique_ptr<FileDocuments>> OpenWarcFile(const std::string& path,
                                                    std::function<void(const std::string&)> note) {
  STEMMA_ASSIGN_OR_RETURN(WarcReader reader, WarcReader::Open(path));
  return std::unique_ptr<FileDocuments>(
      std::make_unique<WarcFileDocuments>(std::move(reader), std::move(note)));
}

}  // namespace stemma::ingest
