#include "common/huge_pages.h"

#include <sys/mman.h>

namespace stemma {

void* MapMemory(size_t bytes, bool huge_pages) {
  void* memory = mmap(nullptr, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (memory == MAP_FAILED) return nullptr;
  if (huge_pages) (void)madvise(memory, bytes, MADV_HUGEPAGE);
  return memory;
}

void UnmapMemory(void* memory, size_t bytes) { munmap(memory, bytes); }

}  // namespace stemma
