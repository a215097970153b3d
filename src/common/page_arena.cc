#include "common/page_arena.h"

#include "common/huge_pages.h"

namespace stemma {

PageArena::~PageArena() {
  for (const Chunk& chunk : chunks_) UnmapMemory(chunk.base, chunk.size);
}

bool PageArena::NewChunk(size_t at_least) {
  const size_t size = at_least > chunk_bytes_ ? at_least : chunk_bytes_;
  void* memory = MapMemory(size, huge_pages_);
  if (memory == nullptr) return false;
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

}  // namespace stemma
