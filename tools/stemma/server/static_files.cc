#include "server/static_files.h"

#include <filesystem>
#include <fstream>
#include <iterator>

namespace stemma::server {
namespace fs = std::filesystem;

namespace {

bool EndsWith(std::string_view text, std::string_view suffix) {
  return text.size() >= suffix.size() && text.substr(text.size() - suffix.size()) == suffix;
}

// A relative path that can only name something inside its folder: no empty,
// "." or ".." segments, no backslashes or NULs.
bool IsPlainRelativePath(std::string_view path) {
  if (path.empty() || path.find('\\') != std::string_view::npos ||
      path.find('\0') != std::string_view::npos) {
    return false;
  }
  size_t begin = 0;
  while (begin <= path.size()) {
    size_t end = path.find('/', begin);
    if (end == std::string_view::npos) end = path.size();
    const std::string_view segment = path.substr(begin, end - begin);
    if (segment.empty() || segment == "." || segment == "..") return false;
    begin = end + 1;
  }
  return true;
}

}  // namespace

std::string ContentTypeOf(std::string_view name) {
  if (EndsWith(name, ".html")) return "text/html; charset=utf-8";
  if (EndsWith(name, ".js") || EndsWith(name, ".mjs")) return "text/javascript; charset=utf-8";
  if (EndsWith(name, ".css")) return "text/css; charset=utf-8";
  if (EndsWith(name, ".svg")) return "image/svg+xml";
  if (EndsWith(name, ".png")) return "image/png";
  if (EndsWith(name, ".ico")) return "image/x-icon";
  if (EndsWith(name, ".json")) return "application/json";
  if (EndsWith(name, ".woff2")) return "font/woff2";
  return "text/plain; charset=utf-8";
}

std::optional<StaticFile> StaticFiles::Find(std::string_view request_path) const {
  if (request_path.empty() || request_path.front() != '/') return std::nullopt;
  std::string_view relative = request_path.substr(1);
  if (relative.empty()) relative = "index.html";
  if (!IsPlainRelativePath(relative)) return std::nullopt;
  if (!web_dir_.empty()) return FromDisk(relative);
  for (unsigned long index = 0; index < kEmbeddedWebFileCount; ++index) {
    const EmbeddedFile& file = kEmbeddedWebFiles[index];
    if (relative != file.name) continue;
    return StaticFile{std::string(reinterpret_cast<const char*>(file.data), file.size),
                      ContentTypeOf(relative)};
  }
  return std::nullopt;
}

std::optional<StaticFile> StaticFiles::FromDisk(std::string_view relative) const {
  // The plain path cannot climb out by itself; a symbolic link inside the
  // folder still could, so the resolved path must stay under the folder.
  std::error_code error;
  const fs::path root = fs::canonical(web_dir_, error);
  if (error) return std::nullopt;
  const fs::path resolved = fs::canonical(root / fs::path(relative), error);
  if (error || !fs::is_regular_file(resolved, error)) return std::nullopt;
  const std::string root_prefix = root.string() + "/";
  if (resolved.string().compare(0, root_prefix.size(), root_prefix) != 0) return std::nullopt;
  std::ifstream stream(resolved, std::ios::binary);
  if (!stream) return std::nullopt;
  return StaticFile{std::string(std::istreambuf_iterator<char>(stream), {}),
                    ContentTypeOf(relative)};
}

}  // namespace stemma::server
