// One passage as one line of JSON, in the field's habits: snake_case
// fields, half-open [begin, end) byte offsets into the original texts.
//   {"a": {"doc", "begin", "end", "tokens"}, "b": {...}, "matched_tokens",
//    "identity", "score", "edits": [{"op", "a": [b, e], "b": [b, e]}, ...]}
#ifndef STEMMA_TOOLS_PASSAGE_JSON_H_
#define STEMMA_TOOLS_PASSAGE_JSON_H_

#include <string>
#include <string_view>

#include "stemma/passage.h"

namespace stemma::cli {

std::string PassageJson(const Passage& passage, std::string_view a_name, std::string_view b_name);

}  // namespace stemma::cli

#endif  // STEMMA_TOOLS_PASSAGE_JSON_H_
