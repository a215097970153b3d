// SHA-256 of a byte string, as the 64 lowercase hex digits the catalogue
// stores to recognise a document it already holds.
#ifndef STEMMA_COMMON_SHA256_H_
#define STEMMA_COMMON_SHA256_H_

#include <string>
#include <string_view>

namespace stemma {

// Pure function of `bytes`; safe from any thread.
std::string Sha256Hex(std::string_view bytes);

}  // namespace stemma

#endif  // STEMMA_COMMON_SHA256_H_
