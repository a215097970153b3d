#include "engine/page_arena.h"

#include <sys/mman.h>

namespace stemma::engine {

PageArena::~PageArena() {
  for (const Chunk& chunk : chunks_) munmap(chunk.base, chunk.size);
}

bool PageArena::NewChunk(size_t at_least) {
  const size_t size = at_least > chunk_bytes_ ? at_least : chunk_bytes_;
  void* memory = mmap(nullptr, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (memory == MAP_FAILED) return false;
  // Advice only: without transparent huge pages the chunk is plain memory.
  if (huge_pages_) (void)madvise(memory, size, MADV_HUGEPAGE);
  chunks_.push_back({static_cast<char*>(memory), size});
  used_ = 0;
  return true;
}

void* PageArena::Allocate(size_t bytes, size_t alignment) {
  std::lock_guard<std::mutex> lock(mutex_);
  size_t start = (used_ + alignment - 1) & ~(alignment - 1);
  if (chunks_.empty() || start + bytes > chunks_.back().size) {
    if (!NewChunk(bytes + alignment)) return nullptr;
    start = 0;
  }
  used_ = start + bytes;
  return chunks_.back().base + start;
}

}  // namespace stemma::engine
