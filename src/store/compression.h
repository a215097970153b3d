// zstd compression of document texts stored in the catalogue.
//
// A blob is one zstd frame that records its content size and a checksum of
// the content, so that Decompress() can size its output exactly and detect
// a damaged blob (reported as Corruption, never a crash or wrong text).
// Both functions are pure and safe from any thread.
#ifndef STEMMA_STORE_COMPRESSION_H_
#define STEMMA_STORE_COMPRESSION_H_

#include <string>
#include <string_view>

#include "stemma/status.h"

namespace stemma::store {

Result<std::string> Compress(std::string_view bytes);
Result<std::string> Decompress(std::string_view blob);

}  // namespace stemma::store

#endif  // STEMMA_STORE_COMPRESSION_H_
