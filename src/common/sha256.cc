// SHA-256 through OpenSSL's one-shot EVP_Digest, which picks the SHA-NI or
// AVX2 code path of the running CPU (about 1-2 GB/s). The digest is hex
// encoded here so that the catalogue column and log lines agree.
#include "common/sha256.h"

#include <openssl/evp.h>

#include <array>
#include <cstdlib>

namespace stemma {

std::string Sha256Hex(std::string_view bytes) {
  std::array<unsigned char, EVP_MAX_MD_SIZE> digest;
  unsigned int digest_size = 0;
  // EVP_Digest fails only when OpenSSL cannot allocate or lacks SHA-256; a
  // wrong digest would silently merge documents, so stop instead.
  if (EVP_Digest(bytes.data(), bytes.size(), digest.data(), &digest_size, EVP_sha256(), nullptr) !=
      1) {
    std::abort();
  }
  static constexpr char kHexDigits[] = "0123456789abcdef";
  std::string hex;
  hex.reserve(2 * digest_size);
  for (unsigned int byte_index = 0; byte_index < digest_size; ++byte_index) {
    hex.push_back(kHexDigits[digest[byte_index] >> 4]);
    hex.push_back(kHexDigits[digest[byte_index] & 0xf]);
  }
  return hex;
}

}  // namespace stemma
