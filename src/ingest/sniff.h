// What kind of input a file is, from its first bytes (and, for CSV, which
// cannot be told from content alone, its extension).
#ifndef STEMMA_INGEST_SNIFF_H_
#define STEMMA_INGEST_SNIFF_H_

#include <string>
#include <string_view>

#include "stemma/status.h"

namespace stemma::ingest {

enum class InputKind { kText, kJsonLines, kCsv, kReutersSgml, kHtml, kWarc, kGzip };

// `head`: the file's first bytes (4 KiB is plenty); `path` for the extension.
InputKind SniffInput(std::string_view head, std::string_view path);

// The first `size` bytes of a file.
Result<std::string> ReadHead(const std::string& path, size_t size);

// Extensions a directory walk picks up (.txt, .jsonl, .csv, .sgm, .html,
// .warc, .arc, and those with .gz).
bool IsInputExtension(const std::string& path);

}  // namespace stemma::ingest

#endif  // STEMMA_INGEST_SNIFF_H_
