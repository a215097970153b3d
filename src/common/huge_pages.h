// Memory the kernel may back with transparent huge pages, for the large
// arrays a scan writes once and reads for the rest of its run.
//
// Why. Where transparent huge pages are given only to memory that asks for
// them (`madvise` mode, Debian's default), malloc's memory is faulted in 4 KB
// at a time. On a virtual machine a fault costs about 10 µs, and a letters
// scan of a week of 1916 pages took 23,000 faults, most of them building its
// indexes: about a tenth of its CPU (BENCHMARKS.md, "Huge pages for the
// indexes"). Memory mapped here and advised faults 2 MB at a time.
//
// HugePageAllocator is a std::allocator for such arrays: requests of
// kHugePageMinBytes or more are mapped on their own and advised; smaller ones
// go to operator new, where a page of their own would waste memory.
// Thread-safe.
#ifndef STEMMA_COMMON_HUGE_PAGES_H_
#define STEMMA_COMMON_HUGE_PAGES_H_

#include <cstddef>
#include <new>
#include <vector>

namespace stemma {

// `bytes` bytes of zeroed anonymous memory, advised for transparent huge
// pages when `huge_pages` (advice only: without them it is plain memory), or
// nullptr when the system has none left.
void* MapMemory(size_t bytes, bool huge_pages);
// Gives back memory from MapMemory(bytes, ...).
void UnmapMemory(void* memory, size_t bytes);

// A request this large is worth pages of its own: one huge page. Under
// AddressSanitizer every request goes to operator new, where overruns are
// caught (a mapping of its own has no redzones).
#if defined(__SANITIZE_ADDRESS__)
inline constexpr size_t kHugePageMinBytes = ~size_t{0};
#else
inline constexpr size_t kHugePageMinBytes = size_t{2} << 20;
#endif

template <typename T>
struct HugePageAllocator {
  using value_type = T;

  HugePageAllocator() = default;
  template <typename U>
  HugePageAllocator(const HugePageAllocator<U>&) {}  // NOLINT: rebinding, as std::allocator

  T* allocate(size_t count) {
    const size_t bytes = count * sizeof(T);
    if (bytes < kHugePageMinBytes) return static_cast<T*>(::operator new(bytes));
    void* memory = MapMemory(bytes, /*huge_pages=*/true);
    if (memory == nullptr) throw std::bad_alloc();
    return static_cast<T*>(memory);
  }
  void deallocate(T* memory, size_t count) {
    const size_t bytes = count * sizeof(T);
    if (bytes < kHugePageMinBytes) {
      ::operator delete(memory);
    } else {
      UnmapMemory(memory, bytes);
    }
  }

  template <typename U>
  bool operator==(const HugePageAllocator<U>&) const {
    return true;
  }
};

template <typename T>
using HugePageVector = std::vector<T, HugePageAllocator<T>>;

}  // namespace stemma

#endif  // STEMMA_COMMON_HUGE_PAGES_H_
