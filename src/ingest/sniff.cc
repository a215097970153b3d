#include "ingest/sniff.h"

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <fstream>

#include "ingest/reuters_sgml.h"

namespace stemma::ingest {
namespace {

bool EndsWith(std::string_view text, std::string_view suffix) {
  return text.size() >= suffix.size() && text.substr(text.size() - suffix.size()) == suffix;
}

std::string Lower(std::string_view text) {
  std::string lower(text);
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return lower;
}

}  // namespace

InputKind SniffInput(std::string_view head, std::string_view path) {
  if (head.size() >= 2 && static_cast<unsigned char>(head[0]) == 0x1f &&
      static_cast<unsigned char>(head[1]) == 0x8b) {
    return InputKind::kGzip;
  }
  if (head.rfind("\xEF\xBB\xBF", 0) == 0) head.remove_prefix(3);
  if (head.rfind("WARC/", 0) == 0 || head.rfind("filedesc://", 0) == 0) return InputKind::kWarc;
  const std::string lower_path = Lower(path);
  if (EndsWith(lower_path, ".csv")) return InputKind::kCsv;
  if (LooksLikeReutersSgml(head.substr(0, 512))) return InputKind::kReutersSgml;
  const size_t first = head.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos) return InputKind::kText;
  const std::string start = Lower(head.substr(first, 64));
  if (start.rfind("<!doctype html", 0) == 0 || start.rfind("<html", 0) == 0 ||
      start.rfind("<head", 0) == 0 || start.rfind("<!--", 0) == 0 ||
      (start.rfind("<?xml", 0) == 0 &&
       Lower(head.substr(0, 1024)).find("<html") != std::string::npos)) {
    return InputKind::kHtml;
  }
  if (head[first] == '{' && (EndsWith(lower_path, ".jsonl") || EndsWith(lower_path, ".ndjson") ||
                             EndsWith(lower_path, ".json"))) {
    return InputKind::kJsonLines;
  }
  if (head[first] == '{' && head.find("\"text\"") != std::string_view::npos) {
    return InputKind::kJsonLines;
  }
  return InputKind::kText;
}

Result<std::string> ReadHead(const std::string& path, size_t size) {
  std::ifstream file(path, std::ios::binary);
  if (!file) return Status::IoError(path + ": cannot open: " + std::strerror(errno));
  std::string head(size, '\0');
  file.read(head.data(), static_cast<std::streamsize>(size));
  head.resize(static_cast<size_t>(file.gcount()));
  return head;
}

bool IsInputExtension(const std::string& path) {
  std::string lower = Lower(path);
  if (EndsWith(lower, ".gz")) lower.resize(lower.size() - 3);
  for (std::string_view extension :
       {".txt", ".jsonl", ".ndjson", ".csv", ".sgm", ".html", ".htm", ".xhtml", ".warc", ".arc"}) {
    if (EndsWith(lower, extension)) return true;
  }
  return false;
}

}  // namespace stemma::ingest
