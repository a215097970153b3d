#include "index/manifest.h"

#include <charconv>
#include <cstdio>
#include <set>
#include <string_view>

#include "common/file_util.h"

namespace stemma::index {
namespace {

constexpr std::string_view kFormatTag = "stemma-index-manifest";
constexpr uint64_t kFormatVersion = 1;

std::string ManifestPath(const std::string& index_dir) { return index_dir + "/MANIFEST"; }

std::vector<std::string_view> SplitFields(std::string_view line) {
  std::vector<std::string_view> fields;
  size_t start = 0;
  while (start <= line.size()) {
    const size_t space = std::min(line.find(' ', start), line.size());
    fields.push_back(line.substr(start, space - start));
    start = space + 1;
  }
  return fields;
}

bool ParseNumber(std::string_view text, uint64_t* number) {
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), *number);
  return !text.empty() && error == std::errc() && end == text.data() + text.size();
}

bool IsPlainFileName(std::string_view name) {
  if (name.empty() || name == "." || name == "..") return false;
  for (const char c : name) {
    if (c == '/' || c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\0') return false;
  }
  return true;
}

// Parses the lines after the version line into `manifest`; the error is "line N: reason".
Status ParseBody(const std::vector<std::string_view>& lines, Manifest* manifest) {
  auto bad = [](size_t line, const std::string& reason) {
    return Status::Corruption("line " + std::to_string(line + 1) + ": " + reason);
  };
  if (lines.size() < 2) return bad(lines.size(), "missing 'next' line");
  const std::vector<std::string_view> next = SplitFields(lines[1]);
  if (next.size() != 2 || next[0] != "next" ||
      !ParseNumber(next[1], &manifest->next_segment_number)) {
    return bad(1, "expected 'next <number>'");
  }
  std::set<std::string_view> files;
  for (size_t line = 2; line < lines.size(); ++line) {
    const std::vector<std::string_view> fields = SplitFields(lines[line]);
    SegmentRecord record;
    if (fields.size() != 6 || fields[0] != "segment" || !IsPlainFileName(fields[1]) ||
        !ParseNumber(fields[2], &record.first_run) || !ParseNumber(fields[3], &record.last_run) ||
        !ParseNumber(fields[4], &record.entries) || !ParseNumber(fields[5], &record.file_bytes)) {
      return bad(line, "expected 'segment <file> <first_run> <last_run> <entries> <bytes>'");
    }
    if (record.first_run > record.last_run) return bad(line, "first_run > last_run");
    if (!files.insert(fields[1]).second) return bad(line, "segment listed twice");
    record.file = std::string(fields[1]);
    manifest->segments.push_back(std::move(record));
  }
  return Status::Ok();
}

Result<Manifest> Parse(std::string_view text) {
  if (text.empty() || text.back() != '\n')
    return Status::Corruption("truncated (no final newline)");
  text.remove_suffix(1);
  std::vector<std::string_view> lines;
  for (size_t start = 0; start <= text.size();) {
    const size_t newline = std::min(text.find('\n', start), text.size());
    lines.push_back(text.substr(start, newline - start));
    start = newline + 1;
  }
  const std::vector<std::string_view> tag = SplitFields(lines[0]);
  uint64_t version = 0;
  if (tag.size() != 2 || tag[0] != kFormatTag || !ParseNumber(tag[1], &version) || version == 0) {
    return Status::Corruption("line 1: not a stemma index manifest");
  }
  if (version > kFormatVersion) {
    return Status::Unsupported("manifest format version " + std::to_string(version) +
                               " is newer than this stemma reads (" +
                               std::to_string(kFormatVersion) + ")");
  }
  Manifest manifest;
  STEMMA_RETURN_IF_ERROR(ParseBody(lines, &manifest));
  return manifest;
}

}  // namespace

Result<Manifest> ReadManifest(const std::string& index_dir) {
  const std::string path = ManifestPath(index_dir);
  Result<std::string> text = ReadFileToString(path);
  if (!text.ok()) {
    if (text.status().code() == Status::Code::kNotFound) return Manifest();
    return text.status();
  }
  Result<Manifest> manifest = Parse(*text);
  if (!manifest.ok()) {
    const Status status = manifest.status();
    const std::string message = path + ": " + status.message();
    if (status.code() == Status::Code::kUnsupported) return Status::Unsupported(message);
    return Status::Corruption(message);
  }
  return manifest;
}

Status WriteManifest(const std::string& index_dir, const Manifest& manifest) {
  std::string text = std::string(kFormatTag) + " " + std::to_string(kFormatVersion) + "\n";
  text += "next " + std::to_string(manifest.next_segment_number) + "\n";
  for (const SegmentRecord& record : manifest.segments) {
    if (!IsPlainFileName(record.file)) {
      return Status::InvalidArgument(ManifestPath(index_dir) + ": bad segment file name '" +
                                     record.file + "'");
    }
    text += "segment " + record.file + " " + std::to_string(record.first_run) + " " +
            std::to_string(record.last_run) + " " + std::to_string(record.entries) + " " +
            std::to_string(record.file_bytes) + "\n";
  }
  return WriteFileDurably(ManifestPath(index_dir), text);
}

std::string SegmentFileName(uint64_t number) {
  char name[32];
  std::snprintf(name, sizeof(name), "%06llu.seg", static_cast<unsigned long long>(number));
  return name;
}

}  // namespace stemma::index
