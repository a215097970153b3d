// zstd at level 3 (the library default: ~300 MB/s in, ~1 GB/s out, news text
// shrinks about 3x). Each blob is a single frame with the content size in
// its header and a 32-bit XXH64 checksum at its end (ZSTD_c_checksumFlag),
// so a flipped byte is caught even where zstd's entropy decoder would
// otherwise produce plausible wrong text. Decompress() refuses frames whose
// declared size is unknown or over 4 GiB before allocating anything, so a
// damaged header cannot make it allocate wildly.
#include "store/compression.h"

#include <zstd.h>

#include <cstdint>
#include <memory>

namespace stemma::store {
namespace {

constexpr int kCompressionLevel = 3;
constexpr unsigned long long kMaxContentBytes = (1ull << 32) - 1;  // offsets are 32-bit

struct CompressionContextDeleter {
  void operator()(ZSTD_CCtx* context) const { ZSTD_freeCCtx(context); }
};

Status ZstdStatus(const char* what, size_t code) {
  return Status::Corruption(std::string(what) + ": " + ZSTD_getErrorName(code));
}

}  // namespace

Result<std::string> Compress(std::string_view bytes) {
  std::unique_ptr<ZSTD_CCtx, CompressionContextDeleter> context(ZSTD_createCCtx());
  if (context == nullptr) return Status::IoError("zstd: cannot allocate a compression context");
  ZSTD_CCtx_setParameter(context.get(), ZSTD_c_compressionLevel, kCompressionLevel);
  ZSTD_CCtx_setParameter(context.get(), ZSTD_c_checksumFlag, 1);
  ZSTD_CCtx_setParameter(context.get(), ZSTD_c_contentSizeFlag, 1);
  std::string blob(ZSTD_compressBound(bytes.size()), '\0');
  const size_t size =
      ZSTD_compress2(context.get(), blob.data(), blob.size(), bytes.data(), bytes.size());
  if (ZSTD_isError(size)) {
    return Status::IoError(std::string("zstd compression failed: ") + ZSTD_getErrorName(size));
  }
  blob.resize(size);
  return blob;
}

Result<std::string> Decompress(std::string_view blob) {
  const unsigned long long content_size = ZSTD_getFrameContentSize(blob.data(), blob.size());
  if (content_size == ZSTD_CONTENTSIZE_ERROR || content_size == ZSTD_CONTENTSIZE_UNKNOWN) {
    return Status::Corruption("compressed text: not a zstd frame with a recorded size");
  }
  if (content_size > kMaxContentBytes) {
    return Status::Corruption("compressed text: declared size " + std::to_string(content_size) +
                              " is over 4 GiB");
  }
  const size_t frame_size = ZSTD_findFrameCompressedSize(blob.data(), blob.size());
  if (ZSTD_isError(frame_size)) return ZstdStatus("compressed text", frame_size);
  if (frame_size != blob.size()) {
    return Status::Corruption("compressed text: bytes after the zstd frame");
  }
  std::string bytes(content_size, '\0');
  const size_t size = ZSTD_decompress(bytes.data(), bytes.size(), blob.data(), blob.size());
  if (ZSTD_isError(size)) return ZstdStatus("compressed text", size);
  if (size != content_size) {
    return Status::Corruption("compressed text: shorter than its declared size");
  }
  return bytes;
}

}  // namespace stemma::store
