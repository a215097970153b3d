// The web page's files. By default they are the files of web/ built into the
// binary (web_files.cc, generated at build time), so the server reads no
// file from disk and no path can reach outside them. For developing the page,
// `--web-dir` serves a folder from disk instead, refusing any path that
// would leave it.
#ifndef STEMMA_TOOLS_SERVER_STATIC_FILES_H_
#define STEMMA_TOOLS_SERVER_STATIC_FILES_H_

#include <optional>
#include <string>
#include <string_view>

namespace stemma::server {

struct StaticFile {
  std::string body;
  std::string content_type;
};

class StaticFiles {
 public:
  // Embedded files when `web_dir` is empty.
  explicit StaticFiles(std::string web_dir = {}) : web_dir_(std::move(web_dir)) {}
  // The file a request path names ("/" is index.html), if there is one.
  std::optional<StaticFile> Find(std::string_view request_path) const;

 private:
  std::optional<StaticFile> FromDisk(std::string_view relative) const;
  std::string web_dir_;
};

// "text/html; charset=utf-8" and the like, by extension.
std::string ContentTypeOf(std::string_view name);

// A built-in file of web/, by its path inside web/ ("index.html", "js/app.js").
struct EmbeddedFile {
  const char* name;
  const unsigned char* data;
  unsigned long size;
};
extern const EmbeddedFile kEmbeddedWebFiles[];
extern const unsigned long kEmbeddedWebFileCount;

}  // namespace stemma::server

#endif  // STEMMA_TOOLS_SERVER_STATIC_FILES_H_
