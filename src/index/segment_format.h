// The byte layout of a segment file, shared by the writer and the reader.
// docs/index_format.md describes it for people; this file for the compiler.
// Internal to stemma_index. Pure functions and constants: thread-safe.
//
//   header     kHeaderSize bytes, fixed fields, little-endian
//   data       per bucket, entries sorted by (remainder, document, position):
//              remainder (RemainderBytes(k) bytes LE), varint(document - first_document),
//              varint(position)
//   directory  (2^k + 1) uint32 LE offsets into data; bucket b is [dir[b], dir[b + 1])
//
// Only the top kHashBits bits of a hash are stored: the bucket is the top k
// of them and the remainder the kHashBits - k below. The stored precision is
// the same in every segment, whatever its k, so merging segments never loses
// bits (see "Stored hash bits" in docs/index_format.md).
#ifndef STEMMA_INDEX_SEGMENT_FORMAT_H_
#define STEMMA_INDEX_SEGMENT_FORMAT_H_

#include <bit>
#include <cstddef>
#include <cstdint>
#include <cstring>

namespace stemma::index::format {

static_assert(std::endian::native == std::endian::little,
              "the segment codec assumes little-endian");

inline constexpr char kMagic[8] = {'S', 'T', 'M', 'S', 'E', 'G', '0', '1'};
inline constexpr uint32_t kVersion = 1;
inline constexpr uint32_t kHashBits = 40;
inline constexpr uint64_t kHashMask = ~uint64_t{0} << (64 - kHashBits);
inline constexpr uint32_t kMinBucketBits = 4;
inline constexpr uint32_t kMaxBucketBits = 28;
inline constexpr uint64_t kMaxDataBytes = uint64_t{0xFFFFFFFF};

// Header field offsets.
inline constexpr size_t kVersionOffset = 8;           // uint32
inline constexpr size_t kBucketBitsOffset = 12;       // uint32
inline constexpr size_t kHashBitsOffset = 16;         // uint32
inline constexpr size_t kReservedOffset = 20;         // uint32, zero
inline constexpr size_t kEntriesOffset = 24;          // uint64
inline constexpr size_t kFirstDocumentOffset = 32;    // uint32
inline constexpr size_t kEndDocumentOffset = 36;      // uint32
inline constexpr size_t kDataOffsetOffset = 40;       // uint64
inline constexpr size_t kDataSizeOffset = 48;         // uint64
inline constexpr size_t kDirectoryOffsetOffset = 56;  // uint64
inline constexpr size_t kDirectorySizeOffset = 64;    // uint64
inline constexpr size_t kBodyChecksumOffset = 72;     // uint64, XXH3-64 of bytes [kHeaderSize, end)
inline constexpr size_t kHeaderChecksumOffset = 80;   // uint64, XXH3-64 of bytes [0, 80)
inline constexpr size_t kHeaderSize = 88;

// The bits of `hash` a segment stores; Find and ForEach speak in these.
inline uint64_t StoredBits(uint64_t hash) { return hash & kHashMask; }

// k for a segment of `entries` entries: buckets of 8 to 16 entries,
// k = max(4, floor(log2(entries / 8))), capped at 28. (The directory then
// costs 0.25 to 0.5 bytes per entry.)
inline uint32_t BucketBitsFor(uint64_t entries) {
  const uint32_t floor_log2 = entries == 0 ? 0 : static_cast<uint32_t>(std::bit_width(entries) - 1);
  const uint32_t bits = floor_log2 > 3 ? floor_log2 - 3 : 0;
  return bits < kMinBucketBits ? kMinBucketBits : (bits > kMaxBucketBits ? kMaxBucketBits : bits);
}

// Bytes of one stored remainder: the kHashBits - k bits below the bucket prefix.
inline uint32_t RemainderBytes(uint32_t bucket_bits) { return (kHashBits - bucket_bits + 7) / 8; }

inline uint64_t BucketOf(uint64_t hash, uint32_t bucket_bits) { return hash >> (64 - bucket_bits); }

inline uint64_t RemainderOf(uint64_t hash, uint32_t bucket_bits) {
  return (hash >> (64 - kHashBits)) & ((uint64_t{1} << (kHashBits - bucket_bits)) - 1);
}

inline uint64_t JoinHash(uint64_t bucket, uint64_t remainder, uint32_t bucket_bits) {
  return (bucket << (64 - bucket_bits)) | (remainder << (64 - kHashBits));
}

inline void EncodeFixed32(char* out, uint32_t value) { std::memcpy(out, &value, sizeof(value)); }
inline void EncodeFixed64(char* out, uint64_t value) { std::memcpy(out, &value, sizeof(value)); }

inline uint32_t DecodeFixed32(const char* in) {
  uint32_t value;
  std::memcpy(&value, in, sizeof(value));
  return value;
}

inline uint64_t DecodeFixed64(const char* in) {
  uint64_t value;
  std::memcpy(&value, in, sizeof(value));
  return value;
}

// Writes `value` as a LEB128 varint (at most 5 bytes); returns the end.
inline char* EncodeVarint32(char* out, uint32_t value) {
  while (value >= 0x80) {
    *out++ = static_cast<char>(value | 0x80);
    value >>= 7;
  }
  *out++ = static_cast<char>(value);
  return out;
}

// Reads a varint from [in, limit); nullptr when it runs past `limit` or
// does not fit 32 bits.
inline const char* DecodeVarint32(const char* in, const char* limit, uint32_t* value) {
  uint32_t result = 0;
  for (uint32_t shift = 0; shift <= 28 && in < limit; shift += 7) {
    const uint32_t byte = static_cast<unsigned char>(*in++);
    if (shift == 28 && byte > 0x0F) return nullptr;
    result |= (byte & 0x7F) << shift;
    if (byte < 0x80) {
      *value = result;
      return in;
    }
  }
  return nullptr;
}

// The longest encoded entry: a 6-byte remainder and two 5-byte varints.
inline constexpr size_t kMaxEntryBytes = 16;

// One decoded entry of a bucket, relative to the segment's first_document.
struct RawEntry {
  uint64_t remainder = 0;
  uint32_t document_delta = 0;
  uint32_t position = 0;
};

// Decodes the entry at `in`, which must lie inside [in, limit); returns the
// byte after it, or nullptr if the bytes are not a whole entry.
inline const char* DecodeEntry(const char* in, const char* limit, uint32_t remainder_bytes,
                               RawEntry* entry) {
  if (static_cast<size_t>(limit - in) < remainder_bytes) return nullptr;
  uint64_t remainder = 0;
  std::memcpy(&remainder, in, remainder_bytes);
  entry->remainder = remainder;
  in = DecodeVarint32(in + remainder_bytes, limit, &entry->document_delta);
  if (in == nullptr) return nullptr;
  return DecodeVarint32(in, limit, &entry->position);
}

}  // namespace stemma::index::format

#endif  // STEMMA_INDEX_SEGMENT_FORMAT_H_
