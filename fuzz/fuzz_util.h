// What the fuzz targets share: a private scratch folder, file writes, the
// checks every reader's output must pass.
#ifndef STEMMA_FUZZ_FUZZ_UTIL_H_
#define STEMMA_FUZZ_FUZZ_UTIL_H_

#include <unistd.h>

#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>

#include "stemma/text.h"

namespace stemma::fuzz {

// A folder of this process's own (fuzz jobs may run side by side), removed at a
// normal exit; after a crash it stays, with the files the failing input made.
inline const std::string& ScratchDir() {
  // Never destroyed: the exit handler below runs after static destructors would.
  static const std::string* const dir = [] {
    const char* base = std::getenv("TMPDIR");
    auto* path = new std::string(std::string(base != nullptr ? base : "/tmp") + "/stemma-fuzz-" +
                                 std::to_string(::getpid()));
    std::filesystem::create_directories(*path);
    std::atexit([] {
      std::error_code ignored;  // best effort: a leftover folder in /tmp harms nothing
      std::filesystem::remove_all(ScratchDir(), ignored);
    });
    return path;
  }();
  return *dir;
}

inline void WriteBytes(const std::string& path, std::string_view bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  if (!out) std::abort();
}

inline bool IsValidUtf8(std::string_view text) {
  for (size_t offset = 0; offset < text.size();) {
    const size_t length = Utf8CharLength(text, offset);
    if (length == 0) return false;
    offset += length;
  }
  return true;
}

// Stops the run: libFuzzer saves the input that got here.
inline void Require(bool holds) {
  if (!holds) std::abort();
}

}  // namespace stemma::fuzz

#endif  // STEMMA_FUZZ_FUZZ_UTIL_H_
