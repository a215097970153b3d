// Reading plain-text documents from disk, the way every stemma command does.
//
// ReadTextFile() refuses what is not a text document, with a reason a user
// can act on: a missing or unreadable file, an empty file, a binary file
// (one with NUL bytes), a file too large for 32-bit offsets. Invalid UTF-8
// is not refused here: the tokenizer skips such bytes and counts them.
#ifndef STEMMA_FILES_H_
#define STEMMA_FILES_H_

#include <string>
#include <vector>

#include "stemma/scan.h"
#include "stemma/status.h"

namespace stemma {

// The whole file, or an error whose message starts with the path.
Result<std::string> ReadTextFile(const std::string& path);

// Every `.txt` file named by `paths`, directories walked recursively,
// sorted by path so that document order is deterministic. Files named
// directly are kept whatever their extension. What could not be listed (a
// path that does not exist, a directory that cannot be read) is returned in
// `problems` as "path: reason".
struct FileList {
  std::vector<std::string> files;
  std::vector<std::string> problems;
};
FileList ListTextFiles(const std::vector<std::string>& paths);

// A DocumentSource over files, loaded lazily with ReadTextFile().
class FileSource : public DocumentSource {
 public:
  explicit FileSource(std::vector<std::string> paths) : paths_(std::move(paths)) {}
  size_t size() const override { return paths_.size(); }
  std::string name(size_t index) const override { return paths_[index]; }
  Result<std::string> Load(size_t index) const override { return ReadTextFile(paths_[index]); }

 private:
  std::vector<std::string> paths_;
};

}  // namespace stemma

#endif  // STEMMA_FILES_H_
