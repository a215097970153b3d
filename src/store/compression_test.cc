#include "store/compression.h"

#include <gtest/gtest.h>

#include "common/sha256.h"

namespace stemma::store {
namespace {

TEST(Compression, RoundTripsTextAndEmptyText) {
  std::string text;
  for (int index = 0; index < 2000; ++index)
    text += "The wire story, reprinted " + std::to_string(index) + ". ";
  for (const std::string& original : {text, std::string()}) {
    auto blob = Compress(original);
    ASSERT_TRUE(blob.ok());
    auto back = Decompress(*blob);
    ASSERT_TRUE(back.ok()) << back.status().ToString();
    EXPECT_EQ(*back, original);
  }
  EXPECT_LT(Compress(text)->size(), text.size() / 3);
}

TEST(Compression, DamagedBlobIsCorruptionNotWrongText) {
  const std::string text(5000, 'x');
  std::string blob = *Compress(text + "the end of a long story");
  blob[blob.size() / 2] ^= 0x5a;
  EXPECT_EQ(Decompress(blob).status().code(), Status::Code::kCorruption);
  EXPECT_EQ(Decompress("not zstd at all").status().code(), Status::Code::kCorruption);
  EXPECT_EQ(Decompress(std::string_view(blob).substr(0, blob.size() - 3)).status().code(),
            Status::Code::kCorruption);
}

TEST(Sha256, MatchesKnownDigests) {
  EXPECT_EQ(Sha256Hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(Sha256Hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

}  // namespace
}  // namespace stemma::store
