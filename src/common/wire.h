// Plain values written to and read from byte strings: the messages the ranks
// of a distributed run send each other (stemma/ranks.h) and a sharded
// corpus's requests to its shards (stemma/shards.h). Values go in the
// machine's own byte order: every rank of one run is the same build on the
// same kind of machine, a shard request says which protocol it speaks, and
// nothing here is ever stored on disk.
#ifndef STEMMA_COMMON_WIRE_H_
#define STEMMA_COMMON_WIRE_H_

#include <cstdint>
#include <cstring>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "stemma/passage.h"
#include "stemma/status.h"

namespace stemma::wire {

// What a reader of a message that does not hold what it should returns.
inline Status CutShort(std::string_view what) {
  return Status::Corruption("a message between ranks was cut short: " + std::string(what));
}

template <typename T>
void Append(const T& value, std::string* out) {
  static_assert(std::is_trivially_copyable_v<T>);
  out->append(reinterpret_cast<const char*>(&value), sizeof(T));
}

// A length, then the bytes.
inline void AppendBytes(std::string_view bytes, std::string* out) {
  Append(static_cast<uint64_t>(bytes.size()), out);
  out->append(bytes);
}

// Reads values back in the order they were appended; every Read fails (and
// leaves its output alone) once the bytes run short, so a cut message is
// noticed rather than read past.
class Reader {
 public:
  explicit Reader(std::string_view bytes) : bytes_(bytes) {}

  template <typename T>
  bool Read(T* value) {
    static_assert(std::is_trivially_copyable_v<T>);
    if (bytes_.size() - at_ < sizeof(T)) return false;
    std::memcpy(value, bytes_.data() + at_, sizeof(T));
    at_ += sizeof(T);
    return true;
  }
  bool ReadBytes(std::string_view* bytes) {
    uint64_t size = 0;
    return Read(&size) && ReadRaw(size, bytes);
  }
  // The next `size` bytes as they are.
  bool ReadRaw(uint64_t size, std::string_view* bytes) {
    if (bytes_.size() - at_ < size) return false;
    *bytes = bytes_.substr(at_, size);
    at_ += size;
    return true;
  }
  bool done() const { return at_ == bytes_.size(); }

 private:
  std::string_view bytes_;
  size_t at_ = 0;
};

// A whole message of equal-sized values (as AppendAll wrote it), or false
// when its size is not a whole number of them.
template <typename T>
bool ReadAll(std::string_view bytes, std::vector<T>* out) {
  static_assert(std::is_trivially_copyable_v<T>);
  if (bytes.size() % sizeof(T) != 0) return false;
  const size_t old_size = out->size();
  out->resize(old_size + bytes.size() / sizeof(T));
  if (!bytes.empty()) std::memcpy(out->data() + old_size, bytes.data(), bytes.size());
  return true;
}

template <typename T>
void AppendAll(std::span<const T> values, std::string* out) {
  static_assert(std::is_trivially_copyable_v<T>);
  out->append(reinterpret_cast<const char*>(values.data()), values.size_bytes());
}

// A count, then the values.
template <typename T>
void AppendVector(const std::vector<T>& values, std::string* out) {
  Append(static_cast<uint64_t>(values.size()), out);
  AppendAll(std::span<const T>(values), out);
}

template <typename T>
bool ReadVector(Reader& reader, std::vector<T>* values) {
  uint64_t count = 0;
  std::string_view bytes;
  return reader.Read(&count) && count <= (uint64_t{1} << 40) / sizeof(T) &&
         reader.ReadRaw(count * sizeof(T), &bytes) && ReadAll(bytes, values);
}

inline void AppendPassage(const Passage& passage, std::string* out) {
  Append(passage.a, out);
  Append(passage.b, out);
  Append(passage.matched_tokens, out);
  Append(passage.score, out);
  Append(passage.identity, out);
  AppendVector(passage.edits, out);
}

inline bool ReadPassage(Reader& reader, Passage* passage) {
  return reader.Read(&passage->a) && reader.Read(&passage->b) &&
         reader.Read(&passage->matched_tokens) && reader.Read(&passage->score) &&
         reader.Read(&passage->identity) && ReadVector(reader, &passage->edits);
}

}  // namespace stemma::wire

#endif  // STEMMA_COMMON_WIRE_H_
