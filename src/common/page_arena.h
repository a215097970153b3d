// PageArena: memory for what a scan holds all run long (the documents' texts
// and tokens, and an index's fingerprints while it is built), carved from
// large chunks that the kernel may back with huge pages (MapMemory).
//
// Why. A scan of Q1 1916 holds about 600 MB for its whole run. Allocated piece
// by piece, every 4 KB page of it is faulted in on its own, and on a virtual
// machine that cost about a tenth of the scan (measured: GLIBC_TUNABLES=
// glibc.malloc.hugetlb=1 took a tenth off). Chunks of 64 MB advised for
// transparent huge pages fault 2 MB at a time, and the short-lived buffers a
// document is read and tokenised into go back to malloc and are reused for
// the next one.
//
// Thread-safe: Allocate() takes a mutex (it is called once per document
// part, not per token). Memory lives until the arena is destroyed.
#ifndef STEMMA_COMMON_PAGE_ARENA_H_
#define STEMMA_COMMON_PAGE_ARENA_H_

#include <cstddef>
#include <cstring>
#include <mutex>
#include <span>
#include <string_view>
#include <vector>

namespace stemma {

class PageArena {
 public:
  // `huge_pages`: advise the kernel to back chunks with transparent huge
  // pages. Under mpirun it cost more than it saved (Q1 on 2 ranks: reading
  // 1.2 s with it, 0.65 s without; the kernel compacts memory on each fault
  // when the advice is taken), so ranks turn it off.
  explicit PageArena(size_t chunk_bytes = size_t{64} << 20, bool huge_pages = true)
      : chunk_bytes_(chunk_bytes), huge_pages_(huge_pages) {}
  ~PageArena();
  PageArena(const PageArena&) = delete;
  PageArena& operator=(const PageArena&) = delete;

  // `bytes` bytes aligned to `alignment` (a power of two up to 4096), or
  // nullptr when the system has no memory left.
  void* Allocate(size_t bytes, size_t alignment);

  // A copy of `data` in the arena (empty when `data` is, or on failure).
  template <typename T>
  std::span<const T> Copy(std::span<const T> data) {
    if (data.empty()) return {};
    void* memory = Allocate(data.size_bytes(), alignof(T));
    if (memory == nullptr) return {};
    std::memcpy(memory, data.data(), data.size_bytes());
    return {static_cast<const T*>(memory), data.size()};
  }
  std::string_view Copy(std::string_view text) {
    const std::span<const char> copy = Copy(std::span<const char>(text.data(), text.size()));
    return {copy.data(), copy.size()};
  }

 private:
  struct Chunk {
    char* base;
    size_t size;
  };
  bool NewChunk(size_t at_least);

  const size_t chunk_bytes_;
  const bool huge_pages_;
  std::mutex mutex_;
  std::vector<Chunk> chunks_;
  size_t used_ = 0;  // in the last chunk
};

}  // namespace stemma

#endif  // STEMMA_COMMON_PAGE_ARENA_H_
