// Passage: one stretch of text shared by two documents, with where it lies in
// each and how the second differs from the first, word by word.
//
// Offsets are byte offsets into the original UTF-8 texts, half-open
// [begin, end). "a" is the first text given, "b" the second; an edit script
// reads as the changes that turn a's passage into b's:
//   equal       the same words in both (after normalisation)
//   substitute  words of a replaced, one for one, by as many other words in b
//   delete      words of a missing from b   (b range empty)
//   insert      words of b absent from a    (a range empty)
// An empty range [x, x) sits just after the last token before the edit in
// that text, so every edit can be located. A passage always starts and ends
// with an equal run. A phrase replaced by a longer one reads as a substitute
// run followed by an insert run. A word misread by OCR ("tho" for "the") is a
// substitution too; a word split in two on one side ("aero plane" for
// "aeroplane") reads as a substitute of its first part followed by a delete
// (or insert) of its second.
#ifndef STEMMA_PASSAGE_H_
#define STEMMA_PASSAGE_H_

#include <cstdint>
#include <string_view>
#include <vector>

namespace stemma {

struct ByteRange {
  uint32_t begin = 0;
  uint32_t end = 0;  // one past the last byte

  uint32_t size() const { return end - begin; }
  bool operator==(const ByteRange&) const = default;
};

enum class EditOp : uint8_t { kEqual, kInsert, kDelete, kSubstitute };

// "equal", "insert", "delete" or "substitute": the names used in JSON output.
std::string_view EditOpName(EditOp op);

struct Edit {
  EditOp op = EditOp::kEqual;
  ByteRange a;  // bytes of a covered by this edit (empty for insert)
  ByteRange b;  // bytes of b covered by this edit (empty for delete)
  uint32_t a_tokens = 0;
  uint32_t b_tokens = 0;
};

struct PassageSide {
  ByteRange bytes;
  uint32_t first_token = 0;  // index of the passage's first token in that text
  uint32_t tokens = 0;       // number of tokens the passage spans in that text
};

struct Passage {
  PassageSide a;
  PassageSide b;
  uint32_t matched_tokens = 0;  // tokens aligned as equal
  double score = 0;             // alignment score (see AlignOptions)
  // Matched (exactly equal) tokens / alignment columns, in [0, 1]: a passage
  // read through OCR damage shows it as lower identity. The second part of a
  // split word is not a column of its own.
  double identity = 0;
  std::vector<Edit> edits;  // in text order; concatenated they cover both sides
};

// The same passage read the other way: b becomes a (inserts become deletes).
Passage ReversePassage(const Passage& passage);

}  // namespace stemma

#endif  // STEMMA_PASSAGE_H_
