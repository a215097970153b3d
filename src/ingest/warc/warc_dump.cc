// warc_dump FILE...: what stemma would take from web archives, for checking files by hand:
// per file, the records by type, the HTML pages, the reasons others are skipped, the errors;
// at the end, the reading speed (records framed and classified, pages decoded to UTF-8).
#include <chrono>
#include <cstdio>
#include <map>
#include <string>

#include "ingest/warc/warc_reader.h"

namespace {

using stemma::Result;

using stemma::ingest::WarcReader;
using stemma::ingest::WebPage;
using stemma::ingest::WebRecord;

uint64_t DumpFile(const std::string& path, bool quiet) {
  Result<WarcReader> opened = WarcReader::Open(path);
  if (!opened.ok()) {
    std::printf("%s: %s\n", path.c_str(), opened.status().ToString().c_str());
    return 0;
  }
  WarcReader& reader = *opened;
  std::map<std::string, int> types, skips;
  int pages = 0;
  WebRecord record;
  for (;;) {
    stemma::Result<bool> next = reader.Next(&record);
    if (!next.ok()) {
      if (!quiet) std::printf("  error: %s\n", next.status().ToString().c_str());
      continue;
    }
    if (!*next) break;
    ++types[record.type];
    auto page = stemma::ingest::ToWebPage(record);
    if (auto* web_page = std::get_if<WebPage>(&page)) {
      ++pages;
      if (!quiet) {
        std::printf("  page %s %s [%s%s, %zu bytes%s]\n", web_page->url.c_str(),
                    web_page->date.c_str(), web_page->charset_info.charset.c_str(),
                    web_page->charset_info.detected ? " detected" : "", web_page->html_utf8.size(),
                    web_page->truncated ? ", truncated" : "");
      }
    } else {
      ++skips[std::get<std::string>(page)];
    }
  }
  if (!quiet) {
    std::printf("%s: %llu records, %d pages, %llu errors\n  types:", path.c_str(),
                static_cast<unsigned long long>(reader.stats().records), pages,
                static_cast<unsigned long long>(reader.stats().errors));
    for (const auto& [type, count] : types) std::printf(" %s %d", type.c_str(), count);
    std::printf("\n  skipped:");
    for (const auto& [reason, count] : skips) std::printf(" [%s] %d", reason.c_str(), count);
    std::printf("\n");
  }
  return reader.stats().file_bytes;
}

}  // namespace

int main(int argc, char** argv) {
  const auto start = std::chrono::steady_clock::now();
  uint64_t bytes = 0;
  const bool quiet = argc > 1 && std::string(argv[1]) == "-q";
  for (int index = quiet ? 2 : 1; index < argc; ++index) bytes += DumpFile(argv[index], quiet);
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::printf("%.2f MB in %.3f s: %.1f MB/s\n", bytes / 1e6, seconds, bytes / 1e6 / seconds);
  return 0;
}
